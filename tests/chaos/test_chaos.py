"""The fault-injection suite, short form (`make chaos` runs the long one): while a writer
streams 10,000 creates, updates and deletes through the gateway, the profile API, the outbox
relay, Kafka, Elasticsearch, each of two search instances and ranking are killed with SIGKILL
and restarted in turn. Afterwards the store holds exactly what the writer had acknowledged,
and the index and the ranking read model equal the store: same NIPs, versions and content
digests. The recovery table goes to var/test-artifacts/chaos.md."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_chaos.run import FAULTS, run

pytestmark = pytest.mark.e2e


def test_nothing_is_lost_when_each_component_is_killed(
    tmp_path: Path,
    potret_var: Path,
    elasticsearch_url: str,
    kafka_bootstrap: str,
    gateway_url: str,
    wait: Callable[..., Any],
) -> None:
    report = run(
        tmp_path / "chaos",
        min_ops=int(os.environ.get("POTRET_CHAOS_OPS", "10000")),
        pool=2000,
        var=potret_var,
        elasticsearch_url=elasticsearch_url,
        kafka_bootstrap=kafka_bootstrap,
    )
    table = report.table()
    print(table)
    artifacts = potret_var / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "chaos.md").write_text(table + "\n")

    # The regular stack shared Kafka and Elasticsearch with the run: it is back too.
    wait(
        lambda: httpx.get(f"{gateway_url}/readyz", timeout=5).status_code == 200,
        timeout=180,
        interval=1,
        what="the regular stack ready again after the chaos run",
    )

    assert len(report.faults) == len(FAULTS)
    gap = report.faults[FAULTS.index("commit-gap")]
    assert gap.backlog is not None
    assert gap.backlog > 0  # the kill really fell between commit and publish
    external = {f.fault for f in report.faults if f.note}
    for fault in report.faults:
        if fault.fault not in external:
            assert math.isfinite(fault.recovered_s), fault
    assert report.ops >= 10_000 or "POTRET_CHAOS_OPS" in os.environ
    assert report.writer_failed == 0, report.writer_errors
    assert report.store_vs_writer == [], "store differs from acknowledged writes"
    for diff in report.differences:
        assert diff.equal, diff.summary()
    assert len(report.differences) == 2  # the index and the ranking read model
    assert report.ok
