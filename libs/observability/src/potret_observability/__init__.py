"""Request ids in every log line, across the gateway and the services behind it.

The gateway accepts or creates an `X-Request-ID` and passes it on (HTTP header, gRPC metadata
`x-request-id`); each service puts it in a context variable for the time of the request, and
a logging filter writes it into every record (`rid=...`, `-` outside a request). A service's
log lines for one gateway request can then be found with `grep rid=<id> var/log/*.log`.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
import uuid
from typing import Any

__all__ = [
    "LOG_FORMAT",
    "REQUEST_ID_HEADER",
    "UVICORN_LOGGING",
    "RequestIdMiddleware",
    "accept_request_id",
    "configure_logging",
    "current_request_id",
    "install_request_id_middleware",
    "loggable_path",
    "no_arguments",
    "request_id_var",
]

REQUEST_ID_HEADER = "X-Request-ID"
# uvicorn.run(app, host=..., port=..., **UVICORN_LOGGING): keep configure_logging's handlers
# (request id in every line) and leave access lines to potret.access, which has the id.
UVICORN_LOGGING: dict[str, Any] = {"log_level": "info", "log_config": None, "access_log": False}
# Client libraries kept at WARNING: httpx logs every URL (search terms), kafka-python's DEBUG
# lines print its whole configuration, the SASL password included.
QUIET_LOGGERS = ("httpx", "httpcore", "aiohttp", "elastic_transport", "urllib3", "kafka")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s rid=%(request_id)s %(message)s"
_WELL_FORMED = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
access_log = logging.getLogger("potret.access")


def accept_request_id(incoming: str | None) -> str:
    """The caller's id when well-formed (so traces join up across systems), else a new one."""
    return incoming if incoming and _WELL_FORMED.match(incoming) else uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message (and exception)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def no_arguments(prog: str, description: str, env_prefix: str) -> None:
    """The command line of a service process, which takes its settings from the environment
    only: `--help` says so and exits, any argument is refused (exit 2) instead of the
    process starting as if none had been given."""
    import argparse

    argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog=f"Pengaturan dari variabel lingkungan {env_prefix}* (lihat README layanan).",
    ).parse_args()


def configure_logging(level: str | int, fmt: str | None = None) -> None:
    """Root logging with the request id in every line (handlers of uvicorn and grpc too).

    `fmt` "json" (or POTRET_LOG_FORMAT=json) writes one JSON object per line for log
    collectors; the default is a readable text line."""
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)
    # The HTTP clients log every request line with its query string (a search term, a NIK
    # typed into search) at INFO: personal data must not reach the log (UU 27/2022).
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
    as_json = (fmt or os.environ.get("POTRET_LOG_FORMAT", "text")).lower() == "json"
    for handler in logging.getLogger().handlers:
        handler.addFilter(RequestIdFilter())
        if as_json:
            handler.setFormatter(JsonFormatter())


_RID_RAW = REQUEST_ID_HEADER.lower().encode()
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def loggable_path(path: str) -> str:
    """A (percent-decoded) path with its control characters escaped: a crafted path cannot
    forge a log line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", path)


class RequestIdMiddleware:
    """Pure ASGI: keep or create the request id, expose it in the response, and log one access
    line per request with method, path, status and duration (no per-request task or stream,
    unlike Starlette's BaseHTTPMiddleware)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        presented = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                presented = value.decode("latin-1")
                break
        rid = accept_request_id(presented)
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 0

        async def stamped(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *(h for h in message.get("headers", ()) if h[0].lower() != _RID_RAW),
                    (_RID_RAW, rid.encode("latin-1")),
                ]
            await send(message)

        try:
            await self.app(scope, receive, stamped)
            access_log.info(
                "%s %s %d %.1fms",
                scope["method"],
                loggable_path(scope["path"]),
                status,
                (time.perf_counter() - started) * 1000,
            )
        finally:
            request_id_var.reset(token)


def install_request_id_middleware(app: Any) -> None:
    """FastAPI/Starlette: the request id and access log of every request (RequestIdMiddleware)."""
    app.add_middleware(RequestIdMiddleware)
