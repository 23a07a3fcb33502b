"""Place names are never domain evidence (issue 17): "Kecamatan Tambak" is a place, not a
fishpond (tambak), and the staff of Puskesmas Tambak or SMP Negeri 1 Tambak are not
fisheries experts for working there.

`strip_places` removes a gazetteer place (data/gazetteer.json: the regency's kecamatan, its
desa and kelurahan, and facility names such as Puskesmas Nelayan)
where it follows a facility or administrative head (kecamatan, camat, puskesmas, SMP Negeri
1, UPT ... Wilayah, ...), so the unit's function stays and its location goes. The same word
elsewhere ("Pelatihan Budidaya Tambak Udang") is left alone: there it is the work.

A place name that cannot be read as work is removed wherever it stands, head or not: one
that is no word of the thesaurus ("Posbindu PTM Pedagangan": Desa Pedagangan is not trade)
or that has more than one word ("PBB Kebun Teluk Dalam"); and a place name that is a
word ("Tambak") where it is listed with one that is not ("Sangkapura dan Tambak"). Names
are matched with or without their apostrophe and with a hyphen or a space alike
("Gedongkedo'an", "Abar-abir"). A place outside the gazetteer is known by its head and its
capital letter ("Kecamatan Tanah Merah, Kabupaten Bangkalan", "Ds. Penambangan", "Jalan
Pemuda"), and where something was held is not what it was about ("Latsar di Balai Besar
Pelatihan Peternakan Batu").
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from potret_expertise.text import is_root_word


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("potret_expertise").joinpath("data/gazetteer.json").read_text("utf-8")
    )
    return data


def _name_pattern(name: str) -> str:
    """One name: words apart by any space, a hyphen as a hyphen or a space, the apostrophe
    optional."""
    parts = re.split(r"(\s+|-|')", name.strip())
    out = []
    for part in parts:
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part == "-":
            out.append(r"(?:\s*-\s*|\s+)")
        elif part == "'":
            out.append("'?")
        else:
            out.append(re.escape(part))
    return "".join(out)


def _alternation(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)  # longest first: "kepala desa"
    return "|".join(_name_pattern(w) for w in ordered)


def _place_names() -> list[str]:
    data = _gazetteer()
    names: list[str] = data["places"] + [d for desa in data["desa"].values() for d in desa]
    return names


def _after_heads(heads: list[str], places: list[str], *, pembina: bool) -> re.Pattern[str]:
    """One of `places` after one of `heads` ("SD Negeri 2 ...", "SMP Pembina ..."): group 1
    is the head."""
    title = r"(?:\s+pembina)?" if pembina else ""
    return re.compile(
        rf"\b((?:{_alternation(heads)})\.?(?:\s+negeri)?{title}(?:\s+\d+)?)\s+"
        rf"(?:{_alternation(places)})\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """A place after a facility or administrative head: the place goes, the head stays."""
    data = _gazetteer()
    return _after_heads(data["heads"], _place_names() + data["facility_names"], pembina=True)


@lru_cache(maxsize=1)
def _location_pattern() -> re.Pattern[str]:
    """A location-only head (pulau, jalan raya, dusun) with its place: both go."""
    heads = _alternation(_gazetteer()["location_heads"])
    return re.compile(rf"\b(?:{heads})\.?\s+(?:{_alternation(_place_names())})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word of every thesaurus term (keywords, majors, JF), lower case."""
    raw: dict[str, dict[str, list[str]]] = json.loads(
        resources.files("potret_expertise").joinpath("data/thesaurus.json").read_text("utf-8")
    )
    return frozenset(
        w
        for terms in raw.values()
        for key in ("keywords", "majors", "jf")
        for term in terms.get(key, [])
        for w in re.findall(r"[a-z]+", term.lower())
    )


def unreadable_as_work(name: str) -> bool:
    """A place name that cannot be read as work: several words, or no thesaurus word."""
    words = re.findall(r"[a-z]+", name.lower())
    return len(words) > 1 or (bool(words) and words[0] not in _vocabulary())


