"""Mapping of SIASN-shaped JSON (BKN web service, see README) to Potret records.

One input record is an object holding the responses of one person:

    {"data_utama": {...}, "rw_jabatan": [...], "rw_pendidikan": [...], "rw_diklat": [...],
     "rw_kursus": [...], "rw_skp22": [...], "rw_skp": [...], "rw_hukdis": [...],
     "rw_penghargaan": [...], "rw_golongan": [...], "rw_angkakredit": [...],
     "rw_kinerjaperiodik": [...]}

Keys may also be spelled "data-utama", "rw-jabatan"; each value may still be wrapped as
{"data": ...} the way the web service answers. Dates arrive as "dd-mm-yyyy". The mapping of
every supported field is listed in services/profile/README.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from potret_problems import FieldViolation
from potret_profile.service.imports.batch import Candidate

SECTIONS = (
    "data_utama",
    "rw_jabatan",
    "rw_pendidikan",
    "rw_diklat",
    "rw_kursus",
    "rw_skp22",
    "rw_skp",
    "rw_hukdis",
    "rw_penghargaan",
    "rw_golongan",
    "rw_angkakredit",
    "rw_kinerjaperiodik",
)


_ENVELOPE = {"code", "count", "data", "message"}
# A history row's value that cannot be read: set aside, the rest of the row and the person
# imported (a row whose code is unknown is left out whole, as the quarantine says).
_VALUE_ASIDE = " (disisihkan; data lain orang ini tetap diimpor)"


def _section(raw: dict[str, Any], name: str) -> Any:
    """A section as given, unwrapped from BKN's envelope {code, count, data, message} (or a
    bare {"data": ...}); "Data tidak ditemukan" is none."""
    value = raw.get(name, raw.get(name.replace("_", "-")))
    if isinstance(value, dict) and "data" in value and set(value) <= _ENVELOPE:
        value = value["data"]
        if isinstance(value, str):  # code 0: "Data tidak ditemukan"
            return None
    return value


@lru_cache(maxsize=1)
def _referensi_file() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        Path(__file__).with_name("siasn_referensi.json").read_text("utf-8")
    )
    return data


def referensi() -> dict[str, dict[str, dict[str, Any]]]:
    """BKN's reference tables the import maps by id (siasn_referensi.json, with sources)."""
    data = _referensi_file()
    return {k: v for k, v in data.items() if isinstance(v, dict) and k != "sources"}


def referensi_version() -> str:
    """The version of the reference tables (siasn_referensi.json)."""
    return str(_referensi_file()["version"])


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _from_table(table: str, code: Any, name: Any) -> tuple[bool, str | None]:
    """(known, Potret code) of a reference table's entry: by its id, else by BKN's name."""
    entries = referensi()[table]
    said = _text(code)
    if said:
        entry = entries.get(said) or entries.get(said.zfill(2))
        if entry is not None:
            return True, entry["potret"]
    named = _key(_text(name))
    for entry in entries.values():
        if named and _key(entry["nama"]) == named:
            return True, entry["potret"]
    return False, None


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip().lstrip("'").strip()


def _field(row: dict[str, Any], name: str) -> str:
    """A field of a ref-unor row: BKN answers PascalCase (Id, NamaUnor, DiatasanId), some
    copies camelCase."""
    return _text(row.get(name, row.get(name[0].lower() + name[1:])))


@dataclass(frozen=True, slots=True)
class _Unor:
    id: str
    name: str
    parent: str  # DiatasanId: the unit above
    induk: str  # IndukUnorId: the unor induk (the OPD) when BKN gives it


