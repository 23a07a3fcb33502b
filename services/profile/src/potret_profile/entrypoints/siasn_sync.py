"""SIASN sync connector: keeps the records of the regency's ASN in step with BKN's SIASN web
service.

How BKN's service is called (as the open-source clients that call it do: kanekescom/laravel-
siasn-api, abedeha/siasn-client, ropegkemenag/apimwsbkn with its copy of BKN's swagger.json,
black-coffee04/ws-siasn-php; BKN's own documentation is given to instansi, not published):

- Two tokens. The API gateway's (APIM): POST {token_url} (https://apimws.bkn.go.id/oauth2/token)
  with grant_type=client_credentials, the consumer key and secret as HTTP Basic. The SSO's:
  POST {sso_token_url} (the public-siasn realm's OpenID Connect token endpoint) with
  grant_type=password, the client id BKN issued the instansi, an operator's username and
  password; or a token issued beforehand (PROFILE_SIASN_SSO_TOKEN).
- Every data request sends both: `Authorization: Bearer <apim>` and `Auth: bearer <sso>`. A
  401 renews them once (a token issued beforehand cannot be renewed here); a second 401
  stops the run, naming them.
- Answers are wrapped: {"code": 1, "count": n, "data": ..., "message": ...}. Not found is HTTP
  404 (or 200) with code 0 and data "Data tidak ditemukan": no rows, never a record. Another
  code fails the request, so that nothing stored is overwritten by a failed answer. A 429 or
  5xx is retried after 1x, 2x and 4x PROFILE_SIASN_BACKOFF_S, then fails.
- Per NIP: GET {base_url}/pns/data-utama/{nip}, /pns/rw-jabatan/{nip}, /pns/rw-pendidikan/{nip},
  /pns/rw-diklat/{nip}, /pns/rw-kursus/{nip}, /pns/rw-skp22/{nip}, /pns/rw-skp/{nip},
  /pns/rw-hukdis/{nip}, /pns/rw-penghargaan/{nip}, /pns/rw-golongan/{nip},
  /pns/rw-angkakredit/{nip}, /pns/rw-kinerjaperiodik/{nip}.

BKN has no change feed. A cycle goes over the regency's NIP list (a file of NIPs, e.g. the NIP
column of SIASN's "Export Data ASN", or the profile store's live records), the people named by
GET /pns/list-kp-instansi?periode=<yyyy-mm-dd> (promotions of the period under way and the
next: Peraturan BKN 4/2023, kp_periods) and
/pns/list-pensiun-instansi?tglAwal=01-01-<year>&tglAkhir=31-12-<year> (retirements whose BKN
technical consideration, pertek, falls in the year) first. Each person's answers are hashed: a
person whose answers did not change since the last import costs no write. The position in the
cycle (the last NIP of the list done) is checkpointed every CHECKPOINT_EVERY people; a run
stopped part-way resumes after it, whatever the lists did meanwhile. Each person goes
through the same mapping, validation and import as POST /imports/siasn; a person whose
answers fail (after the retries) is counted failed and the cycle goes on, a refusal of the
tokens stops it. The lists and ref-unor are read page by page (limit/offset)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import logging
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from potret_events.worker import Periodic
from potret_profile.adapters.store import RecordStore, WriteConflict
from potret_profile.service.imports import siasn
from potret_profile.service.imports.batch import RecordError, import_batch
from potret_profile.settings import Settings, get_settings
from potret_sqldb import StoreUnavailable

log = logging.getLogger(__name__)
SOURCE = "siasn"
RIWAYAT = (
    "rw-jabatan",
    "rw-pendidikan",
    "rw-diklat",
    "rw-kursus",
    "rw-skp22",
    "rw-skp",
    "rw-hukdis",
    "rw-penghargaan",
    "rw-golongan",
    "rw-angkakredit",
    "rw-kinerjaperiodik",
)


PAGE = 100  # rows a page of a list endpoint
MAX_PAGES = 1000  # a list longer than this many pages is read no further


class SiasnError(RuntimeError):
    """The SIASN service answered with an error we cannot work around."""


class SiasnRefused(SiasnError):
    """SIASN refused the credentials or the tokens: no request can succeed, the run stops."""


class SiasnBudgetSpent(SiasnError):
    """The run sent PROFILE_SIASN_REQUEST_BUDGET requests: it stops, the next run resumes."""


@dataclass
class _Token:
    value: str
    expires_at: float


class SiasnClient:
    """HTTP client of BKN's SIASN web service: the API gateway's and the SSO's tokens."""

    def __init__(self, settings: Settings, http: httpx.Client | None = None) -> None:
        missing = [
            name
            for name, value in (
                ("PROFILE_SIASN_CLIENT_ID", settings.siasn_client_id),
                ("PROFILE_SIASN_CLIENT_SECRET", settings.siasn_client_secret),
            )
            if not value
        ]
        login = (
            settings.siasn_sso_client_id
            and settings.siasn_sso_username
            and settings.siasn_sso_password
        )
        if not (login or settings.siasn_sso_token):
            missing.append(
                "PROFILE_SIASN_SSO_TOKEN (or PROFILE_SIASN_SSO_CLIENT_ID, "
                "PROFILE_SIASN_SSO_USERNAME and PROFILE_SIASN_SSO_PASSWORD)"
            )
        if missing:
            raise SiasnError("SIASN sync needs " + ", ".join(missing))
        self.settings = settings
        # httpx logs every request's URL at INFO: each holds a NIP (birth date, sex)
        logging.getLogger("httpx").setLevel(logging.WARNING)
        self.http = http or httpx.Client(
            timeout=settings.siasn_timeout_s, transport=httpx.HTTPTransport(retries=2)
        )
        self._apim: _Token | None = None
        self._sso: _Token | None = None
        self._token_lock = threading.Lock()
        self._in_flight = threading.BoundedSemaphore(settings.siasn_concurrency)
        self._sent_lock = threading.Lock()
        self.sent = 0  # requests sent by this client (each retry counts)

    def _spend(self) -> None:
        """Count one request against PROFILE_SIASN_REQUEST_BUDGET; SiasnBudgetSpent when
        none is left."""
        budget = self.settings.siasn_request_budget
        with self._sent_lock:
            if budget and self.sent >= budget:
                raise SiasnBudgetSpent(
                    f"the run sent its {budget} requests (PROFILE_SIASN_REQUEST_BUDGET)"
                )
            self.sent += 1

    def _send(self, what: str, call: Callable[[], httpx.Response]) -> httpx.Response:
        """`call`, retried after 1x, 2x and 4x PROFILE_SIASN_BACKOFF_S on a 429, a 5xx or a
        network failure (timeout, refused connection); then SiasnError. At most
        PROFILE_SIASN_CONCURRENCY calls are in flight, whatever the number of threads."""
        for busy in range(4):
            self._spend()
            try:
                with self._in_flight:
                    resp = call()
            except httpx.TransportError as exc:
                failure = f"{what}: {type(exc).__name__}"
            else:
                if resp.status_code != 429 and resp.status_code < 500:
                    return resp
                failure = f"{what} answered {resp.status_code}"
            if busy < 3:
                time.sleep(self.settings.siasn_backoff_s * 2**busy)
        raise SiasnError(failure)

    def _token(self, kind: str, url: str, **request: Any) -> _Token:
        resp = self._send(f"{kind} token endpoint", lambda: self.http.post(url, **request))
        if resp.status_code in (400, 401, 403):
            raise SiasnRefused(f"{kind} token endpoint answered {resp.status_code}")
        try:
            body = resp.json()
            token = str(body["access_token"])
            expires = float(body.get("expires_in", 300))
        except (ValueError, KeyError, TypeError):
            raise SiasnError(
                f"{kind} token endpoint answered {resp.status_code} without a token"
            ) from None
        return _Token(token, time.time() + expires)

    def _tokens(self, *, refused: tuple[str, str] | None = None) -> tuple[str, str]:
        """The API gateway's and the SSO's tokens, each fetched again when old, or when the
        pair `refused` (answered 401) is still the current one: of several threads refused
        at once, one renews and the others take its tokens (one login, not one a thread)."""
        with self._token_lock:
            current = (self._apim.value, self._sso.value) if self._apim and self._sso else None
            return self._fresh_tokens(renew=refused is not None and refused == current)

    def _fresh_tokens(self, *, renew: bool) -> tuple[str, str]:
        s = self.settings
        if renew or not self._apim or self._apim.expires_at <= time.time() + 30:
            assert s.siasn_client_id
            assert s.siasn_client_secret
            self._apim = self._token(
                "APIM",
                s.siasn_token_url,
                auth=(s.siasn_client_id, s.siasn_client_secret.get_secret_value()),
                data={"grant_type": "client_credentials"},
            )
        if s.siasn_sso_client_id and s.siasn_sso_username and s.siasn_sso_password:
            if renew or not self._sso or self._sso.expires_at <= time.time() + 30:
                self._sso = self._token(
                    "SSO",
                    s.siasn_sso_token_url,
                    data={
                        "grant_type": "password",
                        "client_id": s.siasn_sso_client_id,
                        "username": s.siasn_sso_username,
                        "password": s.siasn_sso_password.get_secret_value(),
                    },
                )
        elif s.siasn_sso_token:  # issued beforehand: used as given, never renewed here
            self._sso = _Token(s.siasn_sso_token.get_secret_value(), float("inf"))
        assert self._sso is not None
        return self._apim.value, self._sso.value

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any | None:
        """GET base_url/path -> the answer's data; None when SIASN has none (not found)."""
        return self._get(path, params)[0]

    def _get(self, path: str, params: dict[str, Any] | None) -> tuple[Any | None, int | None]:
        """The answer's data and the envelope's `count` (None when it gives none)."""
        url = f"{self.settings.siasn_base_url}{path}"
        # messages name the endpoint, not the person: they reach logs and the scheduler's
        # status, and a NIP holds a birth date and a sex (the report keys errors by NIP)
        shown = re.sub(r"/\d{18}\b", "/{nip}", path)
        refused: tuple[str, str] | None = None
        for _attempt in (1, 2):
            # a 401 renews the tokens once, for the next attempt only
            apim, sso = self._tokens(refused=refused)
            headers = {
                "Authorization": f"Bearer {apim}",
                "Auth": f"bearer {sso}",
                "Accept": "application/json",
            }
            resp = self._send(
                f"GET {shown}",
                functools.partial(self.http.get, url, params=params, headers=headers),
            )
            if resp.status_code != 401:
                data = _unwrapped(shown, resp)
                count = resp.json().get("count") if data is not None else 0
                return data, (int(count) if str(count).isdigit() else None)
            refused = (apim, sso)
        renewed = "both tokens" if self.settings.siasn_sso_password else "the APIM token"
        raise SiasnRefused(
            f"GET {shown}: SIASN refused the tokens after renewing {renewed} (401); check the "
            "APIM consumer key and the SSO account or token"
        )

    def get_all(self, path: str, params: dict[str, Any] | None = None) -> list[Any]:
        """Every row of a list endpoint, page by page (limit/offset, as clients page
        list-kp-instansi and ref-unor) until the envelope's `count` rows have come; a
        service that ignores the paging answers whole at once, and a page that brings
        nothing new ends the loop, with a warning when rows are missing."""
        rows: list[Any] = []
        seen: set[str] = set()
        total: int | None = None
        for page_no in range(MAX_PAGES):
            page, count = self._get(
                path, {**(params or {}), "limit": PAGE, "offset": page_no * PAGE}
            )
            total = count if count is not None else total
            page = page if isinstance(page, list) else []
            fresh = [r for r in page if json.dumps(r, sort_keys=True) not in seen]
            seen.update(json.dumps(r, sort_keys=True) for r in fresh)
            rows += fresh
            if not fresh or (total is not None and len(rows) >= total):
                break
            if total is None and len(page) < PAGE:
                break
        if total is not None and len(rows) < total:
            log.warning("SIASN %s: %d of the %d rows it counts came", path, len(rows), total)
        return rows

    def person(self, nip: str) -> dict[str, Any]:
        record: dict[str, Any] = {"data_utama": self.get(f"/pns/data-utama/{nip}")}
        if record["data_utama"] is None:
            return record  # no such person at BKN: the import reports it
        for name in RIWAYAT:
            record[name] = self.get(f"/pns/{name}/{nip}") or []
        return record