@lru_cache(maxsize=1)
def _bare_pattern() -> re.Pattern[str]:
    """A place that cannot be read as work, wherever it stands."""
    names = [n for n in _place_names() if unreadable_as_work(n)]
    return re.compile(rf"\b(?:{_alternation(names)})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _listed_pattern() -> re.Pattern[str]:
    """A place read as a word ("Tambak") listed with a place that is not one: "Sangkapura dan
    Tambak", "Tambak, Sangkapura": both are places."""
    names = _place_names()
    plain = _alternation([n for n in names if unreadable_as_work(n)])
    worded = _alternation([n for n in names if not unreadable_as_work(n)])
    joint = r"\s*(?:,|/|&|\bdan\b|\bserta\b|\batau\b)\s*"
    return re.compile(
        rf"\b(?:(?:{plain}){joint}(?:{worded})|(?:{worded}){joint}(?:{plain}))\b", re.IGNORECASE
    )


@lru_cache(maxsize=1)
def _site_pattern() -> re.Pattern[str]:
    """Site heads ("Kawasan Terminal") and the capitalised word after them ("Bunder")."""
    heads = _alternation(_gazetteer().get("site_heads", []))
    name = r"[A-Z][a-z'’]+(?:-[A-Za-z'’]+)?"  # "Bunder", "Gedongkedo'an"; not an acronym
    return re.compile(rf"\b(?i:{heads})(?:\s+(?i:{heads}))*\s+({name})")


@lru_cache(maxsize=1)
def _area_pattern() -> re.Pattern[str]:
    """An area head and the words after it: "Kawasan Wisata Religi Makam ...", "kawasan
    wisata religi Makam Sunan Giri"."""
    return re.compile(r"\b(?i:kawasan|kompleks)((?:\s+[A-Za-z][A-Za-z'’]*){1,6})")


@lru_cache(maxsize=1)
def _folded_places() -> frozenset[str]:
    return frozenset(_folded(n) for n in _place_names())


ADMIN_WORDS = frozenset({"kecamatan", "kelurahan", "desa", "dusun", "kabupaten", "kota"})


def _area(m: re.Match[str]) -> str:
    """A named area of the regency is a place, what it is named after with it: "Kawasan
    Wisata Religi Makam Sunan Giri" (Giri is a desa), "Kawasan Industri Gresik". An area
    whose words reach no place of the gazetteer is a programme or the work ("Kawasan Rumah
    Pangan Lestari", "Kawasan Kumuh Kelurahan Lumpur": the run stops at an administrative
    head, whose place the rules below remove)."""
    words = m.group(1).split()
    for i, word in enumerate(words):
        if word.lower() in ADMIN_WORDS:
            break
        if _folded(word) in _folded_places():
            rest = " ".join(words[i + 1 :])
            return f" {rest}" if rest else " "
    return m.group(0)


def _site(m: re.Match[str]) -> str:
    """A site named by a proper name is a place, head and all ("Terminal Bunder" in a
    billboard-tax map is not transport); a site named by a word is the work ("Terminal
    Penumpang", "Pasar Tradisional")."""
    name = m.group(1)
    low = name.lower().replace("’", "'")
    proper = not is_root_word(re.sub(r"[^a-z]", "", low)) and low not in _vocabulary()
    return " " if proper else m.group(0)


# A place outside the gazetteer (another regency: "Kecamatan Tanah Merah, Kabupaten Bangkalan",
# "Ds. Penambangan"), known by its administrative head and its capital letter. After a
# kecamatan, kabupaten, kota or provinsi head one or two capitalised words are its name,
# whatever they mean; after a desa, kelurahan or dusun head a capitalised word that is no
# thesaurus word ("Desa Wisata" and "Desa Tambak" stay: there the word may be the work).
_NAME = r"[A-Z][a-z'’]+(?:-[A-Za-z'’]+)?"
_REGION = re.compile(
    rf"\b((?i:kecamatan|kec\.|kabupaten|kab\.|kota|provinsi))\s+({_NAME})(?:\s+({_NAME}))?"
)
# Programmes named like a region are work, not a place: Kabupaten Layak Anak, Kabupaten/Kota
# Sehat, Kota Tanpa Kumuh (KOTAKU).
_PROGRAMME_WORDS = frozenset(
    {"layak", "sehat", "tanpa", "dan", "ramah", "peduli", "tangguh", "inklusif", "cerdas"}
)
_VILLAGE = re.compile(rf"\b((?i:desa|ds\.|kelurahan|kel\.|dusun|dsn\.|dukuh))\s+({_NAME})")
# After a street, island, prison, company or hotel head the capitalised words are its name,
# whatever they mean: "Jalan Pemuda", "Jl. Dr. Wahidin", "Pulau Mengare", "Lapas Pemuda
# Kelas IIA", "PT Terminal Teluk Lamong", "Hotel Wisata Niaga". A road's class or use is no
# name: "Penerangan Jalan Umum", "Pemeliharaan Jalan Kabupaten", "Jalan Usaha Tani".
_NAMED_PLACE = re.compile(
    r"\b(?:(?i:jalan|jl\.)\s+"
    r"(?!(?i:umum|kabupaten|provinsi|nasional|desa|lingkungan|poros|usaha|tol|dan)\b)"
    r"|(?i:gang|gg\.|pulau|lapas|rutan|pt|cv|perumda|perum|hotel)\s+)"
    rf"(?:(?:Dr|H|Ir|KH|R)\.\s*)?{_NAME}"
    rf"(?:\s+(?!Kelas\b){_NAME}){{0,2}}"
)
# Where something was held is not what it was about: "Bimtek SRIKANDI di Gedung Guru PGRI",
# "Latsar di Balai Besar Pelatihan Peternakan Batu", "Pos Kesehatan di Kawasan Wisata Religi"
# lose the place after "di" (at), up to the next punctuation; the topic before it stays.
# Where a visit went and what lies around are places too: "kunjungan ke Kebun Raya dan Hutan
# Kota", "warga sekitar TPA" ("sekitar 40%" is a figure and stays), and a venue held at
# ("diselenggarakan di pendopo wisata hutan mangrove").
# "di Daerah" is no place: it ends a JF title ("Pengawas Penyelenggaraan Urusan Pemerintahan
# di Daerah Ahli Muda").
_HELD_AT = re.compile(
    r"\s+(?:(?:di|ke)\s+(?=[A-Z])(?!Daerah\b)|(?:di\s+)?(?i:sekitar)\s+(?=[A-Za-z])"
    r"|di\s+(?=(?i:pendopo|aula|gedung|balai|halaman|lokasi|objek|tempat|kompleks|kawasan)\b))"
    r"[^,.;:()\n]*"
)
# A settlement named by its people's trade is a place, its trade the people's, not the work
# done there: "Dapur Gizi Balita Kampung Nelayan", "Penataan Permukiman Kumuh Kampung Nelayan".
_SETTLEMENT = re.compile(
    r"\b(?i:kampung|perkampungan|permukiman|pemukiman|desa|dusun)\s+"
    r"(?i:nelayan|petani|petambak|pembudidaya|peternak|pengrajin|perajin|pedagang|buruh)\b"
)


@lru_cache(maxsize=1)
def _institutions() -> tuple[re.Pattern[str], dict[str, str]]:
    """National offices named after where they work: "Kantor Kesehatan Pelabuhan" is health
    work at a port, not transport."""
    names: dict[str, str] = _gazetteer().get("institutions", {})
    if not names:
        return re.compile(r"(?!)"), {}
    pattern = re.compile(rf"\b(?:{_alternation(list(names))})\b", re.IGNORECASE)
    return pattern, {_folded(k): v for k, v in names.items()}


def _folded(name: str) -> str:
    """One form of a name however it is written: lower case, no apostrophe, single spaces."""
    return re.sub(r"[\s-]+", " ", name.lower().replace("'", "")).strip()


def _region(m: re.Match[str]) -> str:
    words = [w.lower() for w in (m.group(2), m.group(3)) if w]
    if words[0] in _PROGRAMME_WORDS:
        return m.group(0)  # "Kabupaten Layak Anak", "Kota Sehat": a programme
    if len(words) > 1 and words[1] in _PROGRAMME_WORDS:
        return f"{m.group(1)} {m.group(3)}"  # "Kabupaten Gresik Sehat": the place is one word
    return m.group(1)


def _strip_unlisted(text: str) -> str:
    pattern, kept = _institutions()
    if kept:
        text = pattern.sub(lambda m: kept.get(_folded(m.group(0)), m.group(0)), text)
    text = _NAMED_PLACE.sub(" ", text)
    text = _SETTLEMENT.sub(" ", text)
    out = _REGION.sub(_region, text)
    out = _VILLAGE.sub(
        lambda m: m.group(1) if m.group(2).lower() not in _vocabulary() else m.group(0), out
    )
    # Last: the heads above end in a dot ("Ds.", "Jl."), where a held-at phrase would stop.
    return _HELD_AT.sub(" ", out)


@lru_cache(maxsize=200_000)
def strip_places(text: str) -> str:
    """`text` without the gazetteer places that follow a facility or administrative head,
    and without those that cannot be read as work wherever they stand."""
    out = _listed_pattern().sub(" ", text)
    out = _area_pattern().sub(_area, out)
    out = _site_pattern().sub(_site, out)
    out = _location_pattern().sub(" ", out)
    out = _pattern().sub(lambda m: m.group(1), out)
    out = _bare_pattern().sub(" ", out)
    out = _strip_unlisted(out)
    return re.sub(r"\s{2,}", " ", out).strip() if out != text else text


# Heads whose next word a question may mean as the work itself, not a place: "jalan beton"
# (a concrete road; Beton is a desa), "pasar nelayan", "desa nelayan", "wilayah tambak".
_OPEN_HEADS = frozenset(
    {"desa", "dusun", "dsn", "kantor", "wilayah", "pasar", "cabang", "pulau", "lapangan"}
    | {"terminal", "stasiun", "gedung", "jalan", "jl", "bumdes"}
)


@lru_cache(maxsize=1)
def _question_pattern() -> re.Pattern[str]:
    """A gazetteer place after an administrative or facility head that names only a place
    (kecamatan, kelurahan, puskesmas, a school, UPT, KUA ...): the place goes, the head stays."""
    heads = [h for h in _gazetteer()["heads"] if h not in _OPEN_HEADS]
    return _after_heads(heads, _place_names(), pembina=False)


@lru_cache(maxsize=20_000)
def strip_headed_places(text: str) -> str:
    """A question's `text` without the gazetteer places that follow a head naming only a
    place, the head kept: "pelayanan administrasi kecamatan tambak" asks for a kecamatan's
    service, not for fishponds; "dokter puskesmas tambak" for a puskesmas doctor. Narrower
    than strip_places: a place said without such a head stays, for in a question it may be
    the work ("tambak udang di Ujungpangkah"), and so does one after a head a question may
    use for the work (_OPEN_HEADS: "jalan beton", "pasar nelayan")."""
    out = _question_pattern().sub(lambda m: m.group(1), text)
    return re.sub(r"\s{2,}", " ", out).strip() if out != text else text


@lru_cache(maxsize=100_000)
def strip_place_names(name: str) -> str:
    """A post's or a unit's name without the names of its places, its heads kept: "Sekretaris
    Kecamatan Tambak" is a kecamatan's secretary, "UPT Puskesmas Tambak" a puskesmas, "Kepala
    UPT Pasar Sidayu" a market's head. Narrower than strip_places, which reads evidence text:
    a site keeps its head and name ("Pasar", "Terminal Bunder" stay), and nothing is read as
    where something was held ("... di Bidang Perikanan Budidaya" stays)."""
    out = _listed_pattern().sub(" ", name)
    out = _pattern().sub(lambda m: m.group(1), out)
    out = _bare_pattern().sub(" ", out)
    out = _REGION.sub(_region, out)
    out = _VILLAGE.sub(
        lambda m: m.group(1) if m.group(2).lower() not in _vocabulary() else m.group(0), out
    )
    return re.sub(r"\s{2,}", " ", out).strip() if out != name else name
