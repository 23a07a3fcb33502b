"""The read model's snapshot file: the columns as one NumPy .npz (one array per column and
the metadata as UTF-8 JSON bytes), written atomically and durably (a temporary file synced
to disk, then a rename, then the directory synced) for a fast restart; what a snapshot
holds and when it is refused is `Columns.snapshot` and `Columns.from_snapshot`."""

from __future__ import annotations

import json
import logging
import os
import zipfile
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from potret_ranking.domain.columns import Columns

log = logging.getLogger(__name__)


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
    try:
        with tmp.open("wb") as fh:
            # What np.savez writes (np.load reads it), each array from its own memory
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
                for name, array in {"meta": text, **arrays}.items():
                    with zf.open(f"{name}.npy", "w", force_zip64=True) as member:
                        _write_npy(member, array)
            fh.flush()
            os.fsync(fh.fileno())  # the data on disk before the name points at them
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk keeps no half-written file (it shares var/)
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # and the rename itself
        finally:
            os.close(directory)
    except OSError as exc:  # some filesystems refuse it; the snapshot itself is in place
        log.warning("cannot sync the directory of %s after the rename: %s", path, exc)


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
    """The snapshot at `path`: its columns, offsets and extra state. ValueError if it is of
    another format or other expertise rules; a file cut short raises what reading it raises
    (zipfile.BadZipFile, OSError): the service replays the topics either way."""
    with np.load(path, allow_pickle=False) as data:
        meta = data["meta"]
        if meta.dtype != np.uint8:
            raise ValueError("snapshot metadata of an older format: rebuilt from the topics")
        return Columns.from_snapshot(data, json.loads(meta.tobytes()))
