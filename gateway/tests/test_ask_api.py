"""POST /v1/ask with a corrected interpretation (the console's chips): validated field by
field, then used instead of reading the question again."""

from __future__ import annotations

from typing import Any

import pytest

from potret_gateway.testing import Gateway


@pytest.mark.parametrize(
    ("interpretation", "field", "rule"),
    [
        (
            {"intent": "find_experts", "domains": ["bukan_domain"]},
            "interpretation.domains",
            "DOMAIN-CODE",
        ),
        (
            {"intent": "find_experts", "golongan_min": "V/z"},
            "interpretation.golongan_min",
            "GOLONGAN",
        ),
        ({"intent": "nine_box", "box": 12}, "interpretation.box", None),
        ({"intent": "guess"}, "interpretation.intent", None),
        ({"intent": "compare", "nips": ["123"]}, "interpretation.nips.0", None),
        ({"intent": "find_experts", "sql": "DROP TABLE"}, "interpretation.sql", None),
    ],
)
def test_bad_corrections_are_422_naming_the_field(
    gateway: Gateway, interpretation: dict[str, Any], field: str, rule: str | None
) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "siapa yang paham perikanan?", "interpretation": interpretation},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 422
    errors = {e["field"]: e["rule"] for e in resp.json()["errors"]}
    assert field in errors
    if rule:
        assert errors[field] == rule


def test_a_correction_replaces_the_reading_of_the_question(gateway: Gateway) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={
            "question": "siapa yang paham perikanan?",
            "interpretation": {"intent": "find_experts", "education_min": "S2", "count": 3},
        },
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 200
    body = resp.json()
    # The question names perikanan, the correction has no domain: the correction wins.
    assert body["interpretation"]["domains"] == []
    assert body["interpretation"]["education_min"] == "S2"
    assert body["interpretation"]["notes"] == ["interpretasi dikoreksi pengguna"]
    assert "Bidang keahliannya belum saya kenali" in body["answer"]


def test_a_correction_needs_the_scope_of_its_intent(gateway: Gateway) -> None:
    resp = gateway.client.post(
        "/v1/ask",
        json={"question": "x y", "interpretation": {"intent": "nine_box", "box": 9}},
        headers=gateway.headers["key_read"],
    )
    assert resp.status_code == 403
