"""The read model's snapshot at scale (issue 23): what it keeps, what it costs, how often.

At 1,000,000 rows a snapshot written every minute took ~8 s of the consumer's CPU (its
majors as JSON inside a NumPy unicode string, four bytes a character), a third of what
the ranking service spent per imported profile, and held the columns' lock for ~2 s."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from potret_ranking.adapters import snapshot as snapshot_module
from potret_ranking.adapters.read_model import ReadModel
from potret_ranking.adapters.snapshot import load_columns, save_columns
from potret_ranking.bootstrap import restore_read_model
from potret_ranking.domain import columns as columns_module
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.facts import facts_from_profile
from potret_ranking.entrypoints.consumer import ReadModelConsumer
from potret_ranking.settings import Settings
from potret_seed.generator import Generator

REF = dt.date(2026, 11, 28)


def _people(n: int, seed: int = 23) -> list[dict[str, Any]]:
    return list(Generator(seed).people(n))


def _columns(people: list[dict[str, Any]]) -> Columns:
    cols = Columns()
    for p in people:
        cols.upsert(facts_from_profile(p["nip"], 1, p, today=REF))
    return cols


def _majors(cols: Columns) -> tuple[dict[str, dict[int, int]], dict[int, frozenset[str]]]:
    """The majors as a comparison reads them: stems with members, each row's stems."""
    by_stem = {stem: dict(rows) for stem, rows in cols.majors.items() if rows}
    by_row = {row: frozenset(cols.stems_of(row)) for row in range(cols.n) if cols.stems_of(row)}
    return by_stem, by_row


def _with_major(person: dict[str, Any], major: str | None) -> dict[str, Any]:
    education = [{"level": "S1", "major": major, "institution": "Universitas Airlangga"}]
    return {**person, "education": education if major else []}


def test_a_snapshot_keeps_every_rows_majors_through_changes_and_removals(
    tmp_path: Path,
) -> None:
    people = _people(300)
    cols = _columns(people)
    # Traps: a row whose major changes, one whose education is removed (its stems must
    # go), one deleted, and a stem left with no member at all.
    changed, emptied, deleted = people[0], people[1], people[2]
    cols.upsert(
        facts_from_profile(changed["nip"], 2, _with_major(changed, "Ilmu Kelautan"), today=REF)
    )
    cols.upsert(facts_from_profile(emptied["nip"], 2, _with_major(emptied, None), today=REF))
    cols.delete(deleted["nip"], 2)
    lonely = people[3]
    cols.upsert(
        facts_from_profile(lonely["nip"], 2, _with_major(lonely, "Oseanografi Zzz"), today=REF)
    )
    cols.upsert(facts_from_profile(lonely["nip"], 3, _with_major(lonely, "Hukum"), today=REF))
    assert any(not rows for rows in cols.majors.values())  # the emptied stem is still keyed

    path = tmp_path / "rm.npz"
    save_columns(cols, path, {"potret.asn.profile.v1": {0: 7}})
    loaded, offsets, _extra = load_columns(path)
    assert offsets == {"potret.asn.profile.v1": {0: 7}}
    assert _majors(loaded) == _majors(cols)
    assert sum(len(rows) for rows in loaded.majors.values()) > 200  # majors were kept at all

    # A row changed after the load drops the stems the snapshot gave it, as before it.
    for model in (cols, loaded):
        model.upsert(
            facts_from_profile(changed["nip"], 4, _with_major(changed, "Hukum"), today=REF)
        )
    assert _majors(loaded) == _majors(cols)


