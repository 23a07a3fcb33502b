"""Domain errors of the profile service; the API maps them to HTTP problems.

A record is a profile (keyed by NIP) or a position of the catalogue (keyed by its id): each
error of a record's life cycle names which (`kind`), and each kind has its own class, so a
route catches only its own records' errors."""

from __future__ import annotations

from potret_profile.domain.model import Kind

_NAMES: dict[str, str] = {"profiles": "profile", "positions": "position"}


class ProfileError(Exception):
    """Base of the profile service's domain errors."""


class RecordNotFound(ProfileError):
    """No live record of `kind` under `key` (raised as ProfileNotFound or PositionNotFound)."""

    kind: Kind

    def __init__(self, key: str) -> None:
        super().__init__(f"{_NAMES[self.kind]} {key} not found")
        self.key = key


class ProfileNotFound(RecordNotFound):
    kind: Kind = "profiles"

    @property
    def nip(self) -> str:
        return self.key


class PositionNotFound(RecordNotFound):
    kind: Kind = "positions"


class ProfileMerged(ProfileNotFound):
    """A record merged into another one as a duplicate."""

    def __init__(self, nip: str, merged_into: str) -> None:
        super().__init__(nip)
        self.merged_into = merged_into


class RecordAlreadyExists(ProfileError):
    """A live record of `kind` already holds `key` (raised as ProfileAlreadyExists or
    PositionAlreadyExists)."""

    kind: Kind

    def __init__(self, key: str) -> None:
        super().__init__(f"{_NAMES[self.kind]} {key} already exists")
        self.key = key


class ProfileAlreadyExists(RecordAlreadyExists):
    kind: Kind = "profiles"

    @property
    def nip(self) -> str:
        return self.key


class PositionAlreadyExists(RecordAlreadyExists):
    kind: Kind = "positions"


class VersionConflict(ProfileError):
    """The record of `kind` under `key` is at another version than the caller read."""

    def __init__(self, key: str, expected: int, actual: int, kind: Kind = "profiles") -> None:
        super().__init__(f"{_NAMES[kind]} {key} is at version {actual}, not {expected}")
        self.key = key
        self.kind = kind
        self.expected = expected
        self.actual = actual


def not_found(kind: Kind, key: str) -> RecordNotFound:
    """The not-found error of a record of `kind`."""
    return ProfileNotFound(key) if kind == "profiles" else PositionNotFound(key)


def already_exists(kind: Kind, key: str) -> RecordAlreadyExists:
    """The already-exists error of a record of `kind`."""
    return ProfileAlreadyExists(key) if kind == "profiles" else PositionAlreadyExists(key)
