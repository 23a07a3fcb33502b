"""The request trail (entrypoints/trail.py) and the audit writer: an answer about people leaves only
once its audit entry is committed; entries of concurrent requests share a commit; a failing
trail refuses the answer (fail closed) without leaking what it would have said."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_gateway.adapters.audit import AuditLog, AuditWriter, AuditWriterStopped, now
from potret_gateway.domain.audit import Entry
from potret_sqldb import StoreUnavailable, ValueRejected
from potret_testkit.gateway import Gateway, open_gateway

NIP_A, NIP_B = "198609262015051001", "199001012015011002"
HITS = {"hits": [{"nip": NIP_A, "name": "Siti Aminah"}, {"nip": NIP_B, "name": "Budi"}]}


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    yield from open_gateway(tmp_path)


def _search_answers(gw: Gateway, body: dict[str, Any]) -> None:
    """The search backend, in process: answers every call with `body`."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    app: Any = gw.client.app
    app.state.backends.search = httpx.AsyncClient(
        transport=httpx.MockTransport(answer), base_url="http://search"
    )


def _entry(actor: str = "user:a") -> Entry:
    return Entry(now(), actor, "search", "GET", "/v1/search", "q=x", "", 200, "r", (NIP_A,))


def test_an_answer_carries_its_id_and_its_audit_entry_names_whom_it_returned(
    gateway: Gateway,
) -> None:
    _search_answers(gateway, HITS)
    resp = gateway.client.get(
        "/v1/search",
        params={"q": "perikanan"},
        headers=gateway.headers["bkpsdm"] | {"X-Request-ID": "trail-1"},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json() == HITS
    assert resp.headers["x-request-id"] == "trail-1"
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert int(resp.headers["content-length"]) == len(resp.content)
    app: Any = gateway.client.app
    last = app.state.audit.entries()[-1]
    assert (last["action"], last["status"], last["request_id"]) == ("search", 200, "trail-1")
    assert last["nips"] == [NIP_A, NIP_B]
    assert last["query"] == "q=perikanan"


class _Failing:
    """An audit store that cannot be written (a full disk, a lost database)."""

    def append_many(self, entries: Sequence[Entry]) -> list[str]:
        raise StoreUnavailable("disk penuh")


@pytest.mark.parametrize("path", ["/v1/search?q=perikanan", "/v1/audit"])
def test_a_trail_that_cannot_be_written_refuses_the_answer(
    gateway: Gateway, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    _search_answers(gateway, HITS)
    app: Any = gateway.client.app
    app.state.audit_writer.log = _Failing()
    resp = gateway.client.get(path, headers=gateway.headers["bkpsdm"] | {"X-Request-ID": "r-503"})
    assert resp.status_code == 503
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["type"].endswith("/audit-unavailable")
    assert resp.json()["instance"] == path.split("?")[0]
    assert resp.headers["x-request-id"] == "r-503"
    assert NIP_A not in resp.text  # nothing of the answer got out
    assert "cannot write the audit trail" in caplog.text
    # The trail is back: answers flow again, each on record.
    app.state.audit_writer.log = app.state.audit
    assert gateway.client.get(path, headers=gateway.headers["bkpsdm"]).status_code == 200


def test_answers_that_are_not_about_people_pass_without_an_entry(gateway: Gateway) -> None:
    app: Any = gateway.client.app
    before = len(app.state.audit.entries())
    resp = gateway.client.get("/healthz")
    assert resp.status_code == 200
    assert "x-request-id" in resp.headers
    assert len(app.state.audit.entries()) == before


class _Slow(AuditLog):
    """A real trail whose commits take a while (a slow disk): counts its commits."""

    commits = 0

    def append_many(self, entries: Sequence[Entry]) -> list[str]:
        time.sleep(0.02)
        type(self).commits += 1
        if any(e.actor == "refused-by-the-store" for e in entries):
            raise ValueRejected("nilai ditolak")
        return super().append_many(entries)


def test_concurrent_entries_share_commits_and_one_refused_entry_fails_alone(
    tmp_path: Path,
) -> None:
    log = _Slow(tmp_path / "audit.db", key=b"k" * 32)
    writer = AuditWriter(log)

    async def together(actors: list[str]) -> list[BaseException | None]:
        return list(
            await asyncio.gather(*(writer.write(_entry(a)) for a in actors), return_exceptions=True)
        )

    # 40 requests at once: their entries share a handful of commits, not 40 fsyncs.
    assert asyncio.run(together([f"user:{i}" for i in range(40)])) == [None] * 40
    assert _Slow.commits <= 3
    # One entry the store refuses fails its own request only.
    actors = [f"user:{i}" for i in range(40, 60)]
    actors[7] = "refused-by-the-store"
    results = asyncio.run(together(actors))
    writer.close()
    assert [i for i, r in enumerate(results) if r is not None] == [7]
    assert isinstance(results[7], ValueRejected)
    stored = log.entries()
    assert len(stored) == 59
    assert log.verify() == (59, None)
    assert "refused-by-the-store" not in {e["actor"] for e in stored}
    log.close()


def test_the_writer_stores_what_is_queued_before_it_stops(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    writer = AuditWriter(log)
    errors: list[BaseException] = []

    def request(i: int) -> None:
        try:
            asyncio.run(writer.write(_entry(f"user:{i}")))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=request, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.close()
    assert errors == []
    assert len(log.entries()) == 10
    assert not writer._thread.is_alive()
    log.close()


class _Down(AuditLog):
    """A trail whose database cannot be reached: every commit waits, then fails."""

    commits = 0

    def append_many(self, entries: Sequence[Entry]) -> list[str]:
        time.sleep(0.05)
        type(self).commits += 1
        raise StoreUnavailable("PostgreSQL tidak dapat dihubungi")


def test_an_unreachable_trail_fails_a_batch_at_once_not_entry_by_entry(tmp_path: Path) -> None:
    writer = AuditWriter(_Down(tmp_path / "audit.db"))

    async def together() -> list[BaseException | None]:
        return list(
            await asyncio.gather(
                *(writer.write(_entry(f"user:{i}")) for i in range(30)), return_exceptions=True
            )
        )

    started = time.monotonic()
    results = asyncio.run(together())
    elapsed = time.monotonic() - started
    writer.close()
    assert all(isinstance(r, StoreUnavailable) for r in results)
    assert _Down.commits <= 3  # one try per batch; entry by entry would be 30 tries
    assert elapsed < 30 * 0.05


def test_a_stopped_writer_refuses_at_once(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    writer = AuditWriter(log)
    writer.close()
    with pytest.raises(AuditWriterStopped):
        asyncio.run(writer.write(_entry()))
    log.close()