def _unwrapped(path: str, resp: httpx.Response) -> Any | None:
    """The data of BKN's envelope {code, count, data, message}; None for not found."""
    try:
        body = resp.json()
    except ValueError:
        raise SiasnError(f"GET {path} answered {resp.status_code} without JSON") from None
    if not isinstance(body, dict) or "data" not in body:
        # a 404 of the gateway itself (an unknown path) is no "none": it fails, so that
        # nothing stored is emptied by it
        raise SiasnError(f"GET {path} answered {resp.status_code} outside BKN's envelope")
    data = body["data"]
    code = str(body.get("code", "1"))
    if code == "1" and resp.status_code == 200 and not isinstance(data, str):
        return data
    message = str(body.get("message") or "")
    said = f"{data if isinstance(data, str) else ''} {message}".lower()
    if resp.status_code in (200, 404) and code == "0" and "tidak ditemukan" in said:
        return None  # BKN's "Data tidak ditemukan": no rows
    message = message or (data if isinstance(data, str) else "")
    raise SiasnError(f"GET {path} answered {resp.status_code}, code {code}: {message}")


CHECKPOINT_EVERY = 25
# The cycle's position (the change-list connector kept a cursor under SOURCE).
CHECKPOINT = "siasn-cycle"


@dataclass
class SyncReport:
    """What a cycle did: people fetched, written (created or updated), unchanged (answers
    as last imported, or the import changed nothing), failed (answers refused or invalid),
    and the history rows set aside (quarantined) while their people imported."""

    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    resumed_at: int = 0
    stopped: str | None = None  # why the cycle stopped before its end (Indonesian)
    errors: list[RecordError] = field(default_factory=list)
    quarantined: list[RecordError] = field(default_factory=list)  # history rows set aside


