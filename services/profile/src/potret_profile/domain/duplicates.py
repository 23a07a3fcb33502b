"""Likely duplicates: one person under two NIPs (a typo in the NIP, a re-registration), found
by the name, the birth date, TMT CPNS and gender the NIP encodes, and career overlap.

Names are normalised first: titles and degrees removed (Dr., H., Hj., Drs., Ir., everything
after the first comma), pre-1972 spelling mapped to EYD (oe→u, dj→j, tj→c, nj→ny, sj→sy,
ch→kh), common variants folded (Mohammad/Muhamad/Moch./M. → muhammad, Achmad/Ach. → ahmad,
Abd. → abdul, St. before a name → siti), doubled letters collapsed. Two names are then
aligned part by part: a part may be the same, an initial of the other's ("T." for
Timotius), one typing slip away (a letter dropped, added, replaced or two swapped), or two
parts written as one (Nur Hidayati / Nurhidayati); one name may hold parts the other lacks
(Sri Wahyuni / Wahyuni) when what they share is a real name, not only Siti or Muhammad. A
part of each name that matches nothing in the other (Muhammad Hasan / Muhammad Husain) says
two people.

The NIP must agree: the same gender digit, and the birth date and TMT CPNS equal or one
typing slip apart (a digit, two neighbouring digits swapped, day and month swapped, a birth
date one day off). Two
people with another birth date are never one person, however alike their names: namesakes
in one OPD are common. Candidate pairs share the birth date and gender digit, or the rest of
the NIP (a slip in the birth date), or the normalised name and TMT CPNS; each pair is
scored and explained in Indonesian, naming every variant folded, so that an admin can decide.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from potret_asn_rules.spelling import slips

_TITLES = {
    "dr", "drs", "dra", "ir", "h", "hj", "prof", "kh", "ns", "apt", "drg", "bc", "r",
}  # fmt: skip
_FOLD = [
    (re.compile(r"^(mohammad|mohamad|muhamad|muhammmad|mochammad|mochamad|moch|moh|muh|mhd|m)$"),
     "muhammad"),
    (re.compile(r"^(achmad|akhmad|ahmat|ach|akh)$"), "ahmad"),
    (re.compile(r"^(abdul|abd)$"), "abdul"),
]  # fmt: skip
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))
_ST = "st"  # "St." before a name is Siti; elsewhere a degree (Sarjana Teknik)
# Parts that say little on their own: a name sharing only these with another is no match.
_COMMON = {"siti", "muhammad", "ahmad", "abdul", "nur", "nurul", "sri", "dwi", "eka", "tri"}


def _fold(token: str) -> str:
    for pattern, folded in _FOLD:
        if pattern.match(token):
            return folded
    return token


def name_tokens(name: str) -> list[str]:
    """'Drs. H. Moch. Soedjono, M.Si.' -> ['muhammad', 'sujono']."""
    return [folded for folded, _doubled in _parts(name)]


def _parts(name: str) -> list[tuple[str, str]]:
    """Each part of a name normalised, with and without its doubled letters collapsed (a
    slip in a doubled letter, "Raayu" for "Rahayu", is one slip only before collapsing)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.split(",")[0]  # degrees after the name: ", S.Pi., M.Si."
    raw = [re.sub(r"[^a-z]", "", t) for t in re.split(r"[\s.]+", text)]
    raw = [t for t in raw if t]
    tokens: list[tuple[str, str]] = []
    for i, token in enumerate(raw):
        # "St. Aminah", "Hj. St. Aminah": Siti, not a degree (S.T. follows a comma)
        if token == _ST and not tokens and i < len(raw) - 1:
            tokens.append(("siti", "siti"))
            continue
        if (token in _TITLES and not tokens) or token == _ST:
            continue  # a title before the name; after it, "H." is an initial (Agus H.)
        token = _fold(token)
        if re.search(r"oe|dj|tj", token):  # old spelling: its 'j' is today's 'y'
            token = re.sub(r"(?<![dtns])j", "y", token)
        for old, new in _OLD_SPELLING:
            token = token.replace(old, new)
        tokens.append((_fold(re.sub(r"(.)\1+", r"\1", token)), token))
    return tokens


def normalize_name(name: str) -> str:
    """'Drs. H. Moch. Soedjono, M.Si.' -> 'muhammad sujono'."""
    return " ".join(name_tokens(name))


def _slips(a: str, b: str) -> int:
    """Typing slips between two words (potret_asn_rules.spelling), counted up to 3."""
    return min(slips(a, b, 2), 3)


