"""Personal data (NIK, address, birth place, religion, marital status) reaches only callers
with `personal:read` or the person themselves (issue 18, item 1): in correction answers, in
the audit trail and in the gateway's log.

The profile service is replaced by an in-memory transport here (the masking is the gateway's
own logic); the same rule is checked end to end in tests/e2e/test_access_e2e.py.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_gateway.adapters.audit import AuditLog
from potret_gateway.domain.access import PROFILES_READ, PROFILES_WRITE
from potret_gateway.domain.privacy import AuditRedactor
from potret_observability import configure_logging
from potret_testkit.gateway import SELF_NIP, Gateway

NIK = "3525014107860002"
ADDRESS = "Jl. Kartini No. 12, Sidomoro, Kebomas"
BIRTH_PLACE = "Sangkapura"
CORRECTION = {
    "id": "K-1A2B3C4D",
    "nip": SELF_NIP,
    "field": "personal",
    "proposed_value": {
        "nik": NIK,
        "address": ADDRESS,
        "birth_place": BIRTH_PLACE,
        "religion": "Islam",
        "marital_status": "Kawin",
    },
    "reason": f"NIK saya {NIK} salah satu digit",
    "attachment": "KTP",
    "status": "diajukan",
}
SECRETS = (NIK, ADDRESS, BIRTH_PLACE, "Kawin")


def _profile_backend(gateway: Gateway) -> None:
    """Answer the gateway's profile calls from memory: corrections list, one, and filing."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/corrections" and request.method == "GET":
            return httpx.Response(200, json={"data": [CORRECTION], "next_cursor": None})
        if request.url.path == "/corrections" and request.method == "POST":
            return httpx.Response(201, json=CORRECTION)
        if request.url.path.startswith("/corrections/"):
            return httpx.Response(200, json=CORRECTION)
        return httpx.Response(404, json={"title": "tidak ada"})

    app = gateway.client.app
    app.state.backends.profile = httpx.AsyncClient(  # type: ignore[attr-defined]
        transport=httpx.MockTransport(handler), base_url="http://profile"
    )


@pytest.fixture
def reviewer_key(gateway: Gateway) -> dict[str, str]:
    """A BKPSDM integration that reviews corrections without `personal:read`."""
    _, key = gateway.store.create_key("telaah koreksi", [PROFILES_READ, PROFILES_WRITE])
    return {"X-API-Key": key}


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_corrections_hide_personal_values_from_callers_without_personal_read(
    gateway: Gateway, reviewer_key: dict[str, str]
) -> None:
    _profile_backend(gateway)
    listed = gateway.client.get("/v1/corrections", headers=reviewer_key)
    one = gateway.client.get("/v1/corrections/K-1A2B3C4D", headers=reviewer_key)
    assert listed.status_code == one.status_code == 200
    for resp in (listed, one):
        assert not _leaks(resp.text), resp.text
    value = listed.json()["data"][0]["proposed_value"]
    assert value["nik"] == "************0002"  # as on the profile itself
    assert value["address"] == "[disembunyikan]"
    assert NIK not in listed.json()["data"][0]["reason"]


def test_the_person_and_personal_read_see_the_values(gateway: Gateway) -> None:
    _profile_backend(gateway)
    for caller in ("siti", "bkpsdm"):  # the ASN themselves; admin has personal:read
        resp = gateway.client.get("/v1/corrections/K-1A2B3C4D", headers=gateway.headers[caller])
        assert resp.status_code == 200
        assert resp.json()["proposed_value"]["nik"] == NIK