def read_nip_file(path: Path) -> list[str]:
    """NIPs from a file: one per line, or a CSV whose header has a NIP column (SIASN's
    "Export Data ASN": "NIP BARU"); anything not 18 digits is left out."""
    text = path.read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.split("\n")[0] else ","))
    column = 0
    if rows:
        header = [h.strip().upper() for h in rows[0]]
        for name in ("NIP BARU", "NIPBARU", "NIP_BARU", "NIP"):
            if name in header:
                column = header.index(name)
                rows = rows[1:]
                break
    nips = [re.sub(r"\D", "", r[column]) for r in rows if len(r) > column]
    found = list(dict.fromkeys(n for n in nips if len(n) == 18))
    if not found:  # a wrong column, a spreadsheet: never a silent cycle over nobody
        raise SiasnError(f"{path} holds no 18-digit NIP (one per line, or a NIP column)")
    return found


def _named(answer: Any) -> list[str]:
    """The NIPs an instansi list names (each item's nipBaru, or nip)."""
    items = answer if isinstance(answer, list) else []
    return [
        str(item.get("nipBaru") or item.get("nip"))
        for item in items
        if isinstance(item, dict) and (item.get("nipBaru") or item.get("nip"))
    ]


# Promotion periods (TMT kenaikan pangkat): the first of February, April, June, August,
# October and December from 2024 (Peraturan BKN 4/2023; April and October before).
KP_MONTHS = (2, 4, 6, 8, 10, 12)


