"""Place names are never domain evidence (issue 17): "Kecamatan Tambak" is a place, not a
fishpond (tambak), and the staff of Puskesmas Tambak or SMP Negeri 1 Tambak are not
fisheries experts for working there.

`strip_places` removes a gazetteer place (data/gazetteer.json: the regency's kecamatan, its
desa and kelurahan, and facility names such as Puskesmas Nelayan)
where it follows a facility or administrative head (kecamatan, camat, puskesmas, SMP Negeri
1, UPT ... Wilayah, ...), so the unit's function stays and its location goes. The same word
elsewhere ("Pelatihan Budidaya Tambak Udang") is left alone: there it is the work.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("potret_expertise").joinpath("data/gazetteer.json").read_text("utf-8")
    )
    return data


def _alternation(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "kepala desa"
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


def _place_names() -> list[str]:
    data = _gazetteer()
    names: list[str] = data["places"] + [d for desa in data["desa"].values() for d in desa]
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """A place after a facility or administrative head: the place goes, the head stays."""
    data = _gazetteer()
    heads = _alternation(data["heads"])
    places = _alternation(_place_names() + data["facility_names"])
    return re.compile(
        rf"\b((?:{heads})\.?(?:\s+negeri)?(?:\s+pembina)?(?:\s+\d+)?)\s+(?:{places})\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _location_pattern() -> re.Pattern[str]:
    """A location-only head (pulau, jalan raya, dusun) with its place: both go."""
    heads = _alternation(_gazetteer()["location_heads"])
    return re.compile(rf"\b(?:{heads})\.?\s+(?:{_alternation(_place_names())})\b", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def strip_places(text: str) -> str:
    """`text` without the gazetteer places that follow a facility or administrative head."""
    out = _location_pattern().sub(" ", text)
    out = _pattern().sub(lambda m: m.group(1), out)
    return re.sub(r"\s{2,}", " ", out).strip() if out != text else text
