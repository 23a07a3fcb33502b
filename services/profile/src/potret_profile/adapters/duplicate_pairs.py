"""The likely-duplicate pairs kept in the store, so that the report reads them instead of
comparing every record (issue 23: the scan took 3.7 s at 30,000 records).

What is kept (schema step 8, adapters/store.py):
- `duplicate_people`: each live profile as the matcher reads it (duplicates.Person);
- `duplicate_keys`: the blocks each one is compared in (duplicates.block_keys), and
  `duplicate_blocks` the members per block (a block over the limit is never read);
- `duplicate_pairs`: every pair sharing a block that scores at least duplicates.MIN_SCORE,
  with its names and evidence, computed as the scan computes them (nips in order);
- `duplicate_due`: profiles changed since they were last compared, marked by a trigger on
  every write of a document or tombstone, whoever writes it;
- `duplicate_builds`: the matcher versions whose pairs cover every record.

A due profile is compared again: its keys, person and pairs go, and if it is live, it is
compared with the members of each of its blocks. A pair depends only on its two records,
so the pairs of records that did not change stay right. The scan leaves a block of more
than duplicates.BLOCK_LIMIT members uncompared; so does a refresh, and the report lists a
pair only while the two share a block within the limit. A block that falls back to the
limit is compared whole, as the scan would then compare it. The kept report is therefore
the scan's answer (test_duplicates_kept.py compares the two after creates, updates,
deletions, a merge, a re-creation, imports, blocks over the limit and back, a failed page).

A build (a first start, a new matcher) takes the live profiles not yet compared page by
page in NIP order, going on after a page only once it has committed.

Refreshes run one at a time (a transaction lock); each takes its due rows with
`FOR UPDATE SKIP LOCKED` on PostgreSQL and never waits for a writer: a writer's trigger
holds the due row's lock until it commits, so a refresh skips that record rather than read
its old document, and a write after the refresh took the row waits for it, then marks the
record due again.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

from potret_profile.domain.duplicates import (
    BLOCK_LIMIT,
    MATCHER_VERSION,
    MIN_SCORE,
    Candidate,
    Person,
    birth_neighbours,
    block_keys,
    compare,
    nip_may_match,
)
from potret_sqldb import Cursorish, Database, Lease

_LOCK = "potret.profile.duplicates"
_KEPT = ("duplicate_pairs", "duplicate_keys", "duplicate_blocks", "duplicate_people")
_NEWER = "SELECT 1 AS newer FROM duplicate_builds WHERE matcher_version > ?"
# Blocks up to this size are compared member by member; bigger ones by birth-date lookup.
_SMALL_BLOCK = 40

# The pairs of a report: each pair with at least one block its two records share that has
# no more members than the limit.
_LISTED = """
FROM duplicate_pairs p
WHERE p.score >= ? AND EXISTS (
    SELECT 1 FROM duplicate_keys ka
    JOIN duplicate_keys kb ON kb.block = ka.block AND kb.nip = p.nip_b
    JOIN duplicate_blocks b ON b.block = ka.block AND b.members <= ?
    WHERE ka.nip = p.nip_a
)
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