def kp_periods(today: dt.date) -> tuple[dt.date, dt.date]:
    """The promotion period under way (the last at or before today) and the next one."""
    current = max(
        dt.date(y, m, 1)
        for y in (today.year - 1, today.year)
        for m in KP_MONTHS
        if dt.date(y, m, 1) <= today
    )
    following = min(
        dt.date(y, m, 1) for y in (today.year, today.year + 1) for m in KP_MONTHS
        if dt.date(y, m, 1) > today
    )  # fmt: skip
    return current, following


def named_first(client: SiasnClient, today: dt.date) -> list[str]:
    """The people of the promotion period under way and the next (list-kp-instansi, periode
    yyyy-mm-dd) and those retiring this year (list-pensiun-instansi, tglAwal/tglAkhir
    dd-mm-yyyy): synced first (a list SIASN fails to give only loses the priority, not the
    cycle)."""
    named: list[str] = []
    lists = [("/pns/list-kp-instansi", {"periode": f"{p:%Y-%m-%d}"}) for p in kp_periods(today)]
    lists.append(
        (
            "/pns/list-pensiun-instansi",
            {"tglAwal": f"01-01-{today.year}", "tglAkhir": f"31-12-{today.year}"},
        )
    )
    for path, params in lists:
        try:
            named += _named(client.get_all(path, params))
        except (SiasnRefused, SiasnBudgetSpent):
            raise
        except SiasnError as exc:
            log.warning("SIASN %s failed (%s): its people come in the list's order", path, exc)
    return named


# The last ref-unor BKN answered: used when a cycle cannot fetch it, so that no OPD name
# flips back to the answers' own names for one cycle.
UNOR_CHECKPOINT = "siasn-ref-unor"


