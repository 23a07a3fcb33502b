"""How command-line clients of the gateway authenticate.

In order: an explicit key (`--api-key`), the POTRET_API_KEY environment variable, then the
development credentials `potret-auth dev-bootstrap` writes for `make run` and the tests
(POTRET_CREDENTIALS, default $POTRET_VAR/run/dev-credentials.json, POTRET_VAR default
./var). Outside dev mode create a key with `potret-auth key create` and pass it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["API_KEY_ENV", "api_key", "auth_headers", "dev_credentials", "dev_credentials_path"]

API_KEY_ENV = "POTRET_API_KEY"


def dev_credentials_path() -> Path:
    explicit = os.environ.get("POTRET_CREDENTIALS")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("POTRET_VAR", "var")) / "run" / "dev-credentials.json"


def dev_credentials() -> dict[str, str]:
    """The dev-mode login and key, or {} when there are none."""
    path = dev_credentials_path()
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def api_key(explicit: str | None = None) -> str | None:
    return explicit or os.environ.get(API_KEY_ENV) or dev_credentials().get("api_key")


def auth_headers(explicit: str | None = None) -> dict[str, str]:
    """`{"X-API-Key": ...}`, or {} when no key is known (the gateway then answers 401)."""
    key = api_key(explicit)
    return {"X-API-Key": key} if key else {}
