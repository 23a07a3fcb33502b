"""The read model's snapshot file: the columns as one NumPy .npz (one array per column and
the metadata as UTF-8 JSON bytes), written atomically and durably (a temporary file synced
to disk, then a rename, then the directory synced) for a fast restart; what a snapshot
holds and when it is refused is `Columns.snapshot` and `Columns.from_snapshot`."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from potret_ranking.domain.columns import Columns


def save_columns(
    columns: Columns,
    path: Path,
    offsets: dict[str, dict[int, int]],
    extra: dict[str, Any] | None = None,
    *,
    writers_held: bool = False,
) -> None:
    """Write a snapshot of `columns` that holds everything before the topic `offsets`.
    `writers_held`: the caller keeps every writer of the columns off until this returns
    (ReadModel.save), so the arrays are written as they are, with no copy and no lock that
    would hold a request back; otherwise they are copied under the columns' lock first."""
    arrays, meta = columns.snapshot(offsets, extra, copy=not writers_held)
    tmp = path.with_suffix(".tmp.npz")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not np.array(text): a NumPy string takes four bytes a character.
    text = np.frombuffer(json.dumps(meta, separators=(",", ":")).encode(), dtype=np.uint8)
    with tmp.open("wb") as fh:
        # What np.savez writes (np.load reads it), each array written from its own memory
        with zipfile.ZipFile(fh, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
            for name, array in {"meta": text, **arrays}.items():
                with zf.open(f"{name}.npy", "w", force_zip64=True) as member:
                    _write_npy(member, array)
        fh.flush()
        os.fsync(fh.fileno())  # the data on disk before the name points at them
    tmp.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # and the rename itself
    finally:
        os.close(directory)


def _write_npy(out: IO[bytes], array: npt.NDArray[Any]) -> None:
    """`array` in the .npy format without a copy of it. A table is column-major and a
    snapshot takes its first n rows, which are not one run of memory: it is written sub-column
    by sub-column, each one run (a buffered copy through NumPy took 0.77 s per table of
    1,000,000 rows; this takes what the disk write takes)."""
    if array.ndim > 2:
        raise ValueError(f"{array.ndim}-dimensional arrays are not written here")
    fortran = array.ndim == 2 and not array.flags.c_contiguous
    np.lib.format.write_array_header_1_0(
        out,
        {
            "descr": np.lib.format.dtype_to_descr(array.dtype),
            "fortran_order": fortran,
            "shape": array.shape,
        },
    )
    runs = [array[:, j] for j in range(array.shape[1])] if fortran else [array]
    for run in runs:
        if run.size:  # an empty model: the header says it all (memoryview casts no empty)
            out.write(np.ascontiguousarray(run).data.cast("B"))  # contiguous already: a view


def load_columns(path: Path) -> tuple[Columns, dict[str, dict[int, int]], dict[str, Any]]:
    """The snapshot at `path`: its columns, offsets and extra state; ValueError if unusable."""
    with np.load(path, allow_pickle=False) as data:
        meta = data["meta"]
        if meta.dtype != np.uint8:
            raise ValueError("snapshot metadata of an older format: rebuilt from the topics")
        return Columns.from_snapshot(data, json.loads(meta.tobytes()))