def read_opd_names(path: Path) -> dict[str, str]:
    """The regency's names for BKN's units: a JSON object, or a CSV of two columns (a unor
    id or BKN's name; the regency's name), a header row allowed."""
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise SiasnError(
            f"PROFILE_SIASN_OPD_NAMES_FILE: berkas {path} tidak dapat dibaca ({exc.strerror})"
        ) from None
    if path.suffix.lower() == ".json":
        try:
            names = json.loads(text)
        except ValueError as exc:
            raise SiasnError(f"PROFILE_SIASN_OPD_NAMES_FILE: {path} bukan JSON ({exc})") from None
        if not isinstance(names, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in names.items()
        ):
            raise SiasnError(
                f"PROFILE_SIASN_OPD_NAMES_FILE: {path} harus objek JSON "
                '{"<id unor atau nama BKN>": "<nama OPD>"}'
            )
        return {k.strip(): v.strip() for k, v in names.items()}
    delimiter = ";" if ";" in text.split("\n")[0] else ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if len(r) >= 2]
    if rows and rows[0][0].strip().lower() in ("unor", "unor_id", "unorid", "id", "nama_bkn"):
        rows = rows[1:]
    return {r[0].strip().lstrip("'"): r[1].strip() for r in rows if r[0].strip() and r[1].strip()}


def opd_names(settings: Settings) -> dict[str, str]:
    """The regency's names of PROFILE_SIASN_OPD_NAMES_FILE (none when unset)."""
    path = settings.siasn_opd_names_file
    return read_opd_names(path) if path else {}


def stored_unor_table(store: RecordStore, names: dict[str, str]) -> siasn.UnorTable:
    """The last ref-unor a cycle fetched, with the regency's names (for POST
    /imports/siasn, so that it names OPDs as the sync does)."""
    try:
        rows = json.loads(store.checkpoint(UNOR_CHECKPOINT) or "[]")
    except ValueError:
        rows = []
    return siasn.UnorTable(rows, names)


def unor_table(store: RecordStore, client: SiasnClient) -> siasn.UnorTable:
    """BKN's ref-unor of the instansi, with the regency's names; the last one kept when
    SIASN fails to answer it (a refusal or the spent budget still stop the run)."""
    try:
        rows = client.get_all("/referensi/ref-unor")
    except (SiasnRefused, SiasnBudgetSpent):
        raise
    except SiasnError as exc:
        log.warning("SIASN ref-unor failed (%s): the last one kept is used", exc)
    else:
        if rows:
            with store.transaction() as tx:
                tx.set_checkpoint(UNOR_CHECKPOINT, json.dumps(rows))
    return stored_unor_table(store, opd_names(client.settings))


# Raised when the mapping of answers changes (imports/siasn.py): every person is imported
# again at the next cycle, and its rows set aside are read anew.
# 2: tmt_pensiun, bup_pensiun, ref-unor; 3: rank, credit, periodic; 4: birth date, TMT CPNS,
# TMT PNS, TMT pelantikan
MAPPING_REVISION = 4


def _digest(answers: dict[str, Any], unor: siasn.UnorTable) -> str:
    """The answers' digest, with the mapping, BKN's reference tables and the units (ref-unor
    and the regency's names) they were read by."""
    version = f"{MAPPING_REVISION}:{siasn.referensi_version()}:{unor.digest}"
    return hashlib.sha256((version + json.dumps(answers, sort_keys=True)).encode()).hexdigest()


PER_PERSON = 1 + len(RIWAYAT)  # data-utama and each history