def _sound(part: str) -> str:
    """A part as it sounds: the 'h' of an Arabic-origin consonant left out (Sholihah /
    Solichah / Solikhah, Dhofir / Dofir, Fathoni / Fatoni), as transliterations differ."""
    return re.sub(r"(?<=[bcdgkpst])h", "", part)


def _part_match(x: str, y: str, raw: tuple[str, str] | None = None) -> str | None:
    """How two name parts agree: 'sama', 'inisial', 'salah ketik', or None. One slip in a
    part of 4 letters or more, a letter dropped from a part of 3; never two (Setiawan /
    Setiawati are two names); `raw` holds both parts with their doubled letters, where a
    slip may be one fewer."""
    if x == y:
        return "sama"
    if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return "inisial"
    shorter = min(len(x), len(y))
    slips = min(_slips(x, y), _slips(*raw) if raw else 3, _slips(_sound(x), _sound(y)))
    if slips == 1 and (shorter >= 4 or (shorter == 3 and abs(len(x) - len(y)) == 1)):
        return "salah ketik"  # "Dei" for "Dedi": a letter dropped
    return None


# A name one slip apart in a short part (Rina / Rini, Dian / Dina, Agus / Bagus): twins are
# named so. Scored so that the NIP alone (0.40) does not report the pair; a shared position
# (0.10) does.
SHORT_SLIP_SCORE = 0.58


@dataclass(frozen=True, slots=True)
class NameMatch:
    score: float  # 1 the same name; ~0.85 a part more or less; low: two different names
    notes: tuple[str, ...]


