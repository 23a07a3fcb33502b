"""The gateway's OpenAPI against the backends' (issue 24, each contract once): a gateway route
that forwards to a profile or search route (`/v1` + the backend's path, same method) may not
document a parameter, a body field or a response field the backend does not have, or has
with another type; a route that passes the caller's whole query on documents every
parameter of the backend's. Names and JSON types are compared, not descriptions, examples
or bounds (the backend validates the values)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

Spec = dict[str, Any]

# Routes whose handler passes the caller's query string on as it came (not parameter by
# parameter) to a backend route: every backend parameter works there, so every one must be
# documented, but those the gateway sets itself.
FORWARDS_QUERY = {
    ("get", "/v1/search"): ("search", "/search", frozenset()),
    ("get", "/v1/search/export"): ("search", "/search", frozenset({"limit", "cursor"})),
}


@pytest.fixture(scope="module")
def specs() -> dict[str, Spec]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GATEWAY_JWT_SECRET", "x" * 48)  # the app's token signer needs one
        from potret_gateway.main import create_app as gateway_app
        from potret_gateway.settings import Settings as GatewaySettings
        from potret_profile.main import create_app as profile_app
        from potret_search.main import create_app as search_app

        return {
            "gateway": gateway_app(GatewaySettings()).openapi(),
            "profile": profile_app().openapi(),
            "search": search_app().openapi(),
        }


def _resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def _alternatives(spec: Spec, schema: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(spec, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return [_resolve(spec, o) for o in options if o.get("type") != "null"]
    return [schema]


def kind(spec: Spec, schema: dict[str, Any]) -> str:
    """A schema's JSON type, with its items' for an array ("array<string>"); an enum or a
    constant is its base type, null is left out (optional is not a type)."""
    kinds = []
    for alt in _alternatives(spec, schema):
        base = alt.get("type") or ("object" if "properties" in alt else "any")
        if base == "array":
            base = f"array<{kind(spec, alt.get('items', {}))}>"
        kinds.append(str(base))
    return "|".join(sorted(set(kinds))) or "any"


def fields(spec: Spec, schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, kind) of every field below `schema` ("data[].nip", "string"); a map's values
    as "<key>.*"."""
    for alt in _alternatives(spec, schema):
        if alt.get("type") == "array":
            yield from fields(spec, alt.get("items", {}), prefix + "[]")
            continue
        for name, sub in (alt.get("properties") or {}).items():
            path = f"{prefix}.{name}" if prefix else name
            yield path, kind(spec, sub)
            if len(path.split(".")) < 8:
                yield from fields(spec, sub, path)
        extra = alt.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            yield f"{prefix}.*", kind(spec, extra)


