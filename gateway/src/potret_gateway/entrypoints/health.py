"""/healthz and /readyz: the gateway alive, and ready when every backend and its own
database answer."""

from __future__ import annotations

from typing import Any

import anyio
import grpc
import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from potret_gateway.adapters.auth_store import AuthStore
from potret_gateway.adapters.backends import BackendClient
from potret_gateway.entrypoints.deps import (
    BackendsDep,
)


async def _check_http(client: BackendClient) -> dict[str, Any]:
    try:
        resp = await client.get("/readyz", timeout=3)
        return {"ok": resp.status_code == 200, "status": resp.status_code}
    except httpx.HTTPError as exc:
        return {"ok": False, "error": type(exc).__name__}


async def _check_database(store: AuthStore) -> dict[str, Any]:
    try:
        await anyio.to_thread.run_sync(store.ping)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


health_router = APIRouter(tags=["health"])


@health_router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The gateway process is alive."""
    return {"status": "ok"}


@health_router.get("/readyz")
async def readyz(request: Request, backends: BackendsDep) -> JSONResponse:
    """Ready only when every backend and the gateway's own database answer."""
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    checks = {
        "profile": await _check_http(backends.profile),
        "search": await _check_http(backends.search),
        "database": await _check_database(request.app.state.auth),
    }
    try:
        stub = health_pb2_grpc.HealthStub(backends.ranking_channel)
        reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=3)
        serving = reply.status == health_pb2.HealthCheckResponse.SERVING
        checks["ranking"] = {
            "ok": serving,
            "status": health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status),
        }
    except grpc.aio.AioRpcError as exc:
        checks["ranking"] = {"ok": False, "error": exc.code().name}
    ready = all(c["ok"] for c in checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)