def test_rows_a_snapshot_loaded_lose_their_old_stems_when_they_change(tmp_path: Path) -> None:
    """A loaded row's stems are not rebuilt at the load (half of it at 1,000,000 rows): they
    are found in the majors when the row changes. Traps: a loaded row deleted, one changed
    twice (the second change must drop the first change's stems, not the snapshot's), one
    whose majors are removed and given again, and a row added after the load."""
    people = _people(120)
    cols = _columns(people)
    path = tmp_path / "rm.npz"
    save_columns(cols, path, {})
    loaded, _offsets, _extra = load_columns(path)
    assert _majors(loaded) == _majors(cols)

    deleted, twice, emptied = people[5], people[6], people[7]
    added = _people(1, seed=99)[0]
    for model in (cols, loaded):
        model.delete(deleted["nip"], 2)
        model.upsert(facts_from_profile(twice["nip"], 2, _with_major(twice, "Hukum"), today=REF))
        model.upsert(
            facts_from_profile(twice["nip"], 3, _with_major(twice, "Ilmu Kelautan"), today=REF)
        )
        model.upsert(facts_from_profile(emptied["nip"], 2, _with_major(emptied, None), today=REF))
        model.upsert(
            facts_from_profile(emptied["nip"], 3, _with_major(emptied, "Oseanografi"), today=REF)
        )
        model.upsert(facts_from_profile(added["nip"], 1, _with_major(added, "Hukum"), today=REF))
        model.upsert(
            facts_from_profile(added["nip"], 2, _with_major(added, "Akuntansi"), today=REF)
        )
    assert _majors(loaded) == _majors(cols)
    row = loaded.row_of[twice["nip"]]
    assert not any(row in rows for stem, rows in loaded.majors.items() if stem == "hukum")
    assert loaded.stems_of(loaded.row_of[deleted["nip"]]) == ()
    assert set(loaded.stems_of(loaded.row_of[added["nip"]])) == set(
        cols.stems_of(cols.row_of[added["nip"]])
    )


def test_a_snapshot_is_about_the_size_of_its_columns(tmp_path: Path) -> None:
    """The metadata (formats, offsets, OPD names, the majors' stems) stays small whatever the
    number of rows; the majors go into arrays, not into the JSON."""
    cols = _columns(_people(2000))
    path = tmp_path / "rm.npz"
    save_columns(cols, path, {"potret.asn.profile.v1": {0: 2000}})
    with zipfile.ZipFile(path) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    assert sizes["meta.npy"] < 16_000, sizes["meta.npy"]
    columns = sum(size for name, size in sizes.items() if name.startswith("col_"))
    assert sum(sizes.values()) < columns * 1.25


def test_a_snapshot_of_an_older_format_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rm.npz"
    monkeypatch.setattr(columns_module, "SNAPSHOT_FORMAT", columns_module.SNAPSHOT_FORMAT - 1)
    save_columns(_columns(_people(20)), path, {})
    monkeypatch.undo()
    with pytest.raises(ValueError, match="format"):
        load_columns(path)


def test_a_snapshot_written_by_the_previous_release_is_replayed(tmp_path: Path) -> None:
    """Format 5 (every snapshot deployed before this one) kept its metadata, majors
    included, as JSON in a NumPy string: the service ignores it and replays the topics."""
    cols = _columns(_people(20))
    arrays, _meta = cols.snapshot({})
    meta = {
        "format": 5,
        "expertise_rules": "x",
        "opds": list(cols.opds),
        "majors": {stem: list(rows.items()) for stem, rows in cols.majors.items()},
        "offsets": {},
        "extra": {"as_of": "2026-12-01"},
    }
    path = tmp_path / "read-model.npz"
    columns = {k: v for k, v in arrays.items() if k.startswith("col_")}
    np.savez(path, meta=np.array(json.dumps(meta)), **columns)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="older format"):
        load_columns(path)
    settings = Settings(snapshot_path=str(path))
    model, offsets = restore_read_model(settings)
    assert offsets is None  # replayed from the beginning
    assert len(model) == 0


def test_majors_that_name_a_stem_or_a_row_it_does_not_hold_are_refused() -> None:
    cols = _columns(_people(40))
    for name, bad in (("majors_row", cols.n), ("majors_stem", 10_000)):
        arrays, meta = cols.snapshot({})
        arrays[name] = arrays[name].copy()
        arrays[name][-1] = bad
        with pytest.raises(ValueError, match="does not hold"):
            Columns.from_snapshot(arrays, meta)


