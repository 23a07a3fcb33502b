"""Calling the backends: a path segment made safe, and their failures mapped once to problems
(unreachable → 503, too slow → 504, a ranking error → its own problem)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

import grpc
import httpx
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from potret_problems import FieldViolation, ProblemError

R = TypeVar("R")


def segment(value: str) -> str:
    """A path parameter as one percent-encoded URL segment for a backend call: '?', '#',
    '..' or control characters in it must not change which backend route is called."""
    return quote(value, safe="")


def backend_unreachable(name: str, exc: Exception) -> ProblemError:
    if isinstance(exc, httpx.TimeoutException):
        return ProblemError(
            504,
            "backend-timeout",
            f"Layanan {name} tidak menjawab tepat waktu",
            f"The {name} service timed out",
            detail=type(exc).__name__,
        )
    return ProblemError(
        503,
        "backend-unavailable",
        f"Layanan {name} sedang tidak tersedia",
        f"The {name} service is unavailable",
        detail=type(exc).__name__,
        headers={"Retry-After": "5"},
    )


def from_grpc(exc: grpc.aio.AioRpcError) -> ProblemError:
    """Map a ranking RPC error to a problem, keeping the field violations."""
    code = exc.code()
    violations: list[FieldViolation] = []
    status = rpc_status.from_call(exc)
    if status is not None:
        for detail in status.details:
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                violations += [
                    FieldViolation(field=v.field, rule="INVALID_ARGUMENT", message=v.description)
                    for v in bad.field_violations
                ]
    mapping: dict[Any, tuple[int, str, str, str]] = {
        grpc.StatusCode.INVALID_ARGUMENT: (
            422,
            "validation-error",
            "Data tidak valid",
            "Invalid data",
        ),
        grpc.StatusCode.NOT_FOUND: (404, "not-found", "Tidak ditemukan", "Not found"),
        grpc.StatusCode.UNAVAILABLE: (
            503,
            "backend-unavailable",
            "Layanan ranking sedang tidak tersedia",
            "The ranking service is unavailable",
        ),
        grpc.StatusCode.DEADLINE_EXCEEDED: (
            504,
            "backend-timeout",
            "Layanan ranking tidak menjawab tepat waktu",
            "The ranking service timed out",
        ),
    }
    http, slug, title, title_en = mapping.get(
        code, (502, "backend-error", "Layanan ranking gagal", "The ranking service failed")
    )
    return ProblemError(
        http,
        slug,
        title,
        title_en,
        detail=exc.details(),
        errors=violations,
        headers={"Retry-After": "5"} if http == 503 else None,
    )


async def call_ranking(
    backends: Any, method: Callable[..., Awaitable[R]], request: Any, request_id: str
) -> R:
    """One ranking RPC with the configured timeout and the request id as metadata; its
    errors become problems (from_grpc)."""
    try:
        return await method(
            request,
            timeout=backends.settings.ranking_timeout_s,
            metadata=(("x-request-id", request_id),),
        )
    except grpc.aio.AioRpcError as exc:
        raise from_grpc(exc) from exc
