"""A stream of profile creates, updates and deletes through the gateway that survives
outages: each operation is retried until it has a definite outcome, and the writer keeps its
own record of what was acknowledged, so that the store can be checked against it."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from potret_seed.generator import Generator

# Words appended to a name so that every update changes the record (letters only: names are
# validated); the writer remembers which one it sent last.
_MARKS = ("Adi", "Bayu", "Candra", "Dewa", "Eka", "Fajar", "Galih", "Hadi", "Indra", "Joko")


@dataclass
class Expected:
    live: bool
    name: str


@dataclass
class WriterStats:
    ops: int = 0
    creates: int = 0
    updates: int = 0
    deletes: int = 0
    retries: int = 0
    failed: int = 0  # gave up after the deadline: counted, and the check fails
    errors: list[str] = field(default_factory=list)


class Writer:
    """`threads` workers, each owning a disjoint slice of the NIP pool (no two writes to one
    NIP run at once, so the last acknowledged write of a NIP is its expected state). Given
    several gateways, worker i writes through the (i mod n)-th: replicas take writes at once."""

    def __init__(
        self,
        gateway_url: str | list[str],
        api_key: str,
        *,
        pool: int,
        threads: int = 8,
        seed: int = 2026,
        retry_deadline_s: float = 300,
    ) -> None:
        self.gateway_urls = [gateway_url] if isinstance(gateway_url, str) else gateway_url
        self.headers = {"Authorization": f"Bearer {api_key}"}
        people = list(Generator(seed=seed).people(pool + pool // 10))
        # Staff only (heads hold positions in the catalogue; not needed here).
        self.people = [p for p in people if p.get("jenis_jabatan") != "JPT"][:pool]
        self.threads = threads
        self.retry_deadline_s = retry_deadline_s
        self.expected: dict[str, Expected] = {}
        self.stats = WriterStats()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._abort = threading.Event()
        self._workers: list[threading.Thread] = []
        self.min_ops = 0

    # -- control ----------------------------------------------------------------------------

    def start(self, min_ops: int) -> None:
        self.min_ops = min_ops
        for i in range(self.threads):
            mine = self.people[i :: self.threads]
            t = threading.Thread(target=self._work, args=(i, mine), daemon=True)
            t.start()
            self._workers.append(t)

    def finish(self, *, abort: bool = False) -> None:
        """Stop once at least `min_ops` operations are done; wait for the workers. With
        `abort`, stop now: an operation still retrying gives up and counts as failed."""
        if abort:
            self.abort()
        self._stop.set()
        for t in self._workers:
            t.join()

    def abort(self) -> None:
        """Stop every worker after its current request, retrying or not (without waiting)."""
        self.min_ops = 0
        self._abort.set()
        self._stop.set()

    @property
    def ops(self) -> int:
        return self.stats.ops

    # -- work -------------------------------------------------------------------------------

    def _work(self, index: int, people: list[dict[str, Any]]) -> None:
        rng = random.Random(index)
        url = self.gateway_urls[index % len(self.gateway_urls)]
        client = httpx.Client(base_url=url, headers=self.headers, timeout=30)
        live: dict[str, bool] = {}
        try:
            while not (self._stop.is_set() and self.stats.ops >= self.min_ops):
                person = rng.choice(people)
                nip = person["nip"]
                if nip not in live or not live[nip]:
                    ok = self._create(client, person)
                    if ok:
                        live[nip] = True
                    self._count("creates")
                elif rng.random() < 0.12:
                    if self._delete(client, nip):
                        live[nip] = False
                    self._count("deletes")
                else:
                    self._update(client, person, rng)
                    self._count("updates")
        finally:
            client.close()

    def _count(self, kind: str) -> None:
        with self._lock:
            self.stats.ops += 1
            setattr(self.stats, kind, getattr(self.stats, kind) + 1)

    def _record(self, nip: str, live: bool, name: str) -> None:
        with self._lock:
            self.expected[nip] = Expected(live, name)

    def _retry(self, send: Any, done: Any) -> bool:
        """Send until `done(response, ambiguous)` says the outcome is definite."""
        deadline = time.monotonic() + self.retry_deadline_s
        ambiguous = False  # an earlier attempt may have been applied
        while time.monotonic() < deadline and not self._abort.is_set():
            try:
                resp = send()
            except httpx.HTTPError:
                ambiguous = True
                self._retried()
                time.sleep(0.2)
                continue
            verdict = done(resp, ambiguous)
            if verdict is not None:
                return bool(verdict)
            if resp.status_code >= 500:
                ambiguous = True
            self._retried()
            time.sleep(0.2)
        with self._lock:
            self.stats.failed += 1
        return False

    def _retried(self) -> None:
        with self._lock:
            self.stats.retries += 1

    def _create(self, client: httpx.Client, person: dict[str, Any]) -> bool:
        def done(resp: httpx.Response, ambiguous: bool) -> bool | None:
            if resp.status_code == 201 or (resp.status_code == 409 and ambiguous):
                self._record(person["nip"], True, person["name"])
                return True
            if resp.status_code < 500 and resp.status_code != 429:
                self._error(f"create {person['nip']}: {resp.status_code} {resp.text[:200]}")
                return False
            return None

        return self._retry(lambda: client.post("/v1/profiles", json=person), done)

    def _update(self, client: httpx.Client, person: dict[str, Any], rng: random.Random) -> None:
        name = f"{person['name']} {rng.choice(_MARKS)} {rng.choice(_MARKS)}"
        body = {k: v for k, v in person.items() if k != "nip"} | {"name": name}

        def done(resp: httpx.Response, _ambiguous: bool) -> bool | None:
            if resp.status_code == 200:
                self._record(person["nip"], True, name)
                return True
            if resp.status_code < 500 and resp.status_code != 429:
                self._error(f"update {person['nip']}: {resp.status_code} {resp.text[:200]}")
                return False
            return None

        self._retry(lambda: client.put(f"/v1/profiles/{person['nip']}", json=body), done)

    def _delete(self, client: httpx.Client, nip: str) -> bool:
        def done(resp: httpx.Response, ambiguous: bool) -> bool | None:
            if resp.status_code == 204 or (resp.status_code == 404 and ambiguous):
                self._record(nip, False, "")
                return True
            if resp.status_code < 500 and resp.status_code != 429:
                self._error(f"delete {nip}: {resp.status_code} {resp.text[:200]}")
                return False
            return None

        return self._retry(lambda: client.delete(f"/v1/profiles/{nip}"), done)

    def _error(self, message: str) -> None:
        with self._lock:
            self.stats.failed += 1
            if len(self.stats.errors) < 20:
                self.stats.errors.append(message)
