"""The correction lifecycle through the gateway on the real stack: an ASN files a correction
on their own record, a value that breaks a rule is refused at filing, filing on someone
else's record is refused and audited, BKPSDM approves, and the approved change is searchable
(with its provenance) and ranked at the new version; the ASN sees the status."""

from __future__ import annotations

import random
import string
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_testkit.local import entry_point

pytestmark = pytest.mark.e2e
PASSWORD = "kata-sandi-asn-uji"


def _word() -> str:
    return "Zk" + "".join(random.choices(string.ascii_lowercase, k=8))


def test_correction_lifecycle(
    gateway_url: str,
    api_headers: dict[str, str],
    potret_var: Path,
    new_nip: Callable[[], str],
    wait: Callable[..., Any],
) -> None:
    admin = httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30)
    nip, other = new_nip(), new_nip()
    for n in (nip, other):
        created = admin.post(
            "/v1/profiles",
            json={
                "nip": n,
                "name": "Dewi Lestari",
                "golongan": "III/b",
                "jabatan": "Penyuluh Perikanan Ahli Pertama",
                "jenis_jabatan": "JF",
                "jenjang": "AHLI_PERTAMA",
                "opd": "Dinas Perikanan",
            },
        )
        assert created.status_code == 201, created.text
    username = f"asn.{nip}"
    subprocess.run(
        [
            entry_point("potret-auth"),
            *("--db", str(potret_var / "gateway" / "auth.db"), "user", "add", username),
            *("--role", "asn", "--nip", nip, "--password-stdin"),
        ],
        input=PASSWORD,
        text=True,
        capture_output=True,
        check=True,
    )
    token = httpx.post(
        f"{gateway_url}/v1/auth/token",
        data={"username": username, "password": PASSWORD},
        timeout=10,
    ).json()["access_token"]
    asn = httpx.Client(
        base_url=gateway_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    word = _word()
    training = [{"kind": "TEKNIS", "name": f"Pelatihan Budidaya {word}", "year": 2025, "hours": 40}]
    body = {"field": "trainings", "proposed_value": training, "reason": "sertifikat belum masuk"}

    # Someone else's record: refused, and the attempt is on the audit trail.
    refused = asn.post("/v1/corrections", json={**body, "nip": other})
    assert refused.status_code == 403
    trail = admin.get("/v1/audit", params={"actor": f"user:{username}", "status": 403}).json()
    assert any(e["path"] == "/v1/corrections" for e in trail["data"])
    # A value that breaks a rule: refused at filing.
    bad = asn.post(
        "/v1/corrections",
        json={"nip": nip, "field": "golongan", "proposed_value": "V/z", "reason": "naik pangkat"},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "proposed_value.golongan"

    filed = asn.post("/v1/corrections", json={**body, "nip": nip})
    assert filed.status_code == 201, filed.text
    cid = filed.json()["id"]
    assert asn.get(f"/v1/profiles/{nip}").json()["version"] == 1  # nothing changed yet
    assert (  # only BKPSDM decides
        asn.post(f"/v1/corrections/{cid}/decision", json={"decision": "setujui"}).status_code == 403
    )

    decided = admin.post(
        f"/v1/corrections/{cid}/decision", json={"decision": "setujui", "note": "sesuai"}
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["applied_version"] == 2
    mine = asn.get("/v1/corrections").json()["data"]
    assert [(c["id"], c["status"]) for c in mine] == [(cid, "disetujui")]

    hit = wait(
        lambda: next(iter(admin.get("/v1/search", params={"q": word}).json()["data"]), None),
        timeout=15,
        what="the corrected training in search",
    )
    assert hit["nip"] == nip
    assert f"(koreksi {cid})" in hit["provenance"]["pelatihan"]

    def ranked_version() -> int | None:
        resp = admin.post(
            "/v1/positions/score",
            json={"position": {"min_golongan": "III/a"}, "nips": [nip]},
        )
        return resp.json()["data"][0]["profile_version"] if resp.status_code == 200 else None

    assert wait(lambda: ranked_version() == 2, timeout=15, what="ranking at version 2")
