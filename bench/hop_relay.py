"""The floor of one more Python HTTP hop in front of the search service: the gateway's server
(uvicorn) and its search client (`AiohttpReadClient`, with a request id, as the gateway sends
it) relaying GET /v1/search to the search service's /search, and nothing else: no
authentication of the caller, no parameter check, no audit, no access log.

bench/gateway.py starts it beside the gateway, so the gateway's overhead splits into what any
Python proxy in front of search costs and what the gateway's own work adds.

    .venv/bin/python bench/hop_relay.py --port 8099 [--search http://127.0.0.1:8082]
    .venv/bin/python bench/hop_relay.py --fd 3  (a listening socket handed over by its parent)
"""

from __future__ import annotations

import argparse
import secrets
from typing import Any
from urllib.parse import parse_qsl

import uvicorn

from potret_credentials.internal import operator_identity
from potret_gateway.adapters.backends import AiohttpReadClient


def relay(search: str) -> Any:
    """An ASGI app answering every HTTP request with the search service's answer to
    /search and the request's query string (status, content type and body)."""
    client = AiohttpReadClient(search, 30.0, operator_identity(), "search")

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await client.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        reply = await client.get(
            "/search", params=params, headers={"X-Request-ID": secrets.token_hex(16)}
        )
        body = reply.content
        kind = reply.headers.get("content-type", "application/json")
        await send(
            {
                "type": "http.response.start",
                "status": reply.status_code,
                "headers": [
                    (b"content-type", kind.encode("latin-1")),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", type=int)
    where.add_argument("--fd", type=int, help="a listening socket's file descriptor")
    parser.add_argument("--search", default="http://127.0.0.1:8082")
    args = parser.parse_args()
    options: dict[str, Any] = {"log_level": "warning", "access_log": False}
    if args.fd is not None:
        options["fd"] = args.fd
    else:
        options.update(host="127.0.0.1", port=args.port)
    uvicorn.run(relay(args.search), **options)


if __name__ == "__main__":
    main()
