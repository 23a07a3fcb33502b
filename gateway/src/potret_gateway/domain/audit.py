"""The audit trail's rules, pure: which requests are audited, an entry and its hash chain,
the MACs of entries and checkpoints, the NIPs in an answer and the retired keys' format.
The store, its writer and the checkpoint file are in adapters/audit.py (which says how the
trail resists editing); `potret-audit` is entrypoints/audit_cli.py."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, fields
from typing import Any

GENESIS = "0" * 64
MAX_NIPS = 1000
# Every byte but an ASCII digit becomes a space: the body splits into its runs of digits, of
# which those exactly 18 long are NIPs (10x faster than a look-around regex over a 30 KB
# answer, which the audit reads on every search).
_DIGITS_ONLY = bytes(c if 0x30 <= c <= 0x39 else 0x20 for c in range(256))


@dataclass(frozen=True)
class Entry:
    at: str
    actor: str
    action: str
    method: str
    path: str
    query: str
    detail: str
    status: int
    request_id: str
    nips: tuple[str, ...]


_FIELDS = tuple(f.name for f in fields(Entry))

_RANKING_PATHS = ("/v1/positions/rank", "/v1/positions/explain", "/v1/positions/score")
_ACTIONS = (
    ("/v1/profiles", "profiles"),
    ("/v1/imports", "imports"),
    ("/v1/search", "search"),
    ("/v1/positions/rank", "rank"),
    ("/v1/positions/explain", "explain"),
    ("/v1/positions/score", "rank"),
    ("/v1/talent-grid", "talent_grid"),
    ("/v1/ask", "ask"),
    ("/v1/corrections", "corrections"),
    ("/v1/shortlists", "shortlists"),
    ("/v1/duplicates", "duplicates"),
    ("/v1/auth/token", "login"),
    ("/v1/audit", "audit.read"),
)


def audited_action(method: str, path: str) -> str | None:
    """What a request does to people's data, or None when it touches no one (health, docs,
    domain list, the position catalogue)."""
    if path.startswith("/v1/positions/") and path.endswith("/ranking"):
        return "rank"
    if path.startswith("/v1/positions/") and path.endswith("/ranking/export"):
        return "rank.export"
    if path.startswith("/v1/shortlists/") and path.endswith("/export"):
        return "shortlists.export"
    if path in ("/v1/search/export", "/v1/talent-grid/export"):
        return path.split("/")[2].replace("-", "_") + ".export"
    if path.startswith("/v1/positions/") and path.endswith("/compare"):
        return "compare"
    if path.startswith("/v1/positions") and not path.startswith(_RANKING_PATHS):
        # The catalogue names each post's holder (a person) and changes the requirements.
        return "positions.read" if method in ("GET", "HEAD") else "positions.write"
    for prefix, action in _ACTIONS:
        if path == prefix or path.startswith(prefix + "/"):
            if action in ("profiles", "corrections", "shortlists"):
                return f"{action}.read" if method in ("GET", "HEAD") else f"{action}.write"
            return action
    return None


def entry_hash(prev_hash: str, entry: Entry) -> str:
    # The fields as they are (a shallow dict): `asdict` copies the NIPs deeply for nothing, a
    # tenth of a millisecond of every audited answer; the JSON, hence the digest, is the same.
    values = {name: getattr(entry, name) for name in _FIELDS}
    body = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def nips_in(payload: bytes) -> tuple[str, ...]:
    """Distinct 18-digit numbers in a response body, in order of appearance (capped)."""
    seen: dict[str, None] = {}
    for run in payload.translate(_DIGITS_ONLY).split():
        if len(run) != 18:
            continue
        seen.setdefault(run.decode(), None)
        if len(seen) >= MAX_NIPS:
            break
    return tuple(seen)


def entry_mac(key: bytes, seq: int, digest: str) -> str:
    return hmac.new(key, f"{seq}|{digest}".encode(), hashlib.sha256).hexdigest()


def checkpoint_mac(key: bytes, seq: int, digest: str, at: str, keyed_from: int) -> str:
    text = f"checkpoint|{seq}|{digest}|{at}|{keyed_from}"
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def parse_checkpoint(item: Any) -> dict[str, Any] | None:
    """A well-formed checkpoint, or None."""
    if not isinstance(item, dict) or not {"seq", "hash", "at", "mac", "keyed_from"} <= set(item):
        return None
    seq, keyed_from = item["seq"], item["keyed_from"]
    digest, at, mac = item["hash"], item["at"], item["mac"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (seq, keyed_from)):
        return None
    if not all(isinstance(v, str) and v.isascii() for v in (digest, at, mac)):
        return None
    return {"seq": seq, "hash": digest, "at": at, "mac": mac, "keyed_from": keyed_from}


@dataclass(frozen=True)
class RetiredKey:
    """An audit key in use before a rotation, and the last entry it signed (if known)."""

    key: bytes
    last_seq: int | None = None


def parse_retired_keys(text: str) -> tuple[RetiredKey, ...]:
    """Lines `[<last seq>] <key>`, oldest first; the key as text, `hex:...` or `base64:...`
    (a derived key is 32 raw bytes: `potret-audit derived-key` prints it as hex)."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        first, _, rest = line.partition(" ")
        last_seq = int(first) if first.isdigit() and rest.strip() else None
        value = rest.strip() if last_seq is not None else line
        if value.startswith("hex:"):
            key = bytes.fromhex(value[4:])
        elif value.startswith("base64:"):
            key = base64.b64decode(value[7:], validate=True)
        else:
            key = value.encode()
        if len(key) < 32:
            raise ValueError("every previous audit key must be at least 32 bytes")
        out.append(RetiredKey(key, last_seq))
    return tuple(out)


@dataclass(frozen=True)
class Broken:
    seq: int
    reason: str
