"""The audit trail: append-only, hash-chained, tampering detected and located."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from potret_gateway.audit import AuditLog, Entry, audited_action, cli, nips_in, now
from potret_gateway.testing import Gateway

NIP_A, NIP_B = "198609262015051001", "199001012015011002"


def _entry(i: int, nips: tuple[str, ...] = (NIP_A,)) -> Entry:
    return Entry(
        now(),
        "anonim (127.0.0.1)",
        "search",
        "GET",
        "/v1/search",
        f"q=x{i}",
        "",
        200,
        f"rid-{i}",
        nips,
    )


@pytest.fixture
def log(tmp_path: Path) -> Iterator[AuditLog]:
    audit = AuditLog(tmp_path / "audit.db")
    for i in range(5):
        audit.append(_entry(i))
    yield audit
    audit.close()


def test_intact_chain_verifies(log: AuditLog) -> None:
    assert log.verify() == (5, None)
    assert [e["request_id"] for e in log.entries()] == [f"rid-{i}" for i in range(5)]


def test_update_and_delete_are_refused(log: AuditLog) -> None:
    db = sqlite3.connect(log.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET actor = 'x' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit WHERE seq = 2")
    db.close()
    assert log.verify()[1] is None


def _tamper(path: Path | str, sql: str) -> None:
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute(sql)
    db.commit()
    db.close()


def test_an_edited_entry_is_detected_and_located(log: AuditLog) -> None:
    _tamper(log.path, "UPDATE audit SET nips = '[\"199001012015011002\"]' WHERE seq = 3")
    _count, broken = log.verify()
    assert broken is not None
    assert broken.seq == 3
    assert "diubah" in broken.reason


def test_a_deleted_entry_is_detected(log: AuditLog) -> None:
    _tamper(log.path, "DELETE FROM audit WHERE seq = 2")
    _count, broken = log.verify()
    assert broken is not None
    assert broken.seq == 2


def test_cli_verify_exit_codes(log: AuditLog, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["verify", "--db", str(log.path)]) == 0
    assert "OK: 5 entri" in capsys.readouterr().out
    _tamper(log.path, "UPDATE audit SET actor = 'orang lain' WHERE seq = 4")
    assert cli(["verify", "--db", str(log.path)]) == 1
    assert "RUSAK di seq 4" in capsys.readouterr().out
    assert cli(["export", "--db", str(log.path), "--since", "3"]) == 0
    assert capsys.readouterr().out.count("\n") == 2


def test_nips_and_actions() -> None:
    body = f'{{"data": [{{"nip": "{NIP_A}"}}, {{"nip": "{NIP_A}"}}, {{"x": "{NIP_B}1"}}]}}'
    assert nips_in(body.encode()) == (NIP_A,)
    assert audited_action("GET", "/v1/search") == "search"
    assert audited_action("PUT", f"/v1/profiles/{NIP_A}") == "profiles.write"
    assert audited_action("GET", "/v1/positions/diskan-kadis/ranking") == "rank"
    assert audited_action("POST", "/v1/ask") == "ask"
    assert audited_action("GET", "/v1/domains") is None
    assert audited_action("GET", "/healthz") is None


def test_gateway_records_requests_about_people_with_the_caller(gateway: Gateway) -> None:
    client, headers = gateway.client, gateway.headers
    client.get(
        "/v1/search",
        params={"q": "perikanan"},
        headers={"X-Request-ID": "audit-1", **headers["bupati"]},
    )
    client.post("/v1/ask", json={"question": "cuaca hari ini?"}, headers=headers["key_read"])
    client.get("/healthz")
    client.get("/v1/search", params={"q": "x"})  # no credentials
    client.get("/v1/domains", headers=headers["siti"])  # allowed, touches no one: not recorded
    client.post("/v1/positions", json={}, headers=headers["diskan"])  # refused: recorded
    audit = AuditLog(Path(gateway.settings.audit_db))
    entries = [e for e in audit.entries() if e["action"] != "login"]
    assert [(e["action"], e["status"]) for e in entries] == [
        ("search", 503),
        ("ask", 200),
        ("search", 401),
        ("forbidden", 403),
    ]
    assert entries[0]["actor"] == "user:bupati (pimpinan)"
    assert entries[0]["request_id"] == "audit-1"
    assert entries[0]["query"] == "q=perikanan"
    assert entries[1]["actor"].startswith("key:")
    assert entries[1]["detail"] == "cuaca hari ini?"
    assert entries[2]["actor"].startswith("anonim")
    assert entries[3]["actor"] == "user:diskan (opd_viewer)"
    logins = [e for e in audit.entries() if e["action"] == "login"]
    assert {e["actor"] for e in logins} >= {"user:bupati (login)", "user:siti (login)"}
    assert audit.verify()[1] is None
    audit.close()