def test_the_audit_trail_keeps_which_personal_fields_and_a_keyed_hash_never_the_values(
    gateway: Gateway,
) -> None:
    _profile_backend(gateway)
    body = {k: CORRECTION[k] for k in ("nip", "field", "proposed_value", "reason")}
    filed = gateway.client.post("/v1/corrections", json=body, headers=gateway.headers["siti"])
    assert filed.status_code == 201
    gateway.client.get("/v1/search", params={"q": NIK}, headers=gateway.headers["bupati"])
    gateway.client.post(
        "/v1/ask", json={"question": f"siapa pemilik NIK {NIK}?"}, headers=gateway.headers["bupati"]
    )
    audit = AuditLog(Path(gateway.settings.audit_db))
    entries = list(audit.entries())
    audit.close()
    dump = json.dumps(entries, ensure_ascii=False)
    assert not _leaks(dump), _leaks(dump)
    filing = next(e for e in entries if e["action"].startswith("corrections"))
    recorded = json.loads(filing["detail"])
    assert sorted(recorded["proposed_value"]) == sorted(CORRECTION["proposed_value"])
    redactor = AuditRedactor(gateway.settings.audit_key())
    # The same NIK gives the same keyed hash: an auditor holding the key can still match it.
    assert recorded["proposed_value"]["nik"] == redactor.digest(NIK)
    assert redactor.digest(NIK) in next(e["query"] for e in entries if e["action"] == "search")


def test_the_keyed_hash_depends_on_the_key() -> None:
    a, b = AuditRedactor(b"a" * 32), AuditRedactor(b"b" * 32)
    assert a.digest(NIK) != b.digest(NIK)
    assert a.digest(NIK) == a.digest(NIK)
    assert a.text(f"nik {NIK} dan nip {SELF_NIP}") == f"nik {a.digest(NIK)} dan nip {SELF_NIP}"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


def test_search_terms_do_not_reach_the_log(gateway: Gateway) -> None:
    configure_logging("INFO")  # as `potret-gateway` does
    handler = _Lines()
    logging.getLogger().addHandler(handler)
    app = gateway.client.app
    app.state.backends.search = httpx.AsyncClient(  # type: ignore[attr-defined]
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"hits": []})),
        base_url="http://search",
    )
    try:
        resp = gateway.client.get(
            "/v1/search", params={"q": NIK}, headers=gateway.headers["bupati"]
        )
    finally:
        logging.getLogger().removeHandler(handler)
    assert resp.status_code == 200
    assert any(line.startswith("potret.access GET /v1/search") for line in handler.lines)
    assert not [line for line in handler.lines if NIK in line], handler.lines


def test_an_opd_viewer_cannot_tell_not_there_from_not_yours(gateway: Gateway) -> None:
    elsewhere, missing = "199001012015011002", "199202022019032003"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == f"/profiles/{elsewhere}":
            return httpx.Response(200, json={"nip": elsewhere, "opd": "Dinas Kesehatan"})
        return httpx.Response(
            404,
            json={
                "type": "https://potret.dev/problems/profile-not-found",
                "title": "Profil tidak ditemukan",
                "status": 404,
                "detail": f"Profil NIP {missing} sudah digabung ke NIP {elsewhere}",
            },
        )

    app = gateway.client.app
    app.state.backends.profile = httpx.AsyncClient(  # type: ignore[attr-defined]
        transport=httpx.MockTransport(handler), base_url="http://profile"
    )
    viewer = gateway.headers["diskan"]
    a = gateway.client.get(f"/v1/profiles/{elsewhere}", headers=viewer)
    b = gateway.client.get(f"/v1/profiles/{missing}", headers=viewer)
    assert a.status_code == b.status_code == 404
    same = {k: v for k, v in a.json().items() if k not in ("detail", "instance")}
    assert same == {k: v for k, v in b.json().items() if k not in ("detail", "instance")}
    assert a.json()["detail"].replace(elsewhere, "N") == b.json()["detail"].replace(missing, "N")
    # A county-wide reader still sees the real answers.
    assert (
        gateway.client.get(
            f"/v1/profiles/{elsewhere}", headers=gateway.headers["bupati"]
        ).status_code
        == 200
    )
    # The refused read is on the audit trail.
    audit = AuditLog(Path(gateway.settings.audit_db))
    rows = [e for e in audit.entries() if e["path"] == f"/v1/profiles/{elsewhere}"]
    audit.close()
    assert any("di luar OPD" in e["detail"] for e in rows)


