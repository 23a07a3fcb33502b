"""The audit trail: append-only, hash-chained, tampering detected and located."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from potret_gateway.adapters.audit import AuditLog, now, read_checkpoints
from potret_gateway.domain.audit import (
    GENESIS,
    Broken,
    Entry,
    RetiredKey,
    audited_action,
    entry_hash,
    entry_mac,
    nips_in,
    parse_retired_keys,
)
from potret_gateway.entrypoints.audit_cli import cli
from potret_testkit.gateway import Gateway

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
    db.execute("DROP TRIGGER IF EXISTS audit_no_update")
    db.execute("DROP TRIGGER IF EXISTS audit_no_delete")
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
    # Only runs of exactly 18 digits, wherever they stand: not 17, not 19, not a NIP's tail
    # inside a longer number, and at the very start and end of the body too.
    edges = f"{NIP_B}|{NIP_A[:17]}|9{NIP_A}|{NIP_A}0|x{NIP_A}y,{NIP_B}"
    assert nips_in(edges.encode()) == (NIP_B, NIP_A)
    assert audited_action("GET", "/v1/search") == "search"
    assert audited_action("PUT", f"/v1/profiles/{NIP_A}") == "profiles.write"
    assert audited_action("GET", "/v1/positions/diskan-kadis/ranking") == "rank"
    assert audited_action("GET", "/v1/positions") == "positions.read"  # names holders
    assert audited_action("PUT", "/v1/positions/diskan-kadis") == "positions.write"
    assert audited_action("POST", "/v1/positions/rank") == "rank"
    assert audited_action("POST", "/v1/ask") == "ask"
    assert audited_action("GET", "/v1/domains") is None
    assert audited_action("GET", "/v1/skills") is None
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
        ("positions.write", 403),  # a refused catalogue change, on record
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


# ---- A chain no one can rewrite unnoticed (issue 18, item 3) --------------------------------

KEY = b"k" * 32


@pytest.fixture
def keyed(tmp_path: Path) -> Iterator[AuditLog]:
    audit = AuditLog(tmp_path / "audit.db", key=KEY, checkpoints=tmp_path / "cp.jsonl")
    for i in range(5):
        audit.append(_entry(i))
    assert audit.checkpoint() is not None
    yield audit
    audit.close()


def _recompute_from(path: Path | str, seq: int) -> None:
    """What someone with write access to the database can do: edit an entry and recompute
    every hash after it, so that the plain chain verifies again."""
    _tamper(path, f"UPDATE audit SET actor = 'orang lain' WHERE seq = {int(seq)}")  # noqa: S608
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM audit ORDER BY seq")]
    prev = GENESIS
    for row in rows:
        if row["seq"] >= seq:
            entry = Entry(
                row["at"],
                row["actor"],
                row["action"],
                row["method"],
                row["path"],
                row["query"],
                row["detail"],
                row["status"],
                row["request_id"],
                tuple(json.loads(row["nips"])),
            )
            digest = entry_hash(prev, entry)
            db.execute(
                "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row["seq"])
            )
            row["hash"] = digest
        prev = row["hash"]
    db.commit()
    db.close()


def test_a_keyed_chain_with_checkpoints_verifies(keyed: AuditLog) -> None:
    assert keyed.verify() == (5, None)
    keyed.append(_entry(9))  # entries after the last checkpoint are fine
    assert keyed.verify() == (6, None)


def test_a_recomputed_chain_is_detected(keyed: AuditLog) -> None:
    _recompute_from(keyed.path, 3)
    assert AuditLog(keyed.path).verify() == (5, None)  # the plain chain is fooled
    _count, broken = keyed.verify()
    assert broken is not None
    assert broken.seq == 3
    assert "dihitung ulang" in broken.reason


def test_a_truncated_tail_is_detected(keyed: AuditLog) -> None:
    _tamper(keyed.path, "DELETE FROM audit WHERE seq >= 4")
    assert AuditLog(keyed.path).verify() == (3, None)  # the plain chain is fooled
    _count, broken = keyed.verify()
    assert broken is not None
    assert broken.seq == 4
    assert "ekor jejak hilang" in broken.reason


def test_an_edited_and_a_deleted_entry_are_detected_with_the_key(keyed: AuditLog) -> None:
    _tamper(keyed.path, "DELETE FROM audit WHERE seq = 1")
    _count, broken = keyed.verify()
    assert broken == Broken(1, "entri hilang (urutan seq terputus)")


def test_a_forged_checkpoint_is_refused(keyed: AuditLog, tmp_path: Path) -> None:
    cp = tmp_path / "cp.jsonl"
    item = json.loads(cp.read_text().splitlines()[-1])
    item["seq"] = 3  # moved back to hide the last two entries
    cp.write_text(json.dumps(item) + "\n")
    _count, broken = keyed.verify()
    assert broken is not None
    assert "checkpoint tidak sah" in broken.reason


def test_checkpoints_are_read_from_log_lines_too(keyed: AuditLog, tmp_path: Path) -> None:
    line = (tmp_path / "cp.jsonl").read_text().splitlines()[-1]
    logfile = tmp_path / "gateway.log"
    logfile.write_text(
        f"2026-12-02 21:00:00 INFO potret.audit.checkpoint rid=- audit checkpoint {line}\n"
    )
    _tamper(keyed.path, "DELETE FROM audit WHERE seq = 5")
    _count, broken = keyed.verify(checkpoints=read_checkpoints(logfile))
    assert broken is not None
    assert "ekor jejak hilang" in broken.reason


def test_an_old_trail_gets_keyed_entries_after_it(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "old.db")
    db.executescript(
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
        " action TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL,"
        " detail TEXT NOT NULL, status INTEGER NOT NULL, request_id TEXT NOT NULL,"
        " nips TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
    )
    db.close()
    old = AuditLog(tmp_path / "old.db")  # written before the key: no MAC
    old.append(_entry(1))
    old.close()
    audit = AuditLog(tmp_path / "old.db", key=KEY)
    audit.append(_entry(2))
    assert audit.verify() == (2, None)
    audit.close()


def test_cli_verify_with_key_and_checkpoints(
    keyed: AuditLog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "audit.key"
    key_file.write_bytes(KEY)
    args = ["verify", "--db", str(keyed.path), "--key-file", str(key_file)]
    args += ["--checkpoints", str(tmp_path / "cp.jsonl")]
    assert cli(args) == 0
    _recompute_from(keyed.path, 2)
    assert cli(args) == 1
    assert "RUSAK di seq 2" in capsys.readouterr().out


def test_the_gateway_signs_a_checkpoint_at_shutdown(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from potret_gateway.main import create_app
    from potret_testkit.gateway import gateway_settings

    settings = gateway_settings(tmp_path)
    with TestClient(create_app(settings)) as client:
        client.get("/v1/search", params={"q": "x"})  # audited (401)
    assert settings.audit_checkpoint_file() == str(tmp_path / "audit.checkpoints.jsonl")
    marks = read_checkpoints(settings.audit_checkpoint_file())
    assert marks
    audit = AuditLog(settings.audit_db, key=settings.audit_key())
    assert marks[-1]["seq"] == len(audit.entries())
    assert audit.verify(checkpoints=marks) == (len(audit.entries()), None)
    audit.close()


def test_a_rotated_key_keeps_the_old_entries_verifiable(keyed: AuditLog, tmp_path: Path) -> None:
    new_key = b"n" * 32
    rotated = AuditLog(
        keyed.path, key=new_key, checkpoints=tmp_path / "cp.jsonl", previous_keys=(RetiredKey(KEY),)
    )
    rotated.append(_entry(7))
    assert rotated.checkpoint() is not None
    assert rotated.verify() == (6, None)
    # Without the old key the old entries cannot be told from recomputed ones.
    assert AuditLog(keyed.path, key=new_key).verify()[1] is not None
    # Someone holding the old (retired, perhaps leaked) key appends after the rotation.
    stale = AuditLog(keyed.path, key=KEY)
    stale.append(_entry(8))
    stale.close()
    _count, broken = rotated.verify()
    assert broken is not None
    assert broken.seq == 7
    assert "kunci lama" in broken.reason
    rotated.close()


def test_a_retired_key_cannot_re_sign_entries_after_its_last_seq(
    keyed: AuditLog, tmp_path: Path
) -> None:
    # The old key signed entries 1..5; after the rotation someone holding it re-signs every
    # later entry with it (hashes unchanged, so checkpoints still match).
    new_key = b"n" * 32
    retired = parse_retired_keys(f"5 base64:{base64.b64encode(KEY).decode()}\n")
    assert retired == (RetiredKey(KEY, 5),)
    rotated = AuditLog(keyed.path, key=new_key, previous_keys=retired)
    rotated.append(_entry(7))
    rotated.append(_entry(8))
    assert rotated.verify() == (7, None)
    db = sqlite3.connect(keyed.path)
    db.execute("DROP TRIGGER IF EXISTS audit_no_update")
    for seq, digest in db.execute("SELECT seq, hash FROM audit WHERE seq > 5").fetchall():
        db.execute("UPDATE audit SET mac = ? WHERE seq = ?", (entry_mac(KEY, seq, digest), seq))
    db.commit()
    db.close()
    _count, broken = rotated.verify()
    assert broken is not None
    assert broken.seq == 6
    rotated.close()


def test_the_cli_prints_the_derived_key_for_a_rotation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_JWT_SECRET", "s" * 40)
    assert cli(["derived-key"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("hex:")
    assert parse_retired_keys(printed)[0].key == bytes.fromhex(printed[4:])


def test_macs_stripped_from_a_recomputed_chain_are_detected(keyed: AuditLog) -> None:
    # Edit, recompute every hash, and set every MAC to NULL: the trail now looks like one
    # written before the key. The signed checkpoint says from where MACs must be there.
    _recompute_from(keyed.path, 1)
    _tamper(keyed.path, "UPDATE audit SET mac = NULL")
    _count, broken = keyed.verify()
    assert broken is not None
    assert broken.seq == 1


def test_checkpoints_are_read_from_json_logs_and_junk_is_skipped(
    keyed: AuditLog, tmp_path: Path
) -> None:
    line = (tmp_path / "cp.jsonl").read_text().splitlines()[-1]
    record = {
        "time": "2026-12-02T21:00:00.000",
        "level": "INFO",
        "logger": "potret.audit.checkpoint",
        "request_id": "-",
        "message": f"audit checkpoint {line}",
    }
    forged_path = '/\x1c{"seq":"x","hash":"a","at":"b","mac":"c","keyed_from":1}\x1c'
    junk = [
        json.dumps({"logger": "potret.access", "message": f"GET {forged_path} 400"}),
        f"2026-12-02 INFO potret.access rid=- GET {forged_path} 400 0.1ms anonim",
        '{"seq": 9, "hash": "a", "at": "b", "mac": "\u00e9", "keyed_from": 1}',
    ]
    log = tmp_path / "gateway.log"
    log.write_text("\n".join([*junk, json.dumps(record)]) + "\n")
    marks = read_checkpoints(log)
    assert [m["seq"] for m in marks] == [5]
    _tamper(keyed.path, "DELETE FROM audit WHERE seq = 5")
    _count, broken = keyed.verify(checkpoints=marks)
    assert broken is not None
    assert "ekor jejak hilang" in broken.reason


def test_an_entrys_digest_is_the_one_trails_were_written_with() -> None:
    """The digest's canonical form is fixed: a trail written by an earlier release must verify
    under this one (the values were computed by the release that first hashed entries with
    `json.dumps(asdict(entry), sort_keys=True, ensure_ascii=False, separators=(",", ":"))`)."""
    entry = Entry(
        "2026-12-07T22:00:00.000+00:00",
        "Siti Rahayu (key:0a1b)",
        "search",
        "GET",
        "/v1/search",
        "q=perikanan&opd=Dinas%20Perikanan",
        "ditolak: “kutip” é",
        200,
        "rid-1",
        (NIP_A, NIP_B),
    )
    assert entry_hash(GENESIS, entry) == (
        "57a48b9258dcce7f55b46b3f6983f4893ea2c3048c781101e6f953e84db0a142"
    )
    bare = Entry("t", "a", "x", "GET", "/p", "", "", 403, "r", ())
    assert entry_hash("a" * 64, bare) == (
        "a0a1206c4013a84da9c9128bb98f21e7538344797c094f06f693a954b9389930"
    )
    # and the same as that form for the other shapes an entry takes (NIPs a route named as a
    # list, control characters, long details)
    listed = dataclasses.replace(entry, nips=[NIP_B, NIP_A], detail="a\u0000\n\t" * 500)  # type: ignore[arg-type]
    for item in (entry, bare, listed, _entry(7, nips=())):
        body = json.dumps(
            dataclasses.asdict(item), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        assert entry_hash(GENESIS, item) == hashlib.sha256((GENESIS + body).encode()).hexdigest()
