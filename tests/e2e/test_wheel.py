"""What `pip install .` gives a user: the wheel, built from what the Dockerfile copies into the image and
installed apart from the source tree, starts and renders a report from its packaged templates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("pyproject.toml", "README.md", "embrace", "services")  # as the Dockerfile's COPY lines


def source_as_the_image_gets_it(into: Path) -> Path:
    """A clean copy: a build from the working tree could pick up a stale build/ folder."""
    for name in COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, into / name)
    return into


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment holding the built wheel; its dependencies are borrowed from the test
    environment's site-packages (a path, not a site directory, so its editable install is not seen)."""
    where = tmp_path_factory.mktemp("wheel")
    source = source_as_the_image_gets_it(tmp_path_factory.mktemp("source"))
    wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(where)]
    built = subprocess.run([*wheel, str(source)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, f"building the wheel failed:\n{built.stderr}"
    [made] = where.glob("embrace_platform-*.whl")
    environment = where / "venv"
    venv.create(environment, with_pip=False)
    site = next((environment / "lib").glob("python3*/site-packages"))
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python = environment / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps"]
    installing = subprocess.run([*install, str(made)], capture_output=True, text=True, check=False)
    assert installing.returncode == 0, f"installing the wheel failed:\n{installing.stderr}"
    return environment


def run(environment: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EMBRACE_HOME": str(cwd / "home")}
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(environment / "bin" / "embrace"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_the_installed_wheel_is_what_runs_not_the_source_tree(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import services, embrace; print(services.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert str(installed) in where.stdout


def test_the_installed_command_starts_and_renders_a_weekly_report(installed: Path, tmp_path: Path) -> None:
    helped = run(installed, tmp_path, "--help")
    assert helped.returncode == 0, helped.stderr
    assert "report" in helped.stdout
    assert run(installed, tmp_path, "tenants", "add", "0180", "Stockholms stad").returncode == 0
    page = tmp_path / "weekly.html"
    made = run(installed, tmp_path, "situation", "weekly", "--tenant", "0180", "--week", "2026-W10",
               "--format", "html", "--out", str(page))  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Lägesbild vecka 2026-W10" in page.read_text(encoding="utf-8")
