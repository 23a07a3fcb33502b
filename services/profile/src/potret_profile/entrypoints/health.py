"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from potret_profile.entrypoints.deps import RelayDep, StoreDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(store: StoreDep, relay: RelayDep) -> JSONResponse:
    """Ready when the database answers and (with the leading relay in this process) Kafka
    is reachable."""
    checks: dict[str, dict[str, object]] = {}
    try:
        store.ping()
        checks["database"] = {"ok": True, "outbox_backlog": store.backlog()}
    except Exception as exc:
        checks["database"] = {"ok": False, "error": str(exc)}
    if relay is not None:
        # A standby relay (another replica publishes the outbox) has nothing to check.
        checks["kafka"] = {
            "ok": relay.status.kafka_connected or relay.status.standby,
            "relay": "standby" if relay.status.standby else "leader",
            "bootstrap_servers": relay.settings.kafka_bootstrap_servers,
            "error": relay.status.last_error,
            "published_total": relay.status.published_total,
        }
    ready = all(bool(c["ok"]) for c in checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)
