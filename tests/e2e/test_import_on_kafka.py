"""On Kafka, an import publishes to the topics like any other source."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from embrace.contracts import PoliceNotice
from embrace.topics import POLICE_NOTICES
from tests.support.pipeline_watch import read_topic
from tests.support.processes import embrace_command, run_embrace

pytestmark = pytest.mark.kafka


def test_imported_police_notices_are_published_to_their_topic(
    tmp_path: Path, data_dir: Path, kafka_bootstrap: str, topic_namespace: str
) -> None:
    home = tmp_path / "home"
    env = {"EMBRACE_KAFKA_BOOTSTRAP": kafka_bootstrap, "EMBRACE_TOPIC_NAMESPACE": topic_namespace}

    def embrace(*args: str) -> subprocess.CompletedProcess[str]:
        return run_embrace(home, *args, env=env)

    embrace("geo", "import", str(data_dir / "geo" / "swedish_admin_areas.csv"))
    subprocess.run(
        [*embrace_command(), "topics", "create"], env={**os.environ, **env}, check=True, timeout=120
    )
    imported = embrace("import", "police", "--all", str(data_dir / "polisen" / "snapshot-2025-06-07.json"))
    assert imported.returncode == 0, imported.stderr
    assert (
        imported.stdout.splitlines()[0]
        == "500 new, 0 updated, 0 unchanged, 0 outside the tenants, 0 rejected"
    )
    assert f"published 500 records to Kafka at {kafka_bootstrap}" in imported.stdout
    published = read_topic(kafka_bootstrap, topic_namespace + POLICE_NOTICES.name, 500)
    notices = [PoliceNotice.model_validate_json(value) for value in published]
    assert len({n.police_id for n in notices}) == 500
    again = embrace("import", "police", "--all", str(data_dir / "polisen" / "snapshot-2025-06-07.json"))
    assert (
        again.stdout.splitlines()[0] == "0 new, 0 updated, 500 unchanged, 0 outside the tenants, 0 rejected"
    )
