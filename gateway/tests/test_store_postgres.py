"""The gateway's shared store on a real PostgreSQL: what lets several gateway replicas run.

Users and keys are seen by every replica at once; the audit trail stays one hash chain with
contiguous sequence numbers while replicas append concurrently; the database refuses edits
of the trail; an edit made around the triggers is found; broken connections are replaced.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from potret_gateway.adapters.audit import AuditLog, now
from potret_gateway.adapters.auth_store import AuthError, AuthStore
from potret_gateway.domain.audit import Entry
from potret_gateway.entrypoints.audit_cli import cli
from potret_sqldb import StoreUnavailable, describe
from potret_testkit.local import free_port

pytestmark = pytest.mark.integration
NIP = "198609262015051001"


def _entry(i: int, actor: str = "user:budi") -> Entry:
    return Entry(now(), actor, "search", "GET", "/v1/search", f"q={i}", "", 200, f"r{i}", (NIP,))


@pytest.fixture
def stores(postgres_db: str) -> Iterator[tuple[AuthStore, AuthStore]]:
    """Two stores on one database, as two gateway replicas have."""
    a, b = AuthStore(postgres_db), AuthStore(postgres_db)
    yield a, b
    a.close()
    b.close()


def test_users_and_keys_are_shared_by_replicas(stores: tuple[AuthStore, AuthStore]) -> None:
    a, b = stores
    a.add_user("rina.bkpsdm", "kata-sandi-panjang", "admin", full_name="Rina")
    with pytest.raises(AuthError, match="sudah ada"):
        b.add_user("rina.bkpsdm", "kata-sandi-lain-12", "pimpinan")
    user = b.authenticate_user("rina.bkpsdm", "kata-sandi-panjang")
    assert user is not None
    assert user.role == "admin"
    assert b.authenticate_user("rina.bkpsdm", "salah-kata-sandi") is None

    key, secret = a.create_key("aplikasi-diskan", ["search"], opd="diskan")
    found = b.authenticate_key(secret)
    assert found is not None
    assert found.opd == "diskan"
    assert found.scopes == ("search",)
    b.revoke_key(key.key_id)
    assert a.authenticate_key(secret) is None  # revoked on one replica, refused on the other
    a.set_user_disabled("rina.bkpsdm", True)
    assert b.authenticate_user("rina.bkpsdm", "kata-sandi-panjang") is None


def test_replicas_append_one_chain(postgres_db: str) -> None:
    replicas = [AuditLog(postgres_db) for _ in range(2)]
    errors: list[BaseException] = []

    def writer(log: AuditLog, worker: int) -> None:
        try:
            for i in range(40):
                log.append(_entry(i, actor=f"key:w{worker}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(replicas[w % 2], w)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    count, broken = replicas[0].verify()
    assert (count, broken) == (240, None)
    seqs = [e["seq"] for e in replicas[1].entries()]
    assert seqs == list(range(1, 241))
    assert len(replicas[1].query(actor="key:w3", limit=1000)) == 40
    assert replicas[0].query(nip=NIP, after_seq=239, limit=5)[0]["seq"] == 240
    for log in replicas:
        log.close()


def test_the_database_refuses_edits_and_verify_finds_one_made_around_it(
    postgres_db: str,
) -> None:
    log = AuditLog(postgres_db)
    for i in range(5):
        log.append(_entry(i))
    with psycopg.connect(postgres_db, autocommit=True) as conn:
        for sql in (
            "UPDATE audit SET actor = 'x' WHERE seq = 2",
            "DELETE FROM audit WHERE seq = 2",
            "TRUNCATE audit",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)
        assert log.verify() == (5, None)
        # An owner can drop the trigger; the chain still tells.
        conn.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_change")
        conn.execute("UPDATE audit SET actor = 'orang lain' WHERE seq = 3")
    _count, broken = log.verify()
    assert broken is not None
    assert broken.seq == 3
    assert "diubah" in broken.reason
    assert cli(["verify", "--db", postgres_db]) == 1
    log.close()


def test_broken_connections_are_replaced(postgres_db: str, postgres_url: str) -> None:
    store = AuthStore(postgres_db)
    store.add_user("andi.pimpinan", "kata-sandi-panjang", "pimpinan")
    name = postgres_db.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        killed = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
            (name,),
        ).fetchone()
    assert killed is not None
    assert killed[0] >= 1
    user = store.user("andi.pimpinan")  # the pool checks and reconnects
    assert user is not None
    assert user.role == "pimpinan"
    store.close()


def test_an_unreachable_database_is_a_clear_error() -> None:
    url = f"postgresql://potret:rahasia@127.0.0.1:{free_port()}/potret"
    with pytest.raises(StoreUnavailable, match="cannot be reached") as err:
        AuthStore(url)
    assert "rahasia" not in str(err.value)
    assert (
        describe(url) == f"postgresql://potret@127.0.0.1:{url.split(':')[3].split('/')[0]}/potret"
    )


def test_shortlists_on_postgres_refuse_the_second_of_two_concurrent_changes(
    postgres_db: str,
) -> None:
    """Two replicas change one list from the same version at once: exactly one change is
    stored, the other is refused whole; a name is unique per owner across replicas."""
    from potret_gateway.adapters.shortlists import Actor, Conflict, ShortlistStore
    from potret_gateway.domain.shortlists import Basis

    a, b = ShortlistStore(postgres_db), ShortlistStore(postgres_db)
    actor = Actor("user:bupati", "user:bupati (pimpinan)", now())
    try:
        list_id = a.create(
            name="Calon Kadis",
            name_key="calon kadis",
            position_id="diskan-kepala-dinas",
            position_name="Kepala Dinas Perikanan",
            opd=None,
            shared_with=("pimpinan",),
            policy_version="potret-2026.3",
            members=[(NIP, Basis(0.81234, True))],
            actor=actor,
        )
        with pytest.raises(Conflict):
            b.create(
                name="CALON  kadis",
                name_key="calon kadis",
                position_id="diskan-kepala-dinas",
                position_name="Kepala Dinas Perikanan",
                opd=None,
                shared_with=(),
                policy_version="potret-2026.3",
                members=[],
                actor=actor,
            )
        outcomes: list[str] = []
        together = threading.Barrier(2)

        def change(store: ShortlistStore, note: str) -> None:
            together.wait()  # both start from version 1 at once
            try:
                store.update_member(list_id, 1, NIP, actor, note=note)
                outcomes.append(note)
            except Conflict:
                outcomes.append("conflict")

        threads = [threading.Thread(target=change, args=(s, n)) for s, n in ((a, "a"), (b, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(outcomes) == 2
        assert sorted(outcomes)[-1] == "conflict"
        stored = b.get(list_id)
        assert stored.version == 2
        assert stored.members[0].note in ("a", "b")
        assert stored.members[0].note in outcomes
        assert stored.members[0].score == pytest.approx(0.8123)
        assert [e.action for e in stored.events] == ["dibuat", "kandidat_ditambah", "catatan"]
        with pytest.raises(Conflict):
            b.delete(list_id, 1)  # an outdated copy deletes nothing
        a.delete(list_id, 2)
        with pytest.raises(Exception, match=list_id):
            b.get(list_id)
    finally:
        a.close()
        b.close()