class UnorTable:
    """BKN's organisation units of the instansi (GET /referensi/ref-unor): the stable key of
    an OPD and its units is the unor id, not the name a history row was written with (an OPD
    renamed, a row written before). `names` renames by unor id or by BKN's name, to the OPD
    names of the regency's position catalogue (PROFILE_SIASN_OPD_NAMES_FILE)."""

    def __init__(self, rows: Any, names: dict[str, str] | None = None) -> None:
        self.rows = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
        self.names = dict(names or {})
        self._by_id: dict[str, _Unor] = {}
        for row in self.rows:
            unor = _Unor(
                _field(row, "Id"),
                _field(row, "NamaUnor"),
                _field(row, "DiatasanId"),
                _field(row, "IndukUnorId"),
            )
            if unor.id:
                self._by_id[unor.id] = unor
        # what naming depends on, in a stable order: a head of unit changed or the rows
        # answered in another order read nobody again
        units = sorted((u.id, u.name, u.parent, u.induk) for u in self._by_id.values())
        blob = json.dumps([units, sorted(self.names.items())])
        self.digest = hashlib.sha256(blob.encode()).hexdigest()[:16]

    def __len__(self) -> int:
        return len(self._by_id)

    def named(self, name: str, unor_id: str = "") -> str:
        """The regency's name for a unit: by its id, else by BKN's name, else as given."""
        return self.names.get(unor_id) or self.names.get(name) or name

    def _opd_node(self, unor_id: str, induk_id: str) -> _Unor | None:
        if induk_id in self._by_id:
            return self._by_id[induk_id]
        node = self._by_id.get(unor_id)
        if node is None:
            return None
        if node.induk in self._by_id:
            return self._by_id[node.induk]
        # else the unit under the root (the instansi) that holds it: the OPD
        seen = {node.id}
        while node.parent in self._by_id and self._by_id[node.parent].parent in self._by_id:
            node = self._by_id[node.parent]
            if node.id in seen:  # a loop in the reference: no answer rather than a guess
                return None
            seen.add(node.id)
        return node if node.parent in self._by_id else None

    def opd_id(self, unor_id: Any, induk_id: Any) -> str:
        """The unor id of the OPD holding a unit (the unor induk), as far as known."""
        node = self._opd_node(_text(unor_id), _text(induk_id))
        return node.id if node is not None else _text(induk_id)

    def opd(self, unor_id: Any, induk_id: Any, said: Any) -> str:
        """The OPD of a unit by its ids (its current name), else the name the row said."""
        node = self._opd_node(_text(unor_id), _text(induk_id))
        if node is not None:
            return self.named(node.name, node.id)
        return self.named(_text(said))

    def unit(self, unor_id: Any, said: Any) -> str:
        """A unit's current name by its id, else the name the row said."""
        node = self._by_id.get(_text(unor_id))
        if node is not None:
            if self._opd_node(node.id, "") is node:
                return ""  # the OPD itself (its head): no unit inside it
            return self.named(node.name, node.id)
        return self.named(_text(said))


NO_UNOR = UnorTable([])


class _Mapper:
    def __init__(self) -> None:
        self.errors: list[FieldViolation] = []

    def rows(self, raw: dict[str, Any], name: str) -> list[tuple[int, dict[str, Any]]]:
        """The rows of a history section with their index; a row that is no object is set
        aside (reported), the others read."""
        section = _section(raw, name) or []
        if not isinstance(section, list):
            section = [section]
        out = []
        for i, r in enumerate(section):
            if isinstance(r, dict):
                out.append((i, r))
            else:
                self.errors.append(
                    FieldViolation(
                        field=f"{name}[{i}]",
                        rule="RECORD-SHAPE",
                        message="baris riwayat harus berupa objek JSON",
                        message_en="a history row must be a JSON object",
                        value=str(r)[:40],
                    )
                )
        return out

    def bad(self, name: str) -> set[int]:
        """The rows of `name` whose values could not be read: left out whole, never guessed."""
        found = (re.match(rf"^{name}\[(\d+)\]", e.field) for e in self.errors)
        return {int(m.group(1)) for m in found if m}

    def date(self, value: Any, field: str) -> str | None:
        text = _text(value)
        if not text:
            return None
        for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text[:10], fmt).date().isoformat()
            except ValueError:
                continue
        self.errors.append(
            FieldViolation(
                field=field,
                rule="DATE-FORMAT",
                value=text[:40],
                message=f"tanggal '{text[:40]}' tidak dikenali (format dd-mm-yyyy)",
                message_en=f"unrecognised date '{text[:40]}' (expected dd-mm-yyyy)",
            )
        )
        return None

    def year(self, value: Any, field: str) -> int | None:
        text = _text(value)
        if not text:
            return None
        if text.isdigit():
            return int(text)
        self.errors.append(
            FieldViolation(
                field=field,
                rule="YEAR-FORMAT",
                value=text[:40],
                message=f"tahun '{text[:40]}' bukan angka",
                message_en=f"year '{text[:40]}' is not a number",
            )
        )
        return None


