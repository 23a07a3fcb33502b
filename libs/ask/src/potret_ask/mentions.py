"""Names in a question: the catalogue post ("kadis perikanan", "camat Manyar", "Pranata
Komputer Ahli Madya"), the OPD ("Dinas Kesehatan", "Dinkes", "kecamatan Tambak") and the
people of the records, each resolved against the `Directory` and cut out of the text."""

from __future__ import annotations

import re

from potret_ask.directory import HONORIFICS, Directory
from potret_ask.language import OPD_HEADS, POSITION_HEADS, cut
from potret_ask.positions import SHORT_FORMS, CatalogueEntry
from potret_expertise.text import abbreviations

_STOP = (
    r"(?=\s+(?:yang|dengan|golongan|minimal|maksimal|paling|ke atas|atau|untuk|saja|lulusan|"
    r"masih|sebelum|pensiun|di|dari|pada|tahun|terbaik|sekarang|saat|siapa|itu|ini|apa|"
    r"siapakah|kah|tidak|sama|vs|versus|kalau|dong|yah|ya|jadi|mana|berapa|nya)\b|[?.!;,]|$)"
)


def position(
    text: str, directory: Directory, context: CatalogueEntry | None
) -> tuple[CatalogueEntry | None, str, str | None]:
    """The catalogue post named in the text, the text without it, the words if unresolved.
    A bare head after a post ("kalau sekdinnya?") is read in that post's OPD."""
    text = re.sub(r"\bkepala\s+(bpbd|badan penanggulangan bencana)", r"kepala pelaksana \1", text)
    heads = "|".join(re.escape(h) for h in sorted(POSITION_HEADS, key=len, reverse=True))
    for m in re.finditer(rf"\b({heads}|ka(?:dis|din)[a-z]+)\b", text):
        tail = text[m.end() :]
        stop = re.search(_STOP, tail)
        words_after = tail[: stop.start()].split() if stop else tail.split()
        # Longest first: "kepala dinas kesehatan" before "kepala dinas".
        for n in range(min(len(words_after), 10), -1, -1):
            phrase = f"{m.group(1)} {' '.join(words_after[:n])}".strip()
            entry = (
                directory.position(phrase)
                or directory.position(_roman(phrase))  # "irban 2": Inspektur Pembantu II
                or (_head_of_opd(phrase, directory) if n == 0 else None)
            )
            head = SHORT_FORMS.get(m.group(1), m.group(1))  # "kadis": "kepala dinas"
            unit = head.split()[1] if len(head.split()) > 1 else None
            if entry is None and n and head.split()[0] in ("kepala", "sekretaris"):
                # The head of an OPD named by a short form: "kepala dinas pariwisata", "kadis
                # disparbud" are the Kepala Dinas Pariwisata, Ekonomi Kreatif, ... of the records.
                named, rest, _ = opd(" ".join(words_after[:n]), directory)
                # "kabid bkpsdm" is one of its Kepala Bidang, never the Kepala Badan
                fits = named is not None and unit in (None, named.split()[0].lower())
                if named is not None and not rest.strip() and fits:
                    entry = directory.position(f"{head.split()[0]} {named}")
                    if entry is None and head.split()[-1] == named.split()[0].lower():
                        entry = directory.position(f"{head} {named.partition(' ')[2]}")
            if entry is not None:
                end = m.end() + len(" ".join(words_after[:n])) + (1 if n else 0)
                return entry, cut(text, m.start(), end), None
        # A name several OPDs share, with the OPD said apart: "Kasubbag Umum di Dinkes".
        phrase = f"{m.group(1)} {' '.join(words_after)}".strip()
        choices = directory.position_choices(phrase)
        if choices:
            end = m.end() + len(" ".join(words_after)) + (1 if words_after else 0)
            rest = cut(text, m.start(), end)
            named, _, _ = opd(rest, directory)
            where = named or (context.opd if context is not None else None)
            chosen = [c for c in choices if c.opd == where]
            if len(chosen) == 1:
                return chosen[0], rest, None
        if not words_after and context is not None:
            entry = directory.position(f"{m.group(1)} {context.opd}")
            if entry is not None:
                return entry, cut(text, m.start(), m.end()), None
        if words_after or m.group(1) not in ("kepala", "sekretaris", "direktur"):
            end = m.end() + len(" ".join(words_after)) + (1 if words_after else 0)
            return None, text, text[m.start() : end].strip()
    jf = _functional_post(text, directory)
    if jf is None:
        unknown = re.search(rf"((?:[a-z]+\s+){{1,4}}(?:{JF_GRADES}))\b", text)
        if unknown:
            words = unknown.group(1).split()
            while words and words[0] in _NOT_POST_WORDS:
                words.pop(0)
            said = " ".join(words)
            start, end = unknown.end(1) - len(said), unknown.end(1)
            # Short forms and typos of a functional post ("penyuluh KB ahli madya", "pranata
            # humas ahli madya setwan"): one post, or one of those of the OPD said
            entry = directory.position(said) if len(words) >= 3 else None
            if entry is not None:
                return entry, cut(text, start, end), None
            choices = directory.position_choices(said) if len(words) >= 3 else ()
            if choices:
                rest = cut(text, start, end)
                named, _, _ = opd(rest, directory)
                where = named or (context.opd if context is not None else None)
                chosen = [c for c in choices if c.opd == where]
                if len(chosen) == 1:
                    return chosen[0], rest, None
            if len(words) >= 3:  # a functional post the catalogue does not have: said so
                return None, text, said
    if jf is not None:
        same, start, end = jf
        rest = cut(text, start, end)
        if len(same) == 1:
            return same[0], rest, None
        named, _, _ = opd(rest, directory)  # "... Ahli Madya di Sekretariat DPRD"
        where = named or (context.opd if context is not None else None)
        chosen = [e for e in same if e.opd == where]
        if len(chosen) == 1:
            return chosen[0], rest, None
        return None, text, text[start:end]
    return None, text, None