class KeptPairs:
    """The kept pairs of one matcher version over one profile database."""

    def __init__(self, db: Database, version: str = MATCHER_VERSION) -> None:
        self.db = db
        self.version = version
        self._build_after = ""  # the last profile this object's build took, in NIP order

    # ---- state ---------------------------------------------------------------------------

    def built(self) -> bool:
        """Do the pairs of this matcher version cover every record (due ones aside)?"""
        rows = self.db.rows(
            "SELECT completed_at FROM duplicate_builds WHERE matcher_version = ?",
            (self.version,),
        )
        return bool(rows and rows[0]["completed_at"])

    def started(self) -> bool:
        return bool(
            self.db.rows(
                "SELECT 1 AS started FROM duplicate_builds WHERE matcher_version = ?",
                (self.version,),
            )
        )

    def superseded(self) -> bool:
        """Has a newer matcher (a replica of a later release) built its own pairs? Then this
        one must not take the tables back: it scans until it is replaced. Versions compare
        as text: MATCHER_VERSION keeps the form YYYY-MM-DD.NN."""
        return bool(self.db.rows(_NEWER, (self.version,)))

    def due(self) -> int:
        return int(self.db.rows("SELECT COUNT(*) AS n FROM duplicate_due")[0]["n"])

    def lease(self) -> Lease | None:
        """One background build or refresh at a time across replicas."""
        return self.db.try_lease(f"{_LOCK}-build")

    # ---- building and refreshing -----------------------------------------------------------

    def start_build(self) -> bool:
        """Drop every kept pair, person, key and count and start this matcher's build: the
        next refreshes compare every live profile under it. Writers wait for nothing here
        (they touch none of these tables; their trigger writes duplicate_due, kept as it
        is). False, and nothing done, when a newer matcher has started its own."""
        with self.db.transaction(lock=_LOCK) as tx:
            if tx.rows(_NEWER, (self.version,)):
                return False
            if tx.dialect == "postgres":  # national size: millions of key rows
                tx.execute(f"TRUNCATE {', '.join(_KEPT)}, duplicate_builds")
            else:
                for table in (*_KEPT, "duplicate_builds"):
                    tx.execute(f"DELETE FROM {table}")  # noqa: S608
            tx.execute(
                "INSERT INTO duplicate_builds (matcher_version, started_at) VALUES (?, ?)",
                (self.version, _now()),
            )
        self._build_after = ""
        return True

    def refresh(
        self,
        page: int = 500,
        limit: int | None = None,
        stop: Callable[[], bool] = lambda: False,
        progress: Callable[[int], None] | None = None,
        pace: Callable[[float, int], None] | None = None,
    ) -> int:
        """Compare again the due profiles and, while this matcher's build is not complete,
        the live profiles it has not compared yet (in NIP order), `page` per transaction (on
        SQLite a write waits for one: ~0.15 s at 500), at most `limit` (all when None). The
        build is complete when a page finds neither. Each page first checks, under the lock
        a build start takes, that this matcher's build still stands: once a newer one has
        started, it stops. After each page `pace` (if given) hears how long the page took
        and how many profiles writers made due meanwhile, before the next page. Returns how
        many profiles were compared."""
        done = 0
        waiting = self.due() if pace is not None else 0
        while not stop() and (limit is None or done < limit):
            size = page if limit is None else min(page, limit - done)
            began = time.monotonic()
            with self.db.transaction(lock=_LOCK) as tx:
                state = tx.rows(
                    "SELECT completed_at FROM duplicate_builds WHERE matcher_version = ?",
                    (self.version,),
                )
                if not state:
                    break  # no build of this matcher (a newer one took the tables)
                due = self._take_due(tx, size)
                building = not state[0]["completed_at"]
                nips, exhausted, fresh = due, False, []
                if building and len(due) < size:
                    want = size - len(due)
                    fresh = self._not_compared(tx, want)
                    exhausted = len(fresh) < want
                    nips = sorted(set(due) | set(fresh))
                if nips:
                    _Page(tx, nips).compare_again()
                if exhausted:  # every live profile compared under this matcher
                    tx.execute(
                        "UPDATE duplicate_builds SET completed_at = ? WHERE matcher_version = ?",
                        (_now(), self.version),
                    )
            if fresh:  # committed: the next page goes on after them (not before)
                self._build_after = fresh[-1]
            done += len(nips)
            if progress is not None and nips:
                progress(done)
            if len(due) < size and (not building or exhausted):
                break
            if pace is not None:
                took = time.monotonic() - began
                now_waiting = self.due()
                pace(took, max(0, now_waiting - (waiting - len(due))))
                waiting = now_waiting
        return done

    def _take_due(self, tx: Cursorish, page: int) -> list[str]:
        skip = " FOR UPDATE SKIP LOCKED" if tx.dialect == "postgres" else ""
        rows = tx.rows(
            "DELETE FROM duplicate_due WHERE nip IN ("  # noqa: S608
            f"SELECT nip FROM duplicate_due ORDER BY nip LIMIT ?{skip}) RETURNING nip",
            (page,),
        )
        return sorted(str(r["nip"]) for r in rows)

    def _not_compared(self, tx: Cursorish, page: int) -> list[str]:
        """Live profiles after the last one this build took that have no kept person (a
        profile written meanwhile is due instead: its trigger says so)."""
        rows = tx.rows(
            "SELECT p.nip FROM profiles p WHERE p.deleted = 0 AND p.nip > ? AND NOT EXISTS"
            " (SELECT 1 FROM duplicate_people d WHERE d.nip = p.nip) ORDER BY p.nip LIMIT ?",
            (self._build_after, page),
        )
        return [str(r["nip"]) for r in rows]

    # ---- the report ------------------------------------------------------------------------

    def pairs(self, min_score: float, limit: int | None = None) -> tuple[int, list[Candidate]]:
        """How many kept pairs score at least `min_score`, and the best `limit` of them (all
        when None), in the order of duplicates.find; one statement, so the two agree."""
        if min_score < MIN_SCORE:
            raise ValueError(f"min_score {min_score} < {MIN_SCORE}: such pairs are not kept")
        page = "" if limit is None else f" LIMIT {int(limit)}"
        rows = self.db.rows(
            "SELECT p.nip_a, p.nip_b, p.score, p.names, p.evidence, COUNT(*) OVER () AS total"
            f" {_LISTED} ORDER BY p.score DESC, p.nip_a, p.nip_b{page}",
            (min_score, BLOCK_LIMIT),
        )
        if not rows:
            return 0, []
        return int(rows[0]["total"]), [_candidate(r) for r in rows]


