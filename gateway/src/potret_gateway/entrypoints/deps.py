"""Dependencies: backends, the request id, If-Match and the common path and query types.
Each dependency is `async def`: none does I/O, and FastAPI runs a plain `def` dependency in a
worker thread (a hop per request).

A route with many query parameters passed on to a backend as given (the search) declares
them as one pydantic model: checked in one call (`check_query`) instead of one FastAPI
parameter each (two dozen were 0.65 ms of every search), and listed in the OpenAPI document
from the same model (`query_parameters`), with the same limits, errors and documentation."""

from __future__ import annotations

import copy
from functools import cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from fastapi import Depends, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import QueryParams

from potret_gateway.adapters.backends import Backends


async def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


async def get_request_id(request: Request) -> str:
    request_id: str = request.state.request_id
    return request_id


BackendsDep = Annotated[Backends, Depends(get_backends)]
RequestIdDep = Annotated[str, Depends(get_request_id)]


async def _if_match(
    if_match: Annotated[str | None, Header(description='ETag dari GET, mis. "3"')] = None,
) -> dict[str, str]:
    """The If-Match header to pass on to the backend (none when absent)."""
    return {"If-Match": if_match} if if_match else {}


IfMatchDep = Annotated[dict[str, str], Depends(_if_match)]
NipPath = Annotated[str, Path(examples=["198609262015051001"], description="NIP 18 digit")]
CursorQuery = Annotated[
    str | None, Query(description="next_cursor dari halaman sebelumnya", examples=["MTk4Ng"])
]


def _takes_many(annotation: Any) -> bool:
    """A list (or a list or None): the parameter may be repeated (`?domain=a&domain=b`)."""
    if get_origin(annotation) in (list, tuple, set, frozenset):
        return True
    return get_origin(annotation) in (Union, UnionType) and any(
        _takes_many(arg) for arg in get_args(annotation)
    )


@cache
def list_fields(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` that take a parameter repeated."""
    return frozenset(n for n, f in model.model_fields.items() if _takes_many(f.annotation))


def check_query(model: type[BaseModel], query: QueryParams) -> None:
    """Check a query against `model`, as FastAPI checks declared query parameters: a list
    field takes every value given, another field the last; parameters the model does not
    name are left alone. Bad ones raise RequestValidationError (422, every one named as
    `query.<name>`, in the model's order). A field is read under its alias when it has one."""
    lists = list_fields(model)
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if name in lists:
            values = query.getlist(key)
            if values:
                data[key] = values
        elif key in query:
            data[key] = query[key]
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


@cache
def _parameters(model: type[BaseModel]) -> tuple[dict[str, Any], ...]:
    schema = model.model_json_schema()
    if "$defs" in schema:  # an enum or a nested model: its $ref would point nowhere
        raise TypeError(f"{model.__name__}: a query model refers to definitions")
    required = set(schema.get("required", ()))
    out = []
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if not (k == "default" and v is None)}
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
        }
        if "description" in prop:
            param["description"] = prop["description"]
        out.append(param)
    return tuple(out)


def query_parameters(
    model: type[BaseModel], *, first: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """The OpenAPI parameters of a query checked by `check_query` (a route's `openapi_extra`),
    shaped as FastAPI lists declared query parameters; those named in `first` first."""
    params = copy.deepcopy(list(_parameters(model)))
    return sorted(params, key=lambda p: p["name"] not in first)
