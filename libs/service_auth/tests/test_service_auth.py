"""Service tokens (issue 18, item 2): only known services, with their own keys, for the
service they call, within the token's life."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import stat
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient

from potret_service_auth import (
    ServiceAuthError,
    ServiceKeyError,
    ServiceTokenAuth,
    init_keys,
    load_identity,
    load_private_key,
    load_verifier,
)
from potret_service_auth.asgi import install_service_auth


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    init_keys(tmp_path)
    return tmp_path


def test_init_creates_private_keys_readable_by_the_owner_only_and_keeps_existing(
    keys: Path,
) -> None:
    mode = stat.S_IMODE((keys / "gateway.key").stat().st_mode)
    assert mode == 0o600
    before = (keys / "gateway.key").read_bytes()
    assert init_keys(keys) == []
    assert (keys / "gateway.key").read_bytes() == before


def test_a_known_caller_is_accepted(keys: Path) -> None:
    token = load_identity("gateway", keys).authorization("profile")
    assert load_verifier("profile", directory=keys).verify(token) == "gateway"


@pytest.mark.parametrize(
    ("caller", "audience", "reason"),
    [
        ("gateway", "search", "bukan untuk layanan profile"),  # a token for another service
        ("ranking", "profile", "tidak diizinkan"),  # ranking never calls profile
        ("search", "profile", "tidak diizinkan"),  # nor does search (reindex is the operator's)
    ],
)
def test_a_token_for_another_service_or_from_another_caller_is_refused(
    keys: Path, caller: str, audience: str, reason: str
) -> None:
    token = load_identity(caller, keys).authorization(audience)
    with pytest.raises(ServiceAuthError) as err:
        load_verifier("profile", directory=keys).verify(token)
    assert reason in err.value.reason


def test_a_forged_token_in_a_known_name_is_refused(keys: Path) -> None:
    forged = jwt.encode(
        {"iss": "gateway", "aud": "profile", "iat": int(time.time()), "exp": int(time.time()) + 60},
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": "gateway"},
    )
    with pytest.raises(ServiceAuthError, match="Invalid service token"):
        load_verifier("profile", directory=keys).verify(f"Bearer {forged}")


def test_an_hmac_token_cannot_pass_as_a_signed_one(keys: Path) -> None:
    # Algorithm confusion: the public key (which anyone may hold) used as an HMAC secret.
    def part(data: dict[str, object]) -> str:
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    now = int(time.time())
    head = part({"alg": "HS256", "typ": "JWT", "kid": "gateway"})
    body = part({"iss": "gateway", "aud": "profile", "iat": now, "exp": now + 60})
    secret = (keys / "gateway.pub").read_bytes()
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    sig = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    with pytest.raises(ServiceAuthError):
        load_verifier("profile", directory=keys).verify(f"Bearer {head}.{body}.{sig}")


def test_an_expired_token_is_refused(keys: Path) -> None:
    identity = load_identity("gateway", keys)
    identity.ttl_s = -60  # expired a minute ago, beyond the leeway
    with pytest.raises(ServiceAuthError, match="expired"):
        load_verifier("profile", directory=keys).verify(identity.authorization("profile"))


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer not.a.jwt"])
def test_no_or_a_malformed_token_is_refused(keys: Path, header: str | None) -> None:
    with pytest.raises(ServiceAuthError):
        load_verifier("profile", directory=keys).verify(header)


def test_a_missing_public_key_stops_the_start_with_the_command_to_fix_it(tmp_path: Path) -> None:
    init_keys(tmp_path, ["gateway"])
    with pytest.raises(ServiceKeyError, match="potret-service-keys init"):
        load_verifier("profile", directory=tmp_path)


def test_the_middleware_guards_every_route_but_the_probes(keys: Path) -> None:
    app = FastAPI()

    @app.get("/profiles")
    def profiles() -> dict[str, str]:
        return {"nik": "3525010101800001"}

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    install_service_auth(app, load_verifier("profile", directory=keys))
    with TestClient(app) as anyone:
        refused = anyone.get("/profiles?q=3525010101800001")
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "3525" not in refused.text
        assert refused.json()["type"].endswith("service-unauthenticated")
        assert anyone.get("/healthz").status_code == 200
    with TestClient(app) as gateway:
        gateway.auth = ServiceTokenAuth(load_identity("gateway", keys), "profile")
        assert gateway.get("/profiles").status_code == 200
        gateway.auth = ServiceTokenAuth(load_identity("gateway", keys), "search")
        assert gateway.get("/profiles").status_code == 401


def test_a_corrupt_key_file_stops_the_start_naming_the_file(keys: Path) -> None:
    (keys / "gateway.pub").write_text("not a key")
    with pytest.raises(ServiceKeyError, match=r"gateway\.pub"):
        load_verifier("profile", directory=keys)
    (keys / "gateway.key").write_text("")
    with pytest.raises(ServiceKeyError, match=r"gateway\.key"):
        load_identity("gateway", keys)


@pytest.mark.parametrize(
    ("aud", "lifetime"),
    [("profile", 365 * 24 * 3600), (["profile", "search"], 60)],
)
def test_a_long_lived_or_multi_service_token_is_refused_even_when_well_signed(
    keys: Path, aud: object, lifetime: int
) -> None:
    key = load_private_key("gateway", keys)
    now = int(time.time())
    token = jwt.encode(
        {"iss": "gateway", "aud": aud, "iat": now, "exp": now + lifetime},
        key,
        algorithm="EdDSA",
        headers={"kid": "gateway"},
    )
    with pytest.raises(ServiceAuthError):
        load_verifier("profile", directory=keys).verify(f"Bearer {token}")


def test_a_rotation_accepts_the_old_and_the_next_key_until_the_old_one_goes(keys: Path) -> None:
    # The services get gateway.next.pub and restart; then the gateway gets its new key; then
    # the new key becomes gateway.pub. No call is refused on the way.
    old = load_identity("gateway", keys).authorization("profile")
    fresh = keys / "fresh"
    init_keys(fresh, ["gateway"])
    (keys / "gateway.next.pub").write_bytes((fresh / "gateway.pub").read_bytes())
    new = load_identity("gateway", fresh).authorization("profile")
    both = load_verifier("profile", directory=keys)
    assert both.verify(old) == both.verify(new) == "gateway"
    (keys / "gateway.pub").write_bytes((fresh / "gateway.pub").read_bytes())
    (keys / "gateway.next.pub").unlink()
    after = load_verifier("profile", directory=keys)
    assert after.verify(new) == "gateway"
    with pytest.raises(ServiceAuthError):
        after.verify(old)