def _count(value: Any) -> int | str | None:
    """A whole number as BKN sends it ("3", 3, null); anything else as given, for its rule."""
    text = _text(value)
    if not text:
        return None
    return int(text) if text.isdigit() else text


def _number(value: Any) -> float | str | None:
    """A number as BKN sends it ("12.5", "12,5", 12.5, null); else as given, for its rule."""
    text = _text(value)
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _month(year: Any, month: Any) -> str | None:
    """'YYYY-MM' of BKN's separate year and month fields (sic: *Penailan), or None."""
    y, mo = _text(year), _text(month)
    if not (y.isdigit() and mo.isdigit()):
        return None
    return f"{int(y):04d}-{int(mo):02d}"


_JENJANG_WORDS = re.compile(
    r"\b(Ahli Utama|Ahli Madya|Ahli Muda|Ahli Pertama|Penyelia|Mahir|Terampil|Pemula)\b", re.I
)


def _stated_jenjang(name: str) -> str | None:
    """The jenjang a JF's name states, wherever in it ("Penyuluh Agama Terampil Pelaksana"):
    the last one named."""
    found = _JENJANG_WORDS.findall(name)
    return str(found[-1]).upper().replace(" ", "_") if found else None


@lru_cache(maxsize=1)
def _jf_by_id() -> dict[str, dict[str, Any]]:
    """BKN's jabatan-fungsional reference by upper-cased id (ids come in either case)."""
    return {k.upper(): v for k, v in referensi()["jabatan_fungsional"].items()}


def _jf_jenjang(jabatan: str, jf_id: Any) -> str | None:
    """A JF's jenjang: as its name states it ("... Ahli Muda"), else by its id in BKN's
    jabatan-fungsional reference (names that state none: Guru Pembina, Lektor, Teknisi
    Siaran Madya), where the entry's own name is believed before its code: some of BKN's
    1,466 entries code a jenjang their own name contradicts ("Pengawas Jaminan Produk Halal
    Ahli Utama" coded PT, "Penyuluh Agama Terampil Pelaksana" coded MU)."""
    stated = _stated_jenjang(jabatan)
    if stated:
        return stated
    entry = _jf_by_id().get(_text(jf_id).upper())
    if entry is None:
        return None
    return _stated_jenjang(str(entry["nama"])) or entry["potret"]


def _jenis(
    jenis_id: Any, jenis_nama: Any, eselon: Any, jabatan: str, jf_id: Any = None
) -> tuple[str | None, str | None]:
    """(jenis, jenjang) from SIASN jenisJabatan id/name, eselon and jabatanFungsionalId."""
    jid, name, esl = _text(jenis_id), _text(jenis_nama).lower(), _text(eselon).upper()
    if jid == "1" or "struktural" in name:
        if esl.startswith(("I.", "II.", "I ", "II ")) or esl in ("I", "II", "1", "2"):
            return "JPT", "MADYA" if esl.startswith("I.") or esl in ("I", "1") else "PRATAMA"
        if esl.startswith("III") or esl == "3":
            return "ADMINISTRATOR", None
        if esl.startswith("IV") or esl == "4":
            return "PENGAWAS", None
        return "ADMINISTRATOR", None
    if (
        jid == "2"
        or "fungsional tertentu" in name
        or (name == "fungsional" and _jf_jenjang(jabatan, jf_id))
    ):
        return "JF", _jf_jenjang(jabatan, jf_id)
    if jid == "4" or "umum" in name or "pelaksana" in name:
        return "PELAKSANA", None
    return None, None


def _status(utama: dict[str, Any]) -> str:
    text = f"{_text(utama.get('statusPegawai'))} {_text(utama.get('jenisPegawaiNama'))}".upper()
    if "PPPK" in text or "P3K" in text:
        return "PPPK_PW" if "PARUH" in text else "PPPK"
    return "CPNS" if "CPNS" in text else "PNS"


