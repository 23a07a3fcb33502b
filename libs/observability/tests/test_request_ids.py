"""Request ids reach every log line of a request, and only that request's."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from potret_observability import (
    RequestIdFilter,
    accept_request_id,
    install_request_id_middleware,
)

log = logging.getLogger("test.handler")


def test_well_formed_ids_are_kept_and_others_replaced() -> None:
    assert accept_request_id("abc-123:x.y") == "abc-123:x.y"
    for bad in (None, "", "bad id", "x" * 129, "a\nb"):
        new = accept_request_id(bad)
        assert len(new) == 32
        assert new != bad


def test_every_line_of_a_request_carries_its_id(caplog: pytest.LogCaptureFixture) -> None:
    app = FastAPI()
    install_request_id_middleware(app)

    @app.get("/x")
    def handler() -> dict[str, str]:
        log.info("inside the handler")
        return {"ok": "yes"}

    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO), TestClient(app) as client:
        resp = client.get("/x", headers={"X-Request-ID": "trace-42"})
        other = client.get("/x")
    assert resp.headers["x-request-id"] == "trace-42"
    ids = [(r.name, r.request_id) for r in caplog.records]  # type: ignore[attr-defined]
    assert ("test.handler", "trace-42") in ids
    assert ("potret.access", "trace-42") in ids
    assert ("test.handler", other.headers["x-request-id"]) in ids
    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    RequestIdFilter().filter(outside)
    assert outside.request_id == "-"  # type: ignore[attr-defined]
