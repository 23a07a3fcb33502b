"""Request ids reach every log line of a request, and only that request's."""

from __future__ import annotations

import json
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


def test_the_id_header_is_one_and_the_access_line_cannot_be_forged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from fastapi import Response

    app = FastAPI()
    install_request_id_middleware(app)

    @app.get("/{anything:path}")
    def handler(anything: str) -> Response:
        return Response("{}", headers={"X-Request-ID": "set-by-the-route"})

    with caplog.at_level(logging.INFO), TestClient(app) as client:
        # an escape sequence rewrites what a terminal shows of the log
        resp = client.get("/a%1b[2KGET%20/forged", headers={"X-Request-ID": "trace-7"})
    assert resp.headers.get_list("x-request-id") == ["trace-7"]
    access = [r.getMessage() for r in caplog.records if r.name == "potret.access"]
    assert access
    assert all("\x1b" not in line for line in access)
    assert "GET /a\\x1b[2KGET /forged 200" in access[0]


def test_json_lines_carry_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    from potret_observability import configure_logging, request_id_var

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO", "json")
        token = request_id_var.set("rid-json-1")
        logging.getLogger("potret.test").info("halo %s", "dunia")
        request_id_var.reset(token)
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    entry = json.loads(line)
    assert entry["request_id"] == "rid-json-1"
    assert entry["message"] == "halo dunia"
    assert (entry["level"], entry["logger"]) == ("INFO", "potret.test")


def test_metrics_label_routes_by_template() -> None:
    from prometheus_client.parser import text_string_to_metric_families

    from potret_observability.metrics import ServiceMetrics, exposition, install_http_metrics

    app = FastAPI()
    metrics = ServiceMetrics("uji")
    install_http_metrics(app, metrics)

    @app.get("/items/{item_id}")
    def item(item_id: str) -> dict[str, str]:
        return {"id": item_id}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("gagal")

    with TestClient(app, raise_server_exceptions=False) as client:
        for i in range(3):
            client.get(f"/items/{i}")
        client.get("/nowhere")
        assert client.get("/boom").status_code == 500
    samples = [
        s
        for family in text_string_to_metric_families(exposition(metrics.registry).decode())
        for s in family.samples
        if s.name == "potret_http_request_duration_seconds_count"
    ]
    counts = {(s.labels["route"], s.labels["status"]): s.value for s in samples}
    assert counts == {
        ("/items/{item_id}", "200"): 3.0,
        ("(unmatched)", "404"): 1.0,
        ("/boom", "500"): 1.0,  # an exception is counted as the 500 it becomes
    }
