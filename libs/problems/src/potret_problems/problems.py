"""Problem details: one error shape for every Potret HTTP API, in Indonesian and English.

Each problem names its `type` (a stable URI reference), a `title` in Indonesian with
`title_en` beside it, and for validation errors one entry per broken rule with the field
path, the rule id and an Indonesian message.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://potret.dev/problems/"


class FieldViolation(BaseModel):
    """One broken rule of one field."""

    field: str = Field(examples=["nip"])
    rule: str = Field(examples=["NIP-FMT"])
    message: str = Field(examples=["NIP harus terdiri dari tepat 18 digit angka"])
    message_en: str | None = Field(default=None, examples=["NIP must be exactly 18 digits"])
    value: Any = Field(default=None, description="Nilai yang ditolak (dipotong bila panjang)")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=[TYPE_BASE + "validation-error"])
    title: str = Field(examples=["Data tidak valid"])
    title_en: str = Field(examples=["Invalid data"])
    status: int = Field(examples=[422])
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldViolation] = Field(default_factory=list)


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """A route's OpenAPI `responses` for `codes`: each answered as application/problem+json
    with a `Problem` body (FastAPI's `responses=`; merge with `|` or `**` for more)."""
    return {code: {"model": Problem, "content": {PROBLEM_JSON: {}}} for code in codes}


class ProblemError(Exception):
    """Raise from a route to answer with a problem; mapped once, at the edge."""

    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        title_en: str,
        detail: str | None = None,
        errors: Sequence[FieldViolation] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or title_en)
        self.status = status
        self.slug = slug
        self.title = title
        self.title_en = title_en
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers


def problem_response(
    status: int,
    slug: str,
    title: str,
    title_en: str,
    *,
    detail: str | None = None,
    errors: Sequence[FieldViolation] = (),
    instance: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build an application/problem+json response."""
    body = Problem(
        type=TYPE_BASE + slug,
        title=title,
        title_en=title_en,
        status=status,
        detail=detail,
        instance=instance,
        errors=list(errors),
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


# Indonesian messages for the pydantic error types that users meet most often.
_MESSAGES_ID: dict[str, str] = {
    "missing": "wajib diisi",
    "string_type": "harus berupa teks",
    "int_type": "harus berupa bilangan bulat",
    "int_parsing": "harus berupa bilangan bulat",
    "string_too_short": "terlalu pendek",
    "string_too_long": "terlalu panjang",
    "string_pattern_mismatch": "format tidak sesuai",
    "extra_forbidden": "field tidak dikenal",
    "json_invalid": "JSON tidak valid",
    "model_attributes_type": "harus berupa objek JSON",
    "dict_type": "harus berupa objek JSON",
    "greater_than_equal": "terlalu kecil",
    "less_than_equal": "terlalu besar",
    "greater_than": "terlalu kecil",
    "less_than": "terlalu besar",
    "too_short": "terlalu sedikit nilai",
    "too_long": "terlalu banyak nilai",
}


def _violation(error: dict[str, Any]) -> FieldViolation:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body",)]
    field = ".".join(loc) or "body"
    kind = str(error.get("type", "invalid"))
    ctx = error.get("ctx") or {}
    value = _shorten(error.get("input"))
    if kind == "value_error" and "error" in ctx:
        # Domain validators raise RuleViolation: rule id plus Indonesian and English text.
        exc = ctx["error"]
        rule = getattr(exc, "rule", "VALUE")
        message = getattr(exc, "message", None) or str(exc)
        return FieldViolation(
            field=field,
            rule=rule,
            message=message,
            message_en=getattr(exc, "message_en", None) or str(exc),
            value=value,
        )
    message = _MESSAGES_ID.get(kind, str(error.get("msg", "tidak valid")))
    if kind in ("string_too_short", "string_too_long") and ctx:
        limit = ctx.get("min_length", ctx.get("max_length"))
        message = f"{message} (batas {limit} karakter)"
    if kind in ("too_short", "too_long") and ctx:
        limit = ctx.get("min_length", ctx.get("max_length"))
        message = f"{message} (batas {limit})"
    bounds = {
        "greater_than_equal": "ge",
        "less_than_equal": "le",
        "greater_than": "gt",
        "less_than": "lt",
    }
    if kind in bounds and bounds[kind] in ctx:  # the limit named: "terlalu besar (batas 500)"
        message = f"{message} (batas {ctx[bounds[kind]]})"
    if kind in ("missing",):
        value = None
    return FieldViolation(
        field=field, rule=kind, message=message, message_en=str(error.get("msg")), value=value
    )


def _shorten(value: Any) -> Any:
    """Echo short scalar inputs back; never echo large or nested values."""
    if isinstance(value, str):
        return value if len(value) <= 100 else value[:100] + "…"
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return None


def violations_from_errors(errors: Sequence[Any], prefix: str = "") -> list[FieldViolation]:
    """FieldViolations from pydantic errors (e.g. of a record inside a bulk import)."""
    out = []
    for e in errors:
        v = _violation(dict(e))
        if prefix:
            v.field = f"{prefix}.{v.field}" if v.field != "body" else prefix
        out.append(v)
    return out


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of `app` an application/problem+json response."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.slug,
            exc.title,
            exc.title_en,
            detail=exc.detail,
            errors=exc.errors,
            instance=request.url.path,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        violations = [_violation(dict(e)) for e in exc.errors()]
        return problem_response(
            422,
            "validation-error",
            "Data tidak valid",
            "Invalid data",
            detail="; ".join(f"{v.field}: {v.message}" for v in violations),
            errors=violations,
            instance=request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {
            404: ("Tidak ditemukan", "Not found", "not-found"),
            405: ("Metode tidak diizinkan", "Method not allowed", "method-not-allowed"),
        }
        title, title_en, slug = titles.get(exc.status_code, ("Kesalahan", "Error", "http-error"))
        return problem_response(
            exc.status_code,
            slug,
            title,
            title_en,
            detail=str(exc.detail) if exc.detail else None,
            instance=request.url.path,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(
            500,
            "internal-error",
            "Terjadi kesalahan internal",
            "Internal error",
            detail="Kesalahan ini sudah dicatat; silakan coba lagi.",
            instance=request.url.path,
        )
