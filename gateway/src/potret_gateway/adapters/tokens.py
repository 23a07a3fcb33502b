"""Access tokens for people: JWT (RFC 7519, HS256) issued by POST /v1/auth/token.

A token only proves who logged in and when; the role, OPD and NIP are read from the user
store on every request, so disabling a user or changing their role takes effect at once.
"""

from __future__ import annotations

import time
import uuid

import jwt

ISSUER = "potret-gateway"
ALGORITHM = "HS256"
MIN_SECRET_BYTES = 32


class TokenError(ValueError):
    pass


def issue(username: str, secret: str, ttl_s: int) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": username,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_s,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def subject(token: str, secret: str) -> str:
    """The username in a valid, unexpired token from this issuer."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenError("token kedaluwarsa; masuk lagi") from None
    except jwt.PyJWTError as exc:
        raise TokenError(f"token tidak sah ({type(exc).__name__})") from None
    return str(claims["sub"])
