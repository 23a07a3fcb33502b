"""Spelling distance shared by the question reader (typos in a post's name) and the
duplicate matcher (slips in a person's name). Pure."""

from __future__ import annotations


def slips(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a letter dropped, added or replaced, or two
    neighbouring letters swapped, each one edit); limit + 1 as soon as the lengths alone
    differ by more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
