"""The read model's snapshot file: the columns as one NumPy .npz (one array per column and
the metadata as UTF-8 JSON bytes), written atomically and durably (a temporary file synced
to disk, then a rename, then the directory synced) for a fast restart; what a snapshot
holds and when it is refused is `Columns.snapshot` and `Columns.from_snapshot`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from potret_ranking.domain.columns import Columns


def save_columns(
    columns: Columns,
    path: Path,
    offsets: dict[str, dict[int, int]],
    extra: dict[str, Any] | None = None,
) -> None:
    """Write a snapshot of `columns` that holds everything before the topic `offsets`."""
    arrays, meta = columns.snapshot(offsets, extra)
    tmp = path.with_suffix(".tmp.npz")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not np.array(text): a NumPy string takes four bytes a character.
    text = np.frombuffer(json.dumps(meta, separators=(",", ":")).encode(), dtype=np.uint8)
    with tmp.open("wb") as fh:
        np.savez(fh, meta=text, **arrays)  # type: ignore[arg-type]
        fh.flush()
        os.fsync(fh.fileno())  # the data on disk before the name points at them
    tmp.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # and the rename itself
    finally:
        os.close(directory)


def load_columns(path: Path) -> tuple[Columns, dict[str, dict[int, int]], dict[str, Any]]:
    """The snapshot at `path`: its columns, offsets and extra state; ValueError if unusable."""
    with np.load(path, allow_pickle=False) as data:
        meta = data["meta"]
        if meta.dtype != np.uint8:
            raise ValueError("snapshot metadata of an older format: rebuilt from the topics")
        return Columns.from_snapshot(data, json.loads(meta.tobytes()))
