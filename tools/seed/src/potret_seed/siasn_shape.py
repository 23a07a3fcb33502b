"""Render a generated record in the shape of SIASN web-service responses (data utama and
riwayat, dates "dd-mm-yyyy"), so the SIASN import path can be exercised end to end."""

from __future__ import annotations

import datetime as dt
from typing import Any

_ESELON = {"JPT": "II.b", "ADMINISTRATOR": "III.b", "PENGAWAS": "IV.a"}
_JENIS_ID = {"JPT": "1", "ADMINISTRATOR": "1", "PENGAWAS": "1", "JF": "2", "PELAKSANA": "4"}
_TK = {
    "SD": "05",
    "SMP": "10",
    "SMA": "15",
    "D1": "20",
    "D2": "25",
    "D3": "30",
    "D4": "35",
    "S1": "40",
    "S2": "45",
    "S3": "50",
}
# BKN's reference ids and names (services/profile .../imports/siasn_referensi.json): the
# leadership trainings by latihanStrukturalId, the course kinds by jenisDiklatId, the SKP
# ratings as BKN spells them ("ESPEKTASI").
_LATIHAN = {
    "PKP": ("2", "SEPALA/ADUM/DIKLAT PIM TK.IV"),
    "PKA": ("3", "SEPADYA/SPAMA/DIKLAT PIM TK. III"),
    "PKN_II": ("4", "SPAMEN/SESPA/SESPANAS/DIKLAT PIM TK. II"),
    "PKN_I": ("5", "SEPATI/DIKLAT PIM TK. I"),
}
_JENIS_DIKLAT = {"FUNGSIONAL": "2", "TEKNIS": "3", "LAINNYA": "13"}
_RATING = {
    "DI_ATAS_EKSPEKTASI": "DIATAS ESPEKTASI",
    "SESUAI_EKSPEKTASI": "SESUAI ESPEKTASI",
    "DI_BAWAH_EKSPEKTASI": "DIBAWAH ESPEKTASI",
}


def _d(iso: str | None) -> str | None:
    return dt.date.fromisoformat(iso).strftime("%d-%m-%Y") if iso else None


def to_siasn(p: dict[str, Any]) -> dict[str, Any]:
    """One native record -> {"data_utama": ..., "rw_jabatan": [...], ...}."""
    personal = p.get("personal") or {}
    return {
        "data_utama": {
            "nipBaru": p["nip"],
            "nama": p["name"],
            "gelarDepan": p.get("gelar_depan"),
            "gelarBelakang": p.get("gelar_belakang"),
            "statusPegawai": p["status"],
            "jenisPegawaiNama": "PPPK" if p["status"] == "PPPK" else "PNS Daerah",
            "golRuangAkhir": p["golongan"],
            "tmtGolAkhir": _d(p.get("tmt_golongan")),
            "jabatanNama": p["jabatan"],
            "jenisJabatanId": _JENIS_ID.get(p.get("jenis_jabatan") or "", ""),
            "eselon": _ESELON.get(p.get("jenis_jabatan") or ""),
            "unorIndukNama": p["opd"],
            "unorNama": p.get("unit"),
            "tmtJabatan": _d(p.get("tmt_jabatan")),
            "kedudukanPnsNama": "Aktif",
            "nik": personal.get("nik"),
            "tempatLahir": personal.get("birth_place"),
            "alamat": personal.get("address"),
            "agama": personal.get("religion"),
            "statusPerkawinan": personal.get("marital_status"),
        },
        "rw_jabatan": [
            {
                "namaJabatan": h["jabatan"],
                "jenisJabatan": _JENIS_ID.get(h["jenis"], ""),
                "eselon": _ESELON.get(h["jenis"]),
                "unorIndukNama": h["opd"],
                "unorNama": h.get("unit"),
                "tmtJabatan": _d(h["tmt_start"]),
            }
            for h in p.get("positions", [])
        ],
        "rw_pendidikan": [
            {
                "tkPendidikanId": _TK[e["level"]],
                "pendidikanNama": e.get("major"),
                "namaSekolah": e.get("institution"),
                "tahunLulus": str(e["year"]),
            }
            for e in p.get("education", [])
        ],
        "rw_diklat": [
            {
                "latihanStrukturalId": _LATIHAN[t["leadership"]][0],
                "latihanStrukturalNama": _LATIHAN[t["leadership"]][1],
                "jumlahJam": str(t["hours"]),
                "tahun": str(t["year"]),
                "institusiPenyelenggara": t.get("institution"),
            }
            for t in p.get("trainings", [])
            if t["kind"] == "KEPEMIMPINAN"
        ],
        "rw_kursus": [
            {
                "jenisDiklatId": _JENIS_DIKLAT[t["kind"]],
                "namaKursus": t["name"],
                "jumlahJam": str(t["hours"]),
                "tahunKursus": str(t["year"]),
                "institusiPenyelenggara": t.get("institution"),
            }
            for t in p.get("trainings", [])
            if t["kind"] != "KEPEMIMPINAN"
        ],
        "rw_skp22": [
            {
                "tahun": str(s["year"]),
                "hasilKinerja": _RATING[s["hasil_kerja"]],
                "perilakuKerja": _RATING[s["perilaku_kerja"]],
            }
            for s in p.get("skp", [])
        ],
        "rw_hukdis": [
            {
                "jenisTingkatHukumanId": d["level"][0],
                "jenisHukumanNama": d["form"],
                "hukumanTanggal": _d(d["tmt"]),
                "akhirHukumTanggal": _d(d.get("end")),
                "nomorPp": d.get("legal_basis"),
            }
            for d in p.get("discipline", [])
        ],
        "rw_penghargaan": [
            {"hargaNama": a["name"], "tahun": str(a["year"])} for a in p.get("awards", [])
        ],
    }