def open_objects(spec: Spec, schema: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Paths of the objects below `schema` that allow fields they do not name."""
    for alt in _alternatives(spec, schema):
        if alt.get("type") == "array":
            yield from open_objects(spec, alt.get("items", {}), prefix + "[]")
            continue
        if alt.get("additionalProperties"):
            yield prefix
        for name, sub in (alt.get("properties") or {}).items():
            path = f"{prefix}.{name}" if prefix else name
            if len(path.split(".")) < 8:
                yield from open_objects(spec, sub, path)


def _inside(name: str, objects: set[str]) -> bool:
    return any(o == "" or name.startswith(o + ".") for o in objects)


def _json_schema(body: dict[str, Any] | None) -> dict[str, Any] | None:
    content = (body or {}).get("content") or {}
    media = content.get("application/json")
    return (media.get("schema") or None) if media else None  # {}: any JSON, undocumented


def _response(op: dict[str, Any]) -> dict[str, Any] | None:
    for code in ("200", "201"):
        if code in op.get("responses", {}):
            return _json_schema(op["responses"][code])
    return None


def _params(spec: Spec, op: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {p["name"]: (p["in"], kind(spec, p.get("schema", {}))) for p in op.get("parameters", [])}


def pairs(specs: dict[str, Spec]) -> Iterator[tuple[str, str, str, Spec, dict[str, Any]]]:
    """(method, gateway path, backend, backend spec, backend operation) of every forwarded
    route."""
    for path, ops in specs["gateway"]["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method in ops:
            for backend in ("profile", "search"):
                theirs = specs[backend]["paths"].get(path.removeprefix("/v1"), {})
                if method in theirs:
                    yield method, path, backend, specs[backend], theirs[method]


def passed_on(specs: dict[str, Spec]) -> list[str]:
    """Backend parameters a route that passes the caller's query on does not document."""
    gw = specs["gateway"]
    out = []
    for (method, path), (backend, their_path, set_here) in FORWARDS_QUERY.items():
        mine = _params(gw, gw["paths"][path][method])
        theirs = _params(specs[backend], specs[backend]["paths"][their_path][method])
        for name in sorted(set(theirs) - set(mine) - set_here):
            out.append(f"{method.upper()} {path}: parameter {name} passed on but not documented")
    return out


def drift(specs: dict[str, Spec], counted: dict[str, int] | None = None) -> list[str]:
    """What the gateway documents otherwise than the backend; `counted`: how many
    parameters and bodies/responses were compared."""
    gw = specs["gateway"]
    out = passed_on(specs)
    counted = {} if counted is None else counted
    for method, path, backend, spec, theirs in pairs(specs):
        ours = gw["paths"][path][method]
        where = f"{method.upper()} {path} ({backend})"
        mine, their_params = _params(gw, ours), _params(spec, theirs)
        for name, found in sorted(mine.items()):
            counted["parameter"] = counted.get("parameter", 0) + 1
            if their_params.get(name) != found:
                out.append(f"{where}: parameter {name} {found} is {their_params.get(name)}")
        for what, our_schema, their_schema in (
            (
                "body",
                _json_schema(ours.get("requestBody")),
                _json_schema(theirs.get("requestBody")),
            ),
            ("response", _response(ours), _response(theirs)),
        ):
            if our_schema is None:
                continue  # passed through as the backend documents it
            if their_schema is None:
                out.append(f"{where}: {what} documented, the backend has none")
                continue
            counted[what] = counted.get(what, 0) + 1
            our_fields = dict(fields(gw, our_schema))
            their_fields = dict(fields(spec, their_schema))
            for name, field_kind in sorted(our_fields.items()):
                if their_fields.get(name) != field_kind:
                    their_kind = their_fields.get(name)
                    out.append(f"{where}: {what} field {name} {field_kind} is {their_kind}")
            unnamed = set(open_objects(gw, our_schema))  # passed through as they come
            for name in sorted(set(their_fields) - set(our_fields)):
                if not _inside(name, unnamed):
                    out.append(f"{where}: {what} field {name} not documented")
    return out


def test_the_gateway_documents_what_the_backends_answer_and_accept(
    specs: dict[str, Spec],
) -> None:
    counted: dict[str, int] = {}
    found = drift(specs, counted)
    assert found == [], "gateway and backend OpenAPI differ:\n" + "\n".join(found)
    # Compared, not skipped: the forwarded routes' parameters, the bodies and responses the
    # gateway declares (a route declaring none passes the backend's answer through).
    assert len(list(pairs(specs))) >= 15
    assert counted["parameter"] >= 25
    assert counted["body"] >= 2
    assert counted["response"] >= 4


def test_the_comparison_catches_a_renamed_field_a_type_and_an_undocumented_parameter(
    specs: dict[str, Spec],
) -> None:
    """Traps, on copies of the real documents: a response field the backend renamed, a
    parameter whose type changed, a parameter the backend added to a route that passes the
    query on, and a body field the gateway still documents."""
    import copy

    broken = copy.deepcopy(specs)
    schemas = broken["search"]["components"]["schemas"]
    hit = schemas["SearchHit"]["properties"]
    hit["nama"] = hit.pop("name")
    search = broken["search"]["paths"]["/search"]["get"]
    limit = next(p for p in search["parameters"] if p["name"] == "limit")
    limit["schema"] = {"type": "string"}
    search["parameters"].append({"name": "since", "in": "query", "schema": {"type": "string"}})
    created = _resolve(
        broken["profile"],
        broken["profile"]["paths"]["/profiles"]["post"]["requestBody"]["content"][
            "application/json"
        ]["schema"],
    )
    del created["properties"]["jabatan"]
    found = drift(broken)
    assert any("response field data[].name string is None" in f for f in found), found
    assert any("parameter limit ('query', 'integer') is ('query', 'string')" in f for f in found)
    assert any("parameter since passed on but not documented" in f for f in found)
    assert any("POST /v1/profiles (profile): body field jabatan" in f for f in found)