def _fetched(
    client: SiasnClient, order: list[str]
) -> Iterator[tuple[int, str, dict[str, Any] | SiasnError]]:
    """(index, NIP, answers or the SiasnError that stopped them) in the order's order; up to
    PROFILE_SIASN_CONCURRENCY people fetched side by side, no more than that ahead of the one
    being imported. A person is started only when the request budget still holds all the
    requests of the people in flight and theirs: the first one it cannot hold comes back as
    SiasnBudgetSpent, unstarted. Leaving the loop early cancels what has not started."""
    workers = client.settings.siasn_concurrency
    budget = client.settings.siasn_request_budget

    def person(nip: str) -> dict[str, Any] | SiasnError:
        try:
            return client.person(nip)
        except SiasnError as exc:
            return exc

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="siasn-fetch")
    ahead: deque[tuple[int, str, Future[dict[str, Any] | SiasnError] | None]] = deque()
    items = iter(enumerate(order))
    spent = False
    try:
        while True:
            while not spent and len(ahead) < workers and (item := next(items, None)):
                if budget and client.sent + (len(ahead) + 1) * PER_PERSON > budget:
                    spent = True  # this one is not started: it comes back as the stop
                    ahead.append((item[0], item[1], None))
                    break
                ahead.append((item[0], item[1], pool.submit(person, item[1])))
            if not ahead:
                return
            i, nip, future = ahead.popleft()
            if future is None:
                yield (
                    i,
                    nip,
                    SiasnBudgetSpent(
                        f"the run's {budget} requests (PROFILE_SIASN_REQUEST_BUDGET) cannot hold "
                        "the next person whole"
                    ),
                )
                return
            yield i, nip, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def sync_cycle(
    store: RecordStore,
    client: SiasnClient,
    nips: list[str] | None = None,
    *,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """One cycle over `nips` (else the store's live NIPs) in NIP order, the people of the
    instansi lists first in every run; a cycle stopped part-way resumes after the last NIP
    of the list it finished, whatever changed in the lists meanwhile."""
    listed = sorted(set(nips if nips is not None else store.live_keys()))
    try:
        first = list(dict.fromkeys(named_first(client, today or dt.date.today())))
        unor = unor_table(store, client)
    except SiasnBudgetSpent as exc:
        log.warning("SIASN cycle stopped before its lists: %s", exc)
        return SyncReport(stopped=BUDGET_STOP)
    try:
        saved = json.loads(store.checkpoint(CHECKPOINT) or "{}")
    except ValueError:
        saved = {}
    going_on = isinstance(saved, dict) and not saved.get("finished")
    after = saved.get("after") if going_on else None
    # the listed people already done in this cycle are not fetched again by a resumed run
    # (else a budget that holds only them would never reach the NIP list)
    named_done: set[str] = set(saved.get("named") or []) if going_on else set()
    rest = [n for n in listed if after is None or n > str(after)]
    named = set(first)
    first = [n for n in first if n not in named_done]
    order = first + [n for n in rest if n not in named]
    report = SyncReport(resumed_at=len(listed) - len(rest))
    last_done: str | None = str(after) if after is not None else None

    def checkpoint(**more: bool) -> None:
        state = {"after": last_done, "named": sorted(named_done), **more}
        with store.transaction() as tx:
            tx.set_checkpoint(CHECKPOINT, json.dumps(state))

    def failed(i: int, nip: str, rule: str, message: str, message_en: str) -> None:
        report.failed += 1
        report.errors.append(
            RecordError(
                record=i, key=nip, field="siasn", rule=rule, message=message, message_en=message_en
            )
        )

    for i, nip, answers in _fetched(client, order):
        if isinstance(answers, SiasnRefused):
            checkpoint()
            raise answers
        if isinstance(answers, SiasnBudgetSpent):
            checkpoint()  # the next run resumes with this person
            report.stopped = BUDGET_STOP
            log.warning("SIASN cycle stopped at %d of %d: %s", i, len(order), answers)
            return report
        if isinstance(answers, SiasnError):
            said = str(answers)
            failed(i, nip, "SIASN", f"jawaban SIASN untuk NIP ini gagal diambil: {said}", said)
        else:
            _import_person(store, report, i, nip, answers, unor, failed)
        if i >= len(first):  # the list's own order: what a resumed run skips
            last_done = nip
        else:
            named_done.add(nip)
        if (i + 1) % CHECKPOINT_EVERY == 0:
            checkpoint()
            if progress:
                progress(i + 1, len(order))
    last_done = None
    named_done.clear()
    checkpoint(finished=True)
    log.info(
        "siasn cycle: %d fetched, %d created, %d updated, %d unchanged, %d failed",
        report.fetched,
        report.created,
        report.updated,
        report.unchanged,
        report.failed,
    )
    return report


# The budget stop as the report tells it (the exception's own text goes to the logs).
BUDGET_STOP = (
    "batas permintaan per run (PROFILE_SIASN_REQUEST_BUDGET) habis; run berikutnya "
    "melanjutkan dari ASN berikutnya"
)


def _import_person(
    store: RecordStore,
    report: SyncReport,
    i: int,
    nip: str,
    answers: dict[str, Any],
    unor: siasn.UnorTable,
    failed: Callable[[int, str, str, str, str], None],
) -> None:
    """One person's answers imported unless they are as last imported; counted in `report`."""
    report.fetched += 1
    digest = _digest(answers, unor)
    if store.answer_digest(nip) == digest:
        report.unchanged += 1
        return
    try:
        imported = import_batch(store, [siasn.map_record(i, answers, unor)], source=SOURCE)
    except (StoreUnavailable, WriteConflict):
        raise  # the store's trouble, not the answers': the cycle stops and is tried again
    except Exception as exc:  # one unreadable person never stalls every later cycle
        log.exception("SIASN answers of one person could not be imported")
        failed(
            i,
            nip,
            "SIASN-SHAPE",
            f"jawaban SIASN untuk NIP ini tidak dapat dibaca: {type(exc).__name__}",
            f"the SIASN answers of this NIP cannot be read: {exc}",
        )
        return
    report.created += imported.created
    report.updated += imported.updated
    report.unchanged += imported.unchanged
    report.failed += imported.failed
    report.errors += imported.errors
    report.quarantined += imported.quarantined
    if not imported.failed:
        store.set_answer_digest(nip, digest)


class SiasnScheduler(Periodic):
    """Runs sync_cycle every PROFILE_SIASN_SYNC_INTERVAL_S in a daemon thread."""

    name = "siasn-sync"

    def __init__(self, store: RecordStore, settings: Settings, on_change: Any = None) -> None:
        super().__init__(settings.siasn_sync_interval_s)
        self.store = store
        self.settings = settings
        self.on_change = on_change
        self.last_report: SyncReport | None = None
        self.last_error: str | None = None

    def stop(self, timeout: float = 10) -> None:
        super().stop(timeout)

    def once(self) -> None:
        # Every replica runs a scheduler; one cycle at a time runs, in whichever replica
        # holds the sync lease (the others skip this turn).
        lease = self.store.siasn_lease()
        if lease is None:
            log.info("SIASN sync: another replica is syncing; skipping this turn")
            return
        try:
            client = SiasnClient(self.settings)
            nips = (
                read_nip_file(self.settings.siasn_nip_file)
                if self.settings.siasn_nip_file
                else None
            )
            self.last_report = sync_cycle(self.store, client, nips)
            self.last_error = None
            if self.on_change and (self.last_report.created or self.last_report.updated):
                self.on_change()
        finally:
            lease.release()

    def failed(self, exc: Exception) -> float:
        """Keep the schedule; report through logs and status."""
        self.last_error = f"{type(exc).__name__}: {exc}"
        log.warning(
            "SIASN sync failed (%s); next try in %.0fs",
            self.last_error,
            self.settings.siasn_sync_interval_s,
        )
        return self.every_s


def run() -> None:
    """Entry point `potret-siasn-sync`: one cycle now (for cron) and print the report."""
    parser = argparse.ArgumentParser(prog="potret-siasn-sync", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--nips",
        type=Path,
        help="file of NIPs (one per line, or SIASN's Export Data ASN with a NIP column); "
        "default PROFILE_SIASN_NIP_FILE, else every live record of the profile store",
    )
    args = parser.parse_args()
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    path = args.nips or settings.siasn_nip_file
    client = SiasnClient(settings)
    from potret_profile.bootstrap import open_store

    store, _rules = open_store(settings)
    lease = store.siasn_lease()
    if lease is None:
        print("SIASN: sinkronisasi lain sedang berjalan (replika profil); coba lagi nanti")
        sys.exit(75)  # EX_TEMPFAIL: cron tries again at its next turn
    try:
        report = sync_cycle(
            store,
            client,
            read_nip_file(path) if path else None,
            progress=lambda done, total: print(f"SIASN: {done}/{total} ASN", flush=True),
        )
    finally:
        lease.release()
    print(
        f"SIASN: {report.fetched} diambil, {report.created} baru, {report.updated} diubah, "
        f"{report.unchanged} tetap, {report.failed} gagal, "
        f"{len(report.quarantined)} baris riwayat disisihkan, {client.sent} permintaan ke SIASN"
        + (f" (dilanjutkan dari urutan ke-{report.resumed_at + 1})" if report.resumed_at else "")
    )
    if report.stopped:
        print(f"SIASN: siklus berhenti sebelum selesai: {report.stopped}")
    for e in [*report.errors, *report.quarantined][:50]:
        print(f"  {e.key}: {e.field} [{e.rule}] {e.message}")
