"""Filters stated in a question: golongan, education, jenis jabatan, status, retirement,
breakdowns, the 9-box cell, items of the last answer and a top N. Each returns what it read
and the text without it."""

from __future__ import annotations

import datetime as dt
import re

from potret_ask.language import _NUM, EDUCATION, ORDINALS, cut, number

GOLONGAN_ORDER = tuple(
    f"{r}/{c}"
    for r, cs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for c in cs
)
STRUCTURAL = ("JPT", "ADMINISTRATOR", "PENGAWAS")


def golongan(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    span = re.search(
        r"\b(iv|iii|ii|i)\s*/\s*([a-e])\s*(?:sampai|hingga|s/d|sd|-|ke)\s*(?:golongan\s+)?"
        r"(iv|iii|ii|i)\s*/\s*([a-e])\b",
        text,
    )
    if span:  # "III/d sampai IV/a"
        low = f"{span.group(1).upper()}/{span.group(2)}"
        high = f"{span.group(3).upper()}/{span.group(4)}"
        if low in GOLONGAN_ORDER and high in GOLONGAN_ORDER:
            start = span.start()
            before = re.search(r"(?:golongan|gol|pangkat)\s*$", text[:start])
            return (("min", low), ("max", high)), cut(
                text, before.start() if before else start, span.end()
            )
    m = re.search(
        r"\b(minimal|min|paling rendah|sekurang-kurangnya|setidaknya|di atas|diatas|lebih dari|"
        r"maksimal|maks|paling tinggi|di bawah|dibawah|kurang dari|sampai)?\s*"
        r"(?:golongan|gol|pangkat)?\s*\b(iv|iii|ii|i)\s*/\s*([a-e])\b\s*(ke atas|keatas|ke bawah|"
        r"kebawah)?",
        text,
    )
    if m:
        code = f"{m.group(2).upper()}/{m.group(3)}"
        if code not in GOLONGAN_ORDER:
            return (), text
        i = GOLONGAN_ORDER.index(code)
        word, after = m.group(1) or "", m.group(4) or ""
        rest = cut(text, m.start(), m.end())
        if word in ("di atas", "diatas", "lebih dari") and i + 1 < len(GOLONGAN_ORDER):
            return (("min", GOLONGAN_ORDER[i + 1]),), rest
        if word in ("di bawah", "dibawah", "kurang dari") and i > 0:
            return (("max", GOLONGAN_ORDER[i - 1]),), rest
        if (
            word.startswith(("min", "paling rendah", "sekurang", "setidak"))
            or after.startswith("ke a")
            or after == "keatas"
        ):
            return (("min", code),), rest
        if (
            word.startswith(("maks", "paling tinggi", "sampai"))
            or after.startswith("ke b")
            or (after == "kebawah")
        ):
            return (("max", code),), rest
        return (("eq", code),), rest
    m = re.search(
        r"\b(?:golongan|gol)\s+(iv|iii|ii|i)\b(?!\s*/)\s*(ke atas|keatas|ke bawah|kebawah)?", text
    )
    if m:
        room = m.group(1).upper()
        last = "e" if room == "IV" else "d"
        rest = cut(text, m.start(), m.end())
        if m.group(2) in ("ke atas", "keatas"):
            return (("min", f"{room}/a"),), rest
        if m.group(2) in ("ke bawah", "kebawah"):
            return (("max", f"{room}/{last}"),), rest
        return (("min", f"{room}/a"), ("max", f"{room}/{last}")), rest
    return (), text


def education(text: str) -> tuple[tuple[str, str] | None, str]:
    words = "|".join(sorted((re.escape(w) for w in EDUCATION), key=len, reverse=True))
    m = re.search(
        rf"(?:\b(?:lulusan|pendidikan|berpendidikan|ijazah|jenjang)\s+)?"
        rf"\b(minimal|min|setidaknya|paling rendah|sekurang-kurangnya)?\s*(?:lulusan|pendidikan|"
        rf"berpendidikan|ijazah|jenjang)?\s*\b({words})\b\s*(ke atas|keatas)?",
        text,
    )
    if not m:
        return None, text
    op = ">=" if (m.group(1) or m.group(3)) else "="
    return (EDUCATION[m.group(2)], op), cut(text, m.start(), m.end())


def jenis(text: str) -> tuple[tuple[str, ...], str]:
    table = (
        (r"\bstruktural\b", STRUCTURAL),
        (r"\b(jpt|pimpinan tinggi|pejabat tinggi|eselon ii|eselon 2)\b", ("JPT",)),
        (r"\b(administrator|eselon iii|eselon 3)\b", ("ADMINISTRATOR",)),
        (r"\b(pejabat pengawas|pengawas|eselon iv|eselon 4)\b", ("PENGAWAS",)),
        (r"\b(jabatan fungsional|pejabat fungsional|fungsional|jf)\b", ("JF",)),
        (r"\b(pelaksana|jabatan pelaksana|staf pelaksana)\b(?!\s+tugas)", ("PELAKSANA",)),
    )
    for pattern, value in table:
        m = re.search(pattern, text)
        if m and not re.search(r"\bkepala pelaksana\b", text[max(0, m.start() - 7) : m.end()]):
            return value, cut(text, m.start(), m.end())
    return (), text


def status(text: str) -> tuple[str | None, str]:
    m = re.search(r"\b(cpns|pppk|pns)\b", text)
    if not m:
        return None, text
    return m.group(1).upper(), cut(text, m.start(), m.end())


def retire(text: str, today: dt.date) -> tuple[tuple[str, int] | None, str]:
    if not re.search(r"\bpensiun", text):
        return None, text
    patterns: tuple[tuple[str, str], ...] = (
        (
            rf"\bmasih\s+(?:lebih dari\s+|minimal\s+)?{_NUM}\s+tahun\s+(?:lagi\s+)?(?:sebelum|"
            r"sampai|menuju|ke)\s+pensiun",
            "min_years",
        ),
        (
            rf"\bpensiun(?:\s*nya)?\s+(?:masih\s+)?(?:lebih dari|minimal|>)\s*{_NUM}\s+tahun",
            "min_years",
        ),
        (rf"\bpensiun(?:\s*nya)?\s+masih\s+{_NUM}\s+tahun", "min_years"),
        (rf"\b(?:dalam|kurang dari|sebelum)\s+{_NUM}\s+tahun", "within_years"),
        (rf"\b{_NUM}\s+tahun\s+(?:ke\s*depan|lagi|mendatang|terakhir)", "within_years"),
    )
    for pattern, kind in patterns:
        m = re.search(pattern, text)
        if m:
            return (kind, number(m.group(1))), cut(text, m.start(), m.end())
    m = re.search(r"\b(?:tahun|th)\s+(20\d\d)\b|\bpada\s+(20\d\d)\b|\b(20\d\d)\b", text)
    if m:
        year = int(next(g for g in m.groups() if g))
        return ("year", year), cut(text, m.start(), m.end())
    m = re.search(r"\btahun\s+(depan|ini|besok)\b", text)
    if m:
        year = today.year + (0 if m.group(1) == "ini" else 1)
        return ("year", year), cut(text, m.start(), m.end())
    return None, text


GROUPS = (
    (r"\b(opd|dinas|perangkat daerah|unit kerja|instansi|kecamatan)\b", "opd"),
    (r"\b(golongan|pangkat)\b", "golongan"),
    (r"\b(pendidikan|jenjang pendidikan|ijazah|tingkat pendidikan)\b", "pendidikan"),
    (r"\b(jenis jabatan|jabatan)\b", "jenis_jabatan"),
    (r"\b(status kepegawaian|status)\b", "status"),
    (r"\b(jenis kelamin|gender|laki-laki|perempuan|pria|wanita)\b", "jenis_kelamin"),
)


def group_by(text: str) -> tuple[str | None, str]:
    m = re.search(
        r"\b(per|menurut|berdasarkan|berdasar|dirinci|rinci|sebaran|komposisi|rekap|distribusi|"
        r"proporsi|dikelompokkan|tiap|setiap|masing-masing)\b\s*(?:asn\s+|pegawai\s+|per\s+)?"
        r"(?:menurut\s+|berdasarkan\s+|per\s+)?(.{0,40})",
        text,
    )
    if m:
        tail = m.group(2)
        hits = []
        for pattern, value in GROUPS:
            g = re.match(rf"(?:\S+\s+){{0,3}}?{pattern[2:]}", tail)
            if g:
                hits.append((g.end(), value))
        if hits:
            end, value = min(hits)
            pattern = next(p for p, v in GROUPS if v == value)
            word = re.search(pattern, tail)
            start = m.start(2) + (word.start() if word else 0)
            rest = cut(text, start, m.start(2) + end)
            return value, cut(rest, m.start(), m.start(2)) if m.start(2) <= len(rest) else rest
    m = re.search(r"\blaki-laki\s+dan\s+perempuan\b|\bpria\s+dan\s+wanita\b", text)
    if m:
        return "jenis_kelamin", cut(text, m.start(), m.end())
    return None, text


def box(text: str) -> tuple[int | None, str]:
    m = re.search(
        r"\b(?:kotak|box|kuadran)\s*(?:nomor\s*|ke-?\s*)?(\d|satu|dua|tiga|empat|lima|enam|tujuh|"
        r"delapan|sembilan)\b",
        text,
    )
    if not m:
        return None, text
    return number(m.group(1)), cut(text, m.start(), m.end())


def vacancy(text: str) -> str | None:
    empty = re.search(
        r"\b(kosong|lowong|lowongan|belum ada pejabat|belum terisi|tidak ada pejabat|tanpa pejabat|"
        r"belum definitif|tanpa pejabat definitif)\b",
        text,
    )
    plt = re.search(r"\b(plt|pelaksana tugas|pejabat sementara)\b", text)
    if empty and plt:
        return "both"
    return "plt" if plt else "kosong" if empty else None


def refs(text: str, shown: int) -> tuple[tuple[int, ...], int | None, str]:
    """Items of the last answer pointed at ("nomor 2", "yang kedua", "ketiganya", "yang
    terakhir"), a first-N ("dua teratas", "tiga besar", "top 5": items or a top N, as the
    intent decides) and the text without them."""
    found: list[int] = []
    for m in re.finditer(r"\b(?:nomor|urutan|peringkat|ranking|rank)\s*(\d{1,2})\b", text):
        found.append(int(m.group(1)))
    if found:
        for m in re.finditer(r"\b(?:dan|sama|dengan|&|atau)\s+(\d{1,2})\b", text):
            if int(m.group(1)) not in found:
                found.append(int(m.group(1)))
    all_of = re.search(r"\b(ketiga|keempat|kelima)\s*nya\b|\b(bertiga)\b", text)
    if all_of:  # "ketiganya": all three
        return tuple(range(1, ORDINALS[all_of.group(1) or "ketiga"] + 1)), None, text
    if re.search(r"\bkedua\s*nya\b|\bberdua\b|\bdua-dua\s*nya\b|\bdua dua\s*nya\b", text):
        return (1, 2), None, text
    for word, n in ORDINALS.items():
        if re.search(rf"\b(?:yang\s+)?{word}\b", text) and n not in found:
            found.append(n)
    if re.search(r"\b(yang\s+)?terakhir\b", text) and shown and not found:
        found.append(shown)
    numbered = None
    first_n = re.search(
        rf"\b{_NUM}\s+(?:kandidat\s+|calon\s+|orang\s+|nama\s+|asn\s+)?(?:teratas|terbaik|"
        r"besar|paling atas|top)\b|\btop\s*(\d{1,2})\b",
        text,
    )
    if first_n and not found:
        numbered = number(first_n.group(1) or first_n.group(2))
    elif not found and re.search(r"\b(paling atas|teratas|urutan teratas)\b", text):
        numbered = 1  # "profil yang paling atas"
    found = [n for n in found if 1 <= n <= 50]
    rest = text
    if found or numbered:
        rest = re.sub(
            r"\b(yang\s+)?(nomor|urutan|peringkat)\s*\d{1,2}\b|\b(pertama|kedua|ketiga|keempat|"
            r"kelima|terakhir|teratas|terbaik|besar)\b",
            " ",
            rest,
        )
    return tuple(found), numbered, re.sub(r"\s+", " ", rest).strip()


def top(text: str) -> int | None:
    m = re.search(
        rf"\b(?:top\s+)?{_NUM}\s+(?:terbaik|teratas|nama|orang|kandidat|calon|asn|pegawai|besar)\b",
        text,
    )
    if not m:
        m = re.search(rf"\b(?:top|tampilkan|ambil|hanya|cuma|sebutkan|kasih)\s+{_NUM}\b", text)
    if not m:
        m = re.search(rf"\b{_NUM}\s+(?:saja|orang saja)\b", text)
    return min(number(m.group(1)), 100) if m else None  # a list shows at most 100
