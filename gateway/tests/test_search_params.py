"""GET /v1/search and its export check the caller's query before any backend call: each bad
parameter gets a 422 problem naming it and the rule, all of them at once; the OpenAPI
document lists every parameter with its limits (issue 23: checked in one step)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from potret_testkit.gateway import Gateway, open_gateway


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """One gateway for the module (unreachable backends): these requests change nothing."""
    yield from open_gateway(tmp_path_factory.mktemp("gateway"))


FILTERS = [
    "q",
    "domain",
    "skill",
    "opd",
    "nip",
    "golongan_min",
    "golongan_max",
    "jenis_jabatan",
    "jenjang",
    "education_min",
    "status",
    "min_years_to_retirement",
    "max_years_to_retirement",
    "education",
    "name",
    "sort",
    "breakdown",
]


@pytest.mark.parametrize(
    ("params", "field", "rule", "message"),
    [
        ({"limit": "0"}, "query.limit", "greater_than_equal", "terlalu kecil (batas 1)"),
        ({"limit": "101"}, "query.limit", "less_than_equal", "terlalu besar (batas 100)"),
        ({"limit": "x"}, "query.limit", "int_parsing", "harus berupa bilangan bulat"),
        ({"sort": "nama"}, "query.sort", "string_pattern_mismatch", "format tidak sesuai"),
        (
            {"min_years_to_retirement": "46"},
            "query.min_years_to_retirement",
            "less_than_equal",
            "terlalu besar (batas 45)",
        ),
        (
            {"max_years_to_retirement": "-1"},
            "query.max_years_to_retirement",
            "greater_than_equal",
            "terlalu kecil (batas 0)",
        ),
        ({"q": "a" * 501}, "query.q", "string_too_long", "terlalu panjang (batas 500 karakter)"),
        ({"name": "b" * 201}, "query.name", "string_too_long", "terlalu panjang (batas 200"),
        ([("nip", "1")] * 101, "query.nip", "too_long", "terlalu banyak nilai (batas 100)"),
        # a parameter given twice: its last value is the one checked (and the one used)
        ([("limit", "5"), ("limit", "500")], "query.limit", "less_than_equal", "batas 100"),
        ({"limit": ""}, "query.limit", "int_parsing", "bilangan bulat"),
        ({"limit": "1e1"}, "query.limit", "int_parsing", "bilangan bulat"),
        ({"sort": ""}, "query.sort", "string_pattern_mismatch", "format tidak sesuai"),
    ],
)
def test_a_bad_parameter_is_refused_naming_it_and_its_rule(
    gateway: Gateway, params: Any, field: str, rule: str, message: str
) -> None:
    resp = gateway.client.get("/v1/search", params=params, headers=gateway.headers["bupati"])
    assert resp.status_code == 422, resp.text
    assert resp.headers["content-type"].startswith("application/problem+json")
    errors = resp.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [(field, rule)]
    assert message in errors[0]["message"]
    assert errors[0]["message_en"]


def test_every_bad_parameter_is_named_at_once_in_the_order_they_are_declared(
    gateway: Gateway,
) -> None:
    resp = gateway.client.get(
        "/v1/search",
        params={"limit": "0", "sort": "umur", "q": "a" * 501},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 422
    assert [e["field"] for e in resp.json()["errors"]] == ["query.q", "query.sort", "query.limit"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "perikanan", "limit": "5"},
        {"cursor": "MTk4Ng"},
        [("limit", "500"), ("limit", "5")],
        {"golongan_min": "III/a", "min_years_to_retirement": "0", "sort": "pensiun"},
        [("domain", "kelautan_perikanan"), ("domain", "pertanian"), ("nip", "1")],
        {"unknown_parameter": "x"},  # passed on, as before: the search service ignores it
        {"q": "", "nip": "", "limit": "5.0"},
        [("domain", ""), ("domain", "x"), ("limit", "05")],
    ],
)
def test_a_good_query_goes_on_to_the_search_service(gateway: Gateway, params: Any) -> None:
    # The backends of this gateway are unreachable: 503 means the query was let through.
    resp = gateway.client.get("/v1/search", params=params, headers=gateway.headers["bupati"])
    assert resp.status_code == 503, resp.text


def test_a_breakdown_is_refused_before_the_query_is_checked(gateway: Gateway) -> None:
    resp = gateway.client.get(
        "/v1/search",
        params={"breakdown": "jenis_kelamin", "limit": "0"},
        headers=gateway.headers["diskan"],
    )
    assert resp.status_code == 403, resp.text


def _parameters(gateway: Gateway, path: str) -> dict[str, dict[str, Any]]:
    doc = gateway.client.get("/openapi.json").json()
    return {p["name"]: p for p in doc["paths"][path]["get"]["parameters"]}


def _schema(param: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = param["schema"]
    return next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)


def test_the_openapi_document_lists_every_parameter_with_its_limits(gateway: Gateway) -> None:
    search = _parameters(gateway, "/v1/search")
    assert list(search) == [*FILTERS, "limit", "cursor"]
    assert all(p["in"] == "query" and p["required"] is False for p in search.values())
    assert (
        _schema(search["limit"]).items()
        >= {"type": "integer", "minimum": 1, "maximum": 100}.items()
    )
    assert search["limit"]["schema"]["default"] == 20
    assert _schema(search["q"])["maxLength"] == 500
    assert _schema(search["name"])["maxLength"] == 200
    assert _schema(search["nip"]).items() >= {"type": "array", "maxItems": 100}.items()
    assert _schema(search["min_years_to_retirement"])["maximum"] == 45
    assert "masa_kerja" in _schema(search["sort"])["pattern"]
    assert search["sort"]["schema"]["default"] == "relevance"
    for name in ("nip", "max_years_to_retirement", "education", "name", "breakdown", "cursor"):
        assert search[name]["description"], name
    assert "jenis_kelamin" in search["breakdown"]["description"]
    assert search["q"]["schema"]["examples"] == ["siapa yang paham perikanan?"]
    export = _parameters(gateway, "/v1/search/export")
    assert list(export) == ["format", *FILTERS]
    for name in FILTERS:
        assert export[name] == search[name], name


def test_the_export_names_a_bad_format_with_the_bad_filters(gateway: Gateway) -> None:
    resp = gateway.client.get(
        "/v1/search/export",
        params={"format": "pdf", "sort": "umur"},
        headers=gateway.headers["bupati"],
    )
    assert resp.status_code == 422, resp.text
    assert [(e["field"], e["rule"]) for e in resp.json()["errors"]] == [
        ("query.sort", "string_pattern_mismatch"),
        ("query.format", "string_pattern_mismatch"),
    ]
    # the last format given is the one checked (and used)
    for given, status in (
        ([("format", "pdf"), ("format", "csv")], 503),
        ([("format", "csv"), ("format", "pdf")], 422),
    ):
        resp = gateway.client.get(
            "/v1/search/export", params=given, headers=gateway.headers["bupati"]
        )
        assert resp.status_code == status, (given, resp.text)


def test_both_operations_still_require_the_search_scope(gateway: Gateway) -> None:
    doc = gateway.client.get("/openapi.json").json()
    for path in ("/v1/search", "/v1/search/export"):
        security = doc["paths"][path]["get"]["security"]
        assert {"login": ["search"]} in security, (path, security)
        assert {"apiKey": []} in security or any("apiKey" in s for s in security), security
    for caller, status in (("anonymous", 401), ("siti", 403)):
        resp = gateway.client.get("/v1/search", headers=gateway.headers[caller])
        assert resp.status_code == status, caller


def test_the_query_model_helpers_read_aliases_required_fields_and_lists() -> None:
    import enum

    from fastapi.exceptions import RequestValidationError
    from pydantic import BaseModel, Field
    from starlette.datastructures import QueryParams

    from potret_gateway.entrypoints.deps import check_query, query_parameters

    class Demo(BaseModel):
        kind: str = Field(alias="type", pattern="^(a|b)$")
        years: list[int] | None = Field(None, max_length=2)

    with pytest.raises(RequestValidationError) as bad:
        check_query(Demo, QueryParams("type=c&years=1&years=x"))
    assert [e["loc"] for e in bad.value.errors()] == [("query", "type"), ("query", "years", 1)]
    check_query(Demo, QueryParams("type=a&years=1&years=2"))  # read under its alias
    with pytest.raises(RequestValidationError):
        check_query(Demo, QueryParams("kind=a"))  # the alias is its name in the query
    params = {p["name"]: p for p in query_parameters(Demo, first=("years",))}
    assert list(params) == ["years", "type"]
    assert params["type"]["required"] is True
    assert params["years"]["required"] is False
    params["years"]["schema"]["changed"] = True  # a copy: the next document is not changed
    assert "changed" not in query_parameters(Demo)[1]["schema"]

    class Colour(enum.Enum):
        RED = "red"

    class WithEnum(BaseModel):
        colour: Colour | None = None

    with pytest.raises(TypeError, match="definitions"):
        query_parameters(WithEnum)