JF_GRADES = r"ahli\s+(?:pertama|muda|madya|utama)|terampil|mahir|penyelia"
_NOT_POST_WORDS = frozenset(
    {"siapa", "kandidat", "calon", "untuk", "jadi", "menjadi", "yang", "terbaik", "cocok"}
    | {"sebagai", "naik", "ke", "di", "dari", "dan", "atau", "paling", "kalau"}
)
_ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v", "6": "vi", "7": "vii"}


def _roman(phrase: str) -> str:
    return re.sub(r"\b([1-7])\b", lambda m: _ROMAN[m.group(1)], phrase)


def _head_of_opd(head: str, directory: Directory) -> CatalogueEntry | None:
    """A head alone that is the title of one OPD's head ("Inspektur": Inspektur Inspektorat)."""
    title = head.strip().lower()
    found = [e for e in directory.positions if e.name.lower() == f"{title} {e.opd.lower()}".strip()]
    return found[0] if len(found) == 1 else None


def _functional_post(
    text: str, directory: Directory
) -> tuple[list[CatalogueEntry], int, int] | None:
    """The functional posts named in full ("Pranata Komputer Ahli Madya": one per OPD that has
    it) and where the name stands in the text."""
    best: tuple[list[CatalogueEntry], int, int] | None = None
    for entry in directory.positions:
        if entry.jenis != "JF":
            continue
        name = entry.name.lower()
        at = text.find(name)
        if at < 0:
            continue
        if best is not None and best[0][0].name.lower() == name:
            best[0].append(entry)
        elif best is None or len(name) > best[2] - best[1]:
            best = ([entry], at, at + len(name))
    return best


def _opd_short_forms(directory: Directory) -> frozenset[str]:
    """Single words that name an OPD as officials write it: the short forms of the catalogue
    resolver and of the thesaurus, and the initials of each OPD of the records ("dlh")."""
    forms = {k for k, v in SHORT_FORMS.items() if v.split()[0] in _OPD_FIRST or k in _OPD_WORDS}
    forms |= {k for k, v in abbreviations().items() if v.split()[0] in _OPD_FIRST}
    for name in directory.opds:
        words = [w for w in re.findall(r"[a-z]+", name.lower()) if w not in ("dan",)]
        if len(words) >= 2:
            forms.add("".join(w[0] for w in words))
    # "KB" alone is the field (keluarga berencana: "paham KB dan kontrasepsi"); the OPD is
    # "Dinas KB" (OPD_ALIASES).
    return frozenset((forms | _OPD_WORDS) - {"kb"})


