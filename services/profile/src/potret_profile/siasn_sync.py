"""SIASN sync connector: pulls changed records from a SIASN-compatible web service.

Contract assumed of the service (BKN's own change feed is not publicly documented; an
instansi gateway or BKN adapter exposing this shape is what the connector talks to):

- OAuth2 client credentials: POST {token_url} (grant_type=client_credentials, client_id,
  client_secret) -> {"access_token", "expires_in"}; a 401 later triggers one new token.
- Change list: GET {base_url}/pns/perubahan?since=<checkpoint>&limit=<n>
  -> {"data": {"nip": [...], "next": "<checkpoint after this page>", "more": bool}}
- Per NIP, the usual SIASN endpoints: GET {base_url}/pns/data-utama/{nip},
  /pns/rw-jabatan/{nip}, /pns/rw-pendidikan/{nip}, /pns/rw-diklat/{nip}, /pns/rw-kursus/{nip},
  /pns/rw-skp22/{nip}, /pns/rw-skp/{nip}, /pns/rw-hukdis/{nip}, /pns/rw-penghargaan/{nip},
  each answering {"data": ...}; a 404 for a riwayat means "none".

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
    """HTTP client of the SIASN-compatible service with OAuth2 client credentials."""

    def __init__(self, settings: Settings, http: httpx.Client | None = None) -> None:
        if not (
            settings.siasn_base_url
            and settings.siasn_token_url
            and settings.siasn_client_id
            and settings.siasn_client_secret
        ):
            raise SiasnError(
                "SIASN sync needs PROFILE_SIASN_BASE_URL, PROFILE_SIASN_TOKEN_URL, "
                "PROFILE_SIASN_CLIENT_ID and PROFILE_SIASN_CLIENT_SECRET"
            )
        self.settings = settings
        self.http = http or httpx.Client(timeout=30, transport=httpx.HTTPTransport(retries=2))
        self._token: _Token | None = None

    def _access_token(self, *, renew: bool = False) -> str:
        if self._token and not renew and self._token.expires_at > time.time() + 30:
            return self._token.value
        assert self.settings.siasn_token_url
        assert self.settings.siasn_client_secret
        resp = self.http.post(
            self.settings.siasn_token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": self.settings.siasn_client_id,
                "client_secret": self.settings.siasn_client_secret.get_secret_value(),
            },
        )
        if resp.status_code != 200:
            raise SiasnError(f"token endpoint answered {resp.status_code}")
        body = resp.json()
        self._token = _Token(body["access_token"], time.time() + float(body.get("expires_in", 300)))
        return self._token.value

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any | None:
        """GET base_url/path -> the "data" of the answer; None on 404."""
        url = f"{self.settings.siasn_base_url}{path}"
        for attempt in (1, 2):
            token = self._access_token(renew=attempt == 2)
            resp = self.http.get(url, params=params, headers={"Authorization": f"Bearer {token}"})
            if resp.status_code == 401 and attempt == 1:
                continue
            if resp.status_code == 404:
                return None
            if resp.status_code != 200:
                raise SiasnError(f"GET {path} answered {resp.status_code}")
            body = resp.json()
            return body.get("data") if isinstance(body, dict) and "data" in body else body
        raise SiasnError(f"GET {path}: not authorised")

    def person(self, nip: str) -> dict[str, Any]:
        record: dict[str, Any] = {"data_utama": self.get(f"/pns/data-utama/{nip}")}
        for name in RIWAYAT:
            record[name] = self.get(f"/pns/{name}/{nip}") or []
        return record


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
