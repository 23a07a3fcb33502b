"""What a record's expertise is computed from (`expertise_inputs`) and the key that says two
versions of a record score the same (`expertise_key`): a consumer reuses the stored scores of
an earlier version only when the keys are equal, so the key must change with every input the
scorers read, and with the month and the rules, and with nothing else."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from potret_expertise import EXPERTISE_FIELDS, expertise_all, expertise_inputs, expertise_key
from potret_expertise.skills import skill_expertise_all
from potret_seed.generator import Generator

AS_OF = dt.date(2026, 12, 1)


class Watched(Mapping[str, Any]):
    """A record that notes every top-level field read from it."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return self.data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return key in self.data

    def __iter__(self) -> Iterator[str]:
        self.read.update(self.data)  # iterating reads every field
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def _people(count: int, seed: int = 23) -> list[dict[str, Any]]:
    return list(Generator(seed).people(count))


def _without_positions(person: dict[str, Any]) -> dict[str, Any]:
    """A record with its current post only (position_history reads jabatan, jenis_jabatan,
    jenjang, opd, unit and tmt_jabatan then)."""
    out = copy.deepcopy(person)
    out.pop("positions", None)
    out["tmt_jabatan"] = "2019-03-01"
    return out


def test_the_scorers_read_no_field_but_the_inputs() -> None:
    # Every top-level field the two scorers read, over generated records with and without a
    # position history: a field read but not in EXPERTISE_FIELDS would make two versions that
    # differ in it share a key, and the stale scores be reused.
    people = _people(150)
    people += [_without_positions(p) for p in people[:40]]
    read: set[str] = set()
    for person in people:
        for scorer in (expertise_all, skill_expertise_all):
            watched = Watched(person)
            scorer(watched, today=AS_OF)
            read |= watched.read
    assert read, "the watch saw nothing"
    assert read <= set(EXPERTISE_FIELDS), read - set(EXPERTISE_FIELDS)


def test_scores_of_the_inputs_are_those_of_the_record() -> None:
    people = _people(150, seed=29)
    people += [_without_positions(p) for p in people[:40]]
    for person in people:
        inputs = expertise_inputs(person)
        assert expertise_all(inputs, today=AS_OF) == expertise_all(person, today=AS_OF)
        assert skill_expertise_all(inputs, today=AS_OF) == skill_expertise_all(person, today=AS_OF)


def _a_change_of(field: str, record: dict[str, Any]) -> Any:
    value = record.get(field)
    if isinstance(value, list):
        if value:
            changed = copy.deepcopy(value)
            first = changed[0]
            key = sorted(first)[0]
            first[key] = f"{first[key]}x" if isinstance(first[key], str) else 1999
            return changed
        return [{"name": "Pelatihan Budidaya Udang", "year": 2024}]
    return f"{value or ''} berubah"


@pytest.mark.parametrize("field", EXPERTISE_FIELDS)
def test_the_key_changes_with_every_input(field: str) -> None:
    person = _people(60, seed=31)[45]  # a record with trainings and a history
    if field in ("jenis_jabatan", "jenjang", "tmt_jabatan"):
        person = _without_positions(person)  # read only then
    before = expertise_key(expertise_inputs(person), AS_OF)
    changed = {**person, field: _a_change_of(field, person)}
    assert expertise_key(expertise_inputs(changed), AS_OF) != before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("golongan", "IV/a"),
        ("name", "Nama Lain"),
        ("skp", [{"year": 2025, "rating": "SANGAT_BAIK"}]),
        ("discipline", [{"level": "RINGAN", "tmt": "2025-01-01"}]),
        ("status", "PPPK"),
        ("tmt_pensiun", "2040-01-01"),
        ("birth_date", "1980-01-01"),
    ],
)
def test_the_key_ignores_what_the_scores_do_not_read(field: str, value: Any) -> None:
    person = _people(60, seed=31)[45]
    before = expertise_key(expertise_inputs(person), AS_OF)
    assert expertise_key(expertise_inputs({**person, field: value}), AS_OF) == before


def test_the_key_changes_with_the_month_and_the_order_of_a_list() -> None:
    person = _people(60, seed=31)[45]
    inputs = expertise_inputs(person)
    assert expertise_key(inputs, AS_OF) != expertise_key(inputs, dt.date(2027, 1, 1))
    # scores read lists in order (evidence is numbered by position): the order counts
    trainings = inputs.get("trainings") or []
    assert len(trainings) >= 2
    swapped = {**inputs, "trainings": trainings[::-1]}
    assert expertise_key(swapped, AS_OF) != expertise_key(inputs, AS_OF)


def test_the_key_is_the_same_for_equal_inputs_however_the_dicts_are_ordered() -> None:
    person = _people(60, seed=31)[45]
    inputs = expertise_inputs(person)
    reordered = {k: inputs[k] for k in reversed(list(inputs))}
    assert expertise_key(reordered, AS_OF) == expertise_key(inputs, AS_OF)


def test_values_of_other_types_get_other_keys() -> None:
    # A training's hours as Decimal("0") and as "0" scored apart (float(x or 8)): written
    # alike as text they would share a key and one version's scores be reused for the other.
    from decimal import Decimal

    person = _people(60, seed=31)[45]
    keys = set()
    for hours in (Decimal(0), "0", 0, 0.0, None, Decimal("0.0")):
        trainings = [{**person["trainings"][0], "hours": hours}, *person["trainings"][1:]]
        keys.add(expertise_key(expertise_inputs({**person, "trainings": trainings}), AS_OF))
    assert len(keys) == 6


def test_the_current_posts_jenis_and_tmt_count_only_without_a_history() -> None:
    person = _people(60, seed=31)[45]
    assert person["positions"]
    changed = {**person, "jenjang": "AHLI_MADYA", "tmt_jabatan": "2001-01-01"}
    assert expertise_key(expertise_inputs(changed), AS_OF) == expertise_key(
        expertise_inputs(person), AS_OF
    )
    alone = _without_positions(person)
    moved = {**alone, "tmt_jabatan": "2001-01-01"}
    assert expertise_key(expertise_inputs(moved), AS_OF) != expertise_key(
        expertise_inputs(alone), AS_OF
    )
    # ... and it scores apart indeed
    assert expertise_all(moved, today=AS_OF) != expertise_all(alone, today=AS_OF)


def test_a_salt_keys_apart() -> None:
    inputs = expertise_inputs(_people(60, seed=31)[45])
    assert expertise_key(inputs, AS_OF, salt="a") != expertise_key(inputs, AS_OF, salt="b")
