"""The layout is the architecture: services talk through topics, the kernel knows no service."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.enrich.enrichment import EnrichContext

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("ingest", "enrich", "aggregate", "reporting", "dashboards")
FORBIDDEN_NAMES = {"utils", "common", "helpers", "misc"}


def imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_service_imports_another_service() -> None:
    offences = []
    for service in SERVICES:
        for path in (ROOT / "services" / service).rglob("*.py"):
            for module in imported_modules(path):
                parts = module.split(".")
                if parts[0] == "services" and (len(parts) < 2 or parts[1] != service):
                    offences.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offences == []


def test_the_kernel_imports_no_service() -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / "embrace").rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] == "services"
    ]
    assert offences == []


def test_modules_are_named_by_role_not_as_grab_bags() -> None:
    names = {p.stem for d in ("embrace", "services") for p in (ROOT / d).rglob("*.py")}
    assert names & FORBIDDEN_NAMES == set()


def test_every_stage_has_a_dead_letter_topic_and_every_such_topic_a_stage(
    tmp_path: Path, enrich_context: EnrichContext
) -> None:
    from embrace.bus.stages import Follow
    from embrace.topics import STAGES
    from services.aggregate.stages import SINKS
    from services.enrich.stages import build_stages as enrich_stages
    from services.ingest.relay import STAGE as RELAY

    # Followers keep state and make no dead letters: the sink of the same topic does that.
    stages = [s for s in enrich_stages(enrich_context) if not isinstance(s, Follow)]
    names = {s.name for s in stages} | {name for name, _, _ in SINKS} | {RELAY}
    assert names == set(STAGES)


# What `embrace serve <service>` loads before it runs: the service's own stack and the kernel. scipy's
# distributions and sparse matrices, and pandas, load when first used: they were a second of every start.
ALONE = {
    "ingest": ({"services.ingest"}, {"faust", "scipy"}),
    "enrich": ({"services.enrich"}, {"fastapi", "scipy"}),
    "reporting": (
        {"services.ingest", "services.reporting"},
        {"faust", "scipy.stats", "scipy.sparse", "pandas"},
    ),
}


@pytest.mark.parametrize("service", sorted(ALONE))
def test_a_service_run_alone_loads_no_other_service(service: str) -> None:
    probe = (
        f"import json, sys, services.cli.serve.{service}; "
        "print(json.dumps(sorted({'.'.join(m.split('.')[:2]) for m in sys.modules})))"
    )
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", probe], cwd=ROOT, text=True)))
    own, absent = ALONE[service]
    services = {name for name in loaded if name.startswith("services.") and name != "services.cli"}
    assert services == own
    assert absent.isdisjoint(loaded)