_OPD_FIRST = frozenset({"dinas", "badan", "sekretariat", "satuan", "inspektorat", "rsud"})
_OPD_WORDS = frozenset(
    {
        "bappeda",
        "bapenda",
        "bkpsdm",
        "bkd",
        "bpbd",
        "bpkad",
        "setda",
        "setwan",
        "rsud",
        "dukcapil",
        "kominfo",
        "diskominfo",
        "disdukcapil",
        "satpol",
        "inspektorat",
        "kesbangpol",
        "disparbud",
        "dispora",
        "disbudpar",
        "dinkes",
        "disdik",
        "dispendik",
        "dputr",
        "pupr",
        "dpupr",
        "disperindag",
        "dkpp",
        "dispertan",
        "dp3akb",
        "dp3appkb",
    }
)
# Where a word that names an OPD in the records names another here.
OPD_ALIASES = {
    "bkd": "badan kepegawaian",
    "disparbud": "dinas pariwisata kebudayaan",
    "disbudpar": "dinas pariwisata kebudayaan",
    "dispora": "dinas pemuda olahraga",
    "disdukcapil": "dinas kependudukan pencatatan sipil",
    "dukcapil": "dinas kependudukan pencatatan sipil",
    "kominfo": "dinas komunikasi informatika",
    "dinas kb": "dinas kb",
    "dp3a": "dinas pemberdayaan perempuan perlindungan anak",
    "dp3akb": "dinas kb",
    "dp3appkb": "dinas kb",
    "dppkb": "dinas kb",
    "pupr": "dinas pekerjaan umum",
    "dpupr": "dinas pekerjaan umum",
    "dinas pu": "dinas pekerjaan umum",
    "disperindag": "dinas perindustrian perdagangan",
    "dkpp": "dinas ketahanan pangan",
    "dispertan": "dinas pertanian",
}


def opd(text: str, directory: Directory) -> tuple[str | None, str, str | None]:
    """The OPD named in the text (resolved against the records), the rest, unresolved words.
    An OPD is named by a head word and its name ("Dinas Kesehatan", "kecamatan Tambak") or by
    a short form ("Dinkes", "BPBD"); a field's word alone ("kesehatan") names no OPD."""
    tokens = text.split()
    heads = {h.split()[0] for h in OPD_HEADS}
    short = _opd_short_forms(directory)
    for i, token in enumerate(tokens):
        candidates: list[tuple[int, str]] = []  # (words taken, what to resolve)
        if token in heads:
            for n in range(min(9, len(tokens) - i), 0, -1):
                span = tokens[i : i + n]
                if any(w in _OPD_BREAK for w in span[1:]):
                    continue
                if n == 1 and token not in ("inspektorat", "rsud", "satpol"):
                    continue
                candidates.append((n, " ".join(span)))
        elif token in short or " ".join(tokens[i : i + 2]) in OPD_ALIASES:
            two = " ".join(tokens[i : i + 2])
            if two in OPD_ALIASES:
                candidates.append((2, OPD_ALIASES[two]))
            candidates.append((1, OPD_ALIASES.get(token, token)))
        for n, words in candidates:
            if tokens[i : i + 2] == ["satpol", "pp"]:
                n = max(n, 2)
            name = directory.opd(words)
            if name is not None:
                start = len(" ".join(tokens[:i]))
                end = len(" ".join(tokens[: i + n]))
                rest = cut(text, start, end)
                rest = re.sub(r"\b(di|dari|pada|dalam|lingkungan)\s*(\?|$)", r"\2", rest).strip()
                return name, rest, None
        if token in heads and i + 1 < len(tokens) and tokens[i + 1] not in _OPD_BREAK:
            return None, text, " ".join(tokens[i : i + 4])
    # A kecamatan named by its place alone after "di": "yang di Tambak".
    m = re.search(r"\b(?:di|wilayah)\s+([a-z]+)\b", text)
    if m and m.group(1) != "gresik":
        name = directory.opd(f"kecamatan {m.group(1)}")
        if name and name.lower() == f"kecamatan {m.group(1)}":
            return name, cut(text, m.start(), m.end()), None
    return None, text, None


_OPD_BREAK = frozenset(
    {"yang", "untuk", "di", "?", ",", "atau", "saja", "siapa", "ada", "sekarang"}
)


def without_people(text: str, directory: Directory) -> tuple[list[str], str]:
    """The NIPs of people named in the text, and the text without their names (and without
    the honorifics before them)."""
    people, spans = directory.people_in(text)
    words = list(re.finditer(r"[a-z][a-z'-]*", text))  # the words people_in counted
    for start, end in sorted(spans, reverse=True):
        first = words[start].start()
        while start > 0 and words[start - 1].group() in HONORIFICS:
            start -= 1
            first = words[start].start()
        text = text[:first] + " " + text[words[end - 1].end() :]
    return people, re.sub(r"\s+", " ", text).strip()


def shared_name(entry: CatalogueEntry, directory: Directory) -> bool:
    return sum(1 for e in directory.positions if e.name == entry.name) > 1