def test_a_failed_write_leaves_the_last_snapshot_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rm.npz"
    save_columns(_columns(_people(10)), path, {"t": {0: 10}})
    before = path.read_bytes()
    calls = 0
    real = snapshot_module._write_npy

    def disk_full(out: Any, array: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise OSError(28, "No space left on device")
        real(out, array)

    monkeypatch.setattr(snapshot_module, "_write_npy", disk_full)
    with pytest.raises(OSError, match="No space"):
        save_columns(_columns(_people(30)), path, {"t": {0: 30}})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rm.npz"]


def test_a_directory_that_cannot_be_synced_does_not_fail_a_written_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    synced: list[int] = []

    def fsync(fd: int) -> None:
        synced.append(fd)
        if len(synced) == 2:  # the directory's
            raise OSError(22, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    save_columns(_columns(_people(10)), tmp_path / "rm.npz", {"t": {0: 10}})
    loaded, offsets, _extra = load_columns(tmp_path / "rm.npz")
    assert offsets == {"t": {0: 10}}
    assert loaded.n == 10


def test_a_snapshot_file_that_is_cut_short_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rm.npz"
    save_columns(_columns(_people(50)), path, {})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(zipfile.BadZipFile):  # the service replays the topics (bootstrap)
        load_columns(path)


def test_a_snapshot_is_made_durable_before_it_replaces_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut after the rename must not leave an empty file where the last good
    snapshot was: the new file's data reach the disk first, then the rename, then the
    directory entry."""
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(self: Path, target: Any) -> Path:
        calls.append("rename")
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    save_columns(_columns(_people(20)), tmp_path / "rm.npz", {})
    assert calls == ["fsync", "rename", "fsync"]


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


class _SlowModel(ReadModel):
    """A model whose snapshot takes `cost` seconds of the clock."""

    def __init__(self, clock: _Clock, cost: float) -> None:
        super().__init__(as_of=dt.date(2026, 12, 1))
        self.clock, self.cost, self.saved = clock, cost, 0

    def save(self, path: Path, offsets: dict[str, dict[int, int]]) -> None:
        self.clock.now += self.cost
        self.saved += 1


def test_snapshots_take_at_most_their_share_of_the_consumers_time(tmp_path: Path) -> None:
    """A snapshot that takes 5 s is not written again every 10 s (half the consumer's time
    writing snapshots during an import): the next one waits until the writing is at most
    RANKING_SNAPSHOT_SHARE (10 %) of the time."""
    clock = _Clock()
    settings = Settings(
        snapshot_path=str(tmp_path / "rm.npz"), snapshot_interval_s=10, snapshot_share=0.1
    )
    model = _SlowModel(clock, cost=5.0)
    consumer = ReadModelConsumer(
        settings, model, on_ready=lambda ready: None, monotonic=clock.monotonic
    )
    consumer._dirty = True
    clock.now += 10
    consumer.snapshot()
    assert model.saved == 1
    assert consumer.status.snapshot_seconds == pytest.approx(5.0)
    for wait in (10, 20, 30, 40):  # dirty all the while: 5 s of 45 is more than 10 %
        consumer._dirty = True
        clock.now = 1015 + wait
        consumer.snapshot()
        assert model.saved == 1, wait
    clock.now = 1015 + 45
    consumer.snapshot()
    assert model.saved == 2
    # A cheap snapshot (a regency's) keeps the plain interval.
    model.cost = 0.01
    consumer._dirty = True
    clock.now += 45
    consumer.snapshot()
    consumer._dirty = True
    clock.now += 10
    consumer.snapshot()
    assert model.saved == 4
    # At shutdown it is written whatever the pace.
    consumer._dirty = True
    consumer.snapshot(force=True)
    assert model.saved == 5


def test_the_snapshot_share_must_be_a_fraction() -> None:
    for bad in (0, -0.1, 1.5):
        with pytest.raises(ValueError, match="snapshot_share"):
            Settings(snapshot_share=bad)


def test_a_loaded_snapshot_scores_as_the_columns_it_was_made_from(tmp_path: Path) -> None:
    cols = _columns(_people(150))
    path = tmp_path / "rm.npz"
    save_columns(cols, path, {})
    loaded, _offsets, _extra = load_columns(path)
    for name, values in cols.view().cols.items():
        assert np.array_equal(
            values[: cols.n], loaded.view().cols[name][: loaded.n], equal_nan=True
        ), name
    assert loaded.nips == cols.nips
    assert loaded.opds == cols.opds


@pytest.mark.parametrize("count", [0, 1, 37])
def test_a_snapshot_written_from_the_columns_themselves_equals_one_from_a_copy(
    tmp_path: Path, count: int
) -> None:
    """The model writes its columns without copying them (their first n rows of each
    column-major table are not one run of memory); what is read back is what a copy
    gives, for an empty model and a single row too."""
    cols = _columns(_people(count)) if count else Columns()
    save_columns(cols, tmp_path / "copy.npz", {"t": {0: count}})
    save_columns(cols, tmp_path / "own.npz", {"t": {0: count}}, writers_held=True)
    copied, offsets_a, _ = load_columns(tmp_path / "copy.npz")
    own, offsets_b, _ = load_columns(tmp_path / "own.npz")
    assert offsets_a == offsets_b == {"t": {0: count}}
    assert own.n == copied.n == cols.n
    for name, values in cols.cols.items():
        assert np.array_equal(values[: cols.n], own.cols[name][: own.n], equal_nan=True), name
        assert np.array_equal(
            copied.cols[name][: copied.n], own.cols[name][: own.n], equal_nan=True
        ), name
    assert _majors(own) == _majors(copied) == _majors(cols)
    with np.load(tmp_path / "own.npz") as data:  # a plain .npz: NumPy reads every member
        assert data["col_expertise"].shape == (cols.n, cols.cols["expertise"].shape[1])


def test_the_model_snapshots_holding_writers_off_and_requests_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ReadModel.save writes the columns as they are: no event may be applied meanwhile
    (its writers' lock is held), and a request's view is not held back (the columns' lock
    is free throughout)."""
    model = ReadModel(_columns(_people(30)), as_of=dt.date(2026, 11, 1))
    seen: list[tuple[bool, bool]] = []
    real = snapshot_module._write_npy

    def watching(out: Any, array: Any) -> None:
        free = model.columns.lock.acquire(blocking=False)
        if free:
            model.columns.lock.release()
        seen.append((model._applying.locked(), free))
        real(out, array)

    monkeypatch.setattr(snapshot_module, "_write_npy", watching)
    model.save(tmp_path / "rm.npz", {"t": {0: 30}})
    assert seen
    assert all(applying and free for applying, free in seen), seen
    loaded, _offsets = ReadModel.load(tmp_path / "rm.npz", as_of=dt.date(2026, 11, 1))
    assert loaded.columns.nips == model.columns.nips


class _StuckThread:
    def join(self, timeout: float | None = None) -> None:
        return None

    def is_alive(self) -> bool:
        return True


def test_no_snapshot_at_shutdown_while_the_consumer_still_applies(tmp_path: Path) -> None:
    """A consumer thread that did not stop within the timeout may still move its offsets:
    the snapshot would not match them, so the last one written stands."""
    clock = _Clock()
    model = _SlowModel(clock, cost=0.1)
    consumer = ReadModelConsumer(
        Settings(snapshot_path=str(tmp_path / "rm.npz")),
        model,
        on_ready=lambda ready: None,
        monotonic=clock.monotonic,
    )
    consumer._dirty = True
    consumer._thread = _StuckThread()  # type: ignore[assignment]
    consumer.stop(timeout=0.01)
    assert model.saved == 0
    consumer._thread = None
    consumer.stop(timeout=0.01)
    assert model.saved == 1
