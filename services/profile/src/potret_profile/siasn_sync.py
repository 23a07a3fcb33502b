"""SIASN sync connector: pulls changed records from BKN's SIASN web service.

How BKN's service is called (as the open-source clients that call it do: kanekescom/laravel-
siasn-api, abedeha/siasn-client, ropegkemenag/apimwsbkn with its copy of BKN's swagger.json,
black-coffee04/ws-siasn-php; BKN's own documentation is given to instansi, not published):

- Two tokens. The API gateway's (APIM): POST {token_url} (https://apimws.bkn.go.id/oauth2/token)
  with grant_type=client_credentials, the consumer key and secret as HTTP Basic. The SSO's:
  POST {sso_token_url} (the public-siasn realm's OpenID Connect token endpoint) with
  grant_type=password, the client id BKN issued the instansi, an operator's username and
  password; or a token issued beforehand (PROFILE_SIASN_SSO_TOKEN).
- Every data request sends both: `Authorization: Bearer <apim>` and `Auth: bearer <sso>`. A
  401 renews both once; a second 401 fails the run, naming the tokens.
- Answers are wrapped: {"code": 1, "count": n, "data": ..., "message": ...}. Not found is HTTP
  404 (or 200) with code 0 and data "Data tidak ditemukan": no rows, never a record. Another
  code fails the request, so that nothing stored is overwritten by a failed answer. A 429 or
  5xx is retried after 1x, 2x and 4x PROFILE_SIASN_BACKOFF_S, then fails.
- Per NIP: GET {base_url}/pns/data-utama/{nip}, /pns/rw-jabatan/{nip}, /pns/rw-pendidikan/{nip},
  /pns/rw-diklat/{nip}, /pns/rw-kursus/{nip}, /pns/rw-skp22/{nip}, /pns/rw-skp/{nip},
  /pns/rw-hukdis/{nip}, /pns/rw-penghargaan/{nip}.

Still assumed (issue 21, not BKN's): a change list GET {base_url}/pns/perubahan?since=&limit=
-> {"nip": [...], "next": "<checkpoint>", "more": bool}. BKN has none; the sync over the
regency's NIP list that replaces it is the next step.

Each page goes through the same mapping, validation and import as POST /imports/siasn,
then the checkpoint is stored; a crash in between re-imports the page, which is idempotent.
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from potret_profile.adapters.store import RecordStore
from potret_profile.imports import siasn
from potret_profile.imports.batch import ImportReport, import_batch
from potret_profile.settings import Settings, get_settings

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
)


class SiasnError(RuntimeError):
    """The SIASN service answered with an error we cannot work around."""


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
        self.http = http or httpx.Client(
            timeout=settings.siasn_timeout_s, transport=httpx.HTTPTransport(retries=2)
        )
        self._apim: _Token | None = None
        self._sso: _Token | None = None

    def _token(self, kind: str, url: str, **request: Any) -> _Token:
        resp = self.http.post(url, **request)
        if resp.status_code != 200:
            raise SiasnError(f"{kind} token endpoint answered {resp.status_code}")
        body = resp.json()
        return _Token(body["access_token"], time.time() + float(body.get("expires_in", 300)))

    def _tokens(self, *, renew: bool = False) -> tuple[str, str]:
        """The API gateway's and the SSO's tokens, each fetched again when old or `renew`."""
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
        url = f"{self.settings.siasn_base_url}{path}"
        renewed = False
        busy = 0
        while True:
            apim, sso = self._tokens(renew=renewed)
            resp = self.http.get(
                url,
                params=params,
                headers={
                    "Authorization": f"Bearer {apim}",
                    "Auth": f"bearer {sso}",
                    "Accept": "application/json",
                },
            )
            if resp.status_code == 401:
                if renewed:
                    raise SiasnError(
                        f"GET {path}: SIASN refused both tokens after renewing them (401); "
                        "check the APIM consumer key and the SSO account or token"
                    )
                renewed = True
                continue
            if resp.status_code == 429 or resp.status_code >= 500:
                if busy < 3:
                    time.sleep(self.settings.siasn_backoff_s * 2**busy)
                    busy += 1
                    continue
                raise SiasnError(f"GET {path} answered {resp.status_code}")
            return _unwrapped(path, resp)

    def person(self, nip: str) -> dict[str, Any]:
        record: dict[str, Any] = {"data_utama": self.get(f"/pns/data-utama/{nip}")}
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
        if resp.status_code == 404:
            return None
        raise SiasnError(f"GET {path} answered {resp.status_code} outside BKN's envelope")
    data = body["data"]
    code = str(body.get("code", "1"))
    if code == "1" and resp.status_code == 200 and not isinstance(data, str):
        return data
    message = str(body.get("message") or "")
    said = f"{data if isinstance(data, str) else ''} {message}".lower()
    if resp.status_code == 404 or (
        resp.status_code == 200 and code == "0" and "tidak ditemukan" in said
    ):
        return None  # "Data tidak ditemukan": no rows
    message = message or (data if isinstance(data, str) else "")
    raise SiasnError(f"GET {path} answered {resp.status_code}, code {code}: {message}")


def sync_once(store: RecordStore, client: SiasnClient, *, page_size: int = 100) -> ImportReport:
    """Pull every change after the stored checkpoint, page by page; returns the totals."""
    total = ImportReport(source=SOURCE)
    while True:
        since = store.checkpoint(SOURCE) or ""
        page = client.get("/pns/perubahan", params={"since": since, "limit": page_size}) or {}
        nips = list(page.get("nip") or [])
        if nips:
            people = [client.person(nip) for nip in nips]
            report = import_batch(
                store, (siasn.map_record(i, r) for i, r in enumerate(people)), source=SOURCE
            )
            total.merge(report)
            log.info(
                "siasn page since=%r: %d records, %d failed", since, report.total, report.failed
            )
        nxt = page.get("next")
        if nxt and nxt != since:
            with store.transaction() as tx:
                tx.set_checkpoint(SOURCE, str(nxt))
        if not page.get("more") or not nxt or nxt == since:
            return total


class SiasnScheduler:
    """Runs sync_once every PROFILE_SIASN_SYNC_INTERVAL_S in a daemon thread."""

    def __init__(self, store: RecordStore, settings: Settings, on_change: Any = None) -> None:
        self.store = store
        self.settings = settings
        self.on_change = on_change
        self.last_report: ImportReport | None = None
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="siasn-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        client = SiasnClient(self.settings)
        while not self._stop.is_set():
            try:
                self.last_report = sync_once(
                    self.store, client, page_size=self.settings.siasn_page_size
                )
                self.last_error = None
                if self.on_change and (self.last_report.created or self.last_report.updated):
                    self.on_change()
            except Exception as exc:  # keep the schedule; report through logs and status
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning(
                    "SIASN sync failed (%s); next try in %.0fs",
                    self.last_error,
                    self.settings.siasn_sync_interval_s,
                )
            self._stop.wait(self.settings.siasn_sync_interval_s)


def run() -> None:
    """Entry point `potret-siasn-sync`: one sync now (for cron) and print the report."""
    parser = argparse.ArgumentParser(prog="potret-siasn-sync", description=__doc__.split("\n")[0])
    parser.parse_args()
    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    report = sync_once(
        RecordStore(settings.db_path), SiasnClient(settings), page_size=settings.siasn_page_size
    )
    print(
        f"SIASN: {report.total} rekaman, {report.created} baru, {report.updated} diubah, "
        f"{report.unchanged} tetap, {report.failed} gagal"
    )
    for e in report.errors[:50]:
        print(f"  {e.key}: {e.field} [{e.rule}] {e.message}")
