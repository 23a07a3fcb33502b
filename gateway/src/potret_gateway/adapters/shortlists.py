"""Shortlists in the gateway's database (the users' database: SQLite by default, PostgreSQL
with GATEWAY_DATABASE_URL). Every change is one transaction that checks the list's version
(optimistic concurrency: a change made on an outdated copy is refused, never merged
half-way) and appends what changed, by whom and when, to `shortlist_events`."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

from potret_gateway.domain.shortlists import (
    FIRST_STATUS,
    MAX_LISTS_SHOWN,
    MAX_MEMBERS,
    Basis,
    ShortlistInvalid,
    Violation,
    rounded,
)
from potret_sqldb import Cursorish, Database, Dialect, open_database

_TABLES = """
CREATE TABLE IF NOT EXISTS shortlists (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    position_id TEXT NOT NULL,
    position_name TEXT NOT NULL,
    owner TEXT NOT NULL,
    owner_name TEXT NOT NULL,
    opd TEXT,
    shared_with TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (owner, name_key)
);
CREATE TABLE IF NOT EXISTS shortlist_members (
    shortlist_id TEXT NOT NULL REFERENCES shortlists(id) ON DELETE CASCADE,
    nip TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    eligible INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    PRIMARY KEY (shortlist_id, nip)
);
CREATE TABLE IF NOT EXISTS shortlist_events (
    shortlist_id TEXT NOT NULL REFERENCES shortlists(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    nip TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    PRIMARY KEY (shortlist_id, seq)
);
CREATE INDEX IF NOT EXISTS shortlists_owner ON shortlists (owner, updated_at);
"""
SCHEMA: dict[Dialect, str] = {"sqlite": _TABLES, "postgres": _TABLES}


class Conflict(RuntimeError):
    """The list changed since the caller read it (version), or the name is taken."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "version" or "name"


class Missing(LookupError):
    pass


@dataclass(frozen=True)
class Member:
    nip: str
    ordinal: int
    status: str
    note: str
    score: float
    eligible: bool
    added_at: str
    added_by: str


@dataclass(frozen=True)
class Event:
    seq: int
    at: str
    actor: str
    action: str
    nip: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Shortlist:
    id: str
    name: str
    position_id: str
    position_name: str
    owner: str
    owner_name: str
    opd: str | None
    shared_with: tuple[str, ...]
    policy_version: str
    created_at: str
    updated_at: str
    version: int
    members: tuple[Member, ...] = ()
    events: tuple[Event, ...] = field(default=())


@dataclass(frozen=True)
class Actor:
    subject: str
    name: str  # as the audit trail names them
    at: str


def _members_of(tx: Cursorish, list_id: str) -> tuple[Member, ...]:
    rows = tx.rows(
        "SELECT nip, ordinal, status, note, score, eligible, added_at, added_by "
        "FROM shortlist_members WHERE shortlist_id = ? ORDER BY ordinal",
        (list_id,),
    )
    return tuple(
        Member(**{**r, "eligible": bool(r["eligible"]), "score": float(r["score"])}) for r in rows
    )


def _events_of(tx: Cursorish, list_id: str) -> tuple[Event, ...]:
    rows = tx.rows(
        "SELECT seq, at, actor, action, nip, before, after FROM shortlist_events "
        "WHERE shortlist_id = ? ORDER BY seq",
        (list_id,),
    )
    return tuple(
        Event(**{**r, "before": json.loads(r["before"]), "after": json.loads(r["after"])})
        for r in rows
    )


def _head(row: dict[str, Any]) -> Shortlist:
    shared = tuple(s for s in str(row.pop("shared_with")).split(",") if s)
    row.pop("name_key", None)
    return Shortlist(**row, shared_with=shared)


class ShortlistStore:
    def __init__(self, target: str, db: Database | None = None) -> None:
        self._db = db or open_database(target, name="potret-gateway")
        self._db.migrate(SCHEMA)

    def close(self) -> None:
        self._db.close()

    # --- reading -------------------------------------------------------------------------

    def get(self, list_id: str) -> Shortlist:
        with self._db.transaction() as tx:
            rows = tx.rows("SELECT * FROM shortlists WHERE id = ?", (list_id,))
            if not rows:
                raise Missing(list_id)
            return replace(
                _head(rows[0]), members=_members_of(tx, list_id), events=_events_of(tx, list_id)
            )

    def candidates_for(
        self, subject: str, roles: tuple[str, ...], opd: str | None = None
    ) -> list[Shortlist]:
        """Lists that `subject` owns or that are shared with one of `roles` (with `opd`: of
        that OPD only), newest change first, without members (the caller filters them by
        the access rules)."""
        clauses = ["owner = ?"] + ["shared_with LIKE ?" for _ in roles]
        args: list[Any] = [subject] + [f"%{r}%" for r in roles]
        where = f"({' OR '.join(clauses)})"
        if opd is not None:
            where += " AND opd = ?"
            args.append(opd)
        rows = self._db.rows(
            f"SELECT * FROM shortlists WHERE {where} "  # noqa: S608 (fixed text)
            "ORDER BY updated_at DESC, id LIMIT ?",
            [*args, MAX_LISTS_SHOWN * 5],
        )
        return [_head(r) for r in rows]

    def all_lists(self) -> list[Shortlist]:
        rows = self._db.rows(
            "SELECT * FROM shortlists ORDER BY updated_at DESC, id LIMIT ?", (MAX_LISTS_SHOWN,)
        )
        return [_head(r) for r in rows]

    def member_counts(self, ids: list[str]) -> dict[str, dict[str, int]]:
        if not ids:
            return {}
        marks = ",".join("?" for _ in ids)
        rows = self._db.rows(
            f"SELECT shortlist_id, status, COUNT(*) AS n FROM shortlist_members "  # noqa: S608
            f"WHERE shortlist_id IN ({marks}) GROUP BY shortlist_id, status",
            ids,
        )
        out: dict[str, dict[str, int]] = {}
        for r in rows:
            out.setdefault(r["shortlist_id"], {})[r["status"]] = int(r["n"])
        return out

    # --- changing ------------------------------------------------------------------------

    def create(
        self,
        *,
        name: str,
        name_key: str,
        position_id: str,
        position_name: str,
        opd: str | None,
        shared_with: tuple[str, ...],
        policy_version: str,
        members: list[tuple[str, Basis]],
        actor: Actor,
    ) -> str:
        list_id = "D-" + secrets.token_hex(4).upper()
        try:
            with self._db.transaction() as tx:
                tx.execute(
                    "INSERT INTO shortlists (id, name, name_key, position_id, position_name, "
                    "owner, owner_name, opd, shared_with, policy_version, created_at, "
                    "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    (
                        list_id,
                        name,
                        name_key,
                        position_id,
                        position_name,
                        actor.subject,
                        actor.name,
                        opd,
                        ",".join(shared_with),
                        policy_version,
                        actor.at,
                        actor.at,
                    ),
                )
                self._event(
                    tx,
                    list_id,
                    actor,
                    "dibuat",
                    "",
                    None,
                    {"name": name, "position_id": position_id, "shared_with": list(shared_with)},
                )
                self._insert_members(tx, list_id, 0, members, actor)
        except self._db.integrity_errors as exc:
            raise Conflict("name") from exc
        return list_id

    def add_members(
        self, list_id: str, version: int, members: list[tuple[str, Basis]], actor: Actor
    ) -> None:
        with self._db.transaction() as tx:
            self._bump(tx, list_id, version, actor)
            present = {m.nip for m in _members_of(tx, list_id)}
            fresh = [(nip, b) for nip, b in members if nip not in present]
            if len(present) + len(fresh) > MAX_MEMBERS:  # checked on what is stored now
                raise ShortlistInvalid(
                    [
                        Violation(
                            "nips",
                            "SHORTLIST-SIZE",
                            f"Daftar pendek paling banyak {MAX_MEMBERS} kandidat (sudah "
                            f"{len(present)}, ditambah {len(fresh)})",
                            f"at most {MAX_MEMBERS} candidates",
                        )
                    ]
                )
            rows = tx.rows(
                "SELECT COALESCE(MAX(ordinal), 0) AS top FROM shortlist_members "
                "WHERE shortlist_id = ?",
                (list_id,),
            )
            self._insert_members(tx, list_id, int(rows[0]["top"]), fresh, actor)

    def remove_member(self, list_id: str, version: int, nip: str, actor: Actor) -> None:
        with self._db.transaction() as tx:
            self._bump(tx, list_id, version, actor)
            before = self._member(tx, list_id, nip)
            tx.execute(
                "DELETE FROM shortlist_members WHERE shortlist_id = ? AND nip = ?", (list_id, nip)
            )
            self._event(
                tx,
                list_id,
                actor,
                "kandidat_dihapus",
                nip,
                {"status": before.status, "note": before.note},
                None,
            )

    def update_member(
        self,
        list_id: str,
        version: int,
        nip: str,
        actor: Actor,
        *,
        status: str | None = None,
        note: str | None = None,
    ) -> None:
        with self._db.transaction() as tx:
            self._check(tx, list_id, version)
            before = self._member(tx, list_id, nip)
            changed = (status is not None and status != before.status) or (
                note is not None and note != before.note
            )
            if not changed:  # nothing to save: others' open copies stay current
                return
            self._bump(tx, list_id, version, actor)
            if status is not None and status != before.status:
                tx.execute(
                    "UPDATE shortlist_members SET status = ? WHERE shortlist_id = ? AND nip = ?",
                    (status, list_id, nip),
                )
                self._event(tx, list_id, actor, "status", nip, before.status, status)
            if note is not None and note != before.note:
                tx.execute(
                    "UPDATE shortlist_members SET note = ? WHERE shortlist_id = ? AND nip = ?",
                    (note, list_id, nip),
                )
                self._event(tx, list_id, actor, "catatan", nip, before.note, note)

    def update_list(
        self,
        list_id: str,
        version: int,
        actor: Actor,
        *,
        name: tuple[str, str] | None = None,
        shared_with: tuple[str, ...] | None = None,
    ) -> None:
        try:
            with self._db.transaction() as tx:
                head = self._check(tx, list_id, version)
                renamed = name is not None and name[0] != head.name
                reshared = shared_with is not None and shared_with != head.shared_with
                if not (renamed or reshared):
                    return
                self._bump(tx, list_id, version, actor)
                if name is not None and renamed:
                    tx.execute(
                        "UPDATE shortlists SET name = ?, name_key = ? WHERE id = ?",
                        (name[0], name[1], list_id),
                    )
                    self._event(tx, list_id, actor, "nama", "", head.name, name[0])
                if shared_with is not None and reshared:
                    tx.execute(
                        "UPDATE shortlists SET shared_with = ? WHERE id = ?",
                        (",".join(shared_with), list_id),
                    )
                    self._event(
                        tx,
                        list_id,
                        actor,
                        "dibagikan",
                        "",
                        list(head.shared_with),
                        list(shared_with),
                    )
        except self._db.integrity_errors as exc:
            raise Conflict("name") from exc

    def rebase(
        self,
        list_id: str,
        version: int,
        policy_version: str,
        current: dict[str, Basis],
        actor: Actor,
    ) -> None:
        """Confirm the list on today's ranking: its basis becomes the current scores."""
        with self._db.transaction() as tx:
            head = self._bump(tx, list_id, version, actor)
            before = {m.nip: [m.score, m.eligible] for m in _members_of(tx, list_id)}
            for nip, basis in current.items():
                tx.execute(
                    "UPDATE shortlist_members SET score = ?, eligible = ? "
                    "WHERE shortlist_id = ? AND nip = ?",
                    (rounded(basis.score), int(basis.eligible), list_id, nip),
                )
            tx.execute(
                "UPDATE shortlists SET policy_version = ? WHERE id = ?", (policy_version, list_id)
            )
            self._event(
                tx,
                list_id,
                actor,
                "dasar_diperbarui",
                "",
                {"policy_version": head.policy_version, "scores": before},
                {
                    "policy_version": policy_version,
                    "scores": {n: [rounded(b.score), b.eligible] for n, b in current.items()},
                },
            )

    def delete(self, list_id: str, version: int) -> None:
        with self._db.transaction() as tx:
            self._check(tx, list_id, version)
            # The head first, guarded by its version (a change committed in between makes it
            # 0 rows and the whole delete rolls back), then its rows, explicitly: the same
            # statements whether or not the database enforces ON DELETE CASCADE.
            if (
                tx.execute(
                    "DELETE FROM shortlists WHERE id = ? AND version = ?", (list_id, version)
                )
                != 1
            ):
                raise Conflict("version")
            tx.execute("DELETE FROM shortlist_events WHERE shortlist_id = ?", (list_id,))
            tx.execute("DELETE FROM shortlist_members WHERE shortlist_id = ?", (list_id,))

    # --- inside a transaction ------------------------------------------------------------

    def _head(self, tx: Cursorish, list_id: str) -> Shortlist:
        rows = tx.rows("SELECT * FROM shortlists WHERE id = ?", (list_id,))
        if not rows:
            raise Missing(list_id)
        return _head(rows[0])

    def _check(self, tx: Cursorish, list_id: str, version: int) -> Shortlist:
        head = self._head(tx, list_id)
        if head.version != version:
            raise Conflict("version")
        return head

    def _bump(self, tx: Cursorish, list_id: str, version: int, actor: Actor) -> Shortlist:
        head = self._check(tx, list_id, version)
        changed = tx.execute(
            "UPDATE shortlists SET version = version + 1, updated_at = ? "
            "WHERE id = ? AND version = ?",
            (actor.at, list_id, version),
        )
        if changed != 1:
            raise Conflict("version")
        return head

    @staticmethod
    def _member(tx: Cursorish, list_id: str, nip: str) -> Member:
        for m in _members_of(tx, list_id):
            if m.nip == nip:
                return m
        raise Missing(nip)

    def _insert_members(
        self,
        tx: Cursorish,
        list_id: str,
        start: int,
        members: list[tuple[str, Basis]],
        actor: Actor,
    ) -> None:
        for i, (nip, basis) in enumerate(members, start + 1):
            tx.execute(
                "INSERT INTO shortlist_members (shortlist_id, nip, ordinal, status, note, score, "
                "eligible, added_at, added_by) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?)",
                (
                    list_id,
                    nip,
                    i,
                    FIRST_STATUS,
                    rounded(basis.score),
                    int(basis.eligible),
                    actor.at,
                    actor.name,
                ),
            )
            self._event(
                tx,
                list_id,
                actor,
                "kandidat_ditambah",
                nip,
                None,
                {"score": rounded(basis.score), "eligible": basis.eligible},
            )

    @staticmethod
    def _event(
        tx: Cursorish,
        list_id: str,
        actor: Actor,
        action: str,
        nip: str,
        before: Any,
        after: Any,
    ) -> None:
        rows = tx.rows(
            "SELECT COALESCE(MAX(seq), 0) AS top FROM shortlist_events WHERE shortlist_id = ?",
            (list_id,),
        )
        tx.execute(
            "INSERT INTO shortlist_events (shortlist_id, seq, at, actor, action, nip, before, "
            "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                list_id,
                int(rows[0]["top"]) + 1,
                actor.at,
                actor.name,
                action,
                nip,
                json.dumps(before, ensure_ascii=False),
                json.dumps(after, ensure_ascii=False),
            ),
        )
