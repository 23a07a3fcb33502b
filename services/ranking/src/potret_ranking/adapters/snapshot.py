"""The read model's snapshot file: the columns as one NumPy .npz (one array per column and
the metadata as JSON), written atomically (a temporary file, then a rename) for a fast
restart; what a snapshot holds and when it is refused is `Columns.snapshot` and
`Columns.from_snapshot`."""

from __future__ import annotations

import json
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
    with tmp.open("wb") as fh:
        text = json.dumps(meta, separators=(",", ":"))
        np.savez(fh, meta=np.array(text), **arrays)  # type: ignore[arg-type]
    tmp.replace(path)


def load_columns(path: Path) -> tuple[Columns, dict[str, dict[int, int]], dict[str, Any]]:
    """The snapshot at `path`: its columns, offsets and extra state; ValueError if unusable."""
    with np.load(path, allow_pickle=False) as data:
        return Columns.from_snapshot(data, json.loads(str(data["meta"])))
