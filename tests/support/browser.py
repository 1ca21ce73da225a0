"""Debian's chromium driven by Playwright: no browser is downloaded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

HOW_TO_INSTALL = "install Debian's chromium (deploy/dev/system-packages.sh does) or set EMBRACE_CHROMIUM"
# Without the background-networking flags chromium keeps calling home, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip
VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


def chromium_path() -> str | None:
    given = os.environ.get("EMBRACE_CHROMIUM")
    if given:
        return given
    return shutil.which("chromium") or shutil.which("chromium-browser")


def artifacts_dir() -> Path:
    path = Path(
        os.environ.get("EMBRACE_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def shot(page: Page, viewport: str, name: str) -> None:
    page.screenshot(path=str(artifacts_dir() / "screenshots" / f"{viewport}-{name}.png"), full_page=True)
