"""Wiring: index adapter and (optionally) the in-process indexer."""

from __future__ import annotations

from dataclasses import dataclass

from potret_search.adapters.index import ProfileIndex
from potret_search.entrypoints.indexer import Indexer, make_index
from potret_search.settings import Settings


@dataclass
class Components:
    index: ProfileIndex
    indexer: Indexer | None


def bootstrap(settings: Settings) -> Components:
    index = make_index(settings)
    indexer = Indexer(settings, index) if settings.consumer_enabled else None
    return Components(index=index, indexer=indexer)
