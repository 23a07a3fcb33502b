"""Every validation error is an application/problem+json naming the field and the rule, in
Indonesian with the limit it broke."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.testclient import TestClient

from potret_problems import install_problem_handlers


def _app() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/things")
    def things(
        q: Annotated[str | None, Query(max_length=5)] = None,
        tag: Annotated[list[str] | None, Query(max_length=2)] = None,
        top_k: Annotated[int, Query(ge=1, le=500)] = 10,
    ) -> dict[str, int]:
        return {"tags": len(tag or [])}

    return TestClient(app)


def test_too_many_values_of_a_repeated_parameter_names_the_field_and_the_limit() -> None:
    resp = _app().get("/things", params=[("tag", "a"), ("tag", "b"), ("tag", "c")])
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    [error] = resp.json()["errors"]
    assert (error["field"], error["rule"]) == ("query.tag", "too_long")
    assert error["message"] == "terlalu banyak nilai (batas 2)"


def test_a_text_too_long_names_its_limit_in_characters() -> None:
    resp = _app().get("/things", params={"q": "panjang sekali"})
    [error] = resp.json()["errors"]
    assert (error["field"], error["rule"]) == ("query.q", "string_too_long")
    assert error["message"] == "terlalu panjang (batas 5 karakter)"
    assert _app().get("/things", params=[("tag", "a"), ("tag", "b")]).json() == {"tags": 2}


def test_a_number_out_of_bounds_names_its_bound() -> None:
    big = _app().get("/things", params={"top_k": 501}).json()["errors"]
    assert [(e["field"], e["rule"], e["message"]) for e in big] == [
        ("query.top_k", "less_than_equal", "terlalu besar (batas 500)")
    ]
    small = _app().get("/things", params={"top_k": 0}).json()["errors"]
    assert small[0]["message"] == "terlalu kecil (batas 1)"


def test_a_routes_problem_responses_are_documented_as_problem_json_with_the_problem_schema() -> (
    None
):
    from potret_problems import PROBLEM_JSON, problem_responses

    app = FastAPI()

    @app.get("/x", responses=problem_responses(401, 404) | {409: {"description": "Konflik"}})
    def x() -> dict[str, str]:
        return {}

    documented = app.openapi()["paths"]["/x"]["get"]["responses"]
    for code in ("401", "404"):
        content = documented[code]["content"]
        assert PROBLEM_JSON in content
        assert {"$ref": "#/components/schemas/Problem"} in [
            c.get("schema") for c in content.values()
        ]
    assert documented["409"] == {"description": "Konflik"}
    assert "403" not in documented
    assert problem_responses() == {}