def _legacy_predikat(nilai: float, year: int | None = None) -> str:
    """An SKP score before 2022 -> 5-level predikat on the scale of its year (domain
    reference 9.4): PP 30/2019 for 2021 (Baik 90-120, Cukup 70-<90; Sangat Baik also needs a
    new idea that served the organisation, which no number shows, so it is never derived;
    Kurang 50-<70 and Sangat Kurang below are unverified), PP 46/2011 before (Sangat Baik
    >= 91, Baik 76-90, Cukup 61-75, Kurang 51-60, Buruk <= 50). Cukup -> Butuh Perbaikan."""
    if year is not None and year >= 2021:
        if nilai >= 90:
            return "BAIK"
        if nilai >= 70:
            return "BUTUH_PERBAIKAN"
        return "KURANG" if nilai >= 50 else "SANGAT_KURANG"
    if nilai >= 91:
        return "SANGAT_BAIK"
    if nilai >= 76:
        return "BAIK"
    if nilai >= 61:
        return "BUTUH_PERBAIKAN"
    if nilai >= 51:
        return "KURANG"
    return "SANGAT_KURANG"


def _readable(rows: list[dict[str, Any]], m: _Mapper) -> list[dict[str, Any]]:
    """`rows` (each tagged with its SIASN section and index) without those a value of which
    could not be read: such a row is set aside whole (its error reported), never imported
    with a value guessed."""
    bad = {(name, i) for name in SECTIONS for i in m.bad(name)}
    return [r for r in rows if r.get("_row") not in bad]