def test_holders_only_for_roles_that_may_see_them_and_audited(gateway: Gateway) -> None:
    fish_holder, health_holder = "197001011995031001", "197202021996032002"
    page: dict[str, Any] = {
        "data": [
            {"position_id": "diskan-kadis", "opd": "Dinas Perikanan", "holder_nip": fish_holder},
            {"position_id": "dinkes-kadis", "opd": "Dinas Kesehatan", "holder_nip": health_holder},
            {"position_id": "dinkes-sekdin", "opd": "Dinas Kesehatan", "holder_nip": None},
        ],
        "next_cursor": None,
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/positions":
            return httpx.Response(200, json=page)
        return httpx.Response(200, json=page["data"][1])

    app = gateway.client.app
    app.state.backends.profile = httpx.AsyncClient(  # type: ignore[attr-defined]
        transport=httpx.MockTransport(handler), base_url="http://profile"
    )

    def holders(caller: str) -> list[str | None]:
        resp = gateway.client.get("/v1/positions", headers=gateway.headers[caller])
        assert resp.status_code == 200, resp.text
        return [p["holder_nip"] for p in resp.json()["data"]]

    assert holders("bupati") == [fish_holder, health_holder, None]
    assert holders("diskan") == [fish_holder, None, None]  # own OPD only
    assert holders("siti") == [None, None, None]  # the ASN role: nobody's
    one = gateway.client.get("/v1/positions/dinkes-kadis", headers=gateway.headers["siti"])
    assert one.json()["holder_nip"] is None
    audit = AuditLog(Path(gateway.settings.audit_db))
    reads = [e for e in audit.entries() if e["action"] == "positions.read"]
    audit.close()
    shown: dict[str, Any] = {e["actor"].split(" ")[0]: e["nips"] for e in reads}
    assert shown["user:bupati"] == [fish_holder, health_holder]
    assert shown["user:siti"] == []


def test_a_long_correction_is_redacted_before_it_is_cut(gateway: Gateway) -> None:
    # The detail is cut to 2000 characters for the trail: cut first, and the JSON no longer
    # parses, so the address and birth place would be stored as typed.
    _profile_backend(gateway)
    body = {
        "nip": SELF_NIP,
        "field": "personal",
        "proposed_value": CORRECTION["proposed_value"],
        "reason": "alamat salah " * 300,
    }
    assert (
        gateway.client.post(
            "/v1/corrections", json=body, headers=gateway.headers["siti"]
        ).status_code
        == 201
    )
    audit = AuditLog(Path(gateway.settings.audit_db))
    dump = json.dumps(list(audit.entries()), ensure_ascii=False)
    audit.close()
    assert not _leaks(dump), _leaks(dump)


def test_a_nik_in_the_path_reaches_neither_the_trail_nor_the_log(gateway: Gateway) -> None:
    configure_logging("INFO")
    handler = _Lines()
    logging.getLogger().addHandler(handler)
    try:
        gateway.client.get(f"/v1/profiles/{NIK}", headers=gateway.headers["bupati"])
        gateway.client.get("/v1/x%1Caudit%20checkpoint%20%7B%7D", headers=gateway.headers["bupati"])
    finally:
        logging.getLogger().removeHandler(handler)
    assert not [line for line in handler.lines if NIK in line], handler.lines
    assert not [line for line in handler.lines if "\x1c" in line], handler.lines
    audit = AuditLog(Path(gateway.settings.audit_db))
    dump = json.dumps(list(audit.entries()), ensure_ascii=False)
    audit.close()
    assert NIK not in dump


def test_a_recorded_birth_date_is_masked_like_the_personal_block() -> None:
    from potret_gateway.domain.access import Principal
    from potret_gateway.domain.privacy import MASK, mask_profiles

    reader = Principal(
        subject="user:r", name="r", role="pimpinan", scopes=frozenset({PROFILES_READ})
    )
    body = {"nip": SELF_NIP, "birth_date": "1986-09-27", "personal": {"nik": "3525012345678901"}}
    shown = mask_profiles(body, reader)
    assert shown["birth_date"] == MASK
    assert shown["personal"]["nik"] == "************8901"
    assert mask_profiles({"nip": SELF_NIP, "birth_date": None}, reader)["birth_date"] is None
