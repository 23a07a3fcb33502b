"""Filters stated in a question: golongan, education, jenis jabatan, status, retirement,
breakdowns, the 9-box cell, items of the last answer and a top N. Each returns what it read
and the text without it."""

from __future__ import annotations

import datetime as dt
import re

from potret_ask.language import _NUM, EDUCATION, ORDINALS, cut, number
from potret_asn_rules.golongan import GOLONGAN_CODES, PANGKAT
from potret_expertise.spelling import is_vocabulary_word

GOLONGAN_ORDER = GOLONGAN_CODES
STRUCTURAL = ("JPT", "ADMINISTRATOR", "PENGAWAS")


_ROMAN_GOLONGAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}


_PANGKAT_NAMES = sorted(PANGKAT.items(), key=lambda kv: -len(kv[1]))


def golongan(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    # A pangkat by its name ("pangkatnya Penata Tingkat I": III/d, PP 99/2000); only after
    # "pangkat", since "Penata Layanan Operasional" is a post.
    for code, name in _PANGKAT_NAMES:
        text = re.sub(rf"\bpangkat(?:\s*nya)?\s+{name.lower()}\b", f"golongan {code.lower()}", text)
    text = re.sub(r"\b(golongan|gol)(?=(iv|iii|ii|[1-4])\b)", r"\1 ", text)  # "golonganIV"
    # "3a-3b": a range written with digits.
    text = re.sub(
        r"\b([1-4])\s*/?\s*([a-e])\s*(-|sampai|hingga|s/d|sd)\s*([1-4])\s*/?\s*([a-e])\b",
        lambda m: (
            f"{_ROMAN_GOLONGAN[m.group(1)]}/{m.group(2)} {m.group(3)} "
            f"{_ROMAN_GOLONGAN[m.group(4)]}/{m.group(5)}"
        ),
        text,
    )
    text = re.sub(  # "gol 3": the whole golongan III
        r"\b(golongan|gol|pangkat)\s+([1-4])\b(?!\s*/?\s*[a-e]\b)",
        lambda m: f"{m.group(1)} {_ROMAN_GOLONGAN[m.group(2)]}",
        text,
    )
    # Written without the slash: "IIIc", "IV a", and after "golongan" also "4a", "3/c".
    text = re.sub(
        r"\b(golongan|gol|pangkat)\s+([1-4])\s*/?\s*([a-e])\b",
        lambda m: f"{m.group(1)} {_ROMAN_GOLONGAN[m.group(2)]}/{m.group(3)}",
        text,
    )
    text = re.sub(r"\b(iv|iii|ii)\s([a-e])\b", r"\1/\2", text)
    # "IIIc", "IVa" joined; "IID" alone is an acronym (Indeks Inovasi Daerah) unless the
    # question speaks of golongan
    spoken = re.search(r"\b(golongan|gol|pangkat|ke ?atas|ke ?bawah|minimal|maksimal)\b", text)
    spoken = spoken or re.search(r"\b(s/d|sd|sampai|hingga)\b", text)
    joined = r"\b(iv|iii|ii)([a-e])\b" if spoken else r"\b(iv|iii|ii)([a-ce])\b"
    text = re.sub(joined, r"\1/\2", text)
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


# A school level said of the work, not of the person's own schooling: the schools a teacher,
# an inspector or an operator works for ("pengawas sekolah SMP", "guru SD", "kurikulum merdeka
# SD", "SD Negeri 1", "BOS SMP") is no education filter. The person's schooling is said with
# its own words ("lulusan SMA", "sekolahnya SMA", "pendidikan terakhir SMP").
_SCHOOL_LEVELS = frozenset({"SD", "SMP", "SMA"})
_SCHOOL_WORK_BEFORE = re.compile(
    r"\b(?:(?:guru|kepala|pengawas|penilik|operator|bendahara|kurikulum(?:\s+merdeka)?|siswa"
    r"|murid|peserta\s+didik|satuan\s+pendidikan|pembelajaran|kelas|dapodik|bos|rkas|arkas"
    r"|akreditasi|asesmen|zonasi|ppdb|spmb|anak|perpustakaan|gedung|rehab(?:ilitasi)?|sarpras"
    r"|pembinaan|pengembangan|pendampingan|pendamping|bimbingan)(?:\s+(?:sekolah|tingkat))?"
    # "guru di SMP", "mengajar di SD inklusi": where the work is
    r"|di)\s+$"
)
_SCHOOL_AFTER = re.compile(
    r"^\s+(?:negeri|swasta|n\b|inpres|\d|se-?(?:kabupaten|kecamatan)|dan\s+sm)"
)


def education(text: str) -> tuple[tuple[str, str] | None, str]:
    words = "|".join(sorted((re.escape(w) for w in EDUCATION), key=len, reverse=True))
    pattern = (
        rf"(?:\b(?:lulusan|pendidikan|berpendidikan|ijazah|jenjang|sekolah)(?:\s+nya)?"
        rf"(?:\s+terakhir)?(?:\s+(?:cuma|hanya|baru))?\s+)?"
        rf"\b(minimal|min|setidaknya|paling rendah|sekurang-kurangnya)?\s*(?:lulusan|pendidikan|"
        rf"berpendidikan|ijazah|jenjang)?\s*\b({words})\b\s*(ke atas|keatas)?"
    )
    for m in re.finditer(pattern, text):
        level = EDUCATION[m.group(2)]
        said = text[m.start() : m.start(2)]
        schooling = re.search(r"\b(lulusan|berpendidikan|ijazah|pendidikan|sekolah\s*nya)\b", said)
        if level in _SCHOOL_LEVELS and not schooling and not m.group(1) and not m.group(3):
            before = text[: m.start(2)]
            if _SCHOOL_WORK_BEFORE.search(before) or _SCHOOL_AFTER.match(text[m.end(2) :]):
                continue  # the schools of the work ("pengawas sekolah SMP"): no filter
        op = ">=" if (m.group(1) or m.group(3)) else "="
        return (level, op), cut(text, m.start(), m.end())
    return None, text


def jenis(text: str) -> tuple[tuple[str, ...], str]:
    table = (
        (r"\bstruktural\b", STRUCTURAL),
        (r"\b(jpt|pimpinan tinggi|pejabat tinggi|eselon ii|eselon 2)\b", ("JPT",)),
        (
            rf"\b(pejabat administrator|administrator(?!\s+{_ADMINISTRATOR_OF})|eselon iii"
            r"|eselon 3)\b",
            ("ADMINISTRATOR",),
        ),
        (
            rf"\b(pejabat pengawas|pengawas(?!\s+{_JF_PENGAWAS})|eselon iv|eselon 4)\b",
            ("PENGAWAS",),
        ),
        (r"\b(jabatan fungsional|pejabat fungsional|fungsional|jf)\b", ("JF",)),
        (
            r"\b(pelaksana|jabatan pelaksana|staf pelaksana)\b(?!\s+(?:tugas|kegiatan|teknis"
            r"|program|proyek|lapangan|harian|pekerjaan))",
            ("PELAKSANA",),
        ),
    )
    for pattern, value in table:
        m = re.search(pattern, text)
        if m and not re.search(r"\bkepala pelaksana\b", text[max(0, m.start() - 7) : m.end()]):
            before = text[: m.start()]
            if re.search(
                rf"({_SELECTION}|{_CAREER_WORK})\s+(ke\s+)?(dalam\s+)?(jabatan\s+)?$", before
            ):
                continue  # "seleksi terbuka JPT", "penilaian PAK jabatan fungsional": a subject
            return value, cut(text, m.start(), m.end())
    return (), text


# The administrator of a system or the JF Administrator Kesehatan (PermenPAN-RB 6/2023;
# number unverified) is a role, not the jabatan administrator of PP 11/2017 (pasal 54):
# "administrator jaringan", "administrator database", "administrator kesehatan"
_ADMINISTRATOR_OF = (
    r"(jaringan|database|basis\s+data|sistem|server|kesehatan|web|website|aplikasi|it|ti|tik"
    r"|data|simrs|simpeg|siasn|email|domain|komputer)\b"
)
# JF titles that start with "Pengawas" (Pengawas Sekolah, Pengawas Ketenagakerjaan, …): a
# function, not the jabatan pengawas of PP 11/2017 (pasal 54)
_JF_PENGAWAS = (
    r"(sekolah|ketenagakerjaan|perikanan|benih|mutu|alat|farmasi|koperasi|perdagangan|"
    r"lingkungan|bangunan|pemilu|obat|kemetrologian|penyelenggaraan|urusan|keuangan|kesehatan|"
    r"radiasi|jalan|irigasi|hutan|lapangan|proyek|pekerjaan|tenaga|ketenaganukliran|kehutanan|"
    r"kawasan|peternakan|bibit|pupuk|pestisida|penerbangan|perkeretaapian|pelayaran|"
    # and the supervisors of building works ("pengawas konstruksi jalan")
    r"konstruksi|gedung)\b"
)
# Words before a kind of jabatan or status that make it the subject of a question about
# selection or training, no filter of people ("seleksi terbuka JPT", "pengajar latsar CPNS",
# "panitia TKD CPNS": the tests of the CPNS selection, TKD/SKD/SKB, and their committee)
_SELECTION = (
    r"\b(seleksi|seleksi terbuka|lelang|lelang jabatan|open bidding|diklat|diklatpim|"
    r"pelatihan|pelatihan dasar|latsar|prajabatan|orientasi|tes|ujian|pendaftaran|"
    r"penerimaan|rekrutmen|pengadaan|uji kompetensi|tkd|skd|skb|panitia|pansel)"
)


# Career administration of a kind of jabatan (BKPSDM work, PermenPANRB 1/2023 on JF): "penilaian
# PAK jabatan fungsional", "kenaikan jenjang JF", "pembinaan jabatan fungsional" ask who does
# that work, not who holds a JF. (Not "formasi": "formasi jabatan administrator yang belum
# terisi" asks for the vacant posts of that kind.)
# "PAK" only after its verbs or after the words that ask who knows a work ("siapa yang ahli
# PAK jabatan fungsional": dev-12's chat listed every JF holder): "tolong pak, jabatan
# fungsional ...", "mau tanya soal, pak, ..." address a man.
_CAREER_WORK = (
    r"\b(penilaian|penilai|(?:penilaian|penetapan|usulan|pengusulan)\s+pak|angka ?kredit|"
    r"(?:ahli|pakar|paham|mengerti|menguasai|mengurus|menangani)\s+pak|"
    r"pembinaan|kenaikan jenjang|penyetaraan|inpassing|pengangkatan|perpindahan)"
)


_BOTH_STATUSES = (
    r"\b(cpns|pppk|pns)\s+(?:vs|versus|dan|dengan|atau|sama)\s+(?:berapa\s+|jumlah\s+)?"
    r"(cpns|pppk|pns)\b"
)


def status(text: str) -> tuple[str | None, str]:
    if re.search(_BOTH_STATUSES, text):
        return None, text  # "PNS vs PPPK": both, i.e. a breakdown by status (group_by)
    m = re.search(r"\b(cpns|pppk|pns)\b", text)
    if not m or re.search(rf"({_SELECTION}|\bformasi)\s+$", text[: m.start()]):
        return None, text
    if re.search(_STATUS_AS_SUBJECT, text[: m.start()]):
        return None, text  # "siapa yang paham PPPK paruh waktu?": the work, not a filter
    said = text[: m.start()].split()
    if said and is_vocabulary_word(said[-1]):
        # a filter, and a word of the work's phrase too ("disiplin PNS", "pensiun PNS"): kept
        # in the words, which search reads as the search box reads them
        return m.group(1).upper(), text
    return m.group(1).upper(), cut(text, m.start(), m.end())


# A status said as the thing a person knows, right after the words asking who knows it
# ("siapa yang paham PPPK paruh waktu?", "ahli CPNS"): the work of staff administration, no
# filter of the people. After other words it still filters ("siapa PNS yang paham perikanan",
# "ahli perikanan yang PNS", "kenaikan pangkat PNS": the people asked for are PNS).
_STATUS_AS_SUBJECT = (
    r"\b(ahli|paham|pakar|mengerti|ngerti|menguasai|jago|berpengalaman|spesialis)"
    r"(\s+(soal|tentang|masalah|urusan|di|bidang))?\s+$"
)


def retire(text: str, today: dt.date) -> tuple[tuple[str, int] | None, str]:
    # "sisa masa kerja kurang dari 1 tahun": the working years left are the years to BUP.
    text = re.sub(r"\b(?:sisa\s+)?masa\s+kerja\s*(?:nya)?\s+(?:tinggal\s+)?", "pensiun ", text)
    # "BUP-nya jatuh di tahun 2028": the batas usia pensiun reached that year
    text = re.sub(r"\bbup\b-?(?:\s*nya)?(?:\s+jatuh)?(?:\s+(?:di|pada))?", "pensiun", text)
    if not re.search(r"\bpensiun", text):
        return None, text
    patterns: tuple[tuple[str, str], ...] = (
        (  # "masih 10 tahun lagi baru pensiun", "minimal 5 tahun lagi" (of a later pensiun)
            rf"\b(?:masih|minimal|paling sedikit|setidaknya)\s+{_NUM}\s+tahun\s+lagi"
            r"(?:\s+baru\s+pensiun)?",
            "min_years",
        ),
        (rf"\bpensiun(?:\s*nya)?\s+(?:lebih dari|minimal)\s+{_NUM}\s+tahun\s+lagi", "min_years"),
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
        (  # "5 thn lagi masih belum pensiun", "10 tahun ke depan belum pensiun"
            rf"\b{_NUM}\s+tahun\s+(?:lagi|ke\s*depan|mendatang)\s+(?:masih\s+)?(?:belum|tidak|tdk|"
            r"gak|nggak|ga)\s+pensiun",
            "min_years",
        ),
        (
            rf"\b(?:belum|tidak|tdk|gak|nggak|ga)\s+pensiun\s+(?:dalam|sampai|hingga)\s+{_NUM}\s+"
            r"tahun(?:\s+(?:lagi|ke\s*depan|mendatang))?",
            "min_years",
        ),
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
    # "laki2 & perempuan", "cowok cewek": both, i.e. the breakdown (before "komposisi …")
    m = re.search(
        r"\b(laki-laki|laki|pria|cowok)\s+(dan\s+|sama\s+|atau\s+|/\s*)?(perempuan|wanita|cewek)\b|"
        r"\b(perempuan|wanita)\s+(dan\s+|sama\s+|atau\s+|/\s*)?(laki-laki|pria)\b",
        text,
    )
    if m:
        return "jenis_kelamin", cut(text, m.start(), m.end())
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
    m = re.search(_BOTH_STATUSES, text)
    if m and m.group(1) != m.group(2):
        return "status", cut(text, m.start(), m.end())  # "PNS vs PPPK berapa"
    return None, text


def box(text: str) -> tuple[int | None, str, bool]:
    """The 9-box cell named by number ("kotak 9") or described by its two axes ("potensial
    tinggi, kinerja sesuai ekspektasi": 8), the text without it, and whether it was described."""
    m = re.search(
        r"\b(?:kotak|box|kuadran)\s*(?:nomor\s*|ke-?\s*)?(\d|satu|dua|tiga|empat|lima|enam|tujuh|"
        r"delapan|sembilan)\b",
        text,
    )
    if m:
        return number(m.group(1)), cut(text, m.start(), m.end()), False
    both = re.search(
        r"\b(kinerja|potensi|potensial)\s+(?:nya\s+)?dan\s+(kinerja|potensi|potensial)\s*(?:nya\s+)?"
        r"(?:sama-sama\s+|keduanya\s+|dua-duanya\s+)?(tinggi|menengah|sedang|rendah)\b",
        text,
    )
    if both and {both.group(1)[:4], both.group(2)[:4]} == {"kine", "pote"}:
        level = {"tinggi": 3, "menengah": 2, "sedang": 2, "rendah": 1}[both.group(3)]
        return NINE_BOX[(level, level)], cut(text, both.start(), both.end()), True
    potential = _level(text, _POTENTIAL)
    performance = _level(text, _PERFORMANCE)
    if potential is None or performance is None:
        return None, text, False
    rest = text
    for start, end in sorted((potential[1], performance[1]), reverse=True):  # later span first
        rest = f"{rest[:start]} {rest[end:]}"
    rest = re.sub(r"\s+", " ", rest).strip()
    # PermenPANRB 3/2020: box[potensial][kinerja] (domain reference 8.2).
    return NINE_BOX[(potential[0], performance[0])], rest, True


NINE_BOX = {
    (1, 1): 1, (1, 2): 2, (1, 3): 4, (2, 1): 3, (2, 2): 5, (2, 3): 7, (3, 1): 6, (3, 2): 8,
    (3, 3): 9,
}  # fmt: skip
# (level, Indonesian words after the axis, English words before it). "baik" is the SKP
# predikat Baik, performance as expected, as the ranking policy places it (potret-2026.3
# `nine_box.kinerja`: SANGAT_BAIK 3, BAIK 2, the rest 1; domain reference 8.4, a [P] reading:
# PermenPANRB 6/2022 derives the predikat from a matrix of results and behaviour, so a level
# is the policy's, not the regulation's); "bagus" and "terbaik" are said of the best. The
# answer names the level it read ("kinerja sesuai ekspektasi"), so the asker can check it.
_LEVELS = (
    (
        3,
        r"di atas ekspektasi|melebihi ekspektasi|di atas|tinggi|sangat baik|sangat bagus|bagus|"
        r"terbaik|unggul",
        r"high|top",
    ),
    (
        2,
        r"sesuai ekspektasi|sesuai harapan|menengah|sedang|rata-rata|baik|cukup",
        r"medium|moderate",
    ),
    (
        1,
        r"di bawah ekspektasi|di bawah|rendah|kurang|butuh perbaikan|sangat kurang|buruk|jelek",
        r"low",
    ),
)
_POTENTIAL = r"potensi|potensial|potential|potensinya|potensialnya|berpotensi"
_PERFORMANCE = (
    r"kinerja|kinerjanya|berkinerja|performa|performance|performer|"
    r"(?:predikat\s+)?skp-?|predikat(?:\s+kinerja)?"
)
# The levels of each axis as the 9-box names them (domain reference 8.1).
AXIS_LEVELS = {
    "kinerja": {1: "di bawah ekspektasi", 2: "sesuai ekspektasi", 3: "di atas ekspektasi"},
    "potensial": {1: "rendah", 2: "menengah", 3: "tinggi"},
}
# The boxes of each level of one axis (8.2): kinerja di atas ekspektasi is boxes 4, 7 and 9.
AXIS_BOXES = {
    ("kinerja", level): tuple(sorted(NINE_BOX[(p, level)] for p in (1, 2, 3)))
    for level in (1, 2, 3)
} | {
    ("potensial", level): tuple(sorted(NINE_BOX[(level, k)] for k in (1, 2, 3)))
    for level in (1, 2, 3)
}


def axis(text: str) -> tuple[tuple[str, int] | None, str]:
    """One axis of the 9-box said alone, with its level ("kinerjanya di atas ekspektasi",
    "SKP-nya sangat baik": ("kinerja", 3); "potensi rendah": ("potensial", 1)), and the text
    without it; None when neither or both are said (both name a box: `box`)."""
    potential = _level(text, _POTENTIAL)
    performance = _level(text, _PERFORMANCE)
    if performance is not None and potential is None:
        name, (level, (start, end)) = "kinerja", performance
    elif potential is not None and performance is None:
        name, (level, (start, end)) = "potensial", potential
    else:
        return None, text
    return (name, level), cut(text, start, end)


def _level(text: str, axis: str) -> tuple[int, tuple[int, int]] | None:
    """The level (1-3) said of an axis ("potensial tinggi", "high potential") and its span."""
    # "paling baik", "paling rendah": the best or the worst, whatever the word
    best = re.search(rf"\b({axis})\s+(?:nya\s+)?(?:yang\s+)?paling\s+(\w+)\b", text)
    if best:
        ends = {3: ("baik", "bagus", "tinggi"), 1: ("rendah", "buruk", "jelek", "kurang")}
        for level, said in ends.items():
            if best.group(2) in said:
                return level, best.span()
    for level, after, before in _LEVELS:
        m = (
            re.search(
                rf"\b({axis})\s+(?:yang\s+|nya\s+)?(?:masih\s+|sudah\s+|juga\s+)?({after})\b",
                text,
            )
            or re.search(rf"\b({before})\s+({axis})\b", text)
            # the level said first: "yang bagus kinerjanya", "yang tinggi potensinya"
            or re.search(rf"\byang\s+({after})\s+({axis})(?:\s+nya)?\b", text)
        )
        if m:
            return level, (m.start(), m.end())
    return None


def vacancy(text: str) -> str | None:
    empty = re.search(
        r"\b(kosong|kekosongan|lowong|lowongan|belum ada pejabat|belum terisi|tidak ada pejabat|"
        r"tanpa pejabat|belum definitif|tanpa pejabat definitif)\b",
        text,
    )
    plt = re.search(r"\b(plt|pelaksana tugas|pejabat sementara)\b", text)
    if empty and plt:
        return "both"
    return "plt" if plt else "kosong" if empty else None


# Said of one item against another it is ranked above: a comparison of the two
ABOVE = (
    r"di atas|diatas|lebih tinggi dari|lebih tinggi daripada|mengungguli|mengalahkan|"
    r"unggul dari|lebih unggul dari|lebih baik dari|lebih baik daripada"
)


def refs(text: str, shown: int) -> tuple[tuple[int, ...], int | None, str]:
    """Items of the last answer pointed at ("nomor 2", "yang kedua", "ketiganya", "yang
    terakhir"), a first-N ("dua teratas", "tiga besar", "top 5": items or a top N, as the
    intent decides) and the text without them."""
    # "kenapa Pak X tidak di urutan pertama?": a place in the ranking, not an item pointed at
    text = re.sub(
        r"\b(tidak|bukan|belum|gagal)\s+(?:di\s+|jadi\s+|menjadi\s+|masuk\s+)?(?:urutan|peringkat|"
        r"nomor|ranking|posisi)\s+(?:\d{1,2}|pertama|teratas|satu)\b",
        r"\1",
        text,
    )
    # "kenapa yang nomor 2 di bawah nomor 1?": the second place is the one asked about;
    # "kenapa nomor 1 di atas nomor 2?" asks what sets the two apart (both, compared)
    text = re.sub(
        rf"\b(di bawah|kalah dari|kalah sama|lebih rendah dari|lebih rendah daripada|"
        rf"dibanding|dibandingkan)\s+(?:yang\s+)?(?:nomor|urutan|peringkat)\s*{_NUM}\b",
        r"\1",
        text,
    )
    text = re.sub(
        rf"\b({ABOVE})\s+(?:yang\s+)?(?:nomor|urutan|peringkat)\s*({_NUM})\b",
        lambda m: f"{m.group(1)} dan {number(m.group(2))}",
        text,
    )
    found: list[int] = []
    for m in re.finditer(rf"\b(?:nomor|no|urutan|peringkat|ranking|rank)\s*{_NUM}\b", text):
        found.append(number(m.group(1)))
    # "bandingkan 1 dan 2", "bandingin 2 sama 3": bare numbers of items to compare
    bare = re.search(
        r"\b(?:bandingkan|bandingin|banding|bandingkan antara|compare)\s+(?:yang\s+|antara\s+)?"
        r"(\d{1,2})\s*(?:,|dan|sama|dengan|&|vs|versus)\s*(\d{1,2})\b(?!\s*(?:tahun|orang|org))",
        text,
    )
    if bare and not found:
        found += [int(bare.group(1))]
    if found:
        for m in re.finditer(r"(?:\b(?:dan|sama|dengan|&|atau|vs)|,)\s*(\d{1,2})\b", text):
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
            rf"\b(yang\s+)?(nomor|urutan|peringkat)\s*{_NUM}\b|\b(pertama|kedua|ketiga|keempat|"
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
        m = re.search(
            rf"\b(?:top|tampilkan|ambil|hanya|cuma|sebutkan|kasih)\s+{_NUM}\b(?![\s-]*(box|kotak))",
            text,
        )
    if not m:
        m = re.search(rf"\b{_NUM}\s+(?:saja|orang saja)\b", text)
    return min(number(m.group(1)), 100) if m else None  # a list shows at most 100
