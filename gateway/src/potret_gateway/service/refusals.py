"""The refusals the gateway answers with, each once: 401 (no valid credentials), 403 (not
allowed, or a record hidden from the caller), 429 (too many requests)."""

from __future__ import annotations

from potret_gateway.adapters.ratelimit import retry_after
from potret_problems import ProblemError


def unauthorized(reason_id: str, reason_en: str) -> ProblemError:
    return ProblemError(
        401,
        "unauthorized",
        "Perlu masuk (login) atau API key yang sah",
        "Authentication required",
        detail=f"{reason_id} / {reason_en}",
        headers={"WWW-Authenticate": 'Bearer realm="potret"'},
    )


def forbidden(reason_id: str, reason_en: str) -> ProblemError:
    return ProblemError(
        403,
        "forbidden",
        "Akses ditolak",
        "Forbidden",
        detail=f"{reason_id} / {reason_en}",
    )


def too_many(wait_s: float) -> ProblemError:
    return ProblemError(
        429,
        "rate-limited",
        "Terlalu banyak permintaan; coba lagi sebentar lagi",
        "Too many requests",
        detail=f"batas per menit terlampaui; coba lagi dalam {retry_after(wait_s)} detik",
        headers={"Retry-After": retry_after(wait_s)},
    )


def hidden_profile(nip: str) -> ProblemError:
    """For OPD-bound callers, "not yours" and "not there" are one answer: whether a NIP
    exists in another OPD is itself not theirs to know."""
    return ProblemError(
        404,
        "profile-not-found",
        "Profil tidak ditemukan",
        "Profile not found",
        detail=f"Tidak ada profil dengan NIP {nip} dalam akses Anda",
    )
