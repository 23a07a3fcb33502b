"""Domain errors of the profile service; the API maps them to HTTP problems."""

from __future__ import annotations


class ProfileError(Exception):
    """Base of profile domain errors."""


class ProfileNotFound(ProfileError):
    def __init__(self, nip: str) -> None:
        super().__init__(f"profile {nip} not found")
        self.nip = nip


class ProfileMerged(ProfileNotFound):
    """A record merged into another one as a duplicate."""

    def __init__(self, nip: str, merged_into: str) -> None:
        super().__init__(nip)
        self.merged_into = merged_into


class ProfileAlreadyExists(ProfileError):
    def __init__(self, nip: str) -> None:
        super().__init__(f"profile {nip} already exists")
        self.nip = nip


class VersionConflict(ProfileError):
    def __init__(self, nip: str, expected: int, actual: int) -> None:
        super().__init__(f"profile {nip} is at version {actual}, not {expected}")
        self.nip = nip
        self.expected = expected
        self.actual = actual
