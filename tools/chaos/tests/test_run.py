"""The chaos run's own logic, without a stack: the store-vs-writer check, the bounded waits of
a fault, the report, and the writer's abort."""

from __future__ import annotations

import math
import threading
import time

import httpx

from potret_chaos.run import Budget, ChaosReport, FaultResult, _outage, store_vs_writer
from potret_chaos.writer import Expected, Writer

A, B, C, D, P = (f"19860926201505100{i}" for i in range(1, 6))


def test_store_equal_to_acknowledged_writes_has_no_difference() -> None:
    expected = {A: Expected(True, "Ani"), B: Expected(False, "")}
    assert store_vs_writer({A: "Ani", P: "Probe"}, expected, ignore={P}) == []


def test_every_way_the_store_can_differ_is_named() -> None:
    expected = {
        A: Expected(True, "Ani Adi"),  # store has an older name
        B: Expected(False, ""),  # acknowledged delete, still live in the store
        C: Expected(True, "Cici"),  # acknowledged write, gone from the store
    }
    live = {A: "Ani Bayu", B: "Budi", D: "Dodi", P: "Probe"}
    # D: live in the store though the writer never had it acknowledged; P: the probe's own.
    assert store_vs_writer(live, expected, ignore={P}) == sorted([A, B, C, D])


def test_same_name_on_a_deleted_record_is_not_mistaken_for_live() -> None:
    # The trap: a delete acknowledged with an empty name; an empty live name must not match.
    assert store_vs_writer({B: ""}, {B: Expected(False, "")}, ignore=set()) == [B]


class _Probe:
    """Stands in for the chaos probe: accepts writes, visible after `visible_after` s."""

    def __init__(self, visible_after: float) -> None:
        self.visible_after = visible_after
        self.started = time.monotonic()

    def write(self, deadline: float) -> int:
        return 2

    def visible(self, version: int) -> bool:
        return time.monotonic() - self.started >= self.visible_after


def test_a_fault_that_recovers_reports_both_figures() -> None:
    killed = time.monotonic()
    restarted, recovered, note = _outage(
        _Probe(0.5),  # type: ignore[arg-type]
        killed,
        lambda: None,
        lambda: True,
        "profile",
        Budget(restart_s=5, recovery_s=10),
    )
    assert 1.0 <= restarted < 5  # the deliberate second of outage, then ready
    assert 0.5 <= recovered < 10
    assert note == ""


def test_a_component_that_never_comes_back_is_reported_within_its_bounds() -> None:
    killed = time.monotonic()
    restarted, recovered, note = _outage(
        _Probe(3600),  # type: ignore[arg-type]
        killed,
        lambda: None,
        lambda: False,
        "elasticsearch",
        Budget(restart_s=1.5, recovery_s=2.5),
    )
    took = time.monotonic() - killed
    assert math.isnan(restarted)
    assert math.isnan(recovered)
    assert "tidak hidup lagi dalam 2 s" in note  # 1.5 s, rounded for the table
    assert "tidak pulih ujung-ke-ujung dalam 2 s" in note  # 2.5 s, rounded half to even
    assert took < 10  # bounded: no 300 s wait behind a dead component


def test_a_failing_restart_script_is_a_note_not_a_crash() -> None:
    def restart() -> None:
        raise RuntimeError("elasticsearch.sh start failed: port 9200 is in use")

    _, _, note = _outage(
        _Probe(0),  # type: ignore[arg-type]
        time.monotonic(),
        restart,
        lambda: True,
        "elasticsearch",
        Budget(restart_s=1, recovery_s=3),
    )
    assert "port 9200 is in use" in note


def test_report_names_phases_and_an_exhausted_budget() -> None:
    report = ChaosReport(ops=10_000, seconds=250)
    report.faults.append(FaultResult("kafka", 4_000, None, float("nan"), float("nan"), "x"))
    report.phases = {"tumpukan siap": 15.0, "gangguan": 240.5}
    report.overrun = "900 s habis saat gangguan ranking"
    table = report.table()
    assert "durasi tahap: tumpukan siap 15.0 s, gangguan 240.5 s; total 255.5 s" in table
    assert "ANGGARAN WAKTU HABIS: 900 s habis saat gangguan ranking" in table
    assert not report.ok
    assert table.endswith("HASIL: GAGAL")


def test_abort_stops_an_operation_that_is_still_retrying() -> None:
    writer = Writer("http://127.0.0.1:9", "key", pool=5, threads=1, retry_deadline_s=300)

    def send() -> httpx.Response:
        raise httpx.ConnectError("refused")

    threading.Timer(0.5, writer.abort).start()
    started = time.monotonic()
    assert writer._retry(send, lambda resp, ambiguous: True) is False
    assert time.monotonic() - started < 5
    assert writer.stats.failed == 1  # counted: an aborted write is not an acknowledged one


def test_a_component_that_never_came_back_fails_the_run_even_if_everything_converged() -> None:
    from potret_consistency import Difference

    report = ChaosReport(ops=10_000, seconds=250)
    report.differences = [Difference("indeks pencarian", checked=10)]
    report.faults.append(FaultResult("search-a", 1_000, None, 2.0, 3.0))
    assert _ok(report)
    # search-b never restarted; the probe was seen through search-a and all converged.
    report.faults.append(
        FaultResult("search-b", 2_000, None, float("nan"), 4.0, "tidak hidup lagi dalam 240 s")
    )
    assert not _ok(report)
    report.faults[-1] = FaultResult("kafka", 2_000, None, 0, 0, "dilewati", external=True)
    assert _ok(report)


def _ok(report: ChaosReport) -> bool:
    """`report.ok`, read afresh (mypy would narrow the property across assertions)."""
    return report.ok
