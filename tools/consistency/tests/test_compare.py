"""`compare` names every way a copy can differ from the store."""

from __future__ import annotations

from potret_consistency import Held, compare

A, B, C, D, E = (f"19860926201505100{i}" for i in range(1, 6))


def test_equal_copies_are_equal() -> None:
    store = {A: Held(3, False, "aa"), B: Held(2, True, "")}
    diff = compare(store, dict(store), "indeks")
    assert diff.equal
    assert "sama persis" in diff.summary()


def test_each_kind_of_difference_is_reported() -> None:
    store = {
        A: Held(3, False, "aa"),
        B: Held(2, True, ""),
        C: Held(5, False, "cc"),
        D: Held(1, False, "dd"),
    }
    copy = {
        A: Held(3, False, "ab"),  # same version, other content
        B: Held(1, False, "bb"),  # not yet deleted
        D: Held(1, False, None),  # no digest
        E: Held(1, False, "ee"),  # never in the store
    }
    diff = compare(store, copy, "ranking")
    assert not diff.equal
    assert (diff.content, diff.stale, diff.missing, diff.undigested, diff.extra) == (
        [A],
        [B],
        [C],
        [D],
        [E],
    )
    assert "isi beda 1" in diff.summary()
    assert "hilang 1" in diff.summary()


def test_a_deleted_record_has_no_content_to_compare() -> None:
    store = {A: Held(4, True, "")}
    assert compare(store, {A: Held(4, True, "")}, "x").equal
    assert compare(store, {A: Held(4, False, "aa")}, "x").stale == [A]