def map_record(index: int, raw: Any, unor: UnorTable = NO_UNOR) -> Candidate:
    """One SIASN-shaped person -> a Candidate holding a ProfileCreate-shaped dict; OPDs and
    units named by their unor ids when `unor` knows them."""
    if not isinstance(raw, dict):
        return Candidate(
            index,
            {},
            None,
            [
                FieldViolation(
                    field="record",
                    rule="RECORD-SHAPE",
                    message="rekaman harus berupa objek JSON",
                    message_en="a record must be a JSON object",
                )
            ],
        )
    m = _Mapper()
    utama = _section(raw, "data_utama")
    if not isinstance(utama, dict):
        return Candidate(
            index,
            {},
            None,
            [
                FieldViolation(
                    field="data_utama",
                    rule="missing",
                    message="data_utama wajib ada",
                    message_en="data_utama is required",
                )
            ],
        )
    nip = _text(utama.get("nipBaru"))
    jabatan = _text(
        utama.get("jabatanNama")
        or utama.get("jabatanFungsionalNama")
        or utama.get("jabatanStrukturalNama")
        or utama.get("jabatanFungsionalUmumNama")
    )
    jenis, jenjang = _jenis(
        utama.get("jenisJabatanId"),
        utama.get("jenisJabatan"),
        utama.get("eselon"),
        jabatan,
        utama.get("jabatanFungsionalId"),
    )
    data: dict[str, Any] = {
        "nip": nip,
        "status": _status(utama),
        "name": _text(utama.get("nama")),
        "gelar_depan": _text(utama.get("gelarDepan")),
        "gelar_belakang": _text(utama.get("gelarBelakang")),
        "golongan": _text(utama.get("golRuangAkhir") or utama.get("golRuangAkhirId")),
        "tmt_golongan": m.date(utama.get("tmtGolAkhir"), "data_utama.tmtGolAkhir"),
        "jabatan": jabatan,
        "jenis_jabatan": jenis,
        "jenjang": jenjang,
        "opd": unor.opd(
            utama.get("unorId"),
            utama.get("unorIndukId"),
            utama.get("unorIndukNama") or utama.get("satuanKerjaKerjaNama"),
        ),
        "unit": unor.unit(utama.get("unorId"), utama.get("unorNama")),
        "opd_id": unor.opd_id(utama.get("unorId"), utama.get("unorIndukId")),
        "unit_id": _text(utama.get("unorId")),
        "tmt_jabatan": m.date(utama.get("tmtJabatan"), "data_utama.tmtJabatan"),
        "kedudukan": _text(utama.get("kedudukanPnsNama") or "Aktif").upper().replace(" ", "_"),
    }
    nip_lama = _text(utama.get("nipLama"))
    if nip_lama:
        data["nip_lama"] = nip_lama
    # Retirement as BKN records it (domain reference §11: preferred over the NIP's birth date)
    said = _text(utama.get("tmtPensiun"))
    if said:  # unreadable: kept as said, so that validation sets it aside, not the person
        data["tmt_pensiun"] = _Mapper().date(said, "data_utama.tmtPensiun") or said
    # Birth date, TMT CPNS and TMT PNS as BKN records them (rules BIRTH-DATE, TMT-CPNS,
    # TMT-PNS: an impossible one is set aside, not the person; one that differs from the NIP
    # is kept and flagged by the quality report, NIP-CONSIST)
    for key, field in (("tglLahir", "birth_date"), ("tmtCpns", "tmt_cpns"), ("tmtPns", "tmt_pns")):
        said = _text(utama.get(key))
        if said:  # unreadable: kept as said, so that validation sets it aside
            data[field] = _Mapper().date(said, f"data_utama.{key}") or said
    bup = _text(utama.get("bupPensiun"))
    if bup:
        data["bup_pensiun"] = int(bup) if bup.isdigit() else bup  # not a number: its rule says
    personal = {
        "nik": _text(utama.get("nik")) or None,
        "birth_place": _text(utama.get("tempatLahir")) or None,
        "address": _text(utama.get("alamat")) or None,
        "religion": _text(utama.get("agama")) or None,
        "marital_status": _text(utama.get("statusPerkawinan")) or None,
    }
    if any(personal.values()):
        data["personal"] = personal

    positions = []
    for i, r in m.rows(raw, "rw_jabatan"):
        name = _text(
            r.get("namaJabatan")
            or r.get("jabatanFungsionalNama")
            or r.get("jabatanFungsionalUmumNama")
        )
        pj, pjj = _jenis(
            r.get("jenisJabatan"),
            r.get("jenisJabatan"),
            r.get("eselon"),
            name,
            r.get("jabatanFungsionalId"),
        )
        positions.append(
            {
                "jabatan": name,
                "jenis": pj,
                "jenjang": pjj,
                "opd": unor.opd(
                    r.get("unorId"),
                    r.get("unorIndukId"),
                    r.get("unorIndukNama") or r.get("satuanKerjaNama") or data["opd"],
                ),
                "unit": unor.unit(r.get("unorId"), r.get("unorNama") or r.get("namaUnor")),
                "opd_id": unor.opd_id(r.get("unorId"), r.get("unorIndukId")),
                "unit_id": _text(r.get("unorId")),
                "tmt_start": m.date(r.get("tmtJabatan"), f"rw_jabatan[{i}].tmtJabatan"),
                # shown, read by no rule: a placeholder or unreadable one ("00-00-0000") is
                # left out, never the position row with it
                "tmt_pelantikan": _Mapper().date(r.get("tmtPelantikan"), "tmtPelantikan"),
                "_row": ("rw_jabatan", i),
            }
        )
    # SIASN keeps no end date: a position ends the day before the next one starts. A row
    # whose date could not be read is left out first (the one before then lasts until the
    # next one read: SIASN's own history has the gap).
    positions = [p for p in _readable(positions, m) if p["tmt_start"]]
    positions.sort(key=lambda p: str(p["tmt_start"]))
    for current, following in itertools.pairwise(positions):
        end = dt.date.fromisoformat(str(following["tmt_start"])) - dt.timedelta(days=1)
        start = dt.date.fromisoformat(str(current["tmt_start"]))
        current["tmt_end"] = max(end, start).isoformat()
    data["positions"] = positions

    data["education"] = [
        {
            "level": _from_table(
                "tingkat_pendidikan", r.get("tkPendidikanId"), r.get("tkPendidikanNama")
            )[1]
            or _text(r.get("tkPendidikanNama") or r.get("tkPendidikanId")),
            "major": re.sub(
                r"^(S-?[123]|D-?[1-4I]+|A-?I+V?|SLTA|SMA)\s+",
                "",
                _text(r.get("pendidikanNama")),
                flags=re.I,
            ).title(),
            "institution": _text(r.get("namaSekolah")),
            "year": m.year(r.get("tahunLulus"), f"rw_pendidikan[{i}].tahunLulus"),
            "_row": ("rw_pendidikan", i),
        }
        for i, r in m.rows(raw, "rw_pendidikan")
    ]
    trainings: list[dict[str, Any]] = []
    for i, r in m.rows(raw, "rw_diklat"):
        name = _text(r.get("latihanStrukturalNama"))
        known, level = _from_table("latihan_struktural", r.get("latihanStrukturalId"), name)
        if known and not name:  # BKN's id alone: its name from BKN's table
            name = str(
                referensi()["latihan_struktural"][_text(r.get("latihanStrukturalId"))]["nama"]
            )
        training: dict[str, Any] = {
            "_row": ("rw_diklat", i),
            "kind": "KEPEMIMPINAN",
            "name": name or _text(r.get("latihanStrukturalId")),
            "hours": m.year(r.get("jumlahJam"), f"rw_diklat[{i}].jumlahJam") or 0,
            "year": m.year(r.get("tahun"), f"rw_diklat[{i}].tahun"),
            "institution": _text(r.get("institusiPenyelenggara")),
        }
        if level or not known:  # a name BKN's table lacks: read as written (PKP, PKA ...)
            training["leadership"] = level or name
        trainings.append(training)
    for i, r in m.rows(raw, "rw_kursus"):
        # the kind is jenisDiklatId; jenisKursusNama is the course's topic
        code = _text(r.get("jenisDiklatId"))
        known, kind = _from_table("jenis_diklat", code, None)
        if code and not known:
            m.errors.append(
                FieldViolation(
                    field=f"rw_kursus[{i}].jenisDiklatId",
                    rule="TRAINING-KIND",
                    message="jenis diklat tidak ada di tabel referensi BKN",
                    message_en="jenisDiklatId is not in BKN's reference table",
                    value=code[:40],
                )
            )
            continue
        trainings.append(
            {
                "_row": ("rw_kursus", i),
                "kind": kind or "LAINNYA",
                "name": _text(r.get("namaKursus")) or _text(r.get("jenisKursusNama")),
                "hours": m.year(r.get("jumlahJam"), f"rw_kursus[{i}].jumlahJam") or 0,
                "year": m.year(r.get("tahunKursus"), f"rw_kursus[{i}].tahunKursus"),
                "institution": _text(r.get("institusiPenyelenggara")),
            }
        )
    data["trainings"] = trainings

    skp: list[dict[str, Any]] = []
    for i, r in m.rows(raw, "rw_skp22"):
        entry: dict[str, Any] = {
            "year": m.year(r.get("tahun"), f"rw_skp22[{i}].tahun"),
            "_row": ("rw_skp22", i),
        }
        for rated, said_code, said_label in (
            ("hasil_kerja", r.get("hasilKinerjaNilai"), r.get("hasilKinerja")),
            (
                "perilaku_kerja",
                r.get("PerilakuKerjaNilai") or r.get("perilakuKerjaNilai"),
                r.get("perilakuKerja"),
            ),
        ):
            rating = _from_table("perilaku_dan_kinerja", said_code, said_label)[1]
            if rating or _text(said_label):
                entry[rated] = rating or _text(said_label)
        quadrant = r.get("KuadranKinerjaNilai") or r.get("kuadranKinerjaNilai")
        quadrant_name = r.get("kuadranKinerja")
        predikat = _from_table("kuadran_nilai", quadrant, quadrant_name)[1]
        if predikat or _text(quadrant_name or quadrant):
            entry["predikat"] = predikat or _text(quadrant_name or quadrant)
        skp.append(entry)
    for i, r in m.rows(raw, "rw_skp"):
        # nilaiPrestasiKerja is the score; "jumlah" adds the elements up and is no score
        nilai_text = _text(r.get("nilaiPrestasiKerja"))
        try:
            nilai = float(nilai_text.replace(",", "."))
        except ValueError:
            m.errors.append(
                FieldViolation(
                    field=f"rw_skp[{i}].nilaiPrestasiKerja",
                    rule="SKP-NILAI",
                    message="nilai prestasi kerja tidak ada atau bukan angka",
                    message_en="nilai prestasi kerja is missing or not a number",
                    value=nilai_text[:40],
                )
            )
            continue
        year = m.year(r.get("tahun"), f"rw_skp[{i}].tahun")
        skp.append(
            {
                "year": year,
                "nilai": nilai,
                "predikat": _legacy_predikat(nilai, year),
                "_row": ("rw_skp", i),
            }
        )
    data["skp"] = skp

    data["golongan_history"] = [
        {
            "golongan": _text(r.get("golongan") or r.get("golonganId")),
            "tmt": m.date(r.get("tmtGolongan"), f"rw_golongan[{i}].tmtGolongan"),
            "jenis_kp": _text(r.get("jenisKPNama")),
            "masa_kerja_tahun": _count(r.get("masaKerjaGolonganTahun")),
            "masa_kerja_bulan": _count(r.get("masaKerjaGolonganBulan")),
            "_row": ("rw_golongan", i),
        }
        for i, r in m.rows(raw, "rw_golongan")
    ]
    data["angka_kredit"] = [
        {
            "start": _month(r.get("tahunMulaiPenailan"), r.get("bulanMulaiPenailan")),
            "end": _month(r.get("tahunSelesaiPenailan"), r.get("bulanSelesaiPenailan")),
            "utama": _number(r.get("kreditUtamaBaru")),
            "penunjang": _number(r.get("kreditPenunjangBaru")),
            "total": _number(r.get("kreditBaruTotal")),
            "jabatan": _text(r.get("namaJabatan")),
            "_row": ("rw_angkakredit", i),
        }
        for i, r in m.rows(raw, "rw_angkakredit")
    ]
    periodic: list[tuple[int, int, dict[str, Any]]] = []
    for i, r in m.rows(raw, "rw_kinerjaperiodik"):
        quadrant = r.get("kuadranKinerjaNilai") or r.get("KuadranKinerjaNilai")
        predikat = _from_table("kuadran_nilai", quadrant, r.get("kuadranNilai"))[1]
        year = m.year(r.get("tahun"), f"rw_kinerjaperiodik[{i}].tahun")
        said = _text(r.get("periodikId"))
        entry = {
            "year": year,
            "period": _text(r.get("periodikNama")),
            "predikat": predikat or _text(r.get("kuadranNilai") or quadrant),
            "_row": ("rw_kinerjaperiodik", i),
        }
        periodic.append((year or 0, int(said) if said.isdigit() else 0, entry))
    # in period order: BKN's periodikId within the year (rows may come newest first)
    data["skp_periodik"] = [entry for *_key, entry in sorted(periodic, key=lambda p: p[:2])]

    levels = {"R": "RINGAN", "S": "SEDANG", "B": "BERAT"}
    data["discipline"] = [
        {
            "level": levels.get(
                _text(r.get("jenisTingkatHukumanId")).upper()[:1],
                _text(r.get("jenisTingkatHukumanId")),
            ),
            "form": _text(r.get("jenisHukumanNama")) or "tidak disebut",
            "tmt": m.date(r.get("hukumanTanggal"), f"rw_hukdis[{i}].hukumanTanggal"),
            "end": m.date(r.get("akhirHukumTanggal"), f"rw_hukdis[{i}].akhirHukumTanggal"),
            "legal_basis": _text(r.get("nomorPp")) or "PP 94/2021",
            "cancelled": bool(_text(r.get("skPembatalanNomor"))),
            "_row": ("rw_hukdis", i),
        }
        for i, r in m.rows(raw, "rw_hukdis")
    ]
    data["awards"] = [
        {
            "name": _text(r.get("hargaNama")),
            "year": m.year(r.get("tahun"), f"rw_penghargaan[{i}].tahun"),
            "_row": ("rw_penghargaan", i),
        }
        for i, r in m.rows(raw, "rw_penghargaan")
    ]
    talent = ("golongan_history", "angka_kredit", "skp_periodik")
    for group in ("education", "trainings", "skp", "discipline", "awards", *talent):
        data[group] = _readable(data[group], m)
    for group in ("positions", "education", "trainings", "skp", "discipline", "awards", *talent):
        for row in data[group]:
            row.pop("_row", None)
    # a history row's mapping error sets the row aside (imports/batch.py rows_aside); an
    # error of the person's own data rejects the person
    aside = [e for e in m.errors if e.field.startswith("rw_")]
    errors = [e for e in m.errors if not e.field.startswith("rw_")]
    return Candidate(
        index,
        data,
        nip or None,
        errors,
        [e.model_copy(update={"message": e.message + _VALUE_ASIDE}) for e in aside],
    )