def _joined(a: list[str], b: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Two neighbouring parts of one name written as one part of the other (Nur Hidayati /
    Nurhidayati, Abdul Rahman / Abdurrahman): the pair replaced by the single part."""
    notes = []
    for one, two in ((a, b), (b, a)):
        i = 0
        while i < len(two) - 1:
            glued = re.sub(r"(.)\1+", r"\1", two[i] + two[i + 1])
            hit = next((t for t in one if len(t) >= 6 and _slips(t, glued) <= 1), None)
            if hit is not None and hit not in two:
                notes.append(f"'{two[i]} {two[i + 1]}' dan '{hit}' ditulis terpisah/sambung")
                two[i : i + 2] = [hit]
            i += 1
    return a, b, notes


def compare_names(first: str, second: str) -> NameMatch:
    """Align two names part by part (see the module's doc) and say which variants were
    folded."""
    parts_a, parts_b = _parts(first), _parts(second)
    raw = dict(parts_a) | dict(parts_b)  # each part with its doubled letters
    a, b = [t for t, _ in parts_a], [t for t, _ in parts_b]
    if not a or not b:
        return NameMatch(0.0, ())
    notes: list[str] = []
    said = {t for t in re.split(r"[\s.,]+", f"{first} {second}".lower()) if t}
    if _ST in said and "siti" in a + b:
        notes.append("'St.' dibaca 'Siti'")
    if a == b:
        return NameMatch(1.0, tuple(notes))
    a, b, joined = _joined(list(a), list(b))
    notes += joined
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    free = list(long_)
    unmatched = []
    penalty = 0.03 * len(joined)
    real_shared = False
    short_slip = False  # a slip in a part under 6 letters: Rina / Rini may be two twins
    for token in short:
        best: tuple[int, str, str] | None = None
        for other in free:
            how = _part_match(token, other, (raw.get(token, token), raw.get(other, other)))
            if how is not None:
                rank = ("sama", "salah ketik", "inisial").index(how)
                if best is None or rank < best[0]:
                    best = (rank, how, other)
        if best is None:
            unmatched.append(token)
            continue
        _rank, how, other = best
        free.remove(other)
        if how == "inisial":
            initial, full = (token, other) if len(token) == 1 else (other, token)
            notes.append(f"'{initial.upper()}.' dibaca inisial '{full}'")
            penalty += 0.05
        elif how == "salah ketik":
            notes.append(f"'{token}' dan '{other}' beda satu salah ketik")
            penalty += 0.05
            short_slip = short_slip or min(len(token), len(other)) < 6
        if how != "inisial" and token not in _COMMON and len(token) >= 3:
            real_shared = True
    if unmatched:
        # a part of each name that matches nothing in the other: two different names
        missing = ", ".join(f"'{t}'" for t in unmatched + free)
        return NameMatch(0.2, (*notes, f"bagian nama yang berbeda: {missing}"))
    if free:
        if not real_shared:
            return NameMatch(0.3, (*notes, "yang sama hanya nama umum atau inisial"))
        extra = ", ".join(f"'{t}'" for t in free)
        notes.append(f"bagian nama {extra} hanya ada pada satu catatan")
        score = max(0.85 - penalty, 0.0)
        if short_slip:  # a part more and a short one a letter apart: twins all the more
            notes.append("beda satu huruf pada nama pendek: bisa dua orang (kembar)")
            score = min(score, SHORT_SLIP_SCORE)
        return NameMatch(score, tuple(notes))
    if not real_shared and not joined:
        return NameMatch(0.3, (*notes, "yang sama hanya nama umum atau inisial"))
    score = max(1.0 - penalty, 0.0)
    if short_slip:  # alone not enough: a shared position must say one person
        notes.append("beda satu huruf pada nama pendek: bisa dua orang (kembar)")
        score = min(score, SHORT_SLIP_SCORE)
    return NameMatch(score, tuple(notes))


def _date(digits: str) -> str:
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def _slip(a: str, b: str) -> str | None:
    """How two digit strings of a NIP part differ by one typing slip, or None."""
    if a == b:
        return "sama"
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return "satu digit"
    if (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    ):
        return "dua digit bertukar"
    if len(a) == 8 and a[:4] == b[:4] and a[4:6] == b[6:8] and a[6:8] == b[4:6]:
        return "hari dan bulan bertukar"
    if len(a) == 8:  # a day off (19710819 / 19710820): two documents, one day apart
        try:
            days = dt.date(int(a[:4]), int(a[4:6]), int(a[6:8])) - dt.date(
                int(b[:4]), int(b[4:6]), int(b[6:8])
            )
        except ValueError:
            return None
        if abs(days.days) == 1:
            return "satu hari"
    return None


@dataclass(frozen=True, slots=True)
class Person:
    nip: str
    name: str
    raw_name: str
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
            raw_name=str(doc.get("name", "")),
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

    def dumps(self) -> str:
        """The person as kept between reports (duplicate_book.py), without the NIP."""
        return json.dumps(
            [self.name, self.raw_name, self.norm, self.opd, sorted(self.career),
             sorted(self.education)],
            ensure_ascii=False,
            separators=(",", ":"),
        )  # fmt: skip

    @classmethod
    def loads(cls, nip: str, text: str) -> Person:
        name, raw_name, norm, opd, career, education = json.loads(text)
        return cls(
            nip=nip,
            name=name,
            raw_name=raw_name,
            norm=norm,
            opd=opd,
            career=frozenset((str(j), str(o), str(t)) for j, o, t in career),
            education=frozenset((str(lv), str(m), int(y)) for lv, m, y in education),
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


def birth_neighbours(digits: str) -> set[str]:
    """Every birth date part one typing slip from `digits` or equal to it: a superset of
    the `b` for which _slip(digits, b) is not None (a digit, two neighbours swapped, day and
    month swapped, a day off), so that the people a NIP may match are looked up, not
    searched for."""
    out = {digits}
    for i, old in enumerate(digits):
        out.update(digits[:i] + d + digits[i + 1 :] for d in "0123456789" if d != old)
    for i in range(len(digits) - 1):
        out.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
    if len(digits) == 8:
        out.add(digits[:4] + digits[6:8] + digits[4:6])
        try:
            day = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        except ValueError:
            return out
        for step in (-1, 1):
            try:
                out.add((day + dt.timedelta(days=step)).strftime("%Y%m%d"))
            except OverflowError:
                continue
    return out


def nip_may_match(a: str, b: str) -> bool:
    """Could the NIPs be one person's (the same gender digit, birth date and TMT CPNS equal
    or one slip apart)? compare() scores only such pairs; this check needs no record."""
    return (
        a[14] == b[14] and _slip(a[:8], b[:8]) is not None and _slip(a[8:14], b[8:14]) is not None
    )


def compare(a: Person, b: Person) -> Candidate:
    """Score a pair in [0, 1] with the reasons, in Indonesian."""
    pair = Candidate((a.nip, b.nip), (a.name, b.name), 0.0)
    # The NIP first (cheap): another gender, or a birth date or TMT CPNS more than one slip
    # apart, is another person whatever the names say.
    if a.nip[14] != b.nip[14]:
        pair.evidence.append("jenis kelamin pada NIP berbeda: bukan orang yang sama")
        return pair
    birth = _slip(a.nip[:8], b.nip[:8])
    tmt = _slip(a.nip[8:14], b.nip[8:14])
    if birth is None or tmt is None:
        what = "tanggal lahir" if birth is None else "TMT CPNS"
        pair.evidence.append(f"{what} pada NIP berbeda lebih dari satu salah ketik")
        return pair
    name = compare_names(a.raw_name, b.raw_name)
    evidence = pair.evidence
    evidence += [
        f"nama setelah dinormalkan: '{a.norm}' dan '{b.norm}' (kemiripan {name.score:.2f})",
        *name.notes,
    ]
    score = 0.5 * name.score
    slips = (birth != "sama") + (tmt != "sama")
    score += (0.4, 0.3, 0.15)[slips]
    if birth == "sama":
        evidence.append(f"tanggal lahir sama menurut NIP ({_date(a.nip[:8])})")
    else:
        evidence.append(
            f"tanggal lahir pada NIP beda {birth} ({_date(a.nip[:8])} / {_date(b.nip[:8])}): "
            "salah ketik"
        )
    if tmt == "sama":
        evidence.append(f"TMT CPNS sama menurut NIP ({a.nip[8:12]}-{a.nip[12:14]})")
    else:
        evidence.append(
            f"TMT CPNS pada NIP beda {tmt} ({a.nip[8:12]}-{a.nip[12:14]} / "
            f"{b.nip[8:12]}-{b.nip[12:14]}): salah ketik"
        )
    if slips and a.nip[15:] == b.nip[15:]:
        score += 0.05
        evidence.append(f"nomor urut NIP sama ({a.nip[15:]})")
    shared_career = a.career & b.career
    if shared_career:
        score += 0.1
        jabatan, opd, start = sorted(shared_career)[0]
        evidence.append(
            f"riwayat jabatan yang sama ({len(shared_career)}): {jabatan}, {opd}, TMT {start}"
        )
    shared_edu = a.education & b.education
    if shared_edu:
        score += 0.05
        level, major, year = sorted(shared_edu)[0]
        evidence.append(f"pendidikan sama: {level} {major} {year}")
    pair.score = min(score, 1.0)
    return pair


# A block with more members than this is left uncompared (e.g. a very common name in a
# recruitment wave): its pairs are found through their other blocks, if any.
BLOCK_LIMIT = 200
# The lowest score a report may ask for (GET /duplicates min_score): pairs below it are
# never kept (duplicate_book.py).
MIN_SCORE = 0.5
# The version of the matcher: normalisation, blocking and scoring. Kept pairs of another
# version are built again (duplicate_book.py); versions compare as text, so the form stays
# YYYY-MM-DD.NN. Give it a new value with any change to this module or to the slips it
# counts (potret_asn_rules.spelling): test_duplicates_kept.py holds both files' digest and
# fails until the version and the digest are updated together.
MATCHER_VERSION = "2026-12-06.01"


def block_keys(p: Person) -> set[str]:
    """The blocks a person is compared in: pairs are only looked for among people who share
    one. Candidate pairs share the birth date and gender digit, or the rest of the NIP (a
    slip in the birth date), or the normalised name and TMT CPNS."""
    keys = {f"lahir|{p.nip[:8]}|{p.nip[14]}", f"nip-akhir|{p.nip[8:]}"}
    if p.norm:
        keys.add(f"nama|{p.norm}|{p.nip[8:14]}")
        # slips in both the birth date and TMT CPNS: the name, gender and serial
        keys.add(f"nama-urut|{p.norm}|{p.nip[14:]}")
        # a slip in the birth date, a new serial and a name variant: the TMT CPNS, the
        # gender and each real part of the name (what a variant keeps: Moch. Bambang)
        for part in {t for t in p.norm.split() if len(t) >= 4 and t not in _COMMON}:
            keys.add(f"bagian|{p.nip[8:15]}|{part}")
    return keys


def find(
    records: Iterable[tuple[str, dict[str, Any]]],
    *,
    min_score: float = 0.75,
    on_oversized: Callable[[int], None] | None = None,
) -> list[Candidate]:
    """Likely duplicate pairs among live records, best first (by scanning them all; the
    report keeps them instead: service/duplicate_book.py). A block of more than BLOCK_LIMIT
    records is left uncompared; `on_oversized` hears its size (the caller logs it)."""
    people = [Person.of(nip, doc) for nip, doc in records]
    blocks: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        for block in block_keys(p):
            blocks[block].append(p)
    seen: set[tuple[str, str]] = set()
    found: list[Candidate] = []
    for members in blocks.values():
        if len(members) > BLOCK_LIMIT:
            if on_oversized is not None:
                on_oversized(len(members))
            continue
        if len(members) < 2:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                key = (min(a.nip, b.nip), max(a.nip, b.nip))
                if key in seen or a.nip == b.nip:
                    continue
                seen.add(key)
                candidate = compare(a, b)
                if candidate.score >= min_score:
                    found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.nips))
    return found
