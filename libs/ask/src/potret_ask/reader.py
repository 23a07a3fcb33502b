"""Reading a question in Bahasa Indonesia into a checkable interpretation (issue 19).

`read(question, directory, conversation, today)` returns a `Reading`: the intent and every
filter, with OPDs, posts and people resolved against the records (`Directory`), ordinals and
pronouns resolved against the previous answer, and whether the turn follows up or starts a new
topic. It never answers: the caller runs the same structured tools as the REST API with it,
so a name can only come from the records. Text is only ever data.

Order: refusals (empty, too long, another language, instructions to the system); everyday
spelling normalised (yg, gak, sopo, piro ...); NIPs; the post (head words such as "kepala
dinas", "kadis", "camat", "sekdin" + what follows, resolved in the catalogue); OPDs (an OPD
head word or a short form, resolved against the OPDs of the records); people (names of the
records); ordinals; filters; domains from what is left (multi-word phrases first, function
words and verbs removed, one domain per phrase between "dan"/","); then the intent from its
cue phrases; then the conversation: a refinement keeps the previous filters and changes what
it states, a pointer ("yang nomor 2", "dia") keeps the post, a new question starts afresh.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from potret_ask import filters
from potret_ask.directory import Directory
from potret_ask.fields import (
    FOLLOW_WORDS,
    field_words,
    long_forms,
    names_a_jf,
    only_a_field,
    phrases_in,
)
from potret_ask.fields import domains as read_domains
from potret_ask.language import asked_words, cut, normalise, refusal
from potret_ask.mentions import opd as read_opd
from potret_ask.mentions import position as read_position
from potret_ask.mentions import shared_name, without_people
from potret_ask.positions import CatalogueEntry
from potret_expertise.skills import vocabulary as skill_vocabulary
from potret_expertise.spelling import corrected, is_vocabulary_word

CUE_EXPLAIN = (
    r"\b(kenapa|mengapa|apa sebab|sebabnya|alasan|alasannya|kurang apa|apa yang kurang|"
    r"apa yang masih kurang|masih kurang apa|yang masih kurang|"
    r"apa kekurangan|kekurangannya|kekurangan|kurangnya|tidak masuk|tidak lolos|"
    r"tidak memenuhi|belum memenuhi|belum dipenuhi|jelaskan skor|jelaskan nilai|skornya|"
    r"jelaskan|penjelasan|gap|kesenjangan|syarat apa|hambatan|hambatannya|kendala|kendalanya|"
    r"eligible|memenuhi syarat|tidak muncul|tidak ada di|tidak bisa jadi|tidak bisa menjadi|"
    r"ora iso|layak tidak|pantas tidak|cocok tidak|apa yang belum|yang belum|kurang di mana|"
    r"kelebihan|kelebihannya|keunggulan|keunggulannya|kekuatannya|skor segitu)\b"
)
CUE_COMPARE = (
    r"\b(bandingkan|banding|bandingin|perbandingan|dibandingkan|dibandingin|versus|vs|"
    r"head to head|dibandingkan|bedanya|perbedaan|perbedaannya|apa beda)\b"
)
# Comparative words that compare only when there are people to compare ("lebih cocok mana,
# A atau B"; "mana yang paham perikanan?" asks for experts).
CUE_WHICH = (
    r"\b(lebih cocok mana|mana yang lebih|lebih (?:baik|unggul|layak|pantas|cocok|kuat|siap)|"
    r"lebih \w+ mana|unggul mana|pilih mana|siapa yang lebih|adu kuat|adu)\b"
)
CUE_BOX = (
    r"(\bpeta talenta\b|\btalent pool\b|\btalent map\b|\bpeta talent\b|\bkotak\s*(?:\d|"
    r"sembilan|delapan|tujuh|enam|lima|empat|tiga|dua|satu)\b|\b9[- ]?box\b|\bnine[- ]?box\b|"
    r"\bkotak talenta\b|\bmatriks talenta\b|\bbox\s*\d\b|\bkelompok rencana suksesi\b|"
    r"\btalent mapping\b|\bpemetaan talenta\b|\bpetakan talenta\b|\bmatriks 9\b|"
    r"\b9 kotak\b|\bsembilan kotak\b|\bkuadran\s*\d\b)"
)
CUE_PROFILE = (
    r"\b(profil|profile|rekam jejak|riwayat|biodata|data diri|cv|track record|jejak karir|"
    r"karirnya|riwayat jabatan|siapa itu|siapakah|pernah menjabat apa|pendidikan nya apa|"
    r"pendidikan terakhir nya|lulusan apa|pensiun nya kapan|kapan (?:dia |beliau )?pensiun|"
    r"(?:dia|beliau) pensiun (?:nya )?kapan|tahun berapa pensiun|kapan (?:dia |beliau )?bup)\b"
)
CUE_VACANCY = (
    r"\b(kosong|kekosongan|lowong|lowongan|belum ada pejabat|belum terisi|tidak ada pejabat|"
    r"tanpa pejabat|belum definitif|plt|pelaksana tugas|pejabat sementara)\b"
)
CUE_COUNT = (
    r"\b(berapa|jumlah|jumlahnya|total|banyaknya|rekap|rekapitulasi|sebaran|komposisi|hitung|"
    # "distribusi ASN per golongan" breaks people down; "distribusi pupuk" is work
    r"distribusi(?=\s+(?:per|menurut|berdasarkan|(?:\S+\s+)?(?:asn|pegawai|pns|pppk|cpns|orang|"
    r"karyawan|staf|personel|pejabat|nakes|tenaga|guru|jabatan|jf))\b)|"
    r"proporsi|statistik jumlah|ada berapa)\b"
)
CUE_LIST = (
    r"\b(daftar|list|siapa saja|siapa-siapa|nama-nama|nama nama|tampilkan|tunjukkan|"
    r"sebutkan|lihat|cari|mana saja|ada siapa|siapa|mereka)\b"
)
CUE_EXPERT = (
    r"\b(paham|memahami|ahli|pakar|menguasai|berpengalaman|pengalaman|keahlian|mengerti|"
    r"expert|kompeten|spesialis|latar belakang|kuasai|mumpuni|pernah menangani|menangani|"
    r"background|keahliannya|kompetensi|yang bisa|yang mampu|mampu menangani|bisa menangani|"
    r"bisa bantu|bisa membantu|jago|andal|handal|menekuni|berkecimpung|bergelut)\b"
    # "butuh konselor", "perlu orang yg …" (but "pegawai yang perlu dimutasi" is no expert)
    r"|^(saya |kami )?(butuh|perlu|membutuhkan|memerlukan)\b"
    r"|\b(butuh|perlu|membutuhkan|memerlukan)\s+(orang|yang|ahli|tenaga|staf|asn|pegawai|sdm)\b"
)
# Who does the work: "yg biasa ngurus RTLH", "siapa pernah nangani transmigrasi"; but "cara
# mengurus kenaikan pangkat" asks how, "pernah kena hukuman disiplin dia?" about one person.
# Evidence of the work asked for, said of the people: "siapa yang punya sertifikat PBJ?",
# "yang ikut pelatihan PBJ 5 tahun terakhir": the field it names is asked (answered as
# expertise, whose evidence lists the certificates and trainings), never a field by itself
# ("siapa yang sudah ikut diklat PIM III?" names none) and never denied ("yang belum ikut
# pelatihan PBJ" asks for the others: a list, as before).
CUE_EVIDENCE = (
    r"\b((punya|memiliki|pemegang|pemilik)\s+sertifikat|bersertifikat|bersertifikasi|"
    r"(ikut|mengikuti|pernah|sudah|lulus)\s+(pelatihan|diklat|bimtek|kursus))\b"
)
# Words that deny a doing or a piece of evidence ("belum (pernah) ikut pelatihan")
_NEGATIONS = r"(?:belum|tidak|tdk|blm|gak|nggak|ga|enggak|ndak|tak|bukan|tanpa)"
_DENIED = re.compile(rf"\b{_NEGATIONS}\s+(\w+\s+)?$")


def _evidence(cues: str) -> bool:
    """Whether the question asks for people with evidence of the work (CUE_EVIDENCE), not
    denied by the word or two before it ("belum (pernah) ikut pelatihan")."""
    return any(not _DENIED.search(cues[: m.start()]) for m in re.finditer(CUE_EVIDENCE, cues))


DOING = (
    r"((biasa|terbiasa|pernah)\s+)?(ngurus|ngurusin|mengurus|mengurusi|nangani|menangani|handle|"
    r"menghandle|pegang|megang|memegang|bikin|membuat|menyusun|jadi|menjadi|turun|melakukan|"
    r"mengolah|mengelola|bantu|membantu|menjalankan|melaksanakan|mengerjakan|menulis|"
    r"mendampingi|mengawal|mengoperasikan|memimpin|ikut|mengikuti)"
)
# (a denied doing asks for the others, no expert: "yang belum pernah ikut pelatihan PBJ")
_NOT = rf"(?!{_NEGATIONS}\b)"
# ... or the work itself right after "pernah" ("yang pernah audit investigatif", "pernah
# pengadaan barang jasa"): a noun, not an event of a career ("pernah kena hukuman", "pernah
# di bagian ...", "pernah menjabat", "pernah lembur": this list); the words after the cue
# must name a field or a skill (_done_work)
_EVENTS = (
    r"(kena|terkena|dapat|naik|turun|gagal|lulus|cuti|sakit|di|ke|dari|jadi|tugas|kerja|mutasi|"
    r"pindah|ditempatkan|dihukum|dijatuhi|menjabat|bertugas|bekerja|tidak|belum|hukuman|sanksi|"
    r"pelanggaran|disiplin|kasus|pensiun|rotasi|penugasan|lembur|sekolah|kuliah|diperiksa|"
    r"promosi|demosi|dimutasi|izin|ijin|absen|terlambat|telat|penurunan|sidang|pemberhentian|"
    r"diberhentikan|skorsing|teguran|terlibat|mendapat|mendapatkan|menerima|memperoleh|meraih|"
    r"menjadi|diangkat|dilantik|menduduki|menempati|tinggal|lahir|menikah)"
)
CUE_DONE_WORK = (
    rf"\b(yang|siapa|orang|staf|asn|pegawai)( {_NOT}\w+)?( {_NOT}\w+)? (pernah|biasa|terbiasa)"
    rf"\s+(?=(?!{_EVENTS}\b)[a-z0-9][a-z0-9-]+\b)"
    # ... or holds it: "yang pegang program keswa", "siapa pemegang program imunisasi" (a post
    # held, "yang pegang jabatan kepala dinas", is read as the post before)
    rf"|\b(yang|siapa|orang|staf|asn|pegawai)( {_NOT}\w+)?( {_NOT}\w+)? (pegang|megang|memegang)\s+"
    r"|\b(siapa|yang)\s+(jadi\s+)?pemegang\s+program\s+"
)


def _done_work(cues: str) -> bool:
    """Whether the question asks who did or holds the work the words after its cue name
    (CUE_DONE_WORK): a field or a skill said there, not elsewhere in the question ("siapa guru
    yang pernah lembur?" names a teacher, no work done)."""
    for m in re.finditer(CUE_DONE_WORK, cues):
        rest = cues[m.end() :].split("|")[0]
        if read_domains(rest)[0] or skill_vocabulary().in_query(rest):
            return True
    return False


CUE_DOER = (
    rf"\b(yang|siapa|orang|staf|asn|pegawai)( {_NOT}\w+)?( {_NOT}\w+)? (biasa|terbiasa|pernah)"
    rf"\s+{DOING}\b"
    rf"|\b(yang|siapa|orang|staf|asn|pegawai)( {_NOT}\w+)?( {_NOT}\w+)? (ngurus|ngurusin|"
    r"mengurus|mengurusi|nangani|handle|menghandle)\b"
)

CUE_BEST = (
    r"\b(terbaik|paling cocok|cocok|calon|kandidat|pantas|layak|tepat|mengisi|menggantikan|"
    r"pengganti|suksesor|bisa jadi|untuk jadi|untuk menjadi|promosi|dipromosikan|"
    r"rekomendasi|rekomendasikan|direkomendasikan|siapa yang baik|yang baik|untuk|berikutnya|"
    r"penerus|penggantinya|siap naik|naik ke|suksesi|enaknya|enak|diangkat|yang pas|paling pas|"
    r"pas untuk|pas jadi)\b"
)
# Someone to fill the post talked about: "calonnya siapa?", "siapa yang pantas mengisi?"
FILLING = (
    r"\b(calon|kandidat|pengganti|penggantinya|suksesor|penerus|paling siap)\b|"
    r"\b(pantas|layak|cocok|tepat|pas)\s+(mengisi|menggantikan|mengganti)\b"
)
# Who holds the post talked about, asked without naming it ("yg pegang skrg siapa?").
HOLDING = (
    r"\b(yang|siapa)\s+((sekarang|saat ini|kini|skrg)\s+)?(pegang|megang|memegang|menjabat)\b"
    r"(?!\s+(jabatan\s+)?(plt|pelaksana tugas|sementara))"
)
# Someone to fill a post, asked without naming it ("calonnya siapa?").
SUCCESSOR = r"\b(calon|kandidat|pengganti|penggantinya|suksesor|penerus)\b"
# "calon" before the people a public service is for is no candidate for a post: calon jamaah
# haji (the hajj pilgrims' health checks), calon pengantin (catin), calon pekerja migran,
# calon peserta didik (not "calon peserta seleksi JPT", a candidate). Taken out of the cue
# words only; the question's words keep it.
SERVED = (
    r"\bcalon\s+(?=(?:jamaah|jemaah|haji|pengantin|mempelai|pekerja|tenaga\s+kerja|pmi|cpmi|"
    r"tki|peserta\s+didik|siswa|murid|mahasiswa|akseptor|investor|wirausaha\w*|transmigran|"
    r"penerima\s+(?:bantuan|bansos|manfaat|pkh|blt|beasiswa)|pendonor|donor|penumpang|pembeli|"
    r"pelanggan|pemilih|ibu|orang\s+tua|petani|nelayan)\b)"
)
CUE_HOLDER = (
    r"\b(sekarang|saat ini|kini|menjabat|pejabat|yang jadi|dijabat|memegang|pemangku|siapa)\b"
)
FOLLOW_UP_START = (
    r"^(maksud saya|maksudnya|maksud|kalau|bagaimana kalau|bagaimana dengan|lalu|terus|yang|"
    r"hanya|cuma|khusus|dan|"
    r"tapi|sekarang|coba|tampilkan|urutkan|dirinci|rinci|menurut|berdasarkan|per|di sana|"
    r"disana|dari|di|saja)\b"
)
# Starts that make a turn a follow-up even when it states a whole question
FOLLOW_UP_HARD = (
    r"^(maksud saya|maksudnya|maksud|kalau|bagaimana kalau|bagaimana dengan|yang|hanya|cuma|"
    r"khusus|menurut|berdasarkan|per|di sana|disana|dari|di|saja)\b"
)
POINTERS = (
    r"\b(dia|beliau|orang itu|orang tersebut|yang bersangkutan|ybs|nya|mereka|ketiganya|yang itu|"
    r"keduanya|berdua|bertiga)\b"
)
# The whole regency, said to lift an OPD limit ("kalau se-kabupaten?", "di seluruh OPD")
WHOLE_REGENCY = (
    r"\b(se ?-? ?kabupaten|seluruh (opd|pemkab|kabupaten|dinas|perangkat daerah)|semua (opd|dinas|"
    r"perangkat daerah)|se ?-? ?gresik|seluruh gresik|se ?-? ?pemkab|satu kabupaten|lintas opd)\b"
)
THAT_POST = r"\b(jabatan|posisi|kursi) (itu|tersebut|tadi|ini)\b"  # the post last said


@dataclass(frozen=True)
class Conversation:
    """What a follow-up may refer to: the topic (the last question that was not only about
    items of an answer), the last reading and the items of the last answer (NIPs, in order)."""

    last: Reading | None = None
    topic: Reading | None = None
    items: tuple[str, ...] = ()
    # The one person the last answer was about (an explanation, a profile): "dia" next.
    focus: str | None = None
    # The posts of the last answer, in order (position ids of a list of vacant posts):
    # "nomor 1 calonnya siapa?" next.
    posts: tuple[str, ...] = ()

    def after(
        self, reading: Reading, items: Sequence[str] = (), posts: Sequence[str] = ()
    ) -> Conversation:
        """The conversation once `reading` was answered with `items` (people) or `posts`."""
        if reading.intent in ("refused",):
            return self
        pointer = reading.intent in ("compare", "explain_candidate", "profile_lookup")
        topic = self.topic if pointer and self.topic is not None else reading
        # An explanation or a comparison of items keeps the list they came from ("nomor 3"
        # after "kenapa yang nomor 1?" is still the third of the ranking).
        kept = self.items if pointer and self.items else tuple(items)
        focus = items[0] if pointer and len(items) == 1 else None
        return Conversation(reading, topic, kept, focus, tuple(posts))

    def pointed_post(self, reading: Reading) -> str | None:
        """The post a reading about a post points at by number ("calon untuk nomor 2" after a
        list of vacant posts), or None."""
        if reading.position_id or len(reading.refs) != 1 or not self.posts:
            return None
        n = reading.refs[0]
        return self.posts[n - 1] if n <= len(self.posts) else None

    def pointed(self, reading: Reading) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The NIPs the reading points at ("yang nomor 2", "dia") and the item numbers the
        last answer does not have. "dia" after an answer about one person is that person,
        even when the list it came from is kept for "nomor 3"."""
        if reading.by_pronoun and self.focus is not None:
            return (self.focus,), ()
        found = tuple(self.items[n - 1] for n in reading.refs if n <= len(self.items))
        return found, tuple(n for n in reading.refs if n > len(self.items))


@dataclass(frozen=True)
class Reading:
    intent: str
    domains: tuple[str, ...] = ()
    domain_confidence: tuple[float, ...] = ()
    opd: str | None = None
    position: str | None = None
    position_id: str | None = None
    persons: tuple[str, ...] = ()
    refs: tuple[int, ...] = ()
    golongan: tuple[tuple[str, str], ...] = ()  # ("eq"|"min"|"max", code)
    education: tuple[str, str] | None = None  # (level, "=" | ">=")
    jenis_jabatan: tuple[str, ...] = ()
    status: str | None = None
    retire: tuple[str, int] | None = None  # ("year" | "within_years" | "min_years", n)
    group_by: str | None = None
    box: int | None = None
    # one axis of the 9-box and its level, said without the other: ("kinerja", 3) is kinerja
    # di atas ekspektasi, boxes 4, 7 and 9 (filters.AXIS_BOXES); not in the measured schema
    axis: tuple[str, int] | None = None
    top: int | None = None
    vacancy: str | None = None
    new_context: bool = True
    unresolved: tuple[str, ...] = ()  # words that named an OPD, post or person not found
    by_pronoun: bool = False  # refs come from "dia"/"beliau", not from a number said
    # Skills (potret_expertise.skills) an expert question names ("budidaya udang vaname",
    # "PBJ"), or those of the topic it refines; not part of the measured schema.
    skills: tuple[str, ...] = ()
    # The words an expert question asks with (search ranks them as in the search box); a
    # refinement keeps its topic's.
    words: str = ""
    notes: tuple[str, ...] = field(default=())

    def schema(self) -> dict[str, Any]:
        """The reading in the shape of tests/understanding/SCHEMA.md."""
        out: dict[str, Any] = {"intent": self.intent}
        if self.domains:
            out["domains"] = list(self.domains)
        for name in ("opd", "position", "status", "group_by", "box", "top", "vacancy"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.persons:
            out["persons"] = list(self.persons)
        if self.refs:
            out["refs"] = list(self.refs)
        if self.golongan:
            out["golongan"] = dict(self.golongan)
        if self.education:
            out["education"] = {"level": self.education[0], "op": self.education[1]}
        if self.jenis_jabatan:
            js = list(self.jenis_jabatan)
            out["jenis_jabatan"] = js[0] if len(js) == 1 else js
        if self.retire:
            out["retire"] = {self.retire[0]: self.retire[1]}
        out["new_context"] = self.new_context
        return out


# ---------------------------------------------------------------- intent

# Questions about pay, leave, schedules or the weather: not about who is who in the records.
OUT_OF_SCOPE = (
    r"\b(gaji|gajian|tunjangan|tpp|honor|uang|biaya|anggaran|cuti|jadwal|jam berapa|cuaca|"
    r"absensi|absen|presensi|kehadiran|lembur|sppd|perjalanan dinas|"
    r"resep|surat|buatkan|kapan|lowongan cpns|pendaftaran|bupati|wakil bupati|halo|hai|"
    r"terima kasih|makasih|selamat pagi|selamat siang|ruang rapat|dipinjam|pinjam|meminjam|"
    r"peminjaman|parkir|kendaraan dinas)\b"
)
# Questions about a level of performance or potential that ask for no people: how to raise
# it, what it means, which unit has it (the 9-box lists people)
NOT_OF_PEOPLE = (
    r"\b(bagaimana|gimana|cara|apa itu|apa arti|artinya|pengertian|kenapa|mengapa|sanksi|"
    r"hukuman|rekomendasi|rekomendasikan|saran|tips|strategi)\b"
    r"|\b(opd|dinas|badan|bidang|unit|instansi|kecamatan|bagian)\s+(mana|apa)\b"
)
# ... of which these are also work someone does and knows: "siapa yang paham TPP?" asks for
# the people who compute it (an expert question by its words), "kapan TPP cair?" is pay.
WORK_IN_SCOPE = frozenset(
    {"gaji", "tunjangan", "tpp", "honor", "anggaran", "cuti", "absensi", "presensi", "sppd"}
)
PEOPLE = r"\b(asn|pegawai|orang|pejabat|pns|pppk|cpns|karyawan|staf|personel|mereka|nya)\b"
OWN_PAY = (
    r"\b(saya|aku|sy|kami|berapa|brp|cair|cairkan|mencairkan|pencairan|naik|naikkan|menaikkan|"
    r"besaran|tertinggi|terendah|presensikan|absenkan)\b"
)


def _intent(
    cues: str,
    *,
    position: bool,
    persons: Sequence[str],
    refs: Sequence[int],
    pointer: bool,
    domains: Sequence[str],
    has_filters: bool,
    box: int | None,
    described: bool = False,
    axis: bool = False,
    worded: bool = False,
    done_work: bool = False,
) -> str | None:
    """The intent the cue words state (None: none stated, e.g. "kalau yang S2 saja?");
    `worded`: work words are left beside the filters read ("pelayanan administrasi");
    `done_work`: the work done or held is named after its cue (_done_work)."""
    if re.search(r"\b(lowongan|formasi|pendaftaran|seleksi|tes)\s+(cpns|pppk|asn|pns)\b", cues):
        return None  # "info lowongan CPNS 2027 kapan dibuka?": recruitment, not vacant posts
    people = len(persons) + len(refs)
    if (
        re.search(CUE_BOX, cues)
        or (box is not None and (described or re.search(r"\b(kotak|box|kuadran)\b", cues)))
        # "siapa yang kinerjanya bagus?": the 9-box's people at that level of the axis; not
        # of a post's candidates or of people named ("calon kabag PBJ yang kinerjanya bagus")
        or (axis and not position and not people and not domains and not worded)
    ):
        return "nine_box"
    if re.search(CUE_COMPARE, cues) and (
        people >= 2 or pointer or not (persons or re.search(CUE_COUNT, cues))
    ):
        return "compare"
    if re.search(CUE_WHICH, cues) and (people >= 2 or refs or (pointer and persons)):
        return "compare"
    if len(refs) >= 2 and re.search(rf"\b({filters.ABOVE})\s+(yang\s+)?(nomor|urutan)\b", cues):
        return "compare"  # "kenapa nomor 1 di atas nomor 2?"
    if len(persons) >= 2 and re.search(
        r"\b(atau|antara|dengan|dan|mana|lebih|mending|mendingan|opo|endi|pilih)\b", cues
    ):
        return "compare"  # two people and a post or a "which": side by side
    if (
        re.search(CUE_VACANCY, cues)
        and not (persons or refs or position)
        and not re.search(SUCCESSOR, cues)  # "kosong ya? calonnya siapa?": fill it
        and not re.search(HOLDING, cues)  # "yg pegang skrg siapa, plt ya?": who holds it
    ):
        return "vacancies"  # "... yang belum ada pejabat definitifnya": "-nya" points at no one
    if (
        re.search(FILLING, cues)
        and re.search(r"\b(siapa|mana)\b", cues)
        and not (persons or refs or position)
    ):
        return "position"  # "calonnya siapa aja yg memenuhi syarat?": of the post talked about
    if re.search(CUE_EXPLAIN, cues) and (persons or refs or pointer):
        return "explain_candidate"
    if position and persons and not re.search(CUE_PROFILE, cues):
        return "explain_candidate"  # a person against a post: why (not), what is missing
    if (
        position
        and re.search(r"\b(dia|beliau|ybs|orang itu|yang bersangkutan)\b", cues)
        and re.search(r"\b(cocok|layak|pantas|bisa|siap|memenuhi|masuk)\b", cues)
        and not re.search(r"\b(selain|lagi|siapa)\b", cues)  # "selain dia, siapa lagi …?"
    ):
        return "explain_candidate"  # "dia cocok jadi sekda?": the one just shown, for that post
    if (
        re.search(CUE_VACANCY, cues)
        and not persons
        and not (position and re.search(CUE_BEST + "|" + CUE_HOLDER, cues))
        and not re.search(SUCCESSOR, cues)
        and not re.search(HOLDING, cues)
    ):
        return "vacancies"
    if re.search(CUE_PROFILE, cues) and (persons or refs or pointer):
        return "profile_lookup"
    scoped_out = bool(re.search(OUT_OF_SCOPE, cues))
    if scoped_out and (re.search(CUE_EXPERT, cues) or re.search(CUE_DOER, cues)):
        # "siapa yang paham TPP pegawai?": work known, no pay asked
        scoped_out = not {m.group(0) for m in re.finditer(OUT_OF_SCOPE, cues)} <= WORK_IN_SCOPE
        # ... but one's own pay, or an amount or its payment, is still pay ("siapa yang bisa
        # bantu cairkan TPP saya?", "siapa yang paham gaji saya berapa?")
        scoped_out = scoped_out or bool(re.search(OWN_PAY, cues))
    if (
        re.search(CUE_COUNT, cues)
        and not scoped_out
        and (re.search(PEOPLE, cues) or has_filters or domains or re.search(r"\bjumlah", cues))
    ):
        return "count"
    if position:
        if re.search(CUE_BEST, cues):
            return "best_for_position"
        if re.search(CUE_HOLDER, cues):
            return "position_holder"
        return "position"  # a post without a verb: the conversation decides
    expert = bool(re.search(CUE_EXPERT, cues) or re.search(CUE_DOER, cues))
    # work done, said as its noun, when the noun names a field or a skill ("yang pernah audit
    # investigatif"; "yang pernah promosi" asks of careers, no work)
    expert = expert or done_work
    if scoped_out and not (domains and expert):
        return None  # "kapan gajian?"; but "siapa yang paham keprotokolan acara bupati?" asks
    if re.search(SUCCESSOR, cues) and not (domains or has_filters):
        return "position"  # "calon penggantinya siapa?": of the post in the conversation
    if domains and (expert or re.search(r"\b(siapa|cari|ada)\b", cues)):
        return "find_experts"
    if _evidence(cues) and skill_vocabulary().in_query(cues):
        return "find_experts"  # "siapa yang ikut pelatihan GIS?": a skill of no field
    if persons and not refs:
        return "profile_lookup"
    if pointer and (refs or re.search(r"\b(dia|beliau|orang itu|ybs)\b", cues)):
        return "profile_lookup"
    if (
        expert
        and (worded or not has_filters)
        and (re.search(r"\b(siapa|cari|ada)\b", cues) or skill_vocabulary().in_query(cues))
    ):
        # "siapa yang ahli pemetaan kompetensi ASN?": an expert asked for, in a field the
        # thesaurus does not name (searched by its words), not a list of every ASN; "ahli
        # GIS": a skill of no field (potret_expertise.skills), asked as the search box is.
        # With filters too when work words are left beside them ("ahli pelayanan
        # administrasi di Kecamatan Tambak": searched by its words within the OPD)
        return "find_experts"
    if re.search(
        r"\b(siapa saja|daftar|nama-nama|nama nama|list|siapa|tampilkan|tunjukkan|"
        r"sebutkan|ada siapa|mana saja)\b",
        cues,
    ) and (has_filters or re.search(PEOPLE, cues)):
        return "list"
    if has_filters:
        return "filters"  # only filters ("kalau CPNS?"): the conversation decides, else a list
    if re.search(CUE_EXPERT, cues) and re.search(r"\b(siapa|cari|ada|orang|asn|pegawai)\b", cues):
        return "find_experts"  # "siapa yang paham?": the answer asks for the field
    return None


# ---------------------------------------------------------------- the reading


# Said before another question ("satu lagi, …", "oh ya, …"): a new one when it states its own
# filters ("oh ya, yg PNS aja" still refines)
ANOTHER = r"^(satu lagi|oh ya|oh iya|btw|ngomong-ngomong|omong-omong|pertanyaan lain)\b"
# Said to start afresh: "ganti topik, yg ngerti peternakan siapa?"
NEW_TOPIC = (
    r"^(ganti topik|ganti pertanyaan|pertanyaan lain|topik lain|beda topik|lain hal|"
    r"pertanyaan baru|oke ganti topik)\b"
)
# "Saya Kadis Kominfo, …", "Sy Rahmi Ramadan dr BKPSDM, …": who asks, said before the question
INTRODUCTION = re.compile(r"^\s*(saya|sy|aku)\s+([^,.;:!?]{2,80}?)\s*[,.;:]\s+(\S.*)$", re.I | re.S)
_ASKING = (
    r"\b(siapa|berapa|brp|apa|cari|carikan|butuh|perlu|minta|tolong|bandingkan|kenapa|mengapa|"
    r"tampilkan|mau|ingin|pengen|pengin|lihat|tanya)\b"
)


def _without_introduction(question: str, directory: Directory) -> str:
    """The question without the asker's introduction: who they are is no filter. "dinas saya"
    becomes the OPD they named, "dari saya" the person they named (by NIP)."""
    m = INTRODUCTION.match(question)
    if not m or re.search(_ASKING, m.group(2).lower()):
        return question
    intro, rest = long_forms(normalise(m.group(2))), m.group(3)
    people, left = without_people(intro, directory)
    opd, _, _ = read_opd(left, directory)
    if opd is None:
        entry, _, _ = read_position(left, directory, None)
        opd = entry.opd if entry is not None and entry.opd else None
    if opd is not None:
        rest = re.sub(
            r"\b(dinas|opd|kantor|badan|unit kerja|instansi|tempat) (saya|kami|sy)\b",
            opd,
            rest,
            flags=re.I,
        )
    if len(people) == 1:
        rest = re.sub(r"\b(saya|sy|aku)\b", people[0], rest, flags=re.I)
    return rest


def read(
    question: str,
    directory: Directory,
    conversation: Conversation | None = None,
    today: dt.date | None = None,
) -> Reading:
    """The reading of one question (see the module doc)."""
    today = today or dt.date.today()
    conversation = conversation or Conversation()
    topic = conversation.topic or conversation.last
    refused = refusal(question)
    if refused:
        # "NIK sama alamat rumahnya sekalian", "agama beliau apa": asked of the one just shown
        back = conversation.last is not None and refused.startswith("pertanyaan meminta data")
        back = back and bool(re.search(POINTERS, normalise(question)))
        return Reading("refused", new_context=not back, notes=(refused,))
    question = _without_introduction(question, directory)
    text = normalise(question)
    marked = re.match(NEW_TOPIC, text)
    if marked:  # "ganti topik, …": whatever follows starts afresh
        text = text[marked.end() :].lstrip(" ,:;")
        conversation, topic = Conversation(), None
    # abbreviations of work said in full, as the search box reads them ("kabag PBJ", "paham
    # lelang"; potret_expertise.asked.long_forms)
    text = long_forms(text)
    unresolved: list[str] = []

    nips = [re.sub(r"\s", "", n) for n in re.findall(r"\b\d{8}\s?\d{6}\s?\d\s?\d{3}\b", text)]
    text = re.sub(r"\b(?:nip\s*)?\d{8}\s?\d{6}\s?\d\s?\d{3}\b", " ", text)
    people, text = without_people(text, directory)
    persons = tuple(dict.fromkeys([*nips, *people]))

    context_post = None
    if topic is not None and topic.position_id:
        context_post = next(
            (e for e in directory.positions if e.position_id == topic.position_id), None
        )
    elif topic is not None and topic.opd:  # "kasubbag umumnya?" after the OPD's vacant posts
        context_post = CatalogueEntry("", "", topic.opd)
    entry, said, position_words = read_position(text, directory, context_post)
    experience = position_words is not None and re.search(
        rf"\b(pernah|berpengalaman|pengalaman)\s+(jadi|menjadi|sebagai|sbg)\s+"
        rf"{re.escape(position_words.strip())}",
        text,
    )
    if experience and re.search(CUE_EXPERT, text):
        position_words = None  # "yg pernah jadi sekcam & paham koordinasi wilayah": a past
    # A post named as what a person knows ("siapa yang paham kepala desa dan perangkat desa?",
    # "ahli tugas kepala sekolah"): the work of the post, asked as a field, not its holder
    topic_of = position_words is not None and re.search(
        r"\b(paham|memahami|ahli|pakar|mengerti|ngerti|menguasai)\s+"
        rf"((soal|tentang|tugas|urusan|fungsi)\s+)?{re.escape(position_words.strip())}",
        text,
    )
    if topic_of:
        entry, said, position_words = None, text, None
    # "calon sekdinnya?", "kasubbag umumnya?": a post found only in the conversation's OPD
    in_context = entry is not None and context_post is not None
    in_context = in_context and read_position(text, directory, None)[0] is None
    text = said
    if position_words:
        unresolved.append(position_words.strip(" ?,.!;"))
    # The words that say what is asked (entities taken out, filters kept), with "-nya" both
    # apart ("rekam jejak nya") and joined ("kurangnya") so that either form of a cue matches.
    joined = re.sub(r"(\w) nya\b", r"\1nya", text)
    cues = re.sub(SERVED, " ", f"{text} | {joined}")
    box, text, described = filters.box(text)
    # one axis said alone ("siapa yang kinerjanya di atas ekspektasi?", "SKP-nya sangat baik"):
    # the boxes of that level of the axis (filters.AXIS_BOXES)
    axis: tuple[str, int] | None = None
    if box is None and not (
        re.search(NOT_OF_PEOPLE, cues) or re.search(CUE_EXPERT, cues) or re.search(CUE_DOER, cues)
    ):
        # (not "bagaimana cara meningkatkan kinerja yang rendah?", "OPD mana yang kinerjanya
        # bagus?", nor the work of "siapa yang bisa menyusun SKP yang baik?")
        axis, text = filters.axis(text)
    shown = len(conversation.items) or (conversation.last.top if conversation.last else 0) or 0
    refs, numbered, text = filters.refs(text, shown)
    golongan, text = filters.golongan(text)
    education, text = filters.education(text)
    jenis, text = filters.jenis(text)
    status, text = filters.status(text)
    retire, text = filters.retire(text, today)
    if retire is None and topic is not None and topic.retire and topic.retire[0] == "year":
        year = re.search(r"\b(?:tahun\s+|th\s+)?(20\d\d)\b", text)
        if year:  # "eh salah, maksudnya tahun 2028" after a retirement year
            retire = ("year", int(year.group(1)))
            text = cut(text, year.start(), year.end())
        elif said_year := re.search(r"\btahun\s+(depan|ini|besok)\b", text):
            # "tahun depan piye?" after "brp yg pensiun tahun ini"
            retire = ("year", today.year + (0 if said_year.group(1) == "ini" else 1))
            text = cut(text, said_year.start(), said_year.end())
    if retire is None and topic is not None and topic.retire and topic.retire[0] != "year":
        span = re.search(r"\b(?:dalam|dlm|kurang dari)\s+(\d{1,2})\s+tahun\b", text)
        if span:  # "eh maksudnya dalam 2 tahun" after "pensiun dalam 3 tahun"
            retire = ("within_years", int(span.group(1)))
            text = cut(text, span.start(), span.end())
    before_opd = text
    # A field's phrase with an OPD word in it ("tata naskah dinas") names no OPD
    for start, end in phrases_in(text):
        if re.search(r"\b(dinas|badan|kantor|sekretariat)\b", text[start:end]):
            text = text[:start] + text[start:end].replace(" ", "_") + text[end:]
    opd, text, opd_words = read_opd(text, directory)  # before "per dinas" reads "Dinas X"
    text = text.replace("_", " ")
    place = opd[len("Kecamatan ") :].lower() if opd and opd.startswith("Kecamatan ") else ""
    if (
        place in field_words()
        and not re.search(rf"\b(kecamatan|kec|camat|sekcam|wilayah)\.?\s+{place}\b", before_opd)
        and re.search(CUE_EXPERT, cues)
        # "paham pertanian di tambak" names another field without the place: the kecamatan
        and _same_field(place, before_opd)
    ):
        # "budidaya bandeng di tambak": the fishpond, not Kecamatan Tambak (said bare, a
        # place whose name is a field's word is that word)
        opd, text = None, before_opd
    group_by, text = filters.group_by(text)
    vacancy = filters.vacancy(cues)
    if opd is None and position_words:  # "sekcam Manyar" is no post here, Manyar is a place
        head, _, place = position_words.partition(" ")
        if head in ("camat", "sekcam", "lurah", "kasi", "kasie") and place:
            opd, _, _ = read_opd(f"kecamatan {place}", directory)
    if opd_words:
        unresolved.append(opd_words.strip(" ?,.!;"))
    if entry is not None and opd is None and shared_name(entry, directory):
        opd = entry.opd  # "Kasubbag Umum Dinkes": the post is named in several OPDs
    elif (
        entry is not None
        and opd == entry.opd
        and not shared_name(entry, directory)
        and not re.search(r"\b(dari|internal|asal|saja)\b", text)
    ):
        opd = None  # "Kabid Perdagangan di Diskoperindag": the OPD tells the post, limits nothing
    pointer = bool(re.search(POINTERS, cues))
    pronoun = False
    if persons and not refs and re.search(r"\b(dia|beliau|orang itu|ybs)\b", cues):
        refs, pronoun = (1,), True  # "bandingkan dia dengan Cici": the one just shown, and Cici
    if (
        len(persons) == 1
        and not refs
        and conversation.items
        and re.search(r"\b(dibandingkan|dibandingin|bandingkan dengan)\b", cues)
    ):
        refs, pronoun = (1,), True  # "kalau dibandingkan dengan Ibrahim?": the one just shown
    there = bool(re.search(r"\b(di sana|disana|di situ|disitu)\b", cues))
    # Cue words out, except inside a field's phrase ("pengembangan kompetensi").
    kept = text
    for start, end in phrases_in(text):
        kept = kept[:start] + kept[start:end].replace(" ", "_") + kept[end:]
    domain_text = re.sub(
        rf"{CUE_EXPERT}|{CUE_EVIDENCE}|\b(biasa|terbiasa|pernah)\b|\b{DOING}\b|{CUE_BEST}|{CUE_COUNT}|{CUE_LIST}|{CUE_PROFILE}|{POINTERS}|\b\d+\b",
        " ",
        kept,
    ).replace("_", " ")
    # "di desa-desa", "ke lapangan": where the work is done, no field of its own
    around = r"\b(di|ke)\s+(desa-desa|desa desa|kampung-kampung|pelosok(\s+desa)?|lapangan)\b"
    if read_domains(re.sub(around, " ", domain_text))[0]:
        domain_text = re.sub(around, " ", domain_text)
    domains, confidence = read_domains(domain_text)
    done_work = _done_work(cues)
    if not (
        re.search(CUE_EXPERT, cues)
        or re.search(CUE_DOER, cues)
        or done_work
        or _evidence(cues)
        or only_a_field(domain_text)
        # "widyaiswara ada siapa aja?" asks for the field's people; "berapa guru …" counts
        # holders of a title, which no field tells
        or (names_a_jf(domain_text) and not re.search(CUE_COUNT, cues))
    ):
        domains, confidence = (), ()  # a field's word in passing ("data", "setda") is no field
    has_filters = bool(golongan or education or jenis or status or retire or opd or group_by)
    # "profil yang paling atas", "bandingkan 3 teratas": the first N items are pointed at
    first_n = tuple(range(1, (numbered or 0) + 1))
    about_first = bool(first_n) and bool(re.search(f"{CUE_PROFILE}|{CUE_EXPLAIN}", cues))
    about_first = about_first and not persons
    said_post = bool(re.search(THAT_POST, cues))
    intent = _intent(
        cues,
        position=entry is not None or bool(position_words) or said_post,
        persons=persons,
        refs=refs or (first_n if about_first else ()),
        pointer=pointer,
        domains=domains,
        has_filters=has_filters,
        box=box,
        described=described,
        axis=axis is not None,
        # work words left beside the filters: words of the vocabulary's terms, not the
        # qualifiers of people ("ASN muda", "senior", "berpengalaman"), or a skill said by
        # its short name ("pejabat pengawas yang ahli GIS", "... yang paham K3")
        worded=any(is_vocabulary_word(w) for w in asked_words(re.sub(PEOPLE, " ", domain_text)))
        or bool(skill_vocabulary().in_query(domain_text)),
        done_work=done_work,
    )
    found = Reading(
        intent=intent or "unknown",
        domains=domains,
        domain_confidence=confidence,
        opd=opd,
        position=entry.name if entry else None,
        position_id=entry.position_id if entry else None,
        persons=persons,
        refs=refs,
        golongan=golongan,
        education=education,
        jenis_jabatan=jenis,
        status=status,
        retire=retire,
        group_by=group_by,
        box=box,
        axis=axis,
        top=filters.top(text) if not numbered else None,
        vacancy=vacancy,
        unresolved=tuple(unresolved),
        by_pronoun=pronoun,
    )
    if axis is not None and found.intent != "nine_box":
        # "calon kadis perikanan yang kinerjanya bagus": said, not silently dropped
        found = replace(found, axis=None, notes=(*found.notes, _axis_note(axis)))
    if found.intent == "nine_box" and (golongan or education or jenis or status or retire):
        # "siapa PPPK yang kinerjanya bagus?": the grid is read per OPD only
        found = replace(
            found,
            notes=(
                *found.notes,
                "golongan, pendidikan, jenis jabatan, status dan usia pensiun tidak dipakai "
                "sebagai saringan peta talenta (9-box); jawaban mencakup semua ASN yang "
                "ditempatkan" + (" di OPD yang disebut" if opd else ""),
            ),
        )
    if (
        found.intent in ("best_for_position", "position")
        and found.retire
        and found.retire[0] != "min_years"
        and re.search(r"\b(pengganti|penggantinya|menggantikan|gantiin|ganti)\b", cues)
    ):
        # "pengganti kadisnaker yg tahun depan pensiun": the holder retires, not the candidates
        found = replace(found, retire=None)
    if numbered and not refs:
        if found.intent in ("compare", "explain_candidate", "profile_lookup"):
            if not persons:
                found = replace(found, refs=tuple(range(1, numbered + 1)))
        else:
            found = replace(found, top=numbered)
    # "btw berapa gaji pokok golongan III/a?", "jadwal seleksi PPPK kapan dibuka?": a question
    # about pay, schedules or letters is no follow-up of the people or posts before it
    beyond = intent is None and bool(re.search(OUT_OF_SCOPE, cues)) and not (refs or persons)
    if (
        not beyond
        and conversation.last is not None
        and topic is not None
        and topic.intent
        not in (
            "refused",
            "unknown",
        )
    ):
        mentioned = set(conversation.last.persons) | set(conversation.items[:1])
        found = _with_context(
            directory, found, topic, conversation.last, cues, intent, there, pointer, mentioned
        )
    if in_context and found.new_context and found.intent not in ("unknown", "refused"):
        found = replace(found, new_context=False)
    last = conversation.last
    post_refs = (
        last is not None
        and last.intent == "vacancies"
        and bool(found.refs)
        and not found.position
        and found.intent in ("best_for_position", "position", "position_holder")
    )
    if post_refs:
        # "nomor 1 calonnya siapa?" after a list of vacant posts: the first of those posts
        found = replace(found, new_context=False)
    return _with_skills(_tidy(found, numbered, post_refs=post_refs), text, topic)


def _with_skills(reading: Reading, text: str, topic: Reading | None) -> Reading:
    """An expert question's skills: those its own words name ("keamanan jaringan", "PBJ"),
    else, when it refines the topic and keeps its fields ("yang S2 saja?"), the topic's; a new
    question naming only a field ("siapa yang paham perikanan?") has none."""
    if reading.intent != "find_experts":
        return reading
    read_as, fixes = corrected(text)  # "budidya udang"
    named = tuple(skill_vocabulary().in_query(read_as))[:2]
    said = tuple(f"'{f.written}' dibaca sebagai '{f.read_as}'" for f in fixes)
    refines = not reading.new_context and topic is not None and topic.domains == reading.domains
    words = text
    if refines and topic is not None and not named:
        named, words = topic.skills, topic.words or text
    window = re.search(_RECENT_WINDOW, text)
    if window:
        # a time window is no filter of the expertise search: said, not silently dropped
        said += (
            f"'{window.group(0).strip()}' tidak dipakai sebagai saringan; skor keahlian sudah "
            "menimbang seberapa baru buktinya (pelatihan dan jabatan yang sudah lama berlalu "
            "berbobot lebih kecil)",
        )
    return replace(reading, skills=named, words=words, notes=reading.notes + said)


# "dalam 5 tahun terakhir", "3 tahun belakangan", "sejak 2020": a window of time for the work
_RECENT_WINDOW = (
    r"\b((dalam|selama)\s+)?((\d{1,2}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|"
    r"sepuluh|beberapa)\s+tahun|setahun)\s+(terakhir|belakangan|ke\s+belakang)\b"
    r"|\bsejak\s+(tahun\s+)?(19|20)\d\d\b"
)


def _same_field(place: str, text: str) -> bool:
    """Whether the rest of the text names no field but the one the place's name names
    ("budidaya bandeng di tambak": fisheries twice; "pertanian di tambak": another field)."""
    without = read_domains(re.sub(rf"\b{place}\b", " ", text))[0]
    return not without or bool(set(without) & set(read_domains(place)[0]))


def _tidy(reading: Reading, numbered: int | None, *, post_refs: bool = False) -> Reading:
    """Slots that mean nothing for the intent are dropped; "N teratas" is a top N for a list
    and the first N items for a comparison."""
    intent = reading.intent
    changes: dict[str, Any] = {}
    if intent == "position":
        changes["intent"] = intent = "best_for_position"
    if intent == "filters":
        changes["intent"] = intent = "list"
    if intent == "list" and reading.group_by:
        changes["intent"] = intent = "count"  # a breakdown is a count
    if reading.group_by == "status" and reading.status:
        changes["status"] = None  # "menurut status kepegawaian (PNS, PPPK, CPNS)": all of them
    if intent in ("compare", "explain_candidate", "profile_lookup"):
        changes["top"] = None
        if (
            intent == "compare"
            and len(reading.persons) >= 2
            and reading.refs
            and not reading.by_pronoun
        ):
            changes["refs"] = ()  # "X, Y, Z: bandingkan ketiganya" are the people named
        if numbered and not reading.refs and not reading.persons:
            # "bandingkan 3 teratas"; but "kenapa Mustofa tidak masuk 5 besar?" is Mustofa
            changes["refs"] = tuple(range(1, numbered + 1))
        if intent == "profile_lookup":
            changes.update(position=None, position_id=None)
            if reading.persons:
                changes["opd"] = None  # "data Titin Irawan, arsiparis Setda": who, no limit
        if not (reading.persons or reading.refs or changes.get("refs")):
            changes.update(refs=(1,), by_pronoun=True)
    elif not post_refs:  # refs to posts are kept: the caller takes them from its last answer
        changes["refs"] = ()
    if intent not in ("find_experts", "count", "list"):
        changes.update(domains=(), domain_confidence=())
    if intent != "vacancies":
        changes["vacancy"] = None
    if intent in ("unknown", "refused"):
        return Reading(intent, new_context=reading.new_context, notes=reading.notes)
    if intent in (
        "compare",
        "explain_candidate",
        "profile_lookup",
        "position_holder",
        "best_for_position",
        "vacancies",
    ):
        changes.update(group_by=None)
    return replace(reading, **changes)


_CARRY = (
    "domains",
    "domain_confidence",
    "opd",
    "position",
    "position_id",
    "golongan",
    "education",
    "jenis_jabatan",
    "status",
    "retire",
    "group_by",
    "box",
    "axis",
    "top",
    "vacancy",
)


def _stated(reading: Reading) -> dict[str, Any]:
    return {k: getattr(reading, k) for k in _CARRY if getattr(reading, k) not in (None, ())}


def _with_context(
    directory: Directory,
    found: Reading,
    topic: Reading,
    last: Reading,
    cues: str,
    intent: str | None,
    there: bool,
    pointer: bool,
    mentioned: set[str],
) -> Reading:
    """A follow-up keeps what the topic said and changes what it states; a new question starts
    a new topic."""
    follow_cue = bool(re.search(FOLLOW_UP_START, cues))
    said_pointer = pointer and bool(re.search(POINTERS.replace("|nya|", "|"), cues))
    if (
        found.persons
        and found.position
        and intent in ("compare", "explain_candidate")
        and not (found.refs or said_pointer or follow_cue)
        and not set(found.persons) & mentioned
    ):
        # "bandingkan A sama B utk Kabid X", "kenapa Vero tidak masuk calon Kadis Perikanan?":
        # people and a post named in full make a question of their own, unless the post is
        # the one talked about ("apa yg kurang dari Edi buat Camat Kebomas?" after its
        # candidates); "-nya" of "skornya", "kurangnya" is the person named, no pointer
        return replace(found, new_context=found.position_id != topic.position_id)
    # The post of the topic, or of the last explanation or comparison (a question about
    # people keeps the topic it came from)
    post_said = topic if topic.position else last
    if (
        found.persons
        and intent in (None, "profile_lookup")
        and post_said.position
        and (follow_cue or re.search(r"\b(juga|gimana|bagaimana|kalau|terus)\b", cues))
        and not re.search(CUE_PROFILE, cues)
    ):
        # "kalau Lulut Mustofa?", "Zaenab juga" after a post: the same question for them
        again = "explain_candidate" if len(found.persons) == 1 else "compare"
        return replace(
            found,
            intent=again,
            position=post_said.position,
            position_id=post_said.position_id,
            new_context=False,
        )
    if intent is None and found.refs and last.intent in ("explain_candidate", "profile_lookup"):
        # "kalau yang nomor 3?" after an explanation: the same question for item 3
        return replace(
            found,
            intent=last.intent,
            position=last.position,
            position_id=last.position_id,
            new_context=False,
        )
    if not found.position and re.search(THAT_POST, cues):
        post = topic if topic.position else last
        if post.position:  # "siapa lagi yang layak untuk jabatan itu?"
            intent_now = found.intent if found.intent != "position" else "best_for_position"
            return replace(
                found,
                intent=intent_now,
                position=post.position,
                position_id=post.position_id,
                opd=found.opd or post.opd,  # a post name several OPDs share: theirs
                new_context=False,
            )
    about_items = found.intent in ("compare", "explain_candidate", "profile_lookup")
    if about_items and (
        found.refs
        or pointer
        or set(found.persons) & (set(topic.persons) | mentioned)
        or (found.persons and found.intent != "profile_lookup" and topic.position)
        or (found.intent == "profile_lookup" and found.persons and follow_cue)
    ):
        keep: dict[str, Any] = {}
        post = topic if topic.position else last  # "untuk jabatan itu": the post last said
        if found.intent != "profile_lookup" and post.position and not found.position:
            keep = {"position": post.position, "position_id": post.position_id}
            if post.opd and not found.opd:
                keep["opd"] = post.opd  # a post name several OPDs share is told by its OPD
        if (
            found.intent == "compare"
            and len(found.refs) == 1
            and not found.persons
            and last.intent in ("explain_candidate", "profile_lookup")
            and len(last.refs) == 1
            and last.refs != found.refs
        ):
            # "bandingkan dengan nomor 2" after "kenapa nomor 1 ...": the one just explained
            keep["refs"] = (*last.refs, *found.refs)
        return replace(found, new_context=False, **keep)
    family = {
        "list": "people",
        "count": "people",
        "filters": "people",
        "position": "post",
        "best_for_position": "post",
        "position_holder": "post",
    }

    def same_family(intent: str | None) -> bool:
        """The same question or one about the same things (people, a post)."""
        return intent == topic.intent or (
            intent is not None
            and family.get(intent) is not None
            and family.get(intent) == family.get(topic.intent)
        )

    same = same_family(intent)
    inherited = False  # the topic's field kept although the question names it no more
    narrowing = bool(re.search(r"\b(yang|dari) (di|dari)\b", cues)) and not _has_subject(found)
    people_topic = topic.intent in ("count", "list")
    if intent is None and not _stated(found) and not found.persons and people_topic:
        # "siapa saja?" after a count, "ada berapa?" after a list: the same people
        if re.search(CUE_COUNT, cues):
            intent = "count"
        elif re.search(r"\b(siapa saja|siapa|mana saja|daftar|nama|orang)\b", cues):
            intent = "list"
    if (
        intent is None
        and topic.position
        and (
            re.search(r"\b(menjabat|dijabat|pejabat nya|pejabatnya|pemangku|pemangku nya)\b", cues)
            or re.search(HOLDING, cues)
        )
    ):
        intent = "position_holder"  # "yang sekarang menjabat siapa?" after its candidates
    if (
        intent == "list"
        and topic.intent == "best_for_position"
        and not (_has_subject(found) or found.opd)
        and not re.search(r"\b(asn|pegawai|karyawan|orang)\b", cues)
    ):
        intent = None  # "syarat golongan minimal IV/b, tampilkan 10": the same candidates
    if (
        intent in ("count", None)
        and re.search(CUE_COUNT, cues)
        and topic.intent == "find_experts"
        and not _has_subject(found)
        and (
            follow_cue
            or narrowing
            or not (_stated(found) and re.search(r"\b(asn|pegawai|karyawan|jumlah|total)\b", cues))
        )
        and not re.search(WHOLE_REGENCY, cues)  # "total CPNS se-Pemkab berapa?"
        # "satu lagi, brp PPPK yg S1 di dispendik": another question, its own filters
        and not (re.match(ANOTHER, cues) and _stated(found))
        # "berapa total APBD 2027?": a number of something else
        and not (
            intent is None
            and (set(cues.split()) & (field_words() - FOLLOW_WORDS) or re.search(r"\d", cues))
        )
    ):
        # "terus yg di DPUTR ada berapa orang?", "ada brp?", "ada berapa per OPD?": those experts
        intent, same = "count", True
        found = replace(found, domains=topic.domains, domain_confidence=topic.domain_confidence)
        inherited = True
    same = same or same_family(intent)
    if (
        intent == "list"
        and topic.intent == "find_experts"
        and (follow_cue or narrowing)
        and not found.domains
        # "tampilkan 10 pegawai JF di DLH": people by their own filters, not the experts
        and not (
            _stated(found)
            and re.search(r"\b(asn|pegawai|karyawan|pns|pppk|cpns)\b", cues)
            and not re.search(FOLLOW_UP_HARD, cues)  # "yang PNS saja siapa?" still refines
        )
    ):
        intent = "find_experts"  # "yg dari DLH siapa aja" after experts: those experts there
        same = True
    refining = inherited or intent is None
    refining = refining or (
        same and (follow_cue or narrowing or not (_has_subject(found) or found.opd))
    )
    if (
        intent in ("count", "list")
        and (_stated(found) or found.group_by)
        and re.search(r"\b(asn|pegawai|karyawan)\b", cues)
        and re.search(r"\b(jumlah|berapa|daftar|siapa saja)\b", cues)
        and not (narrowing or pointer or re.search(FOLLOW_UP_HARD, cues))
    ):
        # "jumlah pegawai golongan III/d yg pensiun tahun depan, per OPD": a whole question
        # about people, with its own filters, is a new one ("kalau yang S2?" refines)
        refining = False
    if intent == "position" and (
        topic.intent in ("best_for_position", "position_holder")
        or (topic.intent in ("explain_candidate", "compare") and topic.position)
    ):
        refining = True
    if intent == "filters":
        refining = True
    if intent in ("count", "list") and not _stated(found) and not found.persons:
        refining = True  # "ada berapa orang?", "siapa saja mereka?": of the last answer
    whole = bool(re.search(WHOLE_REGENCY, cues))
    if refining and (intent is not None or _stated(found) or follow_cue or found.persons or whole):
        changes = _stated(found)
        if whole and not found.opd:
            changes["opd"] = None  # "kalau se-kabupaten?": no OPD limit any more
        if "position" in changes:
            changes.setdefault("opd", found.opd)
        elif found.opd and topic.position and found.opd != topic.opd:
            # "kalau di Dinas Perikanan?" after Kadinkes: the same post there, or none
            same_name = [
                e for e in directory.positions if e.name == topic.position and e.opd == found.opd
            ]
            head = topic.position.split(" ")[0:2]
            moved = (
                same_name[0]
                if same_name  # "kalau yg di Setda?" after Kabag Umum RSUD: Setda's Kabag Umum
                else directory.position(f"{' '.join(head)} {found.opd}")
            )
            changes.update(
                position=moved.name if moved else None,
                position_id=moved.position_id if moved else None,
            )
        if "domains" in changes and topic.intent != "find_experts" and not follow_cue:
            return replace(found, new_context=True)
        new_intent = topic.intent
        if intent not in (None, "position", "filters"):
            new_intent = intent
        elif intent in ("position", "filters") and re.search(FILLING, cues):
            # "calonnya siapa?", "calon penggantinya, yg gol IV/c ke atas" after who holds it
            new_intent = "best_for_position"
        if (
            found.vacancy
            and topic.vacancy
            and found.vacancy != topic.vacancy
            and re.search(r"\b(juga|sekalian|dan)\b", cues)
        ):
            changes["vacancy"] = "both"  # "sekalian yang kosong juga" after those with a Plt
        if new_intent == "count" and topic.intent != "count" and "top" not in changes:
            changes["top"] = None  # "ada berapa semuanya?" after the first ten: all of them
        if new_intent == "list" and "group_by" not in changes:
            changes["group_by"] = None  # "siapa saja yang di Dinkes?" after "per OPD": names
        if "box" in changes and "axis" not in changes:
            changes["axis"] = None  # "kalau kotak 9?" after an axis: the box said
        elif "axis" in changes and "box" not in changes:
            if topic.axis and topic.axis[0] != changes["axis"][0]:
                # "yang kinerjanya juga tinggi?" after "potensinya tinggi": one box
                levels = dict([topic.axis, changes["axis"]])
                changes["box"] = filters.NINE_BOX[(levels["potensial"], levels["kinerja"])]
                changes["axis"] = None
            else:
                changes["box"] = None  # "kalau yang kinerjanya rendah?" after kotak 9
        carried = set(_stated(topic)) - set(changes) - {"domain_confidence", "position_id"}
        if (
            not carried
            and not inherited
            and intent == new_intent
            and _has_subject(found)
            and not re.search(FOLLOW_UP_START.replace("|yang|", "|"), cues)
        ):
            # "yang paham cadangan pangan siapa aja" after experts in another field: a whole
            # question of its own, nothing of the last one is kept
            return replace(found, new_context=True)
        merged = replace(topic, **changes)
        notes = found.notes
        if merged.axis and new_intent != "nine_box":
            # "berapa jumlahnya?" after an axis: counted without it, and said so
            notes = (*notes, _axis_note(merged.axis))
            merged = replace(merged, axis=None)
        return replace(
            merged,
            intent=new_intent,
            persons=found.persons,
            refs=found.refs,
            by_pronoun=found.by_pronoun,
            new_context=False,
            unresolved=found.unresolved,
            notes=notes,
        )
    if there and topic.opd and not found.opd:
        return replace(found, opd=topic.opd, new_context=False)
    if (
        found.intent == "nine_box"
        and topic.opd
        and not (found.opd or found.box or found.position or _stated(found))
        and re.search(r"\b(talenta|talent pool|talent|box|kotak)\s*nya\b", cues)
        and not re.search(WHOLE_REGENCY, cues)
    ):
        return replace(found, opd=topic.opd, new_context=False)  # "peta talentanya?": of that OPD
    return replace(found, new_context=True)


def _axis_note(axis: tuple[str, int]) -> str:
    """Why a 9-box axis said beside another question is not in its answer."""
    level = filters.AXIS_LEVELS[axis[0]][axis[1]]
    return (
        f"'{axis[0]} {level}' tidak dipakai sebagai saringan jawaban ini; untuk ASN menurut "
        f"{axis[0]}, tanyakan peta talenta (mis. 'siapa yang {axis[0]}nya {level}?')"
    )


def _has_subject(reading: Reading) -> bool:
    """Whether a question names its own subject (a post, a field, people) rather than only
    refining the previous one."""
    return bool(reading.position or reading.domains or reading.persons)
