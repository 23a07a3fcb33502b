"""Likely duplicates: one person under two NIPs (a typo in the NIP, a re-registration), found
by a normalised name, the birth date and TMT CPNS the NIP encodes, and career overlap.

Names are compared after normalisation: titles and degrees removed (Dr., H., Hj., Drs., Ir.,
everything after the first comma), pre-1972 spelling mapped to EYD (oe→u, dj→j, tj→c, nj→ny,
sj→sy, ch→kh), common variants folded (Mohammad/Muhamad/Moch → muhammad, Achmad → ahmad),
doubled letters collapsed. Candidate pairs share the birth date and gender digit of the NIP,
or the rest of the NIP (a typo in the birth date), or the normalised name and TMT CPNS; each
pair is scored and explained in Indonesian so that an admin can decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

_TITLES = {
    "dr", "drs", "dra", "ir", "h", "hj", "prof", "kh", "st", "ns", "apt", "drg", "bc", "r",
}  # fmt: skip
_FOLD = [
    (re.compile(r"^(mohammad|mohamad|muhamad|muhammmad|mochammad|mochamad|moch|moh|muh|mhd|m)$"),
     "muhammad"),
    (re.compile(r"^(achmad|akhmad|ahmat)$"), "ahmad"),
    (re.compile(r"^(abdul|abd)$"), "abdul"),
]  # fmt: skip
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))


def _fold(token: str) -> str:
    for pattern, folded in _FOLD:
        if pattern.match(token):
            return folded
    return token


def normalize_name(name: str) -> str:
    """'Drs. H. Moch. Soedjono, M.Si.' -> 'muhammad sujono'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.split(",")[0]  # degrees after the name: ", S.Pi., M.Si."
    tokens = []
    for raw in re.split(r"[\s.]+", text):
        token = re.sub(r"[^a-z]", "", raw)
        if not token or token in _TITLES:
            continue
        token = _fold(token)
        if re.search(r"oe|dj|tj", token):  # old spelling: its 'j' is today's 'y'
            token = re.sub(r"(?<![dtns])j", "y", token)
        for old, new in _OLD_SPELLING:
            token = token.replace(old, new)
        token = _fold(re.sub(r"(.)\1+", r"\1", token))
        tokens.append(token)
    return " ".join(tokens)


NAME_MIN = 0.8  # names less alike than this are never reported as one person


def _similar(a: str, b: str) -> float:
    """Name likeness in [0, 1]: the better of the character ratio and the token overlap.
    Below NAME_MIN only a bound is exact enough: the cheap upper bounds skip the full ratio
    (most pairs in a block are different people)."""
    if not a or not b:
        return 0.0
    ta, tb = set(a.split()), set(b.split())
    overlap = len(ta & tb) / max(len(ta), len(tb))
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < NAME_MIN or matcher.quick_ratio() < NAME_MIN:
        return overlap
    return max(matcher.ratio(), overlap)


@dataclass(frozen=True, slots=True)
class Person:
    nip: str
    name: str
    norm: str
    opd: str
    career: frozenset[tuple[str, str, str]]  # (jabatan, opd, tmt_start)
    education: frozenset[tuple[str, str, int]]

    @classmethod
    def of(cls, nip: str, doc: dict[str, Any]) -> Person:
        display = " ".join(
            p for p in (doc.get("gelar_depan"), doc.get("name"), doc.get("gelar_belakang")) if p
        )
        return cls(
            nip=nip,
            name=display or str(doc.get("name", "")),
            norm=normalize_name(str(doc.get("name", ""))),
            opd=str(doc.get("opd", "")),
            career=frozenset(
                (
                    str(p.get("jabatan", "")).lower(),
                    str(p.get("opd", "")).lower(),
                    str(p.get("tmt_start", "")),
                )
                for p in doc.get("positions") or []
            ),
            education=frozenset(
                (str(e.get("level", "")), str(e.get("major", "")).lower(), int(e.get("year") or 0))
                for e in doc.get("education") or []
            ),
        )


@dataclass
class Candidate:
    nips: tuple[str, str]
    names: tuple[str, str]
    score: float
    evidence: list[str] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        return {
            "nips": list(self.nips),
            "names": list(self.names),
            "score": round(self.score, 3),
            "evidence": self.evidence,
        }


def _date(digits: str) -> str:
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def compare(a: Person, b: Person) -> Candidate:
    """Score a pair in [0, 1] with the reasons, in Indonesian."""
    evidence: list[str] = []
    name = _similar(a.norm, b.norm)
    evidence.append(f"nama setelah dinormalkan: '{a.norm}' dan '{b.norm}' (kemiripan {name:.2f})")
    score = 0.45 * name
    if a.nip[:8] == b.nip[:8]:
        score += 0.2
        evidence.append(f"tanggal lahir sama menurut NIP ({_date(a.nip[:8])})")
    if a.nip[8:14] == b.nip[8:14]:
        score += 0.15
        evidence.append(f"TMT CPNS sama menurut NIP ({a.nip[8:12]}-{a.nip[12:14]})")
    shared_career = a.career & b.career
    if shared_career:
        score += 0.15
        jabatan, opd, start = sorted(shared_career)[0]
        evidence.append(
            f"riwayat jabatan yang sama ({len(shared_career)}): {jabatan}, {opd}, TMT {start}"
        )
    shared_edu = a.education & b.education
    if shared_edu:
        score += 0.05
        level, major, year = sorted(shared_edu)[0]
        evidence.append(f"pendidikan sama: {level} {major} {year}")
    return Candidate((a.nip, b.nip), (a.name, b.name), min(score, 1.0), evidence)


def find(
    records: Iterable[tuple[str, dict[str, Any]]], *, min_score: float = 0.75
) -> list[Candidate]:
    """Likely duplicate pairs among live records, best first."""
    people = [Person.of(nip, doc) for nip, doc in records]
    blocks: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for p in people:
        blocks[("lahir", p.nip[:8], p.nip[14])].append(p)
        blocks[("nip-akhir", p.nip[8:])].append(p)  # a typo in the birth date part
        if p.norm:
            blocks[("nama", p.norm, p.nip[8:14])].append(p)
    seen: set[tuple[str, str]] = set()
    found: list[Candidate] = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > 200:
            continue  # a block this large says nothing (e.g. a very common name)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                key = (min(a.nip, b.nip), max(a.nip, b.nip))
                if key in seen or a.nip == b.nip:
                    continue
                seen.add(key)
                if _similar(a.norm, b.norm) < NAME_MIN:
                    continue
                candidate = compare(a, b)
                if candidate.score >= min_score:
                    found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.nips))
    return found
