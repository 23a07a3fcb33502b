"""Provenance per field group: every write stamps the groups it changed with its source; an
import confirms what it carried unchanged; events carry it (without who edited)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from potret.asn.v1 import profile_events_pb2 as pb
from potret_credentials.internal import service_auth
from potret_events import content_digest, decode_profile_changed
from potret_profile.adapters.store import RecordStore
from potret_profile.domain.provenance import Source, describe, stamp
from potret_profile.main import create_app
from potret_profile.settings import Settings

ACTOR = "user:rina.bkpsdm (admin)"


@pytest.fixture
def client(store_settings: dict[str, Any], tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(**store_settings, relay_enabled=False)
    with TestClient(create_app(settings)) as test_client:
        test_client.auth = service_auth("profile")  # a known service (operator)
        yield test_client


def _store(client: TestClient) -> RecordStore:
    store: RecordStore = client.app.state.store  # type: ignore[attr-defined]
    return store


def _events(client: TestClient, nip: str) -> list[pb.ProfileChanged]:
    rows = _store(client).unsent(10_000)
    events = [decode_profile_changed(r.key, r.payload, r.headers) for r in rows]
    return [e for e in events if e.nip == nip]


def _body(nip: str, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "nip": nip,
        "name": "Siti Aminah",
        "golongan": "III/c",
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "opd": "Dinas Perikanan",
        "skp": [{"year": 2025, "predikat": "SANGAT_BAIK"}],
    }
    body.update(overrides)
    return body


def test_a_manual_edit_stamps_only_the_groups_it_changed(
    client: TestClient, new_nip: Callable[[], str]
) -> None:
    nip = new_nip()
    headers = {"X-Potret-Actor": quote(ACTOR, safe=" :()@._-")}
    created = client.post("/profiles", json=_body(nip), headers=headers).json()
    prov = created["provenance"]
    # Only groups with content get a source; nothing was recorded about education.
    assert set(prov) == {"identitas", "pangkat", "jabatan", "skp"}
    assert prov["skp"]["source"] == "api"
    assert prov["skp"]["by"] == ACTOR
    time.sleep(1.1)  # timestamps have second resolution
    body = {k: v for k, v in _body(nip, golongan="III/d").items() if k != "nip"}
    updated = client.put(f"/profiles/{nip}", json=body).json()["provenance"]
    assert updated["pangkat"]["changed_at"] > prov["pangkat"]["changed_at"]
    assert updated["pangkat"]["by"] == ""  # this edit came without an actor
    for group in ("identitas", "jabatan", "skp"):
        assert updated[group] == prov[group]  # untouched: neither changed nor confirmed


def test_an_import_confirms_unchanged_groups_without_a_new_version(
    client: TestClient, new_nip: Callable[[], str]
) -> None:
    nip = new_nip()
    first = client.post("/imports/profiles", json=[_body(nip)]).json()
    record = client.get(f"/profiles/{nip}").json()
    assert record["provenance"]["skp"]["source"] == "impor"
    assert record["provenance"]["skp"]["ref"] == first["batch_id"]
    events_before = len(_events(client, nip))
    time.sleep(1.1)
    again = client.post("/imports/profiles", json=[_body(nip)]).json()
    assert again["unchanged"] == 1
    after = client.get(f"/profiles/{nip}").json()
    assert after["version"] == record["version"]
    assert len(_events(client, nip)) == events_before  # a confirmation is no change
    skp_before, skp_after = record["provenance"]["skp"], after["provenance"]["skp"]
    assert skp_after["changed_at"] == skp_before["changed_at"]
    assert skp_after["ref"] == first["batch_id"]  # the change still comes from batch 1
    assert skp_after["confirmed_at"] > skp_before["confirmed_at"]
    # The digest ignores confirmations: index and read model stay equal to the store.
    assert after["content_digest"] == record["content_digest"]


def test_events_carry_the_provenance_but_not_who_edited(
    client: TestClient, new_nip: Callable[[], str]
) -> None:
    nip = new_nip()
    client.post("/profiles", json=_body(nip), headers={"X-Potret-Actor": "user:rina"})
    (event,) = _events(client, nip)
    skp = event.profile.provenance["skp"]
    assert skp.source == "api"
    assert skp.changed_at
    assert "rina" not in event.SerializeToString().decode("latin-1")
    assert client.get(f"/profiles/{nip}").json()["content_digest"] == content_digest(event.profile)


def test_stamp_and_describe() -> None:
    t1 = dt.datetime(2026, 10, 2, 8, tzinfo=dt.UTC)
    t2 = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
    doc = {"name": "A", "skp": [{"year": 2024, "predikat": "SANGAT_BAIK"}], "education": []}
    first = stamp(None, doc, None, Source("siasn", ref="b1"), t1)
    assert set(first) == {"identitas", "skp"}
    assert describe(first["skp"]) == "sumber SIASN, impor 2026-10-02"
    confirmed = stamp(doc, doc, first, Source("siasn", ref="b2"), t2)
    assert confirmed["skp"]["ref"] == "b1"
    assert describe(confirmed["skp"]) == "sumber SIASN, impor 2026-10-02, dikonfirmasi 2026-11-20"
    corrected = stamp(
        doc,
        {**doc, "skp": [{"year": 2024, "predikat": "BAIK"}]},
        first,
        Source("koreksi", "K-7"),
        t2,
    )
    assert (
        describe(corrected["skp"])
        == "sumber koreksi yang disetujui, diubah 2026-11-20 (koreksi K-7)"
    )
    assert corrected["identitas"] == first["identitas"]