def _candidate(row: dict[str, Any]) -> Candidate:
    first, second = json.loads(row["names"])
    return Candidate(
        (str(row["nip_a"]), str(row["nip_b"])),
        (str(first), str(second)),
        float(row["score"]),
        list(json.loads(row["evidence"])),
    )


class _Page:
    """One page of due profiles compared again in one transaction, with a few statements
    per page rather than per record (PostgreSQL answers each over the network).

    The invariant kept: every pair of records sharing a block of at most BLOCK_LIMIT
    members has its pair row if it scores at least MIN_SCORE, and every pair row is the
    comparison of the two records as they are now."""

    def __init__(self, tx: Cursorish, nips: list[str]) -> None:
        self.tx = tx
        self.nips = nips
        self.people: dict[str, Person] = {}
        self.compared: set[tuple[str, str]] = set()

    def compare_again(self) -> None:
        tx, nips = self.tx, self.nips
        before_keys = self._keys_of(nips)
        self._delete(nips)
        after_keys: dict[str, set[str]] = {}
        for row in tx.rows(
            f"SELECT nip, doc FROM profiles WHERE nip IN ({_marks(nips)}) AND deleted = 0",  # noqa: S608
            nips,
        ):
            nip, doc = str(row["nip"]), row["doc"]
            me = Person.of(nip, json.loads(doc) if isinstance(doc, str | bytes) else doc)
            self.people[nip] = me
            after_keys[nip] = block_keys(me)
        tx.executemany(
            "INSERT INTO duplicate_people (nip, person) VALUES (?, ?)",
            [(nip, me.dumps()) for nip, me in self.people.items()],
        )
        tx.executemany(
            "INSERT INTO duplicate_keys (block, nip) VALUES (?, ?)",
            [(key, nip) for nip, keys in after_keys.items() for key in sorted(keys)],
        )
        delta: dict[str, int] = {}
        for keys, step in ((before_keys, -1), (after_keys, 1)):
            for blocks_of in keys.values():
                for block in blocks_of:
                    delta[block] = delta.get(block, 0) + step
        before = self._sizes(sorted(delta))
        self._count(delta)
        joined = set().union(*after_keys.values())  # blocks of this page's live records
        to_compare: dict[str, bool] = {}  # block -> compare it whole
        for block, change in delta.items():
            was = before.get(block, 0)
            now = was + change
            if now > BLOCK_LIMIT:
                continue  # over the limit: left uncompared, as the scan leaves it
            if was > BLOCK_LIMIT:
                # back within the limit (its members were never all compared): the scan
                # compares it whole again
                to_compare[block] = True
            elif block in joined:
                to_compare[block] = False
        members = self._members(sorted(to_compare))
        for block, whole in to_compare.items():
            inside = members.get(block, [])
            if whole:
                self._compare_all(inside, inside)
            else:
                self._compare_all([n for n in inside if block in after_keys.get(n, ())], inside)
        self._flush()

    def _keys_of(self, nips: list[str]) -> dict[str, set[str]]:
        keys: dict[str, set[str]] = {nip: set() for nip in nips}
        for r in self.tx.rows(
            f"SELECT block, nip FROM duplicate_keys WHERE nip IN ({_marks(nips)})",  # noqa: S608
            nips,
        ):
            keys[str(r["nip"])].add(str(r["block"]))
        return keys

    def _sizes(self, blocks: list[str]) -> dict[str, int]:
        """Members per block (duplicate_blocks), before this page's changes."""
        out: dict[str, int] = {}
        for i in range(0, len(blocks), 500):
            chunk = blocks[i : i + 500]
            for r in self.tx.rows(
                f"SELECT block, members FROM duplicate_blocks WHERE block IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            ):
                out[str(r["block"])] = int(r["members"])
        return out

    def _count(self, delta: dict[str, int]) -> None:
        """Add this page's changes to the members per block; a block left empty goes."""
        changed = [(block, n) for block, n in sorted(delta.items()) if n]
        self.tx.executemany(
            "INSERT INTO duplicate_blocks (block, members) VALUES (?, ?) ON CONFLICT (block)"
            " DO UPDATE SET members = duplicate_blocks.members + excluded.members",
            changed,
        )
        emptied = [block for block, n in changed if n < 0]
        for i in range(0, len(emptied), 500):
            chunk = emptied[i : i + 500]
            self.tx.execute(
                f"DELETE FROM duplicate_blocks WHERE members <= 0 AND block IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            )

    def _members(self, blocks: list[str]) -> dict[str, list[str]]:
        """The NIPs in each block (all within the limit), read 500 blocks at a time."""
        out: dict[str, list[str]] = {}
        for i in range(0, len(blocks), 500):
            chunk = blocks[i : i + 500]
            for r in self.tx.rows(
                f"SELECT block, nip FROM duplicate_keys WHERE block IN ({_marks(chunk)})"  # noqa: S608
                " ORDER BY block, nip",
                chunk,
            ):
                out.setdefault(str(r["block"]), []).append(str(r["nip"]))
        return out

    def _delete(self, nips: list[str]) -> None:
        marks = _marks(nips)
        self.tx.execute(f"DELETE FROM duplicate_keys WHERE nip IN ({marks})", nips)  # noqa: S608
        self.tx.execute(f"DELETE FROM duplicate_people WHERE nip IN ({marks})", nips)  # noqa: S608
        self.tx.execute(
            f"DELETE FROM duplicate_pairs WHERE nip_a IN ({marks}) OR nip_b IN ({marks})",  # noqa: S608
            [*nips, *nips],
        )

    def _compare_all(self, these: list[str], members: list[str]) -> None:
        """Note every pair of one of `these` with one of `members` the NIP allows. In a big
        block (a TMT wave and a name part: up to BLOCK_LIMIT people) the members a NIP may
        match are looked up by the birth dates one slip from its own."""
        if len(members) <= _SMALL_BLOCK:
            for a in these:
                for b in members:
                    if a != b and nip_may_match(a, b):
                        self.compared.add((a, b) if a < b else (b, a))
            return
        by_birth: dict[str, list[str]] = {}
        for b in members:
            by_birth.setdefault(b[:8], []).append(b)
        for a in these:
            for birth in birth_neighbours(a[:8]) & by_birth.keys():
                for b in by_birth[birth]:
                    if a != b and nip_may_match(a, b):
                        self.compared.add((a, b) if a < b else (b, a))

    def _flush(self) -> None:
        """Load the people of the noted pairs, compare them and keep the pairs that score."""
        wanted = sorted({n for pair in self.compared for n in pair} - self.people.keys())
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            for r in self.tx.rows(
                f"SELECT nip, person FROM duplicate_people WHERE nip IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            ):
                self.people[str(r["nip"])] = Person.loads(str(r["nip"]), str(r["person"]))
        rows = []
        for a, b in sorted(self.compared):
            pair = compare(self.people[a], self.people[b])
            if pair.score >= MIN_SCORE:
                rows.append(
                    (
                        a,
                        b,
                        pair.score,
                        json.dumps(list(pair.names), ensure_ascii=False),
                        json.dumps(pair.evidence, ensure_ascii=False),
                    )
                )
        self.tx.executemany(
            "INSERT INTO duplicate_pairs (nip_a, nip_b, score, names, evidence)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (nip_a, nip_b) DO NOTHING",
            rows,
        )


def _marks(values: list[str]) -> str:
    return ", ".join("?" for _ in values)
