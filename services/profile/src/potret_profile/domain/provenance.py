"""Provenance per field group: where each fact of a record came from and how old it is.

A record's fields are grouped the way a personnel file is (identity, rank, position, ...).
Every write stamps the groups it touched: a group whose content changed gets the write's
source (SIASN import with its batch id, CSV or native import, manual edit by whom, approved
correction id) and a new `changed_at`; an import also *confirms* the groups it carried
unchanged (`confirmed_at` moves, the source of the change stays). A manual edit confirms only
what it changed: the editor vouches for what was edited, not for the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from potret_asn_rules.provenance import EVENT_GROUPS, GROUPS, IMPORT_SOURCES, describe

__all__ = ["EVENT_GROUPS", "GROUPS", "MANUAL", "Source", "SourceKind", "describe", "stamp"]

SourceKind = Literal["siasn", "csv", "impor", "api", "koreksi", "gabung"]


@dataclass(frozen=True, slots=True)
class Source:
    """Who or what is writing: the kind, a batch or correction id, and the actor."""

    kind: SourceKind
    ref: str = ""
    by: str = ""

    @property
    def confirms_unchanged(self) -> bool:
        return self.kind in IMPORT_SOURCES


MANUAL = Source("api")


def _group_value(doc: dict[str, Any], group: str) -> list[Any]:
    return [doc.get(name) for name in GROUPS[group]]


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def stamp(
    old_doc: dict[str, Any] | None,
    new_doc: dict[str, Any],
    old: dict[str, dict[str, str]] | None,
    source: Source,
    now: dt.datetime,
) -> dict[str, dict[str, str]]:
    """The provenance after writing `new_doc` over `old_doc` from `source`."""
    at = now.astimezone(dt.UTC).isoformat(timespec="seconds")
    held = dict(old or {})
    out: dict[str, dict[str, str]] = {}
    for group in GROUPS:
        new_value = _group_value(new_doc, group)
        if all(_empty(v) for v in new_value):
            continue  # nothing recorded in this group: no provenance to claim
        before = held.get(group)
        changed = old_doc is None or _group_value(old_doc, group) != new_value or before is None
        if changed:
            out[group] = {
                "source": source.kind,
                "ref": source.ref,
                "by": source.by,
                "changed_at": at,
                "confirmed_at": at,
            }
        elif before is not None:
            out[group] = {**before, "confirmed_at": at} if source.confirms_unchanged else before
    return out
