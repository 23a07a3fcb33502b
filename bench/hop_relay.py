"""The floor of one more Python HTTP hop in front of the search service: uvicorn and aiohttp
(the gateway's server and search client) relaying GET /v1/search to the search service's
/search and nothing else: no authentication, no parameter check, no audit, no logging.

bench/gateway.py starts it beside the gateway, so the gateway's overhead splits into what any
Python proxy in front of search costs and what the gateway's own work adds.

    .venv/bin/python bench/hop_relay.py --port 8099 [--search http://127.0.0.1:8082]
"""

from __future__ import annotations

import argparse
from typing import Any

import aiohttp
import uvicorn

from potret_credentials.internal import operator_identity


def relay(search: str) -> Any:
    identity = operator_identity()
    session: aiohttp.ClientSession | None = None

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        nonlocal session
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if session is not None:
                        await session.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if session is None:
            session = aiohttp.ClientSession()
        url = f"{search}/search?{scope['query_string'].decode('latin-1')}"
        headers = {"Authorization": identity.authorization("search")}
        async with session.get(url, headers=headers) as reply:
            body = await reply.read()
            status, kind = reply.status, reply.headers.get("content-type", "application/json")
        await send(
            {
                "type": "http.response.start",
                "status": status,
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
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--search", default="http://127.0.0.1:8082")
    args = parser.parse_args()
    uvicorn.run(
        relay(args.search), host="127.0.0.1", port=args.port, log_level="warning", access_log=False
    )


if __name__ == "__main__":
    main()
