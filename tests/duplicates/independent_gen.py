#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""
gen.py - independent synthetic test sets for a duplicate-person detector of an
Indonesian civil-servant (ASN) personnel system (a regency in East Java,
modelled on Kabupaten Gresik).

Standard library only.  Usage:

    python3 gen.py                 # writes dev.json.gz (seed 101), heldout.json.gz (seed 202), README.md
    python3 gen.py --seed 7 --out x.json.gz   # one extra set

Each output file is gzip JSON:
    {"people": [record, ...],
     "duplicates": [{"nips": [a, b], "kind": "..."}],   # same person registered twice (planted)
     "lookalikes": [{"nips": [a, b], "kind": "..."}]}   # hard negatives: different people
Any pair not listed in "duplicates" is a different-person pair.

How it works (short):
  1. Every person is simulated as a "true" life: name (by ethnic/naming style and
     birth cohort), birth date, TMT CPNS (mostly in mass-recruitment waves),
     education path with graduation years (and later degrees), golongan timeline
     (regular promotions, penyesuaian ijazah, caps by education/track), career
     (JF jenjang following golongan, pelaksana with 2023 nomenclature change,
     structural careers with unique current posts, 2021 penyetaraan, mutations
     between units/OPDs) and titles (gelar) derived from the degrees held at a
     given date (plus H./Hj. after the hajj year).
  2. A record is a *snapshot* of that life at a date (normally 2025-12-01).
  3. A planted duplicate is a second snapshot of the same life, often taken at an
     earlier date (fewer positions, older jabatan/golongan/titles, sometimes in the
     old OPD because the person moved later), with realistic entry errors in name
     and/or NIP, and sometimes data-entry differences in the education list.
  4. Hard negatives are additional, independently simulated people built to look
     like someone else (namesakes, twins, cohort mates, siblings, NIP one digit apart).
  5. Accidental near-duplicates between unrelated people are prevented, so that
     every unlisted pair is decidable as "different".
"""
import argparse
import datetime as dt
import difflib
import gzip
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = dt.date(2025, 12, 1)
BIRTH_MIN, BIRTH_MAX = dt.date(1966, 1, 1), dt.date(2001, 12, 31)
TMT_MIN, TMT_MAX = dt.date(1986, 1, 1), dt.date(2025, 12, 1)
RENAME_DATE = dt.date(2023, 1, 2)        # new pelaksana nomenclature (PermenPAN-RB 45/2022)
SETARA_DATES = [dt.date(2021, 12, 31), dt.date(2021, 12, 31), dt.date(2022, 6, 30)]  # penyetaraan jabatan

GOL = ['I/a', 'I/b', 'I/c', 'I/d', 'II/a', 'II/b', 'II/c', 'II/d',
       'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e']
LVL_RANK = {'SD': 0, 'SMP': 1, 'SMA': 2, 'D1': 3, 'D2': 4, 'D3': 5, 'D4': 6, 'S1': 6, 'S2': 7, 'S3': 8}
START_GOL = {'SD': 0, 'SMP': 2, 'SMA': 4, 'D1': 4, 'D2': 5, 'D3': 6, 'D4': 8, 'S1': 8, 'S2': 9, 'S3': 10}
JJ_LABEL = {'AHLI_PERTAMA': 'Ahli Pertama', 'AHLI_MUDA': 'Ahli Muda', 'AHLI_MADYA': 'Ahli Madya',
            'TERAMPIL': 'Terampil', 'MAHIR': 'Mahir', 'PENYELIA': 'Penyelia'}

# --------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------

def dim(y, m):
    return [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28,
            31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return dt.date(y, m, min(d.day, dim(y, m)))


def add_years(d, n):
    return add_months(d, 12 * n)


def age_at(b, d):
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def rdate(rng, a, b):
    if b <= a:
        return a
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def wchoice(rng, pairs):
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights)[0]


_ZIPF = {}


def zipf(rng, items, s=0.85):
    key = (id(items), len(items), s)
    w = _ZIPF.get(key)
    if w is None:
        w = [1.0 / (i + 1) ** s for i in range(len(items))]
        _ZIPF[key] = w
    return rng.choices(items, w)[0]


def split_pool(s):
    return [x.strip() for x in s.split('|') if x.strip()]


# --------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------
JAV_M_SINGLE = split_pool("Sumarno|Suparno|Sugianto|Sutrisno|Slamet|Sukardi|Suwarno|Sugeng|Sunarto|Suyitno|Mulyono|"
                          "Supriyadi|Sumadi|Sarwono|Kusnadi|Purnomo|Sujono|Wagiman|Parmin|Karyono|Darmaji|Pujianto|"
                          "Supardi|Margono|Haryanto|Suprapto|Sunaryo|Subagyo|Sukirno|Waluyo|Mariyono|Tukiran|Ponidi|"
                          "Wiyono|Jumadi|Kasiyanto|Mujiono|Poniman|Sutikno|Suwito|Triyono|Kuswanto|Sukarji|Sudarmaji|"
                          "Paidi|Rasimin|Saeran|Jumari|Suyanto|Sucipto|Sunardi|Sumarsono")
JAV_F_SINGLE = split_pool("Suparmi|Sumarni|Sulastri|Suwarni|Suyati|Sriyani|Sumiati|Sutini|Ngatini|Kasmini|Tukini|"
                          "Painem|Sukarti|Sumini|Mujiati|Rusmini|Kusmiati|Sunarsih|Sriatun|Suciati|Ismiati|Suharti|"
                          "Supini|Tumini|Winarsih|Darwati|Yuliati|Suprihatin|Kustini|Supriyatin|Setyaningsih|"
                          "Purwaningsih|Sulistyowati|Kasiati|Juwariyah|Sumarsih|Ngatemi|Sukesi|Rukmini|Suwarti|"
                          "Sujiati|Wahyuningsih|Puji Astuti")
JAV_M_FIRST = split_pool("Agus|Budi|Bambang|Eko|Dwi|Tri|Joko|Heru|Hadi|Wahyu|Yudi|Arif|Rudi|Dedi|Andi|Hendra|Teguh|"
                         "Edy|Didik|Bagus|Anang|Sigit|Totok|Imam|Sugeng|Hari|Puji|Adi|Dani|Ari|Bayu|Danang|Gatot|"
                         "Setyo|Catur|Yoyok|Nanang|Sapto|Wawan|Yanto|Joni|Anton|Hery|Agung|Tono|Kukuh|Yusuf")
JAV_M_LAST = split_pool("Setiawan|Santoso|Prasetyo|Wibowo|Hidayat|Susanto|Kurniawan|Purnomo|Saputra|Nugroho|Hartono|"
                        "Utomo|Sulistyo|Wijaya|Firmansyah|Pratama|Gunawan|Hermawan|Setiyono|Riyanto|Wahyudi|Suprapto|"
                        "Raharjo|Widodo|Sutrisno|Cahyono|Kuncoro|Mulyono|Purwanto|Subagyo|Ardiansyah|Hariyanto|"
                        "Triyono|Budiman|Darmawan|Sasongko|Wicaksono|Prabowo|Pamungkas|Nurcahyo|Sugiarto|Irawan|"
                        "Yulianto|Setiadi|Rahmanto|Suharyono|Santosa|Junaedi")
JAV_M_MID = split_pool("Budi|Dwi|Tri|Adi|Eko|Hadi|Nur|Ari|Wahyu|Bayu|Aji|Yuda|Setyo|Joko|Tri Joko")
JAV_F_FIRST = split_pool("Sri|Dwi|Tri|Endang|Dewi|Rina|Ika|Yuli|Eka|Ani|Rini|Lilik|Retno|Diah|Anik|Erna|Nanik|Titik|"
                         "Lusi|Novi|Fitri|Indah|Ratna|Yuni|Wiwik|Tutik|Ninik|Umi|Emi|Yeni|Ayu|Dyah|Rika|Ratih|Puji|"
                         "Desi|Evi|Siska|Dian|Mega|Winda|Lina|Wulan|Maya|Heni|Kurnia|Susi|Enny|Yayuk|Tri Wahyu")
JAV_F_LAST = split_pool("Wahyuni|Rahayu|Lestari|Hartini|Handayani|Susanti|Rahmawati|Kurniawati|Suryani|Purwanti|"
                        "Wulandari|Setyowati|Utami|Astuti|Indrawati|Mulyani|Fitriani|Yuliana|Hidayati|Nurhayati|"
                        "Sulistyowati|Ningsih|Wahyuningsih|Agustina|Anggraini|Puspitasari|Permatasari|Oktaviani|"
                        "Pratiwi|Safitri|Novitasari|Kusumawati|Setyaningsih|Widyastuti|Winarti|Sulistiani|Retnowati|"
                        "Damayanti|Ernawati|Susilowati|Yuliati|Sugiarti|Prihatin|Kristanti|Marlina|Herawati|Purnamasari")
MOD_M = (split_pool("Rizky|Dimas|Aditya|Fajar|Yoga|Rendy|Bayu|Ilham|Reza|Dani|Andika|Galih|Angga|Rangga|Ferry|"
                    "Alfian|Hendrik|Firman|Rio|Arya|Gilang|Rizal|Irfan|Bagus|Wahyu|Ardi"),
         split_pool("Dwi|Tri|Eka|Adi|Putra|Nur|Setya|Aji|Bagus|Maulana|Arif|Budi|Dwi Putra|Surya"),
         split_pool("Pratama|Saputra|Prasetyo|Ramadhan|Kurniawan|Firmansyah|Maulana|Putra|Nugraha|Wicaksono|"
                    "Hidayat|Setiawan|Syahputra|Ardiansyah|Prayogo|Santoso|Wijaya|Permana|Pradana|Hermawan|Prakoso"))
MOD_F = (split_pool("Dewi|Ayu|Rizka|Novita|Dian|Putri|Anisa|Fitria|Nadia|Ratih|Diah|Lia|Rina|Intan|Yulia|Rosita|Ika|"
                    "Devi|Vivi|Eka|Febri|Nanda|Citra|Mega|Ajeng|Septi|Wulan|Arum|Erlina"),
         split_pool("Ayu|Dwi|Tri|Nur|Eka|Puspita|Kartika|Sri|Ratna|Indah|Novi|Dyah"),
         split_pool("Lestari|Wulandari|Rahmawati|Pratiwi|Safitri|Anggraini|Oktaviani|Puspitasari|Permatasari|"
                    "Kusumawati|Maharani|Ramadhani|Handayani|Novitasari|Susanti|Fitriani|Agustin|Setyaningrum|"
                    "Kurniasari|Rahayu|Anggraeni|Purnamasari|Ningrum"))
MUH_FORMS = [('Muhammad', 40), ('Mochammad', 12), ('Mohammad', 10), ('Moch.', 9), ('Moh.', 10), ('M.', 8),
             ('Muhamad', 5), ('Mochamad', 4), ('Mokhamad', 2)]
AHMAD_FORMS = [('Ahmad', 60), ('Achmad', 35), ('Akhmad', 5)]
ABDUL_FORMS = [('Abdul', 92), ('Abd.', 8)]
MUH_REST = split_pool("Arif|Hasan|Husain|Ali|Yusuf|Rizal|Fauzi|Ikhsan|Syaiful|Ilham|Faisal|Anwar|Ridwan|Zainuri|Sholeh|"
                      "Fadli|Amin|Huda|Nur Huda|Khoirul Anam|Ainur Rofiq|Rofiq|Taufiq|Ismail|Mansur|Zaini|Kholil|"
                      "Hafidz|Irfan|Fathoni|Syafi'i|Mahmud|Yasin|Bisri|Ridho|Wildan|Lutfi|Aris|Misbahul Munir|"
                      "Nasir|Toha|Sholikhin|Syamsul Arifin|Zainal Abidin|Hanif|Rosyid|Yunus|Fahmi|Nur Kholis|"
                      "Abdul Ghofur|Ali Mahfud|Nur Salim|Rizal Fahmi|Iqbal|Choirul Umam|Syafiq")
AHMAD_REST = split_pool("Fauzi|Syafi'i|Rofiq|Zainuri|Khoiri|Mansur|Shodiq|Dahlan|Yani|Hasyim|Mujib|Fuad|Nasrullah|Zaki|"
                        "Muhtadi|Kholil|Rifai|Fauzan|Syaifudin|Muzakki|Jauhari|Baihaqi|Sholeh|Thohir|Zainal Arifin|"
                        "Nur Salim|Khoirul Umam|Ridlo")
ABDUL_REST = split_pool("Rohman|Rahman|Ghofur|Kholiq|Malik|Aziz|Hamid|Rozak|Wahid|Mujib|Majid|Karim|Hadi|Muis|Rosyid|"
                        "Basith|Qodir|Latif|Halim|Jalil|Manan|Ghoni|Muhaimin|Rokhim|Somad|Salam")
ARAB_M_OTHER = split_pool("Abdurrahman|Abdurrohim|Fathorrahman|Syaifudin|Mustofa|Sholikhin|Mashuri|Masrukin|"
                          "Khoirudin|Nurhadi|Zainudin|Kasmuri|Syamsul Arifin|Zainal Arifin|Zainal Abidin|Imam Syafi'i|"
                          "Imam Mahmudi|Nur Kholis|Khoirul Anam|Khoirul Huda|Nur Hadi|Syaiful Anwar|Syaiful Bahri|"
                          "Agus Salim|Agus Mustofa|Lukman Hakim|Arif Rahman Hakim|Miftahul Huda|Miftahul Ulum|"
                          "Ainul Yaqin|Hasan Basri|Ali Mas'ud|Anas Ma'ruf|Choirul Anam|Nur Cholis|Imam Ghozali|"
                          "Ilham Fauzi|Fathul Mujib|Ainur Rofiq|Fathur Rozi|Nurul Huda|Nurul Anam|Syamsul Huda|"
                          "Rohmad Hidayat|Mukhlis|Faizal Rahman|Hilmi Aziz|Kholilur Rohman|Yusuf Effendi|Amiruddin|"
                          "Saifullah|Ubaidillah|Abdussalam|Nurcahyo Hadi|Nasrullah|Sholeh Hasan|Mas'ud Ali")
ARAB_F = split_pool("Siti Aminah|Siti Fatimah|Siti Khotijah|Siti Maesaroh|Siti Zulaikha|Siti Rohmah|Siti Nur Hasanah|"
                    "Siti Mahmudah|Siti Muawanah|Siti Masruroh|Siti Aisyah|Siti Zubaidah|Siti Nurjanah|Siti Romlah|"
                    "Siti Khusnul Khotimah|Siti Mutmainah|Siti Sholikhah|Siti Qomariyah|Siti Muslimah|Siti Nur Aini|"
                    "Siti Nur Azizah|Siti Rohani|Siti Halimah|Siti Maimunah|Siti Umayah|Siti Kholifah|Siti Mariyam|"
                    "Siti Munawaroh|Siti Latifah|Siti Uswatun Hasanah|Siti Aminatus Sholihah|Siti Nur Laili|"
                    "Siti Fauziah|Siti Rofi'ah|Siti Jamilah|Siti Kholidah|Siti Nurul Hidayah|Siti Mudrikah|"
                    "Nurul Hidayah|Nurul Aini|Nurul Laili|Nurul Fitriah|Nurul Azizah|Nurul Hasanah|Nurul Jannah|"
                    "Nurul Khasanah|Nurul Kholifah|Nurul Afifah|Nurul Izzah|Nur Hidayati|Nurhayati|Nur Laili|Nur Aini|"
                    "Nur Azizah|Nur Hasanah|Nur Kholifah|Nurjanah|Umi Kulsum|Ummi Kalsum|Lailatul Fitriyah|"
                    "Khusnul Khotimah|Ainun Jariyah|Fatimatus Zahro|Anis Fuadah|Laili Rohmah|Mamluatul Munawaroh|"
                    "Istiqomah|Rif'atul Mahmudah|Qurrotul Aini|Nikmatul Khoiriyah|Rohmatul Ummah|Zumrotus Sholihah|"
                    "Ulfa Rahmawati|Faizatul Ummah|Binti Mukaromah|Durrotun Nafisah|Mufidatul Husna|Yuyun Mahmudah|"
                    "Lilik Masruroh|Uswatun Khasanah|Luluk Maknunah|Anik Masruroh|Ida Farida|Nur Faizah|"
                    "Fitrotul Hasanah|Siti Choiriyah|Maslahatul Ummah|Lailatul Qodriyah|Imroatus Sholihah|"
                    "Hanik Mahmudah|Nurul Qomariyah|Siti Hotijah")
MAD_M = split_pool("Matrawi|Sahrawi|Hosnan|Holil|Busiri|Marsuki|Asmuni|Sahri|Moh. Holil|Fathorrahman|Badrus Sholeh|"
                   "Holilur Rahman|Moh. Toyyib|Abd. Hamid|Sulaiman|Hairul Anam|Rasyidi|Samsul Hadi|Juhari|Jumali|"
                   "Musleh|Ach. Fauzi|Moh. Rasuli|Hasbullah|Mahfud|Jufri|Subairi|Nawawi|Mahrus|Bakri|Moh. Hosen|"
                   "Suhaimi|Ach. Syaiful|Moh. Fathorrosi|Abd. Muin|Moh. Ridwan|Hozaini|Mohlis|Sanhaji|Marzuki|"
                   "Moh. Sholehuddin|Abd. Rasyid")
MAD_F = split_pool("Sumaiyah|Hosniyah|Halimah|Musrifah|Rukayyah|Jumaati|Satunah|Maryam|Hamidah|Marfu'ah|Hotimah|"
                   "Saniyah|Rofiqoh|Holisah|Munawwarah|Sittiyah|Hasanah|Ruhaniyah|Asiyah|Siti Muzayyanah|Nur Holisah|"
                   "Faridah|Syarifah|Rohimah|Zainab|Badriyah|Masrufah|Sa'diyah|Sulihah|Hafsah")
CHN_M = (split_pool("Hendra|Handoko|Ferry|Sugianto|Robert|Kevin|Steven|Willy|Yohan|Andy|Hengky|Johan|Tommy|Rudy|Edwin"),
         split_pool("Gunawan|Wijaya|Tanoto|Halim|Santoso|Tjandra|Limanto|Hartanto|Setiadi|Sutanto|Salim|Kusuma|"
                    "Widjaja|Tanuwijaya|Susanto|Lukito|Hartono|Gozali"))
CHN_F = (split_pool("Lanny|Linda|Meiliana|Ivana|Stefani|Lily|Yenny|Mellisa|Shinta|Cynthia|Vivian|Susan|Lisa|Angelina|"
                    "Jessica|Fenny|Lenny"), CHN_M[1])
CHR_M = (split_pool("Yohanes|Petrus|Paulus|Markus|Stefanus|Andreas|Yosef|Fransiskus|Antonius|Daniel|Samuel|Timotius|"
                    "Yakobus|Benediktus|Agustinus|Yulius|Matius|Gabriel|Kristian|Imanuel"),
         split_pool("Budi Santoso|Kristanto|Nugroho|Wibisono|Purnomo|Setiawan|Susilo|Hariyanto|Sutrisno|Widodo|"
                    "Simanjuntak|Sitompul|Hutapea|Manurung|Siregar|Pardede|Sinaga|Tambunan|Bagus Prasetyo|"
                    "Eko Wahyudi|Dwi Cahyono|Rumengan|Lumintang"))
CHR_F = (split_pool("Maria|Theresia|Magdalena|Agustina|Christina|Yohana|Elisabeth|Veronika|Lidya|Ruth|Debora|"
                    "Yuliana|Fransiska|Margaretha|Natalia|Oktavia|Priskila|Anastasia"),
         split_pool("Kristiani|Susanti|Rahayu|Wulandari|Dewi|Setyaningsih|Purwanti|Simanjuntak|Sitompul|Hutapea|"
                    "Manurung|Siregar|Sinaga|Ratnasari|Sri Lestari|Endah Wahyuni|Tri Handayani|Rumengan"))
COMMON_M = split_pool("Agus Salim|Agus Setiawan|Budi Santoso|Eko Prasetyo|Muhammad Arif|Ahmad Fauzi|Abdul Rohman|"
                      "Moh. Sholeh|Khoirul Anam|Zainal Arifin|Imam Syafi'i|Agus Susanto|Nur Kholis|Syaiful Anwar|"
                      "Muhammad Ikhsan|Ahmad Yani|Lukman Hakim|Miftahul Huda|Joko Santoso|Dwi Prasetyo|Hadi Susanto|"
                      "Bambang Sutrisno|Slamet|Sumarno|Sugianto|Agus Purnomo|Muhammad Yusuf|Abdul Ghofur|"
                      "Achmad Rofiq|Muhammad Nur Huda")
COMMON_F = split_pool("Siti Aminah|Sri Wahyuni|Siti Fatimah|Sri Rahayu|Nur Hidayati|Siti Khotijah|Sri Lestari|"
                      "Dwi Lestari|Nurul Hidayah|Siti Maesaroh|Suparmi|Sulastri|Endang Sulistyowati|Siti Zulaikha|"
                      "Siti Nur Hasanah|Umi Kulsum|Khusnul Khotimah|Sri Utami|Ika Wahyuni|Yuli Astuti|Rina Susanti|"
                      "Siti Romlah|Siti Aisyah|Nur Aini|Sri Wulandari|Dewi Lestari|Retno Wulandari|Sri Hartini|"
                      "Siti Mahmudah|Eni Susanti")
FATHER_AR = split_pool("Syafi'i|Mas'ud|Hasyim|Abdullah|Sholeh|Ridwan|Mansur|Effendi|Sanusi|Mahmud|Rosyidi|Hamzah|"
                       "Ismail|Yasin|Zubaidi|Bisri|Suhadak|Kholil|Maksum|Tohir")
FATHER_JV = split_pool("Hadi|Santoso|Wibowo|Sutrisno|Hartono|Prawiro|Wiryo|Sastro")

MUH_FULL = {'muhammad', 'mochammad', 'mohammad', 'muhamad', 'mochamad', 'mokhamad', 'mohamad', 'muchammad',
            'mukhammad', 'moehammad'}
MUH_ABBR = {'m.', 'moh.', 'moch.', 'muh.', 'much.', 'mokh.', 'mch.'}
PREFIX_TOKS = MUH_FULL | MUH_ABBR | {'siti', 'st.', 'sri', 'nur', 'ahmad', 'achmad', 'akhmad', 'ach.', 'abdul',
                                     'abd.', 'nurul'}


def _tokset(*pools):
    s = set()
    for pool in pools:
        for n in pool:
            for t in n.split():
                s.add(t.lower())
    return s


JAV_TOKENS = _tokset(JAV_M_SINGLE, JAV_F_SINGLE, JAV_M_FIRST, JAV_M_LAST, JAV_M_MID, JAV_F_FIRST, JAV_F_LAST,
                     MOD_M[0], MOD_M[1], MOD_M[2], MOD_F[0], MOD_F[1], MOD_F[2], FATHER_JV)
ARAB_TOKENS = (_tokset(MUH_REST, AHMAD_REST, ABDUL_REST, ARAB_M_OTHER, ARAB_F, MAD_M, MAD_F, FATHER_AR,
                       [f for f, _ in MUH_FORMS + AHMAD_FORMS + ABDUL_FORMS]) | MUH_FULL | MUH_ABBR) - JAV_TOKENS
ARAB_TOKENS |= {'siti', 'st.', 'nur', 'nurul', 'abdul', 'ahmad', 'achmad'}


def is_arabic(tokens):
    return any(t.lower() in ARAB_TOKENS for t in tokens)


# ---- old spelling (Ejaan Van Ophuijsen / Soewandi) <-> EYD ----
def _case_like(src, repl):
    return repl[0].upper() + repl[1:] if src[:1].isupper() else repl


def to_old(tok):
    if looks_old(tok):
        return tok
    out, i, low = '', 0, tok.lower()
    vowels = 'aiueo'
    while i < len(tok):
        two = low[i:i + 2]
        if two in ('ny', 'sy'):
            out += tok[i] + 'j'
            i += 2
            continue
        if two == 'kh':
            out += _case_like(tok[i], 'ch')
            i += 2
            continue
        ch = low[i]
        nxt = low[i + 1] if i + 1 < len(low) else ''
        if ch == 'c':
            out += _case_like(tok[i], 'tj')
        elif ch == 'j':
            out += _case_like(tok[i], 'dj')
        elif ch == 'y' and nxt and nxt in vowels and not (i > 0 and low[i - 1] in 'td'):
            out += _case_like(tok[i], 'j')
        elif ch == 'u':
            out += _case_like(tok[i], 'oe')
        else:
            out += tok[i]
        i += 1
    return out


def to_modern(tok):
    s = tok.replace('oe', 'u').replace('Oe', 'U').replace('OE', 'U')
    s = s.replace('dj', '\x01').replace('Dj', '\x02')
    s = s.replace('tj', 'c').replace('Tj', 'C')
    s = s.replace('nj', 'ny').replace('sj', 'sy').replace('Sj', 'Sy')
    s = s.replace('j', 'y').replace('J', 'Y')
    return s.replace('\x01', 'j').replace('\x02', 'J')


def looks_old(tok):
    t = tok.lower()
    return any(x in t for x in ('oe', 'dj', 'tj'))


# ---- spelling / transliteration variants (both directions) ----
SPELL_PAIRS = [
    ('Muhammad', 'Mochammad'), ('Muhammad', 'Mohammad'), ('Muhammad', 'Muhamad'), ('Mochammad', 'Mochamad'),
    ('Mohammad', 'Mohamad'), ('Mochammad', 'Mokhammad'), ('Ahmad', 'Achmad'), ('Achmad', 'Akhmad'),
    ('Khoirul', 'Choirul'), ('Khusnul', 'Chusnul'), ('Kholis', 'Cholis'), ('Khotijah', 'Chotijah'),
    ('Khotijah', 'Khodijah'), ('Khotimah', 'Chotimah'), ('Kholifah', 'Cholifah'), ('Kholil', 'Cholil'),
    ('Khasanah', 'Hasanah'), ('Rohman', 'Rahman'), ('Rohim', 'Rahim'), ('Syaiful', 'Saiful'), ('Zainal', 'Zaenal'),
    ('Zainab', 'Zaenab'), ('Zainuri', 'Zaenuri'), ('Mustofa', 'Mustafa'), ('Sholeh', 'Soleh'),
    ('Sholikhin', 'Solikhin'), ('Sholikhah', 'Solikhah'), ('Sholihah', 'Solichah'), ('Shodiq', 'Sodik'),
    ('Fauzi', 'Fauzy'), ('Rofiq', 'Rofik'), ('Taufiq', 'Taufik'), ("Syafi'i", 'Syafii'), ("Syafi'i", "Syafi'ie"),
    ("Mas'ud", 'Masud'), ("Ma'ruf", 'Makruf'), ('Yusuf', 'Yusup'), ('Husain', 'Husein'), ('Zulaikha', 'Zulaikhah'),
    ('Maesaroh', 'Maisaroh'), ('Mutmainah', 'Muthmainnah'), ('Nurjanah', 'Nurjannah'), ('Aisyah', 'Aisah'),
    ('Qomariyah', 'Komariyah'), ('Qodir', 'Kodir'), ('Ikhsan', 'Ihsan'), ('Ikhsan', 'Ichsan'), ('Fathoni', 'Fatoni'),
    ('Fitriyah', 'Fitriah'), ('Mahmudah', 'Machmudah'), ('Rohmah', 'Rochmah'), ('Rahmawati', 'Rachmawati'),
    ('Munawaroh', 'Munawwaroh'), ('Masruroh', 'Masruro'), 
    ('Setiawan', 'Setyawan'), ('Prasetyo', 'Prasetio'), ('Setiyono', 'Setiono'), ('Hariyanto', 'Haryanto'),
    ('Riyanto', 'Rianto'), ('Supriyadi', 'Supriadi'), ('Fitriani', 'Fitriyani'), ('Susanti', 'Susanty'),
    ('Lestari', 'Lestary'), ('Kurniawati', 'Kurniyawati'), ('Edy', 'Eddy'), ('Edy', 'Edi'), ('Hery', 'Heri'),
    ('Yuli', 'Yully'), ('Eni', 'Enny'), ('Ani', 'Anny'), ('Wahyuni', 'Wahyunie'), ('Novi', 'Novie'),
    ('Santoso', 'Santosa'), ('Setyowati', 'Setiowati'), ('Sulistyowati', 'Sulistiowati'), ('Wahyudi', 'Wahyudy'),
    ('Hidayati', 'Hidayaty'), ('Nurhayati', 'Nurhayaty'), ('Sugianto', 'Sugiyanto'), 
    ('Handayani', 'Handayanie'), ('Yuliana', 'Yulianah'), ('Agustina', 'Agustinah'),
    ('Suparmi', 'Suparmy'), ('Sumiati', 'Sumiyati'), ('Rahayu', 'Rahaju'), ('Zulaikha', 'Zulaicha'),
    ('Hasan', 'Chasan'), ('Husain', 'Husin'), ('Faisal', 'Faizal'), 
]
SPELL_MAP = defaultdict(list)
for _a, _b in SPELL_PAIRS:
    if _a != _b:
        SPELL_MAP[_a.lower()].append(_b)
        SPELL_MAP[_b.lower()].append(_a)

KB_NEIGH = {'q': 'wa', 'w': 'qeas', 'e': 'wrsd', 'r': 'etdf', 't': 'ryfg', 'y': 'tugh', 'u': 'yihj', 'i': 'uojk',
            'o': 'ipkl', 'p': 'ol', 'a': 'qwsz', 's': 'awedxz', 'd': 'serfcx', 'f': 'drtgvc', 'g': 'ftyhbv',
            'h': 'gyujnb', 'j': 'huikmn', 'k': 'jiolm', 'l': 'kop', 'z': 'asx', 'x': 'zsdc', 'c': 'xdfv',
            'v': 'cfgb', 'b': 'vghn', 'n': 'bhjm', 'm': 'njk'}

TITLE_TOKENS = {'dr.', 'drs.', 'dra.', 'ir.', 'h.', 'hj.', 'drg.', 'drh.', 'ns.', 'dr', 'drs', 'dra', 'ir', 'h',
                'hj', 'drg', 'drh'}

# --------------------------------------------------------------------------------------
# geography / organisations
# --------------------------------------------------------------------------------------
KEC = split_pool("Balongpanggang|Benjeng|Bungah|Cerme|Driyorejo|Duduksampeyan|Dukun|Gresik|Kebomas|Kedamean|Manyar|"
                 "Menganti|Panceng|Sangkapura|Sidayu|Tambak|Ujungpangkah|Wringinanom")
PUSKESMAS = split_pool("Puskesmas Alun-Alun|Puskesmas Nelayan|Puskesmas Kebomas|Puskesmas Gending|Puskesmas Manyar|"
                       "Puskesmas Sukomulyo|Puskesmas Bungah|Puskesmas Dukun|Puskesmas Sekapuk|Puskesmas Panceng|"
                       "Puskesmas Ujungpangkah|Puskesmas Sidayu|Puskesmas Cerme|Puskesmas Dadapkuning|"
                       "Puskesmas Duduksampeyan|Puskesmas Benjeng|Puskesmas Metatu|Puskesmas Balongpanggang|"
                       "Puskesmas Dapet|Puskesmas Kedamean|Puskesmas Menganti|Puskesmas Driyorejo|"
                       "Puskesmas Krikilan|Puskesmas Wringinanom|Puskesmas Kesamben Kulon|Puskesmas Sangkapura|"
                       "Puskesmas Tambak|Puskesmas Sidomukti|Puskesmas Kedanyang|Puskesmas Industri|"
                       "Puskesmas Karangrejo|Puskesmas Bawean")
KELURAHAN = {'Gresik': split_pool("Bedilan|Kemuteran|Pekelingan|Kroman|Lumpur|Karangpoh|Kebungson|Pekauman|"
                                  "Tlogopojok|Sidokumpul|Karangturi|Sidorukun"),
             'Kebomas': split_pool("Kawisanyar|Kembangan|Randuagung|Sidomoro|Singosari|Prambangan|Dahanrejo|"
                                   "Gulomantung|Kedanyang")}

GEN_MIX = {'pel': 48, 'jf': 30, 'peng': 10, 'admin': 5, 'setara': 7}
OPD = {}


def _reg(name, w, units, admin, peng, jf, mix, kind='generic'):
    OPD[name] = dict(name=name, w=w, units=units, admin=admin, peng=peng, jf=jf, mix=mix, kind=kind)


def generic(name, w, bidang, jf, extra_peng=(), extra_units=(), mix=None):
    units = ['Sekretariat'] + list(bidang) + list(extra_units)
    admin = [('Sekretaris', 'Sekretariat')] + [('Kepala ' + b, b) for b in bidang]
    peng = [('Kepala Sub Bagian Umum dan Kepegawaian', 'Sekretariat'),
            ('Kepala Sub Bagian Perencanaan dan Keuangan', 'Sekretariat')] + list(extra_peng)
    _reg(name, w, units, admin, peng, jf, mix or GEN_MIX)


GENERIC_JF = [('analis_kebijakan', 8), ('perencana', 3), ('prakom', 3), ('arsiparis', 3), ('akpd', 3),
              ('pengadaan', 1), ('analis_sdm', 2), ('humas', 1), ('pranata_sdm', 2)]
GENERIC_JF_KEYS = {k for k, _ in GENERIC_JF} | {'statistisi', 'analis_hukum'}


def gj(*specific):
    return list(specific) + GENERIC_JF


# --- special OPDs
_reg('Dinas Pendidikan', 440,
     ['Sekretariat', 'Bidang Pembinaan Sekolah Dasar', 'Bidang Pembinaan Sekolah Menengah Pertama',
      'Bidang Pembinaan PAUD dan Pendidikan Nonformal', 'Bidang Pembinaan Ketenagaan'],
     [('Sekretaris', 'Sekretariat'), ('Kepala Bidang Pembinaan Sekolah Dasar', 'Bidang Pembinaan Sekolah Dasar'),
      ('Kepala Bidang Pembinaan Sekolah Menengah Pertama', 'Bidang Pembinaan Sekolah Menengah Pertama'),
      ('Kepala Bidang Pembinaan PAUD dan Pendidikan Nonformal', 'Bidang Pembinaan PAUD dan Pendidikan Nonformal'),
      ('Kepala Bidang Pembinaan Ketenagaan', 'Bidang Pembinaan Ketenagaan')],
     [('Kepala Sub Bagian Umum dan Kepegawaian', 'Sekretariat'), ('Kepala Sub Bagian Keuangan', 'Sekretariat'),
      ('Kepala Seksi Kurikulum Sekolah Dasar', 'Bidang Pembinaan Sekolah Dasar'),
      ('Kepala Seksi Kurikulum Sekolah Menengah Pertama', 'Bidang Pembinaan Sekolah Menengah Pertama'),
      ('Kepala Seksi Sarana dan Prasarana', 'Bidang Pembinaan Sekolah Dasar')],
     [('pengawas_sekolah', 60), ('penilik', 15), ('prakom', 10), ('arsiparis', 8), ('analis_sdm', 7)],
     {'guru': 91, 'jf': 1.6, 'pel': 5.6, 'peng': 0.8, 'admin': 0.4, 'setara': 0.6}, kind='pendidikan')
_DINKES_BIDANG = ['Bidang Kesehatan Masyarakat', 'Bidang Pencegahan dan Pengendalian Penyakit',
                  'Bidang Pelayanan Kesehatan', 'Bidang Sumber Daya Kesehatan']
_reg('Dinas Kesehatan', 140, ['Sekretariat'] + _DINKES_BIDANG + ['UPT Laboratorium Kesehatan Daerah',
                                                                  'UPT Instalasi Farmasi'],
     [('Sekretaris', 'Sekretariat')] + [('Kepala ' + b, b) for b in _DINKES_BIDANG],
     [('Kepala Sub Bagian Umum dan Kepegawaian', 'Sekretariat'),
      ('Kepala Sub Bagian Perencanaan dan Keuangan', 'Sekretariat'),
      ('Kepala UPT Laboratorium Kesehatan Daerah', 'UPT Laboratorium Kesehatan Daerah'),
      ('Kepala UPT Instalasi Farmasi', 'UPT Instalasi Farmasi')] +
     [('Kepala Sub Bagian Tata Usaha ' + pk, pk) for pk in PUSKESMAS],
     [('perawat', 30), ('bidan', 30), ('dokter', 7), ('dokter_gigi', 2), ('apoteker', 3), ('asisten_apoteker', 3),
      ('sanitarian', 4), ('nutrisionis', 3), ('pranata_lab', 3), ('perekam_medis', 2), ('epidemiolog', 1),
      ('promkes', 2), ('adminkes', 1)],
     {'jf': 84, 'pel': 12.5, 'peng': 2.5, 'admin': 0.5, 'setara': 0.5}, kind='dinkes')
_RSUD_INST = ['Instalasi Gawat Darurat', 'Instalasi Rawat Inap', 'Instalasi Rawat Jalan', 'Instalasi Bedah Sentral',
              'Instalasi Farmasi', 'Instalasi Laboratorium', 'Instalasi Radiologi', 'Instalasi Rekam Medis',
              'Instalasi Gizi', 'Instalasi Perawatan Intensif', 'Ruang Bersalin', 'Instalasi Rehabilitasi Medik',
              'Instalasi Sanitasi']
for _rs, _w in (('RSUD Ibnu Sina', 80), ("RSUD Umar Mas'ud", 7)):
    _adm_units = ['Bagian Umum dan Kepegawaian', 'Bagian Keuangan', 'Bidang Pelayanan Medik', 'Bidang Keperawatan',
                  'Bidang Penunjang Medik']
    _reg(_rs, _w, _adm_units + _RSUD_INST,
         [('Kepala ' + u, u) for u in _adm_units],
         [('Kepala Sub Bagian Kepegawaian', 'Bagian Umum dan Kepegawaian'),
          ('Kepala Sub Bagian Rumah Tangga', 'Bagian Umum dan Kepegawaian'),
          ('Kepala Sub Bagian Anggaran', 'Bagian Keuangan'),
          ('Kepala Seksi Pelayanan Rawat Inap', 'Bidang Pelayanan Medik'),
          ('Kepala Seksi Asuhan Keperawatan', 'Bidang Keperawatan'),
          ('Kepala Seksi Penunjang Non Medik', 'Bidang Penunjang Medik')],
         [('perawat', 45), ('bidan', 10), ('dokter', 8), ('dokter_gigi', 1), ('apoteker', 3),
          ('asisten_apoteker', 3), ('nutrisionis', 2), ('pranata_lab', 3), ('perekam_medis', 3),
          ('radiografer', 2), ('fisioterapis', 1), ('sanitarian', 1)],
         {'jf': 84, 'pel': 13, 'peng': 2, 'admin': 1}, kind='rsud')
_SETDA_BAGIAN = {
    'Bagian Organisasi': ['Kepala Sub Bagian Kelembagaan dan Analisis Jabatan',
                          'Kepala Sub Bagian Pelayanan Publik dan Tata Laksana',
                          'Kepala Sub Bagian Kinerja dan Reformasi Birokrasi'],
    'Bagian Hukum': ['Kepala Sub Bagian Perundang-undangan', 'Kepala Sub Bagian Bantuan Hukum'],
    'Bagian Umum': ['Kepala Sub Bagian Tata Usaha Pimpinan', 'Kepala Sub Bagian Rumah Tangga'],
    'Bagian Tata Pemerintahan': ['Kepala Sub Bagian Otonomi Daerah', 'Kepala Sub Bagian Administrasi Kewilayahan'],
    'Bagian Perekonomian dan Sumber Daya Alam': ['Kepala Sub Bagian Perekonomian'],
    'Bagian Pengadaan Barang dan Jasa': ['Kepala Sub Bagian Pengelolaan Layanan Pengadaan'],
    'Bagian Protokol dan Komunikasi Pimpinan': ['Kepala Sub Bagian Protokol'],
    'Bagian Kesejahteraan Rakyat': ['Kepala Sub Bagian Bina Mental Spiritual'],
    'Bagian Administrasi Pembangunan': ['Kepala Sub Bagian Pengendalian Pembangunan'],
    'Bagian Perencanaan dan Keuangan': ['Kepala Sub Bagian Keuangan'],
}
_reg('Sekretariat Daerah', 22, list(_SETDA_BAGIAN),
     [('Kepala ' + b, b) for b in _SETDA_BAGIAN],
     [(j, b) for b, js in _SETDA_BAGIAN.items() for j in js],
     [('analis_hukum', 6), ('perancang', 4), ('analis_kebijakan', 8), ('pengadaan', 5), ('humas', 3),
      ('prakom', 2), ('arsiparis', 2)], GEN_MIX)
_DPRD = ['Bagian Umum dan Keuangan', 'Bagian Persidangan dan Perundang-undangan',
         'Bagian Fasilitasi Penganggaran dan Pengawasan']
_reg('Sekretariat DPRD', 9, _DPRD, [('Kepala ' + b, b) for b in _DPRD],
     [('Kepala Sub Bagian Tata Usaha dan Kepegawaian', _DPRD[0]), ('Kepala Sub Bagian Keuangan', _DPRD[0]),
      ('Kepala Sub Bagian Rapat dan Risalah', _DPRD[1])],
     [('analis_kebijakan', 6), ('analis_hukum', 3), ('humas', 3), ('arsiparis', 2)], GEN_MIX)
_IRBAN = ['Inspektur Pembantu Wilayah I', 'Inspektur Pembantu Wilayah II', 'Inspektur Pembantu Wilayah III',
          'Inspektur Pembantu Wilayah IV']
_reg('Inspektorat Daerah', 10, ['Sekretariat'] + _IRBAN, [('Sekretaris', 'Sekretariat')] + [(u, u) for u in _IRBAN],
     [('Kepala Sub Bagian Umum dan Kepegawaian', 'Sekretariat'),
      ('Kepala Sub Bagian Perencanaan dan Keuangan', 'Sekretariat')],
     [('auditor', 10), ('p2upd', 6), ('analis_kebijakan', 1)],
     {'pel': 25, 'jf': 60, 'peng': 5, 'admin': 6, 'setara': 4})
generic('Badan Perencanaan Pembangunan Daerah', 8,
        ['Bidang Perencanaan Pemerintahan dan Pembangunan Manusia',
         'Bidang Perencanaan Perekonomian dan Sumber Daya Alam',
         'Bidang Perencanaan Infrastruktur dan Kewilayahan', 'Bidang Penelitian dan Pengembangan'],
        [('perencana', 20), ('analis_kebijakan', 3), ('statistisi', 2)],
        mix={'pel': 30, 'jf': 50, 'peng': 8, 'admin': 7, 'setara': 5})
generic('Badan Pengelolaan Keuangan dan Aset Daerah', 14,
        ['Bidang Anggaran', 'Bidang Perbendaharaan', 'Bidang Akuntansi', 'Bidang Aset'],
        [('akpd', 12), ('analis_kebijakan', 2), ('prakom', 1)])
generic('Badan Pendapatan Daerah', 12,
        ['Bidang Pendataan dan Penetapan', 'Bidang Penagihan dan Keberatan', 'Bidang Pengembangan dan Pengendalian'],
        [('akpd', 6), ('analis_kebijakan', 3), ('prakom', 2)])
generic('Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 10,
        ['Bidang Pengadaan, Pemberhentian dan Informasi', 'Bidang Mutasi dan Promosi',
         'Bidang Pengembangan Kompetensi Aparatur', 'Bidang Penilaian Kinerja Aparatur dan Penghargaan'],
        [('analis_sdm', 10), ('pranata_sdm', 6), ('prakom', 2)])
generic('Dinas Pertanian', 22,
        ['Bidang Tanaman Pangan', 'Bidang Hortikultura dan Perkebunan', 'Bidang Peternakan', 'Bidang Penyuluhan',
         'Bidang Prasarana dan Sarana Pertanian'],
        [('penyuluh_pertanian', 45), ('popt', 8), ('medik_vet', 3), ('paramedik_vet', 4)] + GENERIC_JF[:3],
        extra_peng=[('Kepala UPT Pusat Kesehatan Hewan', 'UPT Pusat Kesehatan Hewan')],
        extra_units=['UPT Pusat Kesehatan Hewan'], mix={'pel': 28, 'jf': 60, 'peng': 5, 'admin': 3, 'setara': 4})
generic('Dinas Perikanan', 9, ['Bidang Perikanan Tangkap', 'Bidang Perikanan Budidaya',
                               'Bidang Pengolahan dan Pemasaran Hasil Perikanan'],
        [('penyuluh_perikanan', 20), ('phpi', 4)] + GENERIC_JF[:3],
        mix={'pel': 35, 'jf': 48, 'peng': 7, 'admin': 5, 'setara': 5})
generic('Dinas Pekerjaan Umum dan Tata Ruang', 14,
        ['Bidang Bina Marga', 'Bidang Sumber Daya Air', 'Bidang Cipta Karya', 'Bidang Penataan Ruang'],
        gj(('teknik_jalan', 8), ('teknik_pengairan', 6), ('penata_ruang', 3)),
        extra_peng=[('Kepala UPT Pengelolaan Jalan dan Jembatan Wilayah I', 'UPT Pengelolaan Jalan dan Jembatan Wilayah I'),
                    ('Kepala UPT Pengelolaan Jalan dan Jembatan Wilayah II', 'UPT Pengelolaan Jalan dan Jembatan Wilayah II')],
        extra_units=['UPT Pengelolaan Jalan dan Jembatan Wilayah I', 'UPT Pengelolaan Jalan dan Jembatan Wilayah II'])
generic('Dinas Perumahan dan Kawasan Permukiman', 7,
        ['Bidang Perumahan', 'Bidang Kawasan Permukiman', 'Bidang Pertanahan',
         'Bidang Pertamanan dan Penerangan Jalan Umum'], gj(('teknik_bangunan', 6)))
generic('Dinas Perhubungan', 10, ['Bidang Lalu Lintas', 'Bidang Angkutan', 'Bidang Sarana dan Prasarana'],
        gj(('penguji_kendaraan', 10)),
        extra_peng=[('Kepala UPT Pengujian Kendaraan Bermotor', 'UPT Pengujian Kendaraan Bermotor')],
        extra_units=['UPT Pengujian Kendaraan Bermotor'])
generic('Dinas Lingkungan Hidup', 10,
        ['Bidang Tata Lingkungan', 'Bidang Pengelolaan Sampah dan Limbah B3',
         'Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan'],
        gj(('pdl', 6), ('pengawas_lh', 4)),
        extra_peng=[('Kepala UPT Tempat Pemrosesan Akhir Ngipik', 'UPT Tempat Pemrosesan Akhir Ngipik')],
        extra_units=['UPT Tempat Pemrosesan Akhir Ngipik'])
generic('Dinas Sosial', 8, ['Bidang Rehabilitasi Sosial', 'Bidang Perlindungan dan Jaminan Sosial',
                            'Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin'],
        gj(('peksos', 8), ('penyuluh_sosial', 3)))
generic('Satuan Polisi Pamong Praja', 12,
        ['Bidang Penegakan Peraturan Daerah', 'Bidang Ketertiban Umum dan Ketenteraman Masyarakat',
         'Bidang Perlindungan Masyarakat', 'Bidang Pemadam Kebakaran'],
        [('polpp', 30)] + GENERIC_JF[:2], mix={'pel': 38, 'jf': 50, 'peng': 5, 'admin': 4, 'setara': 3})
generic('Dinas Kependudukan dan Pencatatan Sipil', 10,
        ['Bidang Pelayanan Pendaftaran Penduduk', 'Bidang Pelayanan Pencatatan Sipil',
         'Bidang Pengelolaan Informasi Administrasi Kependudukan'], gj(('adm_database', 10)))
generic('Dinas Komunikasi dan Informatika', 8,
        ['Bidang Informasi dan Komunikasi Publik', 'Bidang Aplikasi Informatika', 'Bidang Statistik dan Persandian'],
        [('prakom', 10), ('humas', 6), ('statistisi', 3), ('analis_kebijakan', 2)])
generic('Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', 6,
        ['Bidang Perizinan', 'Bidang Penanaman Modal', 'Bidang Pengaduan dan Informasi'], gj())
generic('Dinas Koperasi, Usaha Kecil dan Menengah', 5, ['Bidang Kelembagaan Koperasi', 'Bidang Pemberdayaan UKM'],
        gj(('pengawas_koperasi', 4)))
generic('Dinas Perindustrian dan Perdagangan', 6, ['Bidang Perindustrian', 'Bidang Perdagangan'],
        gj(('penera', 5)), extra_peng=[('Kepala UPT Metrologi Legal', 'UPT Metrologi Legal')],
        extra_units=['UPT Metrologi Legal'])
generic('Dinas Tenaga Kerja', 5, ['Bidang Penempatan dan Perluasan Kesempatan Kerja',
                                  'Bidang Hubungan Industrial dan Jaminan Sosial', 'Bidang Pelatihan dan Produktivitas'],
        gj(('pengantar_kerja', 3), ('mediator', 3)))
generic('Dinas Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak', 12,
        ['Bidang Keluarga Berencana', 'Bidang Pemberdayaan Perempuan', 'Bidang Perlindungan Anak'],
        [('penyuluh_kb', 30)] + GENERIC_JF[:2], mix={'pel': 30, 'jf': 58, 'peng': 5, 'admin': 3, 'setara': 4})
generic('Dinas Perpustakaan dan Kearsipan', 5, ['Bidang Perpustakaan', 'Bidang Kearsipan'],
        [('pustakawan', 8), ('arsiparis', 8)])
generic('Dinas Pemuda dan Olahraga', 4, ['Bidang Kepemudaan', 'Bidang Olahraga'], gj())
generic('Dinas Pariwisata dan Kebudayaan', 4, ['Bidang Pariwisata', 'Bidang Kebudayaan'], gj(('pamong_budaya', 3)))
generic('Dinas Pemberdayaan Masyarakat dan Desa', 5,
        ['Bidang Pemerintahan Desa', 'Bidang Pemberdayaan Masyarakat', 'Bidang Keuangan dan Aset Desa'], gj())
generic('Dinas Ketahanan Pangan', 4, ['Bidang Ketersediaan dan Distribusi Pangan',
                                      'Bidang Konsumsi dan Keamanan Pangan'], gj(('analis_pangan', 4)))
generic('Badan Penanggulangan Bencana Daerah', 5,
        ['Bidang Pencegahan dan Kesiapsiagaan', 'Bidang Kedaruratan dan Logistik',
         'Bidang Rehabilitasi dan Rekonstruksi'], gj())
generic('Badan Kesatuan Bangsa dan Politik', 4,
        ['Bidang Ideologi dan Wawasan Kebangsaan', 'Bidang Politik Dalam Negeri',
         'Bidang Ketahanan Ekonomi, Sosial, Budaya dan Organisasi Kemasyarakatan'], gj())
for _k in KEC:
    _units = ['Sekretariat Kecamatan', 'Seksi Pemerintahan', 'Seksi Ketenteraman dan Ketertiban Umum',
              'Seksi Pemberdayaan Masyarakat dan Desa', 'Seksi Kesejahteraan Sosial']
    _peng = [('Kepala ' + u, u) for u in _units[1:]] + [
        ('Kepala Sub Bagian Umum dan Kepegawaian', 'Sekretariat Kecamatan'),
        ('Kepala Sub Bagian Perencanaan dan Keuangan', 'Sekretariat Kecamatan')]
    for _kl in KELURAHAN.get(_k, []):
        _units.append('Kelurahan ' + _kl)
        _peng.append(('Lurah ' + _kl, 'Kelurahan ' + _kl))
    _reg('Kecamatan ' + _k, 5 if _k not in KELURAHAN else 9, _units,
         [('Camat', 'Kecamatan ' + _k), ('Sekretaris Kecamatan', 'Sekretariat Kecamatan')], _peng,
         [('analis_kebijakan', 5), ('arsiparis', 1), ('prakom', 1)],
         {'pel': 62, 'jf': 6, 'peng': 20, 'admin': 12, 'setara': 0}, kind='kecamatan')

OPD_NAMES = list(OPD)
GENERIC_OPDS = [n for n in OPD_NAMES if OPD[n]['kind'] in ('generic', 'kecamatan')]
HEALTH_OPDS = ['Dinas Kesehatan', 'RSUD Ibnu Sina', "RSUD Umar Mas'ud"]

# --------------------------------------------------------------------------------------
# functional positions (JF) and education profiles
# --------------------------------------------------------------------------------------
# key: (title, category, education profile, share of D3 entrants for 'both')
JF = {
    'guru': ('Guru', 'ahli', 'guru', 0),
    'pengawas_sekolah': ('Pengawas Sekolah', 'ahli', 'guru', 0),
    'penilik': ('Penilik', 'ahli', 'guru', 0),
    'perawat': ('Perawat', 'both', 'perawat', .55),
    'bidan': ('Bidan', 'both', 'bidan', .72),
    'dokter': ('Dokter', 'ahli', 'dokter', 0),
    'dokter_gigi': ('Dokter Gigi', 'ahli', 'drg', 0),
    'apoteker': ('Apoteker', 'ahli', 'apoteker', 0),
    'asisten_apoteker': ('Asisten Apoteker', 'terampil', 'farmasi_d3', 1),
    'sanitarian': ('Tenaga Sanitasi Lingkungan', 'both', 'kesling', .6),
    'nutrisionis': ('Nutrisionis', 'both', 'gizi', .6),
    'pranata_lab': ('Pranata Laboratorium Kesehatan', 'both', 'lab', .7),
    'perekam_medis': ('Perekam Medis', 'terampil', 'rekam', 1),
    'radiografer': ('Radiografer', 'terampil', 'radio', 1),
    'fisioterapis': ('Fisioterapis', 'terampil', 'fisio', 1),
    'epidemiolog': ('Epidemiolog Kesehatan', 'ahli', 'kesmas', 0),
    'promkes': ('Penyuluh Kesehatan Masyarakat', 'ahli', 'kesmas', 0),
    'adminkes': ('Administrator Kesehatan', 'ahli', 'kesmas', 0),
    'penyuluh_pertanian': ('Penyuluh Pertanian', 'both', 'pertanian', .35),
    'popt': ('Pengendali Organisme Pengganggu Tumbuhan', 'both', 'pertanian', .4),
    'medik_vet': ('Medik Veteriner', 'ahli', 'vet', 0),
    'paramedik_vet': ('Paramedik Veteriner', 'terampil', 'paravet', 1),
    'penyuluh_perikanan': ('Penyuluh Perikanan', 'both', 'perikanan', .3),
    'phpi': ('Pengendali Hama dan Penyakit Ikan', 'ahli', 'perikanan', 0),
    'perencana': ('Perencana', 'ahli', 'perencana', 0),
    'akpd': ('Analis Keuangan Pusat dan Daerah', 'ahli', 'akuntansi', 0),
    'analis_sdm': ('Analis Sumber Daya Manusia Aparatur', 'ahli', 'adm', 0),
    'pranata_sdm': ('Pranata Sumber Daya Manusia Aparatur', 'terampil', 'adm_d3', 1),
    'auditor': ('Auditor', 'ahli', 'akuntansi', 0),
    'p2upd': ('Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah', 'ahli', 'adm', 0),
    'analis_hukum': ('Analis Hukum', 'ahli', 'hukum', 0),
    'perancang': ('Perancang Peraturan Perundang-undangan', 'ahli', 'hukum', 0),
    'analis_kebijakan': ('Analis Kebijakan', 'ahli', 'adm', 0),
    'pengadaan': ('Pengelola Pengadaan Barang/Jasa', 'ahli', 'adm', 0),
    'humas': ('Pranata Hubungan Masyarakat', 'both', 'komunikasi', .3),
    'prakom': ('Pranata Komputer', 'both', 'it', .4),
    'statistisi': ('Statistisi', 'both', 'statistik', .3),
    'adm_database': ('Administrator Database Kependudukan', 'both', 'it', .4),
    'teknik_jalan': ('Teknik Jalan dan Jembatan', 'ahli', 'sipil', 0),
    'teknik_pengairan': ('Teknik Pengairan', 'ahli', 'sipil', 0),
    'teknik_bangunan': ('Teknik Tata Bangunan dan Perumahan', 'ahli', 'sipil', 0),
    'penata_ruang': ('Penata Ruang', 'ahli', 'planologi', 0),
    'penguji_kendaraan': ('Penguji Kendaraan Bermotor', 'both', 'transport', .6),
    'pdl': ('Pengendali Dampak Lingkungan', 'ahli', 'lingkungan', 0),
    'pengawas_lh': ('Pengawas Lingkungan Hidup', 'ahli', 'lingkungan', 0),
    'peksos': ('Pekerja Sosial', 'both', 'sosial', .3),
    'penyuluh_sosial': ('Penyuluh Sosial', 'ahli', 'sosial', 0),
    'polpp': ('Polisi Pamong Praja', 'both', 'satpol', .65),
    'penyuluh_kb': ('Penyuluh Keluarga Berencana', 'ahli', 'kb', 0),
    'pustakawan': ('Pustakawan', 'both', 'pustaka', .5),
    'arsiparis': ('Arsiparis', 'both', 'arsip', .5),
    'penera': ('Penera', 'both', 'metrologi', .5),
    'pengawas_koperasi': ('Pengawas Koperasi', 'ahli', 'ekonomi', 0),
    'pengantar_kerja': ('Pengantar Kerja', 'ahli', 'adm', 0),
    'mediator': ('Mediator Hubungan Industrial', 'ahli', 'hukum', 0),
    'pamong_budaya': ('Pamong Budaya', 'ahli', 'budaya', 0),
    'analis_pangan': ('Analis Ketahanan Pangan', 'ahli', 'pertanian', 0),
}
HEALTH_JF = {'perawat', 'bidan', 'dokter', 'dokter_gigi', 'apoteker', 'asisten_apoteker', 'sanitarian', 'nutrisionis',
             'pranata_lab', 'perekam_medis', 'radiografer', 'fisioterapis'}
SETARA_JF = [('analis_kebijakan', 45), ('perencana', 12), ('analis_sdm', 8), ('akpd', 10), ('pengadaan', 5),
             ('analis_hukum', 5), ('arsiparis', 3), ('humas', 4), ('prakom', 3)]

INST = {
    'edu': ['Universitas Negeri Surabaya', 'Universitas PGRI Adi Buana Surabaya', 'Universitas Muhammadiyah Gresik',
            'Universitas Terbuka', 'STKIP PGRI Sidoarjo', 'Universitas Negeri Malang', 'Universitas Islam Lamongan',
            'Universitas Qomaruddin Gresik', 'Universitas Muhammadiyah Surabaya'],
    'islam': ['UIN Sunan Ampel Surabaya', 'Universitas Muhammadiyah Gresik', 'Universitas Qomaruddin Gresik',
              'STAI Daruttaqwa Gresik', 'Universitas Islam Darul Ulum Lamongan', 'Universitas Islam Lamongan'],
    'health_d3': ['Poltekkes Kemenkes Surabaya', 'Poltekkes Kemenkes Malang', 'Universitas Muhammadiyah Gresik',
                  'STIKES Hang Tuah Surabaya', 'Akademi Kebidanan Delima Persada Gresik',
                  'Universitas Nahdlatul Ulama Surabaya', 'STIKES Muhammadiyah Lamongan',
                  'STIKES Yayasan RS Dr. Soetomo Surabaya', 'Akademi Keperawatan Pemkab Lamongan'],
    'health_s1': ['Universitas Airlangga', 'Universitas Muhammadiyah Gresik', 'STIKES Hang Tuah Surabaya',
                  'Universitas Nahdlatul Ulama Surabaya', 'Universitas Muhammadiyah Surabaya', 'Universitas Brawijaya',
                  'STIKES Bina Sehat PPNI Mojokerto', 'Universitas Muhammadiyah Lamongan'],
    'med': ['Universitas Airlangga', 'Universitas Brawijaya', 'Universitas Wijaya Kusuma Surabaya',
            'Universitas Hang Tuah Surabaya', 'Universitas Muhammadiyah Malang', 'Universitas Islam Malang',
            'Universitas Sebelas Maret', 'Universitas Jember'],
    'gen': ['Universitas Airlangga', 'Universitas 17 Agustus 1945 Surabaya', 'Universitas Muhammadiyah Gresik',
            'Universitas Gresik', 'UPN Veteran Jawa Timur', 'Universitas Brawijaya', 'Universitas Wijaya Kusuma Surabaya',
            'Universitas Terbuka', 'Universitas Muhammadiyah Surabaya', 'Universitas Dr. Soetomo Surabaya',
            'Universitas Trunojoyo Madura', 'Universitas Internasional Semen Indonesia', 'Universitas Islam Lamongan'],
    'tech': ['Institut Teknologi Sepuluh Nopember', 'UPN Veteran Jawa Timur', 'Universitas Brawijaya',
             'Institut Teknologi Adhi Tama Surabaya', 'Universitas Muhammadiyah Gresik',
             'Universitas 17 Agustus 1945 Surabaya', 'Universitas Internasional Semen Indonesia'],
    'agri': ['Universitas Brawijaya', 'UPN Veteran Jawa Timur', 'Universitas Islam Lamongan',
             'Universitas Trunojoyo Madura', 'Universitas Jember', 'Universitas Gresik', 'Politeknik Negeri Jember'],
    'vet': ['Universitas Airlangga', 'Universitas Brawijaya', 'Universitas Wijaya Kusuma Surabaya'],
    'fish': ['Universitas Brawijaya', 'Universitas Airlangga', 'Universitas Hang Tuah Surabaya',
             'Universitas Islam Lamongan', 'Universitas Trunojoyo Madura'],
    'it': ['Institut Teknologi Sepuluh Nopember', 'STIKOM Surabaya', 'Universitas Muhammadiyah Gresik',
           'UPN Veteran Jawa Timur', 'Universitas Narotama Surabaya', 'Politeknik Elektronika Negeri Surabaya'],
    'ipdn': ['Institut Pemerintahan Dalam Negeri'],
    'transport': ['Politeknik Keselamatan Transportasi Jalan Tegal', 'Sekolah Tinggi Transportasi Darat Bekasi'],
    'mgmt': ['Universitas Airlangga', 'Universitas Brawijaya', 'Universitas 17 Agustus 1945 Surabaya',
             'Universitas Dr. Soetomo Surabaya', 'Universitas Wijaya Kusuma Surabaya', 'Universitas Negeri Surabaya',
             'Universitas Muhammadiyah Malang', 'Universitas Narotama Surabaya', 'STIE Mahardhika Surabaya'],
}
INST_ALIAS = {'Universitas Negeri Surabaya': 'UNESA', 'Universitas Airlangga': 'UNAIR',
              'Universitas Brawijaya': 'UNIBRAW Malang', 'Institut Teknologi Sepuluh Nopember': 'ITS Surabaya',
              'UIN Sunan Ampel Surabaya': 'Universitas Islam Negeri Sunan Ampel',
              'Universitas Muhammadiyah Gresik': 'UMG Gresik', 'Universitas PGRI Adi Buana Surabaya': 'UNIPA Surabaya',
              'Universitas Terbuka': 'UT UPBJJ Surabaya',
              'UPN Veteran Jawa Timur': 'Universitas Pembangunan Nasional Veteran Jawa Timur',
              'Poltekkes Kemenkes Surabaya': 'Politeknik Kesehatan Kemenkes Surabaya',
              'Universitas 17 Agustus 1945 Surabaya': 'UNTAG Surabaya',
              'Universitas Negeri Malang': 'UM Malang', 'Universitas Islam Lamongan': 'UNISLA Lamongan',
              'IKIP Surabaya': 'IKIP Negeri Surabaya', 'IAIN Sunan Ampel Surabaya': 'IAIN Sunan Ampel',
              'Universitas Wijaya Kusuma Surabaya': 'UWKS', 'Universitas Gresik': 'UNIGRES'}

SPEC = [('Ilmu Penyakit Dalam', 'Sp.PD'), ('Ilmu Kesehatan Anak', 'Sp.A'), ('Obstetri dan Ginekologi', 'Sp.OG'),
        ('Ilmu Bedah', 'Sp.B'), ('Anestesiologi dan Terapi Intensif', 'Sp.An'), ('Radiologi', 'Sp.Rad'),
        ('Neurologi', 'Sp.N'), ('Kardiologi dan Kedokteran Vaskular', 'Sp.JP'), ('Patologi Klinik', 'Sp.PK'),
        ('Ilmu Penyakit Mata', 'Sp.M')]
EDU = {
    'perawat': {'D3': [('Keperawatan', 'A.Md.Kep.', '', 'health_d3')],
                'S1': [('Keperawatan (Profesi Ners)', 'S.Kep., Ns.', '', 'health_s1')],
                'S2': [('Keperawatan', 'M.Kep.', '', 'health_s1'), ('Kesehatan Masyarakat', 'M.Kes.', '', 'health_s1')]},
    'bidan': {'D3': [('Kebidanan', 'A.Md.Keb.', '', 'health_d3')],
              'D4': [('Bidan Pendidik', 'S.ST.', '', 'health_d3'), ('Kebidanan', 'S.Tr.Keb.', '', 'health_d3')],
              'S1': [('Kebidanan (Profesi Bidan)', 'S.Keb., Bd.', '', 'health_s1')],
              'S2': [('Kesehatan Masyarakat', 'M.Kes.', '', 'health_s1')]},
    'dokter': {'S1': [('Pendidikan Dokter', '', 'dr.', 'med')],
               'S2': [(m, g, '', 'med') for m, g in SPEC] + [('Kesehatan Masyarakat', 'M.Kes.', '', 'med'),
                                                             ('Manajemen Rumah Sakit', 'M.M.R.S.', '', 'med')]},
    'drg': {'S1': [('Pendidikan Dokter Gigi', '', 'drg.', 'med')]},
    'apoteker': {'S1': [('Farmasi (Profesi Apoteker)', 'S.Farm., Apt.', '', 'health_s1')]},
    'farmasi_d3': {'D3': [('Farmasi', 'A.Md.Farm.', '', 'health_d3')]},
    'kesling': {'D3': [('Kesehatan Lingkungan', 'A.Md.KL.', '', 'health_d3')],
                'S1': [('Kesehatan Masyarakat', 'S.KM.', '', 'health_s1')]},
    'gizi': {'D3': [('Gizi', 'A.Md.Gz.', '', 'health_d3')], 'S1': [('Ilmu Gizi', 'S.Gz.', '', 'health_s1')]},
    'lab': {'D3': [('Analis Kesehatan', 'A.Md.AK.', '', 'health_d3')],
            'D4': [('Teknologi Laboratorium Medis', 'S.Tr.Kes.', '', 'health_d3')]},
    'rekam': {'D3': [('Rekam Medis dan Informasi Kesehatan', 'A.Md.RMIK.', '', 'health_d3')]},
    'radio': {'D3': [('Radiodiagnostik dan Radioterapi', 'A.Md.Rad.', '', 'health_d3')]},
    'fisio': {'D3': [('Fisioterapi', 'A.Md.Ftr.', '', 'health_d3')]},
    'kesmas': {'S1': [('Kesehatan Masyarakat', 'S.KM.', '', 'health_s1')],
               'S2': [('Kesehatan Masyarakat', 'M.Kes.', '', 'health_s1'),
                      ('Administrasi dan Kebijakan Kesehatan', 'M.KM.', '', 'health_s1')]},
    'pertanian': {'D3': [('Budidaya Tanaman Pangan', 'A.Md.P.', '', 'agri')],
                  'S1': [('Agribisnis', 'S.P.', '', 'agri'), ('Agroteknologi', 'S.P.', '', 'agri'),
                         ('Agronomi', 'S.P.', '', 'agri'), ('Hama dan Penyakit Tumbuhan', 'S.P.', '', 'agri')],
                  'S2': [('Agribisnis', 'M.P.', '', 'agri'), ('Agronomi', 'M.P.', '', 'agri')]},
    'vet': {'S1': [('Kedokteran Hewan', '', 'drh.', 'vet')]},
    'paravet': {'D3': [('Kesehatan Hewan', 'A.Md.Pt.', '', 'agri')]},
    'perikanan': {'D3': [('Budidaya Perikanan', 'A.Md.Pi.', '', 'fish')],
                  'S1': [('Budidaya Perairan', 'S.Pi.', '', 'fish'), ('Pemanfaatan Sumberdaya Perikanan', 'S.Pi.', '', 'fish'),
                         ('Agrobisnis Perikanan', 'S.Pi.', '', 'fish')],
                  'S2': [('Ilmu Perikanan', 'M.P.', '', 'fish')]},
    'perencana': {'S1': [('Ekonomi Pembangunan', 'S.E.', '', 'gen'), ('Perencanaan Wilayah dan Kota', 'S.T.', '', 'tech'),
                         ('Teknik Sipil', 'S.T.', '', 'tech'), ('Ilmu Administrasi Negara', 'S.Sos.', '', 'gen')],
                  'S2': [('Perencanaan Wilayah dan Kota', 'M.T.', '', 'tech'), ('Ilmu Ekonomi', 'M.E.', '', 'mgmt'),
                         ('Administrasi Publik', 'M.AP.', '', 'mgmt'), ('Manajemen', 'M.M.', '', 'mgmt')]},
    'akuntansi': {'D3': [('Akuntansi', 'A.Md.', '', 'gen')],
                  'S1': [('Akuntansi', 'S.E.', '', 'gen'), ('Akuntansi', 'S.Ak.', '', 'gen'), ('Manajemen', 'S.E.', '', 'gen')],
                  'S2': [('Akuntansi', 'M.Ak.', '', 'mgmt'), ('Manajemen', 'M.M.', '', 'mgmt')]},
    'adm': {'D3': [('Administrasi Perkantoran', 'A.Md.', '', 'gen'), ('Manajemen Perusahaan', 'A.Md.', '', 'gen'),
                   ('Akuntansi', 'A.Md.', '', 'gen')],
            'S1': [('Ilmu Administrasi Negara', 'S.Sos.', '', 'gen'), ('Administrasi Publik', 'S.AP.', '', 'gen'),
                   ('Ilmu Pemerintahan', 'S.IP.', '', 'gen'), ('Ilmu Hukum', 'S.H.', '', 'gen'),
                   ('Manajemen', 'S.E.', '', 'gen'), ('Psikologi', 'S.Psi.', '', 'gen'), ('Sosiologi', 'S.Sos.', '', 'gen'),
                   ('Ilmu Pemerintahan', 'S.STP.', '', 'ipdn'), ('Pendidikan Agama Islam', 'S.Ag.', '', 'islam')],
            'S2': [('Administrasi Publik', 'M.AP.', '', 'mgmt'), ('Ilmu Administrasi', 'M.Si.', '', 'mgmt'),
                   ('Manajemen', 'M.M.', '', 'mgmt'), ('Ilmu Hukum', 'M.H.', '', 'mgmt'),
                   ('Kebijakan Publik', 'M.Si.', '', 'mgmt')]},
    'adm_d3': {'D3': [('Administrasi Perkantoran', 'A.Md.', '', 'gen'), ('Manajemen Informatika', 'A.Md.Kom.', '', 'it')]},
    'hukum': {'S1': [('Ilmu Hukum', 'S.H.', '', 'gen')],
              'S2': [('Ilmu Hukum', 'M.H.', '', 'mgmt'), ('Kenotariatan', 'M.Kn.', '', 'mgmt')]},
    'komunikasi': {'D3': [('Hubungan Masyarakat', 'A.Md.', '', 'gen')],
                   'S1': [('Ilmu Komunikasi', 'S.I.Kom.', '', 'gen'), ('Ilmu Komunikasi', 'S.Sos.', '', 'gen')],
                   'S2': [('Ilmu Komunikasi', 'M.I.Kom.', '', 'mgmt')]},
    'it': {'D3': [('Manajemen Informatika', 'A.Md.Kom.', '', 'it'), ('Teknik Komputer', 'A.Md.T.', '', 'it')],
           'S1': [('Teknik Informatika', 'S.Kom.', '', 'it'), ('Sistem Informasi', 'S.Kom.', '', 'it'),
                  ('Teknik Informatika', 'S.T.', '', 'it')],
           'S2': [('Teknologi Informasi', 'M.Kom.', '', 'it'), ('Sistem Informasi', 'M.Kom.', '', 'it')]},
    'statistik': {'D3': [('Statistika', 'A.Md.', '', 'tech')],
                  'S1': [('Statistika', 'S.Stat.', '', 'tech'), ('Matematika', 'S.Si.', '', 'gen')],
                  'S2': [('Statistika', 'M.Si.', '', 'tech')]},
    'sipil': {'D3': [('Teknik Sipil', 'A.Md.T.', '', 'tech')],
              'S1': [('Teknik Sipil', 'S.T.', '', 'tech'), ('Arsitektur', 'S.T.', '', 'tech'),
                     ('Teknik Pengairan', 'S.T.', '', 'tech')],
              'S2': [('Teknik Sipil', 'M.T.', '', 'tech'), ('Manajemen Konstruksi', 'M.T.', '', 'tech')]},
    'planologi': {'S1': [('Perencanaan Wilayah dan Kota', 'S.T.', '', 'tech'), ('Teknik Geodesi', 'S.T.', '', 'tech')],
                  'S2': [('Perencanaan Wilayah dan Kota', 'M.T.', '', 'tech')]},
    'transport': {'D3': [('Pengujian Kendaraan Bermotor', 'A.Md.LLAJ.', '', 'transport'),
                         ('Teknik Otomotif', 'A.Md.T.', '', 'tech')],
                  'S1': [('Teknik Mesin', 'S.T.', '', 'tech')]},
    'lingkungan': {'S1': [('Teknik Lingkungan', 'S.T.', '', 'tech'), ('Biologi', 'S.Si.', '', 'gen'),
                          ('Kimia', 'S.Si.', '', 'gen')],
                   'S2': [('Ilmu Lingkungan', 'M.Si.', '', 'mgmt'), ('Teknik Lingkungan', 'M.T.', '', 'tech')]},
    'sosial': {'D3': [('Pekerjaan Sosial', 'A.Md.', '', 'gen')],
               'S1': [('Kesejahteraan Sosial', 'S.Sos.', '', 'gen'), ('Psikologi', 'S.Psi.', '', 'gen'),
                      ('Sosiologi', 'S.Sos.', '', 'gen')],
               'S2': [('Ilmu Kesejahteraan Sosial', 'M.Si.', '', 'mgmt')]},
    'satpol': {'D3': [('Administrasi Negara', 'A.Md.', '', 'gen')],
               'S1': [('Ilmu Hukum', 'S.H.', '', 'gen'), ('Ilmu Administrasi Negara', 'S.Sos.', '', 'gen')]},
    'kb': {'S1': [('Psikologi', 'S.Psi.', '', 'gen'), ('Kesejahteraan Sosial', 'S.Sos.', '', 'gen'),
                  ('Kesehatan Masyarakat', 'S.KM.', '', 'health_s1'), ('Ilmu Administrasi Negara', 'S.Sos.', '', 'gen'),
                  ('Bimbingan dan Konseling', 'S.Pd.', '', 'edu')],
           'S2': [('Kesehatan Masyarakat', 'M.Kes.', '', 'health_s1')]},
    'pustaka': {'D3': [('Perpustakaan', 'A.Md.', '', 'gen')],
                'S1': [('Ilmu Informasi dan Perpustakaan', 'S.IIP.', '', 'gen'), ('Ilmu Perpustakaan', 'S.Hum.', '', 'gen')]},
    'arsip': {'D3': [('Kearsipan', 'A.Md.', '', 'gen')],
              'S1': [('Ilmu Administrasi Negara', 'S.Sos.', '', 'gen'), ('Ilmu Sejarah', 'S.Hum.', '', 'gen')]},
    'metrologi': {'D3': [('Metrologi dan Instrumentasi', 'A.Md.', '', 'tech')],
                  'S1': [('Teknik Fisika', 'S.T.', '', 'tech'), ('Fisika', 'S.Si.', '', 'gen')]},
    'ekonomi': {'S1': [('Manajemen', 'S.E.', '', 'gen'), ('Ekonomi Pembangunan', 'S.E.', '', 'gen'),
                       ('Akuntansi', 'S.E.', '', 'gen')],
                'S2': [('Manajemen', 'M.M.', '', 'mgmt')]},
    'budaya': {'S1': [('Ilmu Sejarah', 'S.Hum.', '', 'gen'), ('Antropologi', 'S.Ant.', '', 'gen'),
                      ('Pendidikan Sejarah', 'S.Pd.', '', 'edu')]},
    'guru_sd': {'SMA': [('Sekolah Pendidikan Guru', '', '', 'spg')],
                'D2': [('Pendidikan Guru Sekolah Dasar', 'A.Ma.Pd.', '', 'edu')],
                'S1': [('Pendidikan Guru Sekolah Dasar', 'S.Pd.', '', 'edu'), ('Pendidikan Guru Sekolah Dasar', 'S.Pd.', '', 'edu'),
                       ('Pendidikan Guru Sekolah Dasar', 'S.Pd.', '', 'edu'), ('Pendidikan Agama Islam', 'S.Pd.I.', '', 'islam'),
                       ('Pendidikan Jasmani, Kesehatan dan Rekreasi', 'S.Pd.', '', 'edu')],
                'S2': [('Pendidikan Dasar', 'M.Pd.', '', 'edu'), ('Manajemen Pendidikan', 'M.Pd.', '', 'edu')]},
    'guru_smp': {'D3': [('Pendidikan Matematika', 'A.Md.Pd.', '', 'edu'), ('Pendidikan Bahasa Inggris', 'A.Md.Pd.', '', 'edu')],
                 'S1': [(m, 'S.Pd.', '', 'edu') for m in (
                     'Pendidikan Matematika', 'Pendidikan Bahasa Indonesia', 'Pendidikan Bahasa Inggris',
                     'Pendidikan Biologi', 'Pendidikan Fisika', 'Pendidikan Ekonomi', 'Pendidikan Geografi',
                     'Pendidikan Sejarah', 'Pendidikan Pancasila dan Kewarganegaraan', 'Bimbingan dan Konseling',
                     'Pendidikan Seni Rupa', 'Pendidikan Bahasa dan Sastra Daerah', 'Pendidikan Jasmani, Kesehatan dan Rekreasi')]
                 + [('Pendidikan Agama Islam', 'S.Pd.I.', '', 'islam')],
                 'S2': [('Manajemen Pendidikan', 'M.Pd.', '', 'edu'), ('Pendidikan Matematika', 'M.Pd.', '', 'edu'),
                        ('Pendidikan Bahasa', 'M.Pd.', '', 'edu')]},
    'guru_tk': {'D2': [('Pendidikan Guru Taman Kanak-Kanak', 'A.Ma.', '', 'edu')],
                'S1': [('Pendidikan Guru Pendidikan Anak Usia Dini', 'S.Pd.', '', 'edu')],
                'S2': [('Pendidikan Anak Usia Dini', 'M.Pd.', '', 'edu')]},
}
DRS_ELIGIBLE = {'S.Pd.', 'S.E.', 'S.Sos.', 'S.Si.', 'S.AP.', 'S.IP.', 'S.Psi.', 'S.Pd.I.', 'S.Hum.', 'S.Ag.'}
IR_ELIGIBLE = {'S.T.', 'S.P.', 'S.Pi.'}

PEL_LOW = ['Pengemudi', 'Pramu Kebersihan', 'Petugas Keamanan', 'Caraka']
PEL_MID = ['Pengadministrasi Umum', 'Pengadministrasi Umum', 'Pengadministrasi Keuangan', 'Pengelola Data',
           'Pengelola Barang Milik Negara', 'Pengolah Data', 'Pengadministrasi Kepegawaian']
PEL_HIGH = ['Analis Kepegawaian', 'Verifikator Keuangan', 'Analis Perencanaan',
            'Penyusun Program Anggaran dan Pelaporan', 'Pengelola Keuangan', 'Analis Data dan Informasi',
            'Penyusun Laporan Keuangan']
PEL_RENAME = {'Pengemudi': 'Operator Layanan Operasional', 'Pramu Kebersihan': 'Operator Layanan Operasional',
              'Petugas Keamanan': 'Operator Layanan Operasional', 'Caraka': 'Operator Layanan Operasional',
              'Pengemudi Ambulans': 'Operator Layanan Operasional', 'Penjaga Sekolah': 'Operator Layanan Operasional',
              'Pengadministrasi Umum': 'Pengadministrasi Perkantoran',
              'Pengadministrasi Keuangan': 'Pengadministrasi Perkantoran',
              'Pengadministrasi Kepegawaian': 'Pengadministrasi Perkantoran',
              'Pengelola Data': 'Pengolah Data dan Informasi', 'Pengolah Data': 'Pengolah Data dan Informasi',
              'Pengelola Barang Milik Negara': 'Pengelola Layanan Operasional',
              'Pengelola Data Kependudukan': 'Pengolah Data dan Informasi',
              'Analis Kepegawaian': 'Penata Layanan Operasional', 'Verifikator Keuangan': 'Penata Layanan Operasional',
              'Analis Perencanaan': 'Penelaah Teknis Kebijakan',
              'Penyusun Program Anggaran dan Pelaporan': 'Penelaah Teknis Kebijakan',
              'Pengelola Keuangan': 'Penata Layanan Operasional', 'Analis Data dan Informasi': 'Penelaah Teknis Kebijakan',
              'Penyusun Laporan Keuangan': 'Penata Layanan Operasional',
              'Anggota Satuan Polisi Pamong Praja': 'Operator Layanan Operasional',
              'Petugas Pemadam Kebakaran': 'Operator Layanan Operasional',
              'Pengelola Pajak dan Retribusi Daerah': 'Penata Layanan Operasional'}
PEL_EXTRA = {'Dinas Kesehatan': {1: ['Pengemudi Ambulans']},
             'Dinas Pendidikan': {1: ['Penjaga Sekolah']},
             'Satuan Polisi Pamong Praja': {2: ['Anggota Satuan Polisi Pamong Praja', 'Petugas Pemadam Kebakaran']},
             'Dinas Kependudukan dan Pencatatan Sipil': {2: ['Pengelola Data Kependudukan']},
             'Badan Pendapatan Daerah': {3: ['Pengelola Pajak dan Retribusi Daerah']}}

# recruitment waves (TMT CPNS year, month) with weights
COHORTS = [((1986, 3), 2), ((1987, 3), 3), ((1988, 3), 4), ((1989, 3), 4), ((1990, 3), 5), ((1991, 3), 5),
           ((1992, 3), 6), ((1993, 3), 6), ((1994, 3), 6), ((1995, 3), 6), ((1996, 3), 6), ((1997, 3), 6),
           ((1998, 3), 6), ((1999, 3), 5), ((2000, 3), 4), ((2001, 12), 4), ((2002, 12), 5), ((2003, 12), 8),
           ((2004, 12), 7), ((2005, 12), 8), ((2006, 1), 10), ((2006, 12), 6), ((2007, 1), 10), ((2007, 12), 4),
           ((2008, 1), 12), ((2008, 12), 18), ((2009, 1), 20), ((2009, 2), 5), ((2010, 1), 12), ((2010, 3), 18),
           ((2010, 12), 8), ((2011, 1), 8), ((2011, 3), 4), ((2012, 4), 3), ((2013, 12), 4), ((2014, 1), 8),
           ((2014, 3), 6), ((2014, 12), 5), ((2015, 4), 4), ((2017, 12), 2), ((2019, 3), 14), ((2019, 4), 6),
           ((2020, 6), 8), ((2020, 7), 8), ((2021, 1), 6), ((2022, 4), 8), ((2022, 5), 6), ((2024, 6), 6),
           ((2025, 6), 5)]

SPG = ['SPG Negeri Surabaya', 'SPG Negeri Lamongan', 'SPG PGRI Gresik', 'SPG Muhammadiyah Gresik', 'SPG Negeri Bojonegoro']
MIN_AGE = {'SD': 19, 'SMP': 19, 'SMA': 19, 'D1': 20, 'D2': 20, 'D3': 21, 'D4': 22, 'S1': 22, 'S2': 25}
SEMESTER_MONTHS = (4, 10)

# --------------------------------------------------------------------------------------
# name normalisation / similarity (used only to keep unrelated people decidable)
# --------------------------------------------------------------------------------------
NORM_MAP = {m: 'muhammad' for m in MUH_FULL}
NORM_MAP.update({'m': 'muhammad', 'moh': 'muhammad', 'moch': 'muhammad', 'muh': 'muhammad', 'much': 'muhammad',
                 'mokh': 'muhammad', 'mch': 'muhammad', 'st': 'siti', 'abd': 'abdul', 'ach': 'ahmad',
                 'achmad': 'ahmad', 'akhmad': 'ahmad'})
CORE_DROP = {'muhammad', 'siti', 'sri', 'nur', 'nurul', 'ahmad', 'abdul'}


def norm_tokens(name):
    s = name.lower().split(',')[0]
    out = []
    for t in s.split():
        if t in TITLE_TOKENS:
            continue
        t2 = re.sub(r"[^a-z]", "", t)
        if not t2:
            continue
        t2 = NORM_MAP.get(t2, t2)
        t2 = t2.replace('oe', 'u').replace('dj', 'j').replace('tj', 'c')
        out.append(t2)
    return out


def core_of(name):
    c = norm_tokens(name)
    while len(c) > 1 and c[0] in CORE_DROP:
        c.pop(0)
    return ''.join(c)


def core_tokens(name):
    t = norm_tokens(name)
    while len(t) > 1 and t[0] in CORE_DROP:
        t.pop(0)
    return t


def compatible(a, b):
    """True if one name could be an abbreviated / shortened form of the other
    (every token of the shorter core matches a distinct token of the longer one, or is its initial)."""
    A, B = (a if isinstance(a, list) else core_tokens(a)), (b if isinstance(b, list) else core_tokens(b))
    if not A or not B:
        return False
    if len(A) > len(B):
        A, B = B, A
    used = set()
    for x in A:
        hit = False
        for j, y in enumerate(B):
            if j not in used and (x == y or (len(x) == 1 and y.startswith(x))):
                used.add(j)
                hit = True
                break
        if not hit:
            return False
    return True


def ratio(a, b):
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def hamming(a, b):
    return sum(1 for x, y in zip(a, b) if x != y)


def one_edit_variants(s):
    out = set()
    for i in range(len(s)):
        for d in '0123456789':
            if d != s[i]:
                out.add(s[:i] + d + s[i + 1:])
    for i in range(len(s) - 1):
        if s[i] != s[i + 1]:
            out.add(s[:i] + s[i + 1] + s[i] + s[i + 2:])
    return out


def is_swap_related(a, b):
    """a and b differ by one adjacent transposition."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def daymonth_swap(b8):
    return b8[:4] + b8[6:8] + b8[4:6]


def nip_parse(nip):
    try:
        b = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        b = None
    y, m = int(nip[8:12]), int(nip[12:14])
    t = dt.date(y, m, 1) if 1 <= m <= 12 and 1900 < y < 2100 else None
    return b, t, nip[14], int(nip[15:18])


def nip_ok(nip):
    if not re.fullmatch(r'\d{18}', nip):
        return False
    b, t, g, s = nip_parse(nip)
    if b is None or t is None or g not in '12' or s < 1:
        return False
    if not (BIRTH_MIN <= b <= BIRTH_MAX and TMT_MIN <= t <= TMT_MAX):
        return False
    return 19 <= age_at(b, t) <= 35


def make_nip(birth, tmt, gender, serial):
    return '%04d%02d%02d%04d%02d%s%03d' % (birth.year, birth.month, birth.day, tmt.year, tmt.month,
                                          '1' if gender == 'M' else '2', serial)


# --------------------------------------------------------------------------------------
# person model
# --------------------------------------------------------------------------------------
class Person:
    def __init__(self):
        self.pid = None
        self.name = ''
        self.gender = 'M'
        self.style = ''
        self.old_spelling = False
        self.common = False
        self.birth = None
        self.tmt = None
        self.nip = None
        self.opd0 = None
        self.unit0 = None
        self.track = None
        self.jfkey = None
        self.jf_cat = None
        self.switch_date = None
        self.school = None
        self.entry_level = None
        self.start_gol = None
        self.path = []
        self.edu_kept = []
        self.gol_tl = []
        self.hajj_year = None
        self.muslim = True
        self.segs = []
        self.mut_dates = []
        self.first_start = None
        self.title_switch = None
        self.inpass_date = None
        self.inpass_key = None
        self.rec_when = NOW
        self.used = False
        self.post = None

    def level_at(self, d):
        lv = self.entry_level
        for e in self.path:
            if e.get('post') and e['eff'] <= d and LVL_RANK[e['level']] > LVL_RANK[lv]:
                lv = e['level']
        return lv

    def cat_at(self, d):
        if self.jf_cat == 'terampil' and self.switch_date and d >= self.switch_date:
            return 'ahli'
        return self.jf_cat

    def gol_at(self, d):
        g = self.gol_tl[0][1]
        for x, y in self.gol_tl:
            if x <= d:
                g = y
            else:
                break
        return g


def jenjang_for(cat, g):
    if cat == 'ahli':
        if g >= 12:
            return 'AHLI_MADYA'
        if g >= 10:
            return 'AHLI_MUDA'
        if g >= 8:
            return 'AHLI_PERTAMA'
        return None
    if g >= 10:
        return 'PENYELIA'
    if g >= 8:
        return 'MAHIR'
    if g >= 6:
        return 'TERAMPIL'
    return None


def pel_tier(level):
    r = LVL_RANK[level]
    return 1 if r <= 1 else (2 if r <= 5 else 3)


def semester_after(d):
    for y in (d.year, d.year + 1):
        for m in SEMESTER_MONTHS:
            x = dt.date(y, m, 1)
            if x > d:
                return x
    return dt.date(d.year + 1, 4, 1)


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed)
        self.persons = []
        self.nips = set()
        self.idx_birth = defaultdict(list)
        self.idx_p14 = defaultdict(list)
        self.idx_tmtg = defaultdict(list)
        self.idx_core = defaultdict(list)
        self.taken = set()
        self.dup_records = []
        self.duplicates = []
        self.lookalikes = []
        self.dup_info = []
        self.look_info = []
        self._opd_w = [(n, OPD[n]['w']) for n in OPD_NAMES]
        self._gen_w = [(n, OPD[n]['w']) for n in GENERIC_OPDS]

    # ---------------------------------------------------------------- choices
    def pick_opd(self):
        return wchoice(self.rng, self._opd_w)

    def pick_gender(self, track, jfkey):
        fshare = {'guru': .66, 'perawat': .68, 'bidan': 1.0, 'dokter': .55, 'dokter_gigi': .7, 'apoteker': .75,
                  'asisten_apoteker': .8, 'nutrisionis': .85, 'pranata_lab': .65, 'perekam_medis': .6,
                  'radiografer': .35, 'fisioterapis': .55, 'sanitarian': .55, 'epidemiolog': .6, 'promkes': .65,
                  'adminkes': .55, 'polpp': .2, 'penyuluh_pertanian': .3, 'popt': .3, 'penyuluh_perikanan': .25,
                  'teknik_jalan': .15, 'teknik_pengairan': .15, 'teknik_bangunan': .2, 'penguji_kendaraan': .05,
                  'penyuluh_kb': .65, 'pustakawan': .7, 'arsiparis': .6, 'pengawas_sekolah': .45, 'penilik': .5,
                  'medik_vet': .45, 'paramedik_vet': .2}
        if track == 'jf' or track == 'guru':
            f = fshare.get(jfkey, .5)
        elif track == 'admin':
            f = .33
        elif track in ('peng', 'setara'):
            f = .42
        else:
            f = .42
        return 'F' if self.rng.random() < f else 'M'

    def entry_options(self, p, opd):
        kind = OPD[opd]['kind']
        t = p.track
        if t == 'guru':
            if p.school == 'SD':
                return [('S1', 70, 1986, 2025), ('D2', 25, 1986, 2004), ('SMA', 5, 1986, 1995)]
            if p.school == 'SMP':
                return [('S1', 85, 1986, 2025), ('D3', 15, 1986, 2004)]
            return [('S1', 60, 1986, 2025), ('D2', 40, 1986, 2008)]
        if t == 'jf':
            title, cat, prof, d3 = JF[p.jfkey]
            if p.jfkey == 'dokter':
                return [('S1', 85 if kind != 'rsud' else 50, 1986, 2025), ('S2', 15 if kind != 'rsud' else 50, 1995, 2025)]
            if p.jfkey in ('dokter_gigi', 'apoteker', 'medik_vet'):
                return [('S1', 100, 1986, 2025)]
            if cat == 'ahli':
                return [('S1', 85, 1986, 2025), ('S2', 4, 1995, 2025), ('D3', 8, 1986, 2010), ('SMA', 3, 1986, 2006)]
            if cat == 'terampil':
                return [('D3', 100, 1986, 2025)]
            hi_lv = 'S1' if 'S1' in EDU[prof] else 'D4'
            if p.jfkey == 'bidan':
                return [('D3', d3 * 100, 1994, 2025), ('D4', 18, 2004, 2025), ('S1', 10, 2020, 2025)]
            if p.jfkey == 'perawat':
                return [('D3', d3 * 100, 1986, 2025), ('S1', (1 - d3) * 100, 2002, 2025)]
            if hi_lv == 'D4':
                return [('D3', d3 * 100, 1986, 2025), (hi_lv, (1 - d3) * 100, 2008, 2025)]
            return [('D3', d3 * 100, 1986, 2025), (hi_lv, (1 - d3) * 100, 1986, 2025)]
        if t == 'pel':
            return [('SD', 3, 1986, 2009), ('SMP', 5, 1986, 2010), ('SMA', 52, 1986, 2025), ('D3', 15, 1986, 2025),
                    ('S1', 25, 1986, 2025)]
        if t == 'peng':
            return [('S1', 75, 1986, 2014), ('D3', 10, 1986, 2008), ('SMA', 15, 1986, 2004)]
        if t == 'setara':
            return [('S1', 80, 1986, 2011), ('D3', 8, 1986, 2006), ('SMA', 12, 1986, 2002)]
        return [('S1', 80, 1986, 2007), ('D3', 8, 1986, 2000), ('SMA', 12, 1986, 1997)]  # admin

    def sample_tmt(self, lo, hi):
        rng = self.rng
        cands = [(ym, w) for ym, w in COHORTS if lo <= ym[0] <= hi]
        if rng.random() < 0.10 or not cands:
            y = rng.randint(lo, hi)
            m = rng.randint(1, 12 if y < 2025 else 9)
            return dt.date(y, m, 1)
        y, m = wchoice(rng, cands)
        return dt.date(y, m, 1)

    def sample_birth(self, tmt, level):
        rng = self.rng
        lo = MIN_AGE[level]
        a = int(round(rng.triangular(lo, 35.99, lo + 3)))
        a = max(lo, min(35, a))
        b = dt.date(tmt.year - a - 1, tmt.month, 1) + dt.timedelta(days=rng.randint(1, 365))
        return b

    # ---------------------------------------------------------------- names
    def gen_name(self, gender, by):
        rng = self.rng
        old = by <= 1975
        young = by >= 1987
        mid = 1980 <= by < 1987
        if gender == 'M':
            w = [('common', 4), ('jav1', 14 if old else (5 if not young else 1)), ('jav2', 25),
                 ('modern', 18 if young else (6 if mid else 0)), ('arab', 34), ('mad', 7), ('chinese', 2.2),
                 ('christian', 4.3)]
        else:
            w = [('common', 3), ('jav1', 14 if old else (5 if not young else 1)), ('jav2', 27),
                 ('modern', 18 if young else (6 if mid else 0)), ('arab', 30), ('mad', 6), ('chinese', 2.2),
                 ('christian', 4.3)]
        style = wchoice(rng, w)
        if style == 'common':
            s = zipf(rng, COMMON_M if gender == 'M' else COMMON_F, 0.4)
        elif style == 'jav1':
            s = zipf(rng, JAV_M_SINGLE if gender == 'M' else JAV_F_SINGLE, 0.5)
        elif style == 'jav2':
            if gender == 'M':
                f = zipf(rng, JAV_M_FIRST, 0.6)
                l = zipf(rng, JAV_M_LAST, 0.5)
                s = f + ' ' + l
                if rng.random() < 0.14:
                    m = rng.choice(JAV_M_MID)
                    if not set(m.split()) & set(f.split()):
                        s = f + ' ' + m + ' ' + l
            else:
                f = zipf(rng, JAV_F_FIRST, 0.6)
                l = zipf(rng, JAV_F_LAST, 0.5)
                s = f + ' ' + l
                if rng.random() < 0.10:
                    m = rng.choice(['Nur', 'Dwi', 'Tri', 'Ayu', 'Puji', 'Eka'])
                    if m not in f.split():
                        s = f + ' ' + m + ' ' + l
        elif style == 'modern':
            F, M, L = MOD_M if gender == 'M' else MOD_F
            f = rng.choice(F)
            l = rng.choice(L)
            m = rng.choice(M)
            s = f + ' ' + l if (rng.random() < 0.45 or set(m.split()) & {f, l}) else f + ' ' + m + ' ' + l
        elif style == 'arab':
            if gender == 'M':
                r = rng.random()
                if r < 0.36:
                    s = wchoice(rng, MUH_FORMS) + ' ' + zipf(rng, MUH_REST, 0.4)
                elif r < 0.52:
                    s = wchoice(rng, AHMAD_FORMS) + ' ' + zipf(rng, AHMAD_REST, 0.4)
                elif r < 0.62:
                    s = wchoice(rng, ABDUL_FORMS) + ' ' + zipf(rng, ABDUL_REST, 0.4)
                else:
                    s = zipf(rng, ARAB_M_OTHER, 0.25)
            else:
                s = zipf(rng, ARAB_F, 0.25)
            if len(s.split()) <= 2 and rng.random() < 0.05:
                s += ' ' + rng.choice(FATHER_AR)
        elif style == 'mad':
            s = zipf(rng, MAD_M if gender == 'M' else MAD_F, 0.3)
        elif style == 'chinese':
            F, L = CHN_M if gender == 'M' else CHN_F
            s = rng.choice(F) + ' ' + rng.choice(L)
        else:
            F, L = CHR_M if gender == 'M' else CHR_F
            s = rng.choice(F) + ' ' + rng.choice(L)
        toks = s.split()
        if len(set(t.lower() for t in toks)) < len(toks):
            return self.gen_name(gender, by)
        oldsp = False
        if style in ('jav1', 'jav2', 'chinese', 'christian', 'common') and by <= 1974 and rng.random() < 0.25:
            new = [to_old(t) if t.lower() not in ARAB_TOKENS else t for t in toks]
            if new != toks:
                toks, oldsp = new, True
        muslim = style not in ('chinese', 'christian')
        return ' '.join(toks), style, oldsp, muslim, style == 'common'

    # ---------------------------------------------------------------- education
    def pick_inst(self, key, year):
        rng = self.rng
        if key == 'spg':
            return rng.choice(SPG)
        inst = rng.choice(INST[key])
        if inst == 'Universitas Negeri Surabaya' and year < 2000:
            inst = 'IKIP Surabaya'
        elif inst == 'Universitas Negeri Malang' and year < 2000:
            inst = 'IKIP Malang'
        elif inst == 'UIN Sunan Ampel Surabaya' and year < 2014:
            inst = 'IAIN Sunan Ampel Surabaya'
        elif inst == 'Universitas PGRI Adi Buana Surabaya' and year < 2000:
            inst = 'IKIP PGRI Surabaya'
        elif inst == 'Universitas Internasional Semen Indonesia' and year < 2018:
            inst = 'Universitas Gresik'
        elif inst == 'Universitas Muhammadiyah Lamongan' and year < 2019:
            inst = 'STIKES Muhammadiyah Lamongan'
        elif inst == 'Poltekkes Kemenkes Surabaya' and year < 2005:
            inst = 'Politeknik Kesehatan Surabaya'
        elif inst == 'Universitas Nahdlatul Ulama Surabaya' and year < 2013:
            inst = 'STIKES Yarsis Surabaya'
        elif inst == 'Universitas Trunojoyo Madura' and year < 2001:
            inst = 'Universitas Bangkalan'
        return inst

    def school_entry(self, level, year, kec):
        rng = self.rng
        if level == 'SD':
            return dict(level='SD', major='Umum', institution='SD Negeri %d %s' % (rng.randint(1, 4), kec), year=year,
                        bel='', dep='')
        if level == 'SMP':
            return dict(level='SMP', major='Umum', institution='SMP Negeri %d %s' % (rng.randint(1, 3), kec),
                        year=year, bel='', dep='')
        r = rng.random()
        if r < 0.30:
            inst, major = 'SMA Negeri %d Gresik' % rng.randint(1, 3), rng.choice(['IPA', 'IPS', 'IPA', 'Bahasa'])
        elif r < 0.50:
            inst, major = 'SMA Negeri 1 %s' % kec, rng.choice(['IPA', 'IPS'])
        elif r < 0.65:
            inst = 'SMK Negeri %d %s' % (rng.randint(1, 2), rng.choice(['Gresik', 'Cerme', 'Driyorejo', 'Duduksampeyan', 'Sidayu']))
            major = rng.choice(['Akuntansi', 'Administrasi Perkantoran', 'Teknik Komputer dan Jaringan',
                                'Teknik Kendaraan Ringan', 'Pemasaran'])
        elif r < 0.80:
            inst = rng.choice(['MA Negeri 1 Gresik', "MA Ma'arif NU Sidayu", "MA Assa'adah Bungah",
                               'MA Mambaus Sholihin Manyar', 'MA Muhammadiyah 1 Gresik'])
            major = rng.choice(['IPA', 'IPS', 'Keagamaan'])
        elif r < 0.90:
            inst, major = 'SMA Negeri %d Surabaya' % rng.randint(1, 22), rng.choice(['IPA', 'IPS'])
        else:
            inst = rng.choice(['SMA Muhammadiyah 1 Gresik', 'SMA Negeri 1 Lamongan', 'SMA Negeri 1 Sangkapura',
                               'SMA Semen Gresik', 'SMA NU 1 Gresik'])
            major = rng.choice(['IPA', 'IPS'])
        return dict(level='SMA', major=major, institution=inst, year=year, bel='', dep='')

    def degree(self, prof, level, year, gender, prefer=None):
        rng = self.rng
        opts = EDU.get(prof, {}).get(level) or EDU['adm'].get(level) or EDU['adm']['S1']
        if prefer:
            same = [o for o in opts if o[0].split(' (')[0] == prefer.split(' (')[0]]
            if same and rng.random() < 0.8:
                opts = same
        major, bel, dep, ik = rng.choice(opts)
        if prof == 'bidan' and level == 'S1' and year < 2019:
            level = 'D4'
            major, bel, dep, ik = EDU['bidan']['D4'][0]
        inst = self.pick_inst(ik, year)
        # titles as they were awarded in the graduation year
        if bel == 'S.Kep., Ns.' and year < 2001:
            bel = 'S.Kep.'
        elif bel == 'A.Md.Kep.' and year < 2010:
            bel = 'AMK'
        elif bel == 'S.Tr.Keb.' and year < 2016:
            bel = 'S.ST.'
        elif bel == 'S.Tr.Kes.' and year < 2016:
            bel = 'S.ST.'
        elif bel == 'S.I.Kom.' and year < 2014:
            bel = 'S.Sos.'
        elif bel == 'S.Ak.' and year < 2014:
            bel = 'S.E.'
        elif bel == 'S.Pd.I.' and year <= 2000:
            bel = 'S.Ag.'
        elif bel == 'S.Pd.I.' and year >= 2016:
            bel = 'S.Pd.'
        elif bel == 'S.STP.' and year < 1996:
            bel = 'S.Sos.'
        elif bel == 'A.Md.Kom.' and year < 2010:
            bel = 'A.Md.'
        if level == 'S1' and year <= 1993 and bel in DRS_ELIGIBLE:
            dep, bel = ('Drs.' if gender == 'M' else 'Dra.'), ''
        if level == 'S1' and year <= 1998 and bel in IR_ELIGIBLE:
            dep, bel = 'Ir.', ''
        return dict(level=level, major=major, institution=inst, year=year, bel=bel, dep=dep)

    def eff_date(self, year):
        r = self.rng.random()
        if r < 0.5:
            return dt.date(year + 1, 4, 1)
        if r < 0.8:
            return dt.date(year + 1, 10, 1)
        return dt.date(year + 2, 4, 1)

    def build_path(self, p, prof):
        rng = self.rng
        by, ty = p.birth.year, p.tmt.year
        kec = rng.choice(KEC)
        entry = p.entry_level
        path = []
        if entry == 'SD':
            path.append(self.school_entry('SD', by + 13, kec))
        elif entry == 'SMP':
            path.append(self.school_entry('SMP', by + 16, kec))
        else:
            sy = min(by + 18 + (1 if rng.random() < 0.2 else 0), ty)
            if entry == 'SMA' and p.track == 'guru':
                path.append(dict(level='SMA', major='Pendidikan Guru', institution=rng.choice(SPG), year=sy,
                                 bel='', dep=''))
            else:
                path.append(self.school_entry('SMA', sy, kec))
            doc = p.jfkey == 'dokter'
            base = {'D2': 20, 'D3': 21, 'D4': 22, 'S1': 23 if not doc else 24, 'S2': 25 if not doc else 29}.get(entry)
            if base:
                gy = max(sy + 2, min(ty, by + base + rng.randint(0, 3)))
                gy = min(gy, ty)
                if entry == 'S2':
                    s2y = gy
                    s1y = max(sy + (6 if doc else 3), s2y - (rng.randint(4, 6) if doc else rng.randint(2, 5)))
                    if s1y >= s2y:
                        raise ValueError('infeasible education path')
                    path.append(self.degree(prof, 'S1', s1y, p.gender))
                    path.append(self.degree(prof, 'S2', s2y, p.gender))
                else:
                    path.append(self.degree(prof, entry, gy, p.gender))
        # later degrees (after TMT)
        t = p.track
        last_year = path[-1]['year']
        ups = []
        cap_year = NOW.year - 1
        if t == 'guru' and entry in ('D2', 'D3', 'SMA'):
            y = rng.randint(max(ty + 2, 1997), max(ty + 2, 2012))
            ups.append(('S1', min(y, cap_year)))
        elif t == 'jf':
            cat = JF[p.jfkey][1]
            if cat == 'ahli' and entry in ('D3', 'SMA'):
                ups.append(('S1', min(cap_year, ty + rng.randint(2, 8))))
            elif cat == 'both' and entry == 'D3' and ty <= 2018 and rng.random() < 0.35:
                lv = 'S1' if 'S1' in EDU[prof] else 'D4'
                if p.jfkey == 'bidan':
                    lv = 'D4' if rng.random() < 0.6 else 'S1'
                ups.append((lv, min(cap_year, ty + rng.randint(3, 9))))
                p.switch_pending = True
        elif t == 'pel':
            if entry == 'SMA' and ty <= 2015 and rng.random() < 0.2:
                ups.append(('S1', min(cap_year, ty + rng.randint(3, 10))))
            elif entry == 'D3' and ty <= 2016 and rng.random() < 0.25:
                ups.append(('S1', min(cap_year, ty + rng.randint(2, 8))))
        elif t in ('peng', 'setara', 'admin') and entry in ('SMA', 'D3'):
            ups.append(('S1', min(cap_year, ty + rng.randint(2, 6))))
        # S2
        has_s1 = LVL_RANK[entry] >= 6 or any(LVL_RANK[l] >= 6 for l, _ in ups)
        s1y = max([e['year'] for e in path if LVL_RANK[e['level']] >= 6] + [y for l, y in ups], default=None)
        ps2 = {'guru': .13, 'jf': .16, 'pel': .04, 'peng': .30, 'setara': .35, 'admin': .65}[t]
        if p.jfkey == 'dokter':
            ps2 = .25 if OPD[p.opd0]['kind'] == 'rsud' else .08
        if entry != 'S2' and has_s1 and s1y and rng.random() < ps2 and p.jfkey not in ('dokter_gigi', 'apoteker', 'medik_vet'):
            y = s1y + rng.randint(3, 12)
            if y <= cap_year:
                ups.append(('S2', y))
        for lv, y in ups:
            y = max(y, last_year + (4 if (p.jfkey == 'dokter' and lv == 'S2') else 1))
            if y > cap_year:
                continue
            prev_major = path[-1]['major'] if len(path) > 1 else None
            d = self.degree(prof if lv in EDU.get(prof, {}) else 'adm', lv, y, p.gender, prefer=prev_major)
            d['post'] = True
            d['eff'] = self.eff_date(y)
            path.append(d)
            last_year = y
        p.path = path
        if getattr(p, 'switch_pending', False):
            post = [e for e in path if e.get('post') and LVL_RANK[e['level']] >= 6]
            if post:
                p.switch_date = add_months(post[0]['eff'], rng.randint(0, 6))
        # kept education entries (1-3)
        kept = [dict(level=e['level'], major=e['major'], institution=e['institution'], year=e['year']) for e in path]
        if len(kept) > 3:
            kept = kept[-3:]
        elif len(kept) >= 2 and kept[0]['level'] in ('SD', 'SMP', 'SMA') and rng.random() < 0.3:
            kept = kept[1:]
        p.edu_kept = kept

    # ---------------------------------------------------------------- golongan
    def cap_for(self, p, level, d):
        r = LVL_RANK[level]
        t = p.track
        if t == 'guru':
            return 14 if r >= 7 else (p.s1_cap if r >= 6 else (11 if r == 5 else 9))
        if t == 'jf':
            if p.cat_at(d) == 'terampil':
                return 11
            if p.jfkey == 'dokter' and r >= 7:
                return 15
            return 14 if r >= 7 else (p.s1_cap if r >= 6 else 11)
        if t == 'admin':
            return 14 if r >= 7 else (13 if r >= 6 else 11)
        if t in ('peng', 'setara'):
            return 13 if r >= 6 else (11 if r == 5 else 9)
        return {'SD': 4, 'SMP': 7, 'SMA': 9, 'D1': 9, 'D2': 9, 'D3': 10, 'D4': 11, 'S1': 11, 'S2': 12, 'S3': 12}[level]

    def interval(self, p):
        rng = self.rng
        if p.track == 'guru':
            return rng.choice([2, 3, 4, 4, 4, 5])
        if p.track == 'jf':
            return rng.choice([2, 3, 4, 4, 4, 5])
        return 4 if rng.random() < 0.85 else 5

    def build_gol(self, p):
        rng = self.rng
        p.s1_cap = 12 if rng.random() < 0.6 else 13
        level = p.entry_level
        cur = p.start_gol
        tl = [(p.tmt, cur)]
        ups = sorted([(e['eff'], e['level']) for e in p.path if e.get('post')])
        next_due = add_years(p.tmt, self.interval(p))
        d = semester_after(p.tmt)
        while d <= NOW:
            changed = False
            while ups and ups[0][0] <= d:
                _, lv = ups.pop(0)
                if LVL_RANK[lv] > LVL_RANK[level]:
                    level = lv
                sg = START_GOL[lv]
                if p.jfkey == 'dokter' and lv == 'S2':
                    sg = 10
                if sg > cur:
                    cur = sg
                    changed = True
            if not changed and d >= next_due and cur < self.cap_for(p, level, d):
                if rng.random() < 0.85:
                    cur += 1
                    changed = True
                else:
                    next_due = add_years(next_due, 1)
            if changed:
                next_due = add_years(d, self.interval(p))
                tl.append((d, cur))
            d = add_months(d, 6)
        p.gol_tl = tl

    # ---------------------------------------------------------------- units & titles
    def school_unit(self, school):
        rng = self.rng
        if school == 'SD':
            return 'UPT SD Negeri %d Gresik' % rng.randint(1, 400)
        if school == 'SMP':
            return 'UPT SMP Negeri %d Gresik' % rng.randint(1, 38)
        return rng.choice(['UPT TK Negeri Pembina Gresik', 'UPT TK Negeri 2 Gresik', 'UPT TK Negeri Sangkapura'])

    def unit_for(self, p, opd, key):
        rng = self.rng
        s = OPD[opd]
        kind = s['kind']
        if kind == 'pendidikan':
            if key in ('pengawas_sekolah', 'penilik'):
                return 'Bidang Pembinaan Ketenagaan'
            if key == 'guru':
                return self.school_unit(p.school or 'SD')
            if rng.random() < 0.45:
                return self.school_unit(rng.choice(['SD', 'SMP', 'SMP']))
            return rng.choice(s['units'])
        if kind == 'dinkes':
            if key in ('epidemiolog', 'promkes', 'adminkes'):
                return rng.choice(_DINKES_BIDANG)
            if key == 'pranata_lab' and rng.random() < 0.25:
                return 'UPT Laboratorium Kesehatan Daerah'
            if key in ('apoteker', 'asisten_apoteker') and rng.random() < 0.2:
                return 'UPT Instalasi Farmasi'
            if key is None:
                return rng.choice(PUSKESMAS) if rng.random() < 0.6 else rng.choice(s['units'][:5])
            return rng.choice(PUSKESMAS)
        if kind == 'rsud':
            m = {'perawat': ['Instalasi Gawat Darurat', 'Instalasi Rawat Inap', 'Instalasi Rawat Inap',
                             'Instalasi Rawat Jalan', 'Instalasi Bedah Sentral', 'Instalasi Perawatan Intensif'],
                 'bidan': ['Ruang Bersalin', 'Instalasi Rawat Inap', 'Instalasi Rawat Jalan'],
                 'dokter': ['Instalasi Rawat Jalan', 'Instalasi Gawat Darurat', 'Instalasi Rawat Inap',
                            'Bidang Pelayanan Medik'],
                 'dokter_gigi': ['Instalasi Rawat Jalan'], 'apoteker': ['Instalasi Farmasi'],
                 'asisten_apoteker': ['Instalasi Farmasi'], 'pranata_lab': ['Instalasi Laboratorium'],
                 'radiografer': ['Instalasi Radiologi'], 'nutrisionis': ['Instalasi Gizi'],
                 'perekam_medis': ['Instalasi Rekam Medis'], 'fisioterapis': ['Instalasi Rehabilitasi Medik'],
                 'sanitarian': ['Instalasi Sanitasi']}
            if key in m:
                return rng.choice(m[key])
            return rng.choice(s['units'][:5] + ['Instalasi Rekam Medis', 'Instalasi Rawat Inap'])
        if opd == 'Dinas Pertanian' and key == 'penyuluh_pertanian':
            return 'Balai Penyuluhan Pertanian Kecamatan ' + rng.choice(KEC)
        if opd.startswith('Dinas Keluarga Berencana') and key == 'penyuluh_kb':
            return 'Balai Penyuluhan KB Kecamatan ' + rng.choice(KEC)
        if opd == 'Dinas Pertanian' and key in ('medik_vet', 'paramedik_vet'):
            return rng.choice(['UPT Pusat Kesehatan Hewan', 'Bidang Peternakan'])
        if opd == 'Dinas Perhubungan' and key == 'penguji_kendaraan':
            return 'UPT Pengujian Kendaraan Bermotor'
        if opd == 'Dinas Perindustrian dan Perdagangan' and key == 'penera':
            return 'UPT Metrologi Legal'
        return rng.choice(s['units'])

    def pick_pel_title(self, opd, tier, d):
        pool = {1: PEL_LOW, 2: PEL_MID, 3: PEL_HIGH + PEL_MID[:2]}[tier] + PEL_EXTRA.get(opd, {}).get(tier, []) * 2
        t = self.rng.choice(pool)
        if d >= RENAME_DATE:
            t = PEL_RENAME.get(t, t)
        return t

    def movable(self, p):
        return p.track == 'pel' or (p.track == 'jf' and (p.jfkey in GENERIC_JF_KEYS or p.jfkey in HEALTH_JF))

    def relocate(self, p, opd, unit, key, force=False):
        rng = self.rng
        if p.track == 'guru':
            return opd, self.unit_for(p, opd, 'guru')
        if p.track == 'pel' or key in GENERIC_JF_KEYS:
            if force or rng.random() < 0.6:
                for _ in range(20):
                    new = wchoice(rng, self._opd_w if p.track == 'pel' else self._gen_w)
                    if new != opd:
                        return new, self.unit_for(p, new, key)
            return opd, self.unit_for(p, opd, key)
        if key in HEALTH_JF:
            if force or rng.random() < 0.25:
                ch = [(o, OPD[o]['w']) for o in HEALTH_OPDS if o != opd and key in dict(OPD[o]['jf'])]
                if ch:
                    new = wchoice(rng, ch)
                    return new, self.unit_for(p, new, key)
            return opd, self.unit_for(p, opd, key)
        return opd, self.unit_for(p, opd, key)

    # ---------------------------------------------------------------- careers
    @staticmethod
    def _push(segs, d, state):
        if segs and segs[-1]['state'] == state:
            return
        if segs and d <= segs[-1]['start']:
            if d == segs[-1]['start']:
                segs[-1]['state'] = state
                if len(segs) >= 2 and segs[-2]['state'] == state:
                    segs.pop()
            return
        segs.append(dict(start=d, state=state))

    def segs_jf(self, p, forced=None):
        rng = self.rng
        start = p.first_start
        muts = list(p.mut_dates) + ([forced] if forced else [])
        pts = {start} | {d for d, _ in p.gol_tl} | set(muts) | {RENAME_DATE}
        if p.switch_date:
            pts.add(p.switch_date)
        if p.title_switch:
            pts.add(p.title_switch[0])
        opd, unit, title = p.opd0, p.unit0, JF[p.jfkey][0]
        key = p.jfkey
        pre_title = p.pre_title
        segs = []
        switched = False
        for d in sorted(pts):
            if d < start or d > NOW:
                continue
            if d in muts:
                opd, unit = self.relocate(p, opd, unit, key, force=(d == forced))
            if p.title_switch and d >= p.title_switch[0] and not switched:
                switched = True
                title, unit = p.title_switch[1], p.title_switch[2]
                key = 'pengawas_sekolah'
            g = p.gol_at(d)
            jj = jenjang_for(p.cat_at(d) if p.track == 'jf' else 'ahli', g)
            if jj is None:
                if p.track == 'guru':
                    continue
                pt = PEL_RENAME.get(pre_title, pre_title) if d >= RENAME_DATE else pre_title
                state = (pt, 'PELAKSANA', None, opd, unit)
            else:
                state = ('%s %s' % (title, JJ_LABEL[jj]), 'JF', jj, opd, unit)
            self._push(segs, d, state)
        return segs

    def segs_pel(self, p, forced=None):
        rng = self.rng
        start = p.first_start
        muts = list(p.mut_dates) + ([forced] if forced else [])
        ups = [e['eff'] for e in p.path if e.get('post')]
        pts = {start} | set(muts) | set(ups) | {RENAME_DATE} | {d for d, _ in p.gol_tl}
        if p.inpass_date:
            pts.add(p.inpass_date)
        opd, unit = p.opd0, p.unit0
        tier = pel_tier(p.entry_level)
        title = self.pick_pel_title(opd, tier, start)
        segs = []
        for d in sorted(pts):
            if d < start or d > NOW:
                continue
            if d in muts:
                opd, unit = self.relocate(p, opd, unit, None, force=(d == forced))
                if d == forced or rng.random() < 0.5:
                    title = self.pick_pel_title(opd, tier, d)
            if d in ups:
                nt = pel_tier(p.level_at(d))
                if nt > tier and rng.random() < 0.7:
                    tier = nt
                    title = self.pick_pel_title(opd, tier, d)
            if d >= RENAME_DATE:
                title = PEL_RENAME.get(title, title)
            state = (title, 'PELAKSANA', None, opd, unit)
            if p.inpass_date and d >= p.inpass_date:
                jj = jenjang_for('ahli', p.gol_at(d))
                if jj:
                    state = ('%s %s' % (JF[p.inpass_key][0], JJ_LABEL[jj]), 'JF', jj, opd, unit)
            self._push(segs, d, state)
        return segs

    def take_post(self, opd, kind):
        free = [x for x in OPD[opd][kind] if (opd, x[0], x[1]) not in self.taken]
        if not free:
            return None
        post = self.rng.choice(free)
        self.taken.add((opd, post[0], post[1]))
        return post

    def final_post(self, home, kind):
        post = self.take_post(home, kind)
        if post:
            return home, post
        for _ in range(15):
            o = wchoice(self.rng, self._gen_w)
            post = self.take_post(o, kind)
            if post:
                return o, post
        return None, None

    def first_grid(self, p, after, gmin):
        d = semester_after(after - dt.timedelta(days=1))
        while d <= NOW:
            if p.gol_at(d) >= gmin:
                return d
            d = add_months(d, 6)
        return None

    def segs_struct(self, p):
        rng = self.rng
        t = p.track
        P0 = self.first_grid(p, add_years(p.tmt, 6), 9)
        if P0 is None:
            return None
        lim = NOW - dt.timedelta(days=90)
        A = None
        if t == 'setara':
            latest = dt.date(2021, 6, 30)
            if P0 > latest:
                return None
            P = rdate(rng, P0, min(latest, add_years(P0, 8)))
        elif t == 'peng':
            if P0 > lim:
                return None
            P = rdate(rng, P0, min(lim, add_years(P0, 10)))
        else:
            P = rdate(rng, P0, min(lim, add_years(P0, 4)))
            A0 = self.first_grid(p, add_years(P, 3), 11)
            if A0 is None or A0 > NOW - dt.timedelta(days=60):
                return None
            A = rdate(rng, A0, min(NOW - dt.timedelta(days=60), add_years(A0, 6)))
        # final post (unique current structural position)
        final_opd, final = None, None
        if t in ('peng', 'admin'):
            final_opd, final = self.final_post(p.opd0, 'peng' if t == 'peng' else 'admin')
            if final is None:
                return None
            p.post = (final_opd,) + final
        segs = []
        # pelaksana years
        pre_opd = p.opd0 if rng.random() < 0.6 else wchoice(rng, self._gen_w)
        tier = pel_tier(p.entry_level)
        self._push(segs, p.first_start, (self.pick_pel_title(pre_opd, tier, p.first_start), 'PELAKSANA', None,
                                          pre_opd, self.unit_for(p, pre_opd, None)))
        ups = [e['eff'] for e in p.path if e.get('post') and e['eff'] < P]
        if ups and pel_tier(p.level_at(ups[0])) > tier:
            self._push(segs, ups[0], (self.pick_pel_title(pre_opd, 3, ups[0]), 'PELAKSANA', None, pre_opd,
                                      segs[-1]['state'][4]))
        home = final_opd or p.opd0
        if t == 'peng':
            if P < add_years(NOW, -6) and rng.random() < 0.5:
                o = home if rng.random() < 0.5 else wchoice(rng, self._gen_w)
                j, u = rng.choice(OPD[o]['peng'])
                self._push(segs, P, (j, 'PENGAWAS', None, o, u))
                P2 = rdate(rng, add_years(P, 3), lim)
                self._push(segs, P2, (final[0], 'PENGAWAS', None, final_opd, final[1]))
            else:
                self._push(segs, P, (final[0], 'PENGAWAS', None, final_opd, final[1]))
        elif t == 'setara':
            j, u = rng.choice(OPD[home]['peng'])
            self._push(segs, P, (j, 'PENGAWAS', None, home, u))
            C = rng.choice(SETARA_DATES)
            key = wchoice(rng, SETARA_JF)
            p.setara_key = key
            self._push(segs, C, ('%s Ahli Muda' % JF[key][0], 'JF', 'AHLI_MUDA', home, u))
        else:
            o = home if rng.random() < 0.5 else wchoice(rng, self._gen_w)
            j, u = rng.choice(OPD[o]['peng'])
            self._push(segs, P, (j, 'PENGAWAS', None, o, u))
            if A < add_years(NOW, -6) and rng.random() < 0.5:
                o2 = wchoice(rng, self._gen_w)
                j2, u2 = rng.choice(OPD[o2]['admin'])
                self._push(segs, A, (j2, 'ADMINISTRATOR', None, o2, u2))
                A2 = rdate(rng, add_years(A, 3), NOW - dt.timedelta(days=30))
                self._push(segs, A2, (final[0], 'ADMINISTRATOR', None, final_opd, final[1]))
            else:
                self._push(segs, A, (final[0], 'ADMINISTRATOR', None, final_opd, final[1]))
        return segs

    def build_segs(self, p, forced=None):
        if p.track in ('peng', 'admin', 'setara'):
            return self.segs_struct(p)
        if p.track == 'pel':
            return self.segs_pel(p, forced)
        return self.segs_jf(p, forced)

    # ---------------------------------------------------------------- titles
    @staticmethod
    def gelar_at(p, when):
        yr = when.year
        path = [e for e in p.path if e['year'] <= yr]
        s1 = [e for e in path if e['level'] in ('S1', 'D4')]
        d3 = [e for e in path if e['level'] in ('D1', 'D2', 'D3')]
        s2 = [e for e in path if e['level'] == 'S2']
        depan, bel = [], []
        prof = ''
        if s1:
            e = s1[-1]
            prof = e['dep']
            if e['bel']:
                bel.append(e['bel'])
        elif d3 and d3[-1]['bel']:
            bel.append(d3[-1]['bel'])
        if s2 and s2[-1]['bel']:
            bel.append(s2[-1]['bel'])
        if any(e['level'] == 'S3' for e in path):
            depan.append('Dr.')
        if prof:
            depan.append(prof)
        if p.hajj_year and p.hajj_year <= yr:
            depan.append('H.' if p.gender == 'M' else 'Hj.')
        return ' '.join(depan), ', '.join(bel)

    # ---------------------------------------------------------------- person
    def build_person(self, ov=None, exclude=()):
        rng = self.rng
        ov = ov or {}
        for attempt in range(400):
            p = Person()
            opd = ov.get('opd') or self.pick_opd()
            spec = OPD[opd]
            track = ov.get('track') if attempt < 150 else None
            track = track or wchoice(rng, list(spec['mix'].items()))
            p.track = track
            jfkey = None
            if track == 'guru':
                jfkey = 'guru'
            elif track == 'jf':
                jfkey = ov.get('jfkey') if attempt < 150 and ov.get('jfkey') else wchoice(rng, spec['jf'])
                if jfkey in ('pengawas_sekolah', 'penilik'):
                    p.track = track = 'guru'
                    p.title_switch_key = jfkey
            p.jfkey = jfkey
            if track == 'guru':
                p.school = wchoice(rng, [('SD', 68), ('SMP', 30), ('TK', 2)])
                u = ov.get('unit') or ''
                if ' SD ' in u or ' SMP ' in u or ' TK ' in u:
                    p.school = 'SD' if ' SD ' in u else ('SMP' if ' SMP ' in u else 'TK')
                elif u:
                    continue  # a teacher cannot sit in a non-school unit; draw another track
            p.gender = ov.get('gender') or self.pick_gender(track, getattr(p, 'title_switch_key', None) or jfkey)
            opts = self.entry_options(p, opd)
            tmt = ov.get('tmt')
            birth = ov.get('birth')
            if tmt:
                opts = [o for o in opts if o[2] <= tmt.year <= o[3]]
            if birth and tmt:
                a = age_at(birth, tmt)
                opts = [o for o in opts if MIN_AGE[o[0]] <= a <= 35]
            if birth and not tmt:
                opts = [o for o in opts if o[2] <= birth.year + MIN_AGE[o[0]] + 16 and birth.year + MIN_AGE[o[0]] <= o[3]]
            if not opts:
                continue
            lv, _, lo, hi = wchoice(rng, [(o, o[1]) for o in opts])
            p.entry_level = lv
            if not tmt:
                if birth:
                    lo = max(lo, birth.year + MIN_AGE[lv])
                    hi = min(hi, birth.year + 35)
                    if lo > hi:
                        continue
                tmt = self.sample_tmt(lo, hi)
            if not birth:
                birth = self.sample_birth(tmt, lv)
            if not (BIRTH_MIN <= birth <= BIRTH_MAX and TMT_MIN <= tmt <= TMT_MAX):
                continue
            if not (MIN_AGE[lv] <= age_at(birth, tmt) <= 35):
                continue
            retire_ok = birth >= (dt.date(1966, 1, 1) if track == 'guru' else dt.date(1968, 1, 1))
            if not retire_ok:
                continue
            p.birth, p.tmt = birth, tmt
            tsk = getattr(p, 'title_switch_key', None)
            if tsk and tmt.year > 2008:
                continue
            # JF category
            if track == 'jf':
                cat = JF[jfkey][1]
                p.jf_cat = ('terampil' if lv in ('D3', 'SMA', 'D2') else 'ahli') if cat == 'both' else cat
                if cat == 'ahli':
                    p.jf_cat = 'ahli'
            else:
                p.jf_cat = 'ahli'
            p.start_gol = START_GOL[lv]
            if jfkey in ('dokter', 'dokter_gigi', 'apoteker', 'medik_vet'):
                p.start_gol = 9 if lv == 'S1' else 10
            p.opd0 = opd
            # name
            if ov.get('name'):
                p.name, p.style, p.old_spelling, p.muslim, p.common = ov['name'], ov.get('style', 'given'), \
                    ov.get('old', False), ov.get('muslim', True), False
            else:
                p.name, p.style, p.old_spelling, p.muslim, p.common = self.gen_name(p.gender, birth.year)
            # education profile
            if track == 'guru':
                prof = {'SD': 'guru_sd', 'SMP': 'guru_smp', 'TK': 'guru_tk'}[p.school]
            elif track == 'jf':
                prof = JF[jfkey][2]
            elif track == 'pel':
                prof = rng.choice(['adm', 'adm', 'akuntansi', 'it', 'hukum', 'ekonomi', 'komunikasi'])
            else:
                prof = rng.choice(['adm', 'adm', 'adm', 'akuntansi', 'hukum', 'ekonomi', 'sipil', 'perencana'])
            p.prof = prof
            try:
                self.build_path(p, prof)
            except ValueError:
                continue
            # hajj
            if p.muslim:
                age_now = age_at(birth, NOW)
                ph = .15 if age_now >= 45 else (.06 if age_now >= 38 else .01)
                if rng.random() < ph:
                    y0 = max(birth.year + 30, 1998)
                    if y0 <= 2025:
                        p.hajj_year = rng.randint(y0, 2025)
            self.build_gol(p)
            # career scaffolding
            p.first_start = tmt if rng.random() < 0.6 else add_months(tmt, rng.randint(1, 4))
            q = {'pel': .07, 'jf': .04, 'guru': .035}.get(track, 0)
            p.mut_dates = []
            for y in range(tmt.year + 3, NOW.year + 1):
                if rng.random() < q:
                    d = rdate(rng, dt.date(y, 1, 2), min(dt.date(y, 12, 28), NOW - dt.timedelta(days=20)))
                    if d > p.first_start:
                        p.mut_dates.append(d)
            p.pre_title = self.pick_pel_title(opd, pel_tier(lv), dt.date(2000, 1, 1))
            if tsk:
                d0 = self.first_grid(p, add_years(tmt, 12), 11)
                if d0 is None or d0 > NOW - dt.timedelta(days=120):
                    continue
                sw = rdate(rng, d0, min(NOW - dt.timedelta(days=60), add_years(d0, 5)))
                p.title_switch = (sw, JF[tsk][0], 'Bidang Pembinaan Ketenagaan')
            if track == 'pel' and LVL_RANK[p.level_at(NOW)] >= 6 and tmt.year <= 2016 and rng.random() < 0.10:
                p.inpass_date = rdate(rng, dt.date(2019, 1, 2), dt.date(2024, 12, 31))
                p.inpass_key = wchoice(rng, GENERIC_JF)
                if JF[p.inpass_key][1] == 'terampil':
                    p.inpass_key = 'analis_kebijakan'
            p.unit0 = ov.get('unit') or self.unit_for(p, opd, jfkey)
            segs = self.build_segs(p)
            if not segs:
                continue
            p.segs = segs
            # NIP + decidability against everybody else
            ok = False
            for _n in range(25):
                nip = self.assign_nip(p, ov.get('serial'))
                if nip and not self.too_close(nip, p.name, set(exclude)):
                    ok = True
                    break
                if ov.get('name') or ov.get('serial'):
                    break
                p.name, p.style, p.old_spelling, p.muslim, p.common = self.gen_name(p.gender, birth.year)
            if not ok:
                if p.post:
                    self.taken.discard(p.post)
                continue
            p.nip = nip
            return p
        return None

    def assign_nip(self, p, serial=None):
        rng = self.rng
        if serial:
            nip = make_nip(p.birth, p.tmt, p.gender, serial)
            return nip if nip not in self.nips else None
        for _ in range(60):
            s = 1 + min(int(rng.expovariate(0.45)), 40)
            nip = make_nip(p.birth, p.tmt, p.gender, s)
            if nip not in self.nips:
                return nip
        return None

    def register(self, p):
        p.pid = len(self.persons)
        self.persons.append(p)
        self.index(p.nip, p.name, p.pid)

    def index(self, nip, name, pid):
        self.nips.add(nip)
        c, t = core_of(name), core_tokens(name)
        self.idx_birth[nip[:8]].append((pid, c, t))
        self.idx_p14[nip[:14]].append((pid, c, t))
        self.idx_tmtg[nip[8:15]].append((pid, c, t, nip[:8]))
        self.idx_core[c].append((pid, nip[:14]))

    def too_close(self, nip, name, exclude):
        """Would this (nip, name) look like a duplicate of someone not in `exclude`?"""
        c, t = core_of(name), core_tokens(name)
        b8 = nip[:8]
        for pid, c2, t2 in self.idx_birth.get(b8, []):
            if pid not in exclude and (ratio(c, c2) >= 0.8 or compatible(t, t2)):
                return True
        for v in one_edit_variants(nip[:14]):
            for pid, c2, t2 in self.idx_p14.get(v, []):
                if pid not in exclude and (ratio(c, c2) >= 0.7 or compatible(t, t2)):
                    return True
        sw = daymonth_swap(b8)
        if sw != b8:
            for pid, c2, t2 in self.idx_p14.get(sw + nip[8:14], []):
                if pid not in exclude and (ratio(c, c2) >= 0.7 or compatible(t, t2)):
                    return True
        for pid, c2, t2, b2 in self.idx_tmtg.get(nip[8:15], []):
            if pid not in exclude and hamming(b2, b8) <= 2 and (ratio(c, c2) >= 0.85 or compatible(t, t2)):
                return True
        for pid, n14 in self.idx_core.get(c, []):
            if pid not in exclude and hamming(n14, nip[:14]) <= 2:
                return True
        return False

    # ---------------------------------------------------------------- snapshot
    def snapshot(self, p, when):
        segs = [s for s in p.segs if s['start'] <= when]
        if not segs:
            segs = p.segs[:1]
        segs = segs[-4:]
        positions = []
        for k, s in enumerate(segs):
            jab, jenis, jj, opd, unit = s['state']
            end = None if k == len(segs) - 1 else (segs[k + 1]['start'] - dt.timedelta(days=1)).isoformat()
            positions.append({'jabatan': jab, 'jenis': jenis, 'jenjang': jj, 'opd': opd, 'unit': unit,
                              'tmt_start': s['start'].isoformat(), 'tmt_end': end})
        cur = positions[-1]
        edu = [dict(e) for e in p.edu_kept if e['year'] <= when.year]
        if not edu:
            e0 = [e for e in p.path if e['year'] <= when.year][-1]
            edu = [dict(level=e0['level'], major=e0['major'], institution=e0['institution'], year=e0['year'])]
        gd, gb = self.gelar_at(p, when)
        return {'nip': p.nip, 'name': p.name, 'gelar_depan': gd, 'gelar_belakang': gb,
                'golongan': GOL[p.gol_at(when)], 'jabatan': cur['jabatan'], 'jenis_jabatan': cur['jenis'],
                'jenjang': cur['jenjang'], 'opd': cur['opd'], 'unit': cur['unit'], 'tmt_jabatan': cur['tmt_start'],
                'positions': positions, 'education': edu}


# --------------------------------------------------------------------------------------
# name variations (entry errors / alternative writings of the SAME name)
# --------------------------------------------------------------------------------------
def _is_abbr(t):
    return t.endswith('.')


def op_drop(rng, toks, g):
    n = len(toks)
    low = [t.lower() for t in toks]
    cands = []
    if n >= 2 and low[0] in PREFIX_TOKS:
        cands.append(0)
    if n >= 3:
        cands += list(range(1, n))
    good = []
    for i in cands:
        new = toks[:i] + toks[i + 1:]
        if all(t.lower() in PREFIX_TOKS or _is_abbr(t) for t in new):
            continue
        if max(len(t) for t in new) < 4:
            continue
        good.append(new)
    return rng.choice(good) if good else None


def op_add(rng, toks, g):
    low = [t.lower() for t in toks]
    opts = []
    arab = is_arabic(toks)
    if re.fullmatch(r'[a-z]\.', low[0]):
        return None
    if g == 'F' and low[0] not in ('siti', 'st.', 'sri') and arab:
        opts.append(['Siti'] + toks)
    if g == 'M' and low[0] not in MUH_FULL | MUH_ABBR and arab and low[0] not in ('ahmad', 'achmad', 'abdul', 'abd.'):
        opts.append([rng.choice(['Muhammad', 'Moh.', 'Mochammad', 'M.'])] + toks)
    if g == 'F' and len(toks) == 1 and not arab:
        opts.append(['Sri'] + toks)
    if len(toks) == 2 and low[0] == 'siti' and low[1] not in ('nur', 'nurul'):
        opts.append([toks[0], 'Nur', toks[1]])
    if len(toks) <= 2 and not any(t.lower() in [f.lower() for f in FATHER_AR + FATHER_JV] for t in toks):
        opts.append(toks + [rng.choice(FATHER_AR if arab else FATHER_JV)])
    return rng.choice(opts) if opts else None


JOIN_PREFIX = {'nur', 'nurul', 'abdul', 'abdur', 'ainur', 'ainul', 'fathor', 'fathur', 'syamsul'}
SPLIT_PREFIX = ['nurul', 'abdur', 'abdus', 'abdul', 'ainur', 'ainul', 'fathor', 'fathur', 'nur']
JOIN_SUFFIX = {'ningsih', 'sari', 'ningrum'}


def op_joinsplit(rng, toks, g):
    opts = []
    n = len(toks)
    for i in range(n - 1):
        a, b = toks[i], toks[i + 1]
        if _is_abbr(a) or _is_abbr(b):
            continue
        if a.lower() in JOIN_PREFIX or b.lower() in JOIN_SUFFIX:
            if a.lower() == 'abdul' and b[0].lower() in 'rsntdz':
                j = 'Abdu' + b[0].lower() + b.lower()
            else:
                j = a + b.lower()
            opts.append(toks[:i] + [j] + toks[i + 2:])
    for i, t in enumerate(toks):
        tl = t.lower()
        if _is_abbr(t):
            continue
        for pre in SPLIT_PREFIX:
            if tl.startswith(pre) and len(tl) >= len(pre) + 3 and tl not in ('abdullah', 'nuruddin', 'nurhuda'):
                rest = t[len(pre):]
                opts.append(toks[:i] + [t[:len(pre)], rest[0].upper() + rest[1:]] + toks[i + 1:])
                break
        for suf in JOIN_SUFFIX:
            if tl.endswith(suf) and len(tl) >= len(suf) + 4:
                head = t[:-len(suf)]
                opts.append(toks[:i] + [head, suf.capitalize()] + toks[i + 1:])
                break
    return rng.choice(opts) if opts else None


ABBR_OF = {'mochammad': ['Moch.', 'M.'], 'mochamad': ['Moch.', 'M.'], 'mohammad': ['Moh.', 'M.'],
           'mohamad': ['Moh.', 'M.'], 'muhammad': ['M.', 'Muh.', 'Moh.', 'M.'], 'muhamad': ['M.', 'Muh.'],
           'mokhamad': ['Mokh.', 'M.'], 'muchammad': ['Much.', 'M.'], 'siti': ['St.'], 'abdul': ['Abd.'],
           'achmad': ['Ach.'], 'akhmad': ['Ach.'],
           'moh.': ['Mohammad', 'Moch.', 'Muhammad'], 'moch.': ['Mochammad', 'Moh.'], 'm.': ['Muhammad', 'Moh.'],
           'muh.': ['Muhammad'], 'abd.': ['Abdul'], 'ach.': ['Achmad', 'Ahmad'], 'st.': ['Siti']}


def op_abbrev(rng, toks, g):
    opts = []
    for i, t in enumerate(toks):
        for r in ABBR_OF.get(t.lower(), []):
            opts.append(toks[:i] + [r] + toks[i + 1:])
    return rng.choice(opts) if opts else None


def op_initials(rng, toks, g):
    if len(toks) < 2:
        return None
    idx = [i for i, t in enumerate(toks) if not _is_abbr(t) and len(t) >= 3]
    if len(idx) < 2:
        return None
    w = []
    for i in idx:
        w.append((i, 6 if i == 0 else (3 if i < len(toks) - 1 else 1)))
    i = wchoice(rng, w)
    if toks[i][0].upper() == 'H' or (toks[i][0].upper() == 'M' and g == 'F'):
        return None  # 'H.' reads as Haji, 'M.' as Muhammad
    new = toks[:i] + [toks[i][0].upper() + '.'] + toks[i + 1:]
    if not any(not _is_abbr(t) and len(t) >= 3 and t.lower() not in PREFIX_TOKS for t in new):
        return None
    return new


def op_old(rng, toks, g):
    if any(looks_old(t) for t in toks):
        new = [to_modern(t) if looks_old(t) else t for t in toks]
    else:
        new = [to_old(t) if t.lower() not in ARAB_TOKENS and not _is_abbr(t) else t for t in toks]
        if new != toks and rng.random() < 0.35:
            # partial: only 'oe' (most persistent old letter) or only one token
            k = [i for i in range(len(toks)) if new[i] != toks[i]]
            i = rng.choice(k)
            new = toks[:i] + [new[i]] + toks[i + 1:]
    return new if new != toks else None


def op_spell(rng, toks, g):
    opts = []
    for i, t in enumerate(toks):
        for alt in SPELL_MAP.get(t.lower(), []):
            opts.append(toks[:i] + [alt] + toks[i + 1:])
    return rng.choice(opts) if opts else None


def _typo_token(rng, toks):
    idx = [i for i, t in enumerate(toks) if len(t) >= 4 and not _is_abbr(t) and "'" not in t]
    if not idx:
        return None, None
    i = rng.choice(idx)
    return i, toks[i]


def op_typo(kind):
    def f(rng, toks, g):
        for _ in range(10):
            i, t = _typo_token(rng, toks)
            if t is None:
                return None
            j = rng.randint(1, len(t) - 2)
            if kind == 'drop':
                nt = t[:j] + t[j + 1:]
            elif kind == 'double':
                nt = t[:j] + t[j] + t[j:]
            elif kind == 'swap':
                if t[j] == t[j + 1]:
                    continue
                nt = t[:j] + t[j + 1] + t[j] + t[j + 2:]
            else:
                c = t[j].lower()
                if c not in KB_NEIGH:
                    continue
                nc = rng.choice(KB_NEIGH[c])
                nt = t[:j] + (nc.upper() if t[j].isupper() else nc) + t[j + 1:]
            if nt != t:
                return toks[:i] + [nt] + toks[i + 1:]
        return None
    return f


TOKEN_OPS = {'drop': op_drop, 'add': op_add, 'joinsplit': op_joinsplit, 'abbrev': op_abbrev,
             'initials': op_initials, 'old': op_old, 'spell': op_spell, 'typo_drop': op_typo('drop'),
             'typo_double': op_typo('double'), 'typo_swap': op_typo('swap'), 'typo_key': op_typo('key')}
STRING_OPS = {'title_in_name', 'title_swap', 'case'}


def apply_string_op(rng, op, rec):
    """Operates on a record dict in place (name / gelar fields). Returns False if not applicable."""
    name, gd, gb = rec['name'], rec['gelar_depan'], rec['gelar_belakang']
    if op == 'title_in_name':
        if not gd and not gb:
            return False
        r = rng.random()
        parts_d = gd if (gd and (r < 0.75 or not gb)) else ''
        parts_b = gb if (gb and (r >= 0.25 or not gd)) else ''
        if not parts_d and not parts_b:
            parts_d, parts_b = gd, gb
        s = ((parts_d + ' ') if parts_d else '') + name
        if parts_b:
            s += (', ' if rng.random() < 0.8 else ' ') + parts_b
        rec['name'] = s
        if parts_d:
            rec['gelar_depan'] = ''
        if parts_b:
            rec['gelar_belakang'] = ''
        return True
    if op == 'title_swap':
        if not gd and not gb:
            return False
        if gb.endswith(', Ns.') and rng.random() < 0.6:
            rec['gelar_depan'] = ('Ns. ' + gd).strip() if gd else 'Ns.'
            rec['gelar_belakang'] = gb[:-len(', Ns.')]
        else:
            rec['gelar_depan'], rec['gelar_belakang'] = gb, gd
        return True
    if op == 'case':
        r = rng.random()
        if r < 0.65:
            rec['name'] = name.upper()
        elif r < 0.8:
            rec['name'] = name.lower()
        elif ' ' in name:
            rec['name'] = name.replace(' ', '  ', 1)
        else:
            rec['name'] = name.upper()
        return rec['name'] != name
    return False


# --------------------------------------------------------------------------------------
# NIP typos
# --------------------------------------------------------------------------------------
def nip_typo_candidates(nip, part, mode):
    out = []
    if part == 'birth':
        lo, hi = 0, 8
    elif part == 'tmt':
        lo, hi = 8, 14
    else:
        lo, hi = 15, 18
    if mode == 'daymonth':
        b = nip[:8]
        sw = daymonth_swap(b)
        if sw != b:
            out.append((sw + nip[8:], 1))
        return out
    if mode in ('digit', 'any'):
        for pos in range(lo, hi):
            if part == 'birth' and pos in (0, 1):
                continue
            if part == 'tmt' and pos in (8, 9):
                continue
            for d in '0123456789':
                if d == nip[pos]:
                    continue
                w = 3 if abs(int(d) - int(nip[pos])) == 1 else 1
                if part == 'serial':
                    w *= {15: 1, 16: 2, 17: 5}[pos]
                out.append((nip[:pos] + d + nip[pos + 1:], w))
    if mode in ('swap', 'any'):
        for pos in range(lo, hi - 1):
            if part == 'birth' and pos in (0,):
                continue
            if nip[pos] != nip[pos + 1]:
                out.append((nip[:pos] + nip[pos + 1] + nip[pos] + nip[pos + 2:], 2))
    return out


# --------------------------------------------------------------------------------------
# planted duplicates
# --------------------------------------------------------------------------------------
DUP_PLAN = [
    # kind, base count, name ops, nip change
    ('name_part_dropped', 10, ['drop'], 'serial'),
    ('name_part_added', 6, ['add'], 'serial'),
    ('name_joined_split', 8, ['joinsplit'], 'serial'),
    ('abbreviation', 9, ['abbrev'], 'serial'),
    ('initials', 5, ['initials'], 'serial'),
    ('old_spelling', 7, ['old'], 'serial'),
    ('spelling_variant', 9, ['spell'], 'serial'),
    ('title_in_name', 6, ['title_in_name'], 'serial'),
    ('title_swapped', 4, ['title_swap'], 'serial'),
    ('typo_letter_dropped', 5, ['typo_drop'], 'serial'),
    ('typo_letter_doubled', 4, ['typo_double'], 'serial'),
    ('typo_letters_swapped', 5, ['typo_swap'], 'serial'),
    ('typo_neighbour_key', 5, ['typo_key'], 'serial'),
    ('case_whitespace', 3, ['case'], 'serial'),
    ('two_name_variations', 8, 'two', 'serial'),
    ('nip_typo_birthdate_digit', 6, [], ('birth', 'digit')),
    ('nip_typo_birthdate_swap', 4, [], ('birth', 'swap')),
    ('nip_typo_birthdate_daymonth', 3, [], ('birth', 'daymonth')),
    ('nip_typo_tmt_digit', 5, [], ('tmt', 'digit')),
    ('nip_typo_tmt_swap', 3, [], ('tmt', 'swap')),
    ('nip_typo_serial', 4, [], 'serial'),
    ('nip_typo_and_name_variant', 9, 'hard', 'hard'),
]
TWO_POOL = ['drop', 'add', 'joinsplit', 'abbrev', 'initials', 'old', 'spell', 'typo_drop', 'typo_double',
            'typo_swap', 'typo_key', 'title_in_name', 'case']
HARD_POOL = ['abbrev', 'spell', 'typo_drop', 'typo_swap', 'typo_key', 'drop', 'old', 'joinsplit', 'initials', 'add']

LOOK_PLAN = [('namesake_same_opd', 19), ('twins', 15), ('same_birthdate_same_tmt_cohort', 12),
             ('siblings_same_father_name', 8), ('nip_one_digit_apart', 8)]


def apply_name_ops(rng, ops, rec, gender):
    toks = rec['name'].split()
    for op in ops:
        if op in TOKEN_OPS:
            new = TOKEN_OPS[op](rng, toks, gender)
            if not new or new == toks:
                return False
            toks = new
    rec['name'] = ' '.join(toks)
    for op in ops:
        if op in STRING_OPS:
            if not apply_string_op(rng, op, rec):
                return False
    return True


def gen_make_dup(self, kind, P, ops, nipchange):
    rng = self.rng
    if ops == 'two':
        while True:
            ops = rng.sample(TWO_POOL, 2)
            if sum(1 for o in ops if o.startswith('typo')) <= 1 and set(ops) != {'abbrev', 'initials'}:
                break
        order = ['add', 'drop', 'joinsplit', 'spell', 'old', 'abbrev', 'initials', 'typo_drop', 'typo_double',
                 'typo_swap', 'typo_key', 'title_in_name', 'case', 'title_swap']
        ops = sorted(ops, key=order.index)
    if nipchange == 'hard':
        ops = [rng.choice(HARD_POOL)]
        nipchange = wchoice(rng, [(('birth', 'digit'), 40), (('birth', 'swap'), 20), (('tmt', 'digit'), 30),
                                  (('birth', 'daymonth'), 10)])
    hard = kind == 'nip_typo_and_name_variant'
    if 'old' in ops and P.birth.year > 1980:
        return False  # old spelling only plausible for people born before ~1980
    first = P.segs[0]['start']
    mode = 'stale' if (first < NOW - dt.timedelta(days=500) and rng.random() < 0.65) else 'full'
    moved = False
    saved = P.segs
    if mode == 'stale':
        D = rdate(rng, first + dt.timedelta(days=60), NOW - dt.timedelta(days=240))
        if not hard and self.movable(P) and rng.random() < 0.33 and D < NOW - dt.timedelta(days=150):
            M = rdate(rng, D + dt.timedelta(days=45), NOW - dt.timedelta(days=30))
            segs = self.build_segs(P, forced=M)
            if segs:
                P.segs = segs
                moved = True
        t_orig, t_dup = (NOW, D) if rng.random() < 0.5 else (D, NOW)
    else:
        t_orig = t_dup = NOW
    R1 = self.snapshot(P, t_orig)
    R2 = self.snapshot(P, t_dup)
    if moved and R1['opd'] == R2['opd']:
        moved = False
    if ops and not apply_name_ops(rng, ops, R2, P.gender):
        P.segs = saved
        return False
    if ops and R2['name'] == R1['name'] and R2['gelar_depan'] == R1['gelar_depan'] and \
            R2['gelar_belakang'] == R1['gelar_belakang']:
        P.segs = saved
        return False
    # NIP change
    if nipchange == 'serial':
        cands = nip_typo_candidates(P.nip, 'serial', 'any')
    else:
        cands = nip_typo_candidates(P.nip, nipchange[0], nipchange[1])
    first_pos = min(dt.date.fromisoformat(x['tmt_start']) for x in R2['positions'])
    good = []
    for nip, w in cands:
        if nip in self.nips or not nip_ok(nip):
            continue
        _, t, _, _ = nip_parse(nip)
        if t > first_pos:
            continue
        good.append((nip, w))
    rng.shuffle(good)
    newnip = None
    for nip, w in sorted(good, key=lambda x: -x[1] * rng.random()):
        if not self.too_close(nip, R2['name'], {P.pid}):
            newnip = nip
            break
    if not newnip:
        P.segs = saved
        return False
    R2['nip'] = newnip
    # data-entry differences of a record registered at another time
    notes = []
    if t_dup != NOW and len(R2['education']) > 1 and rng.random() < 0.3:
        R2['education'] = [R2['education'][-1]]
        notes.append('education incomplete')
    if rng.random() < 0.2:
        ed = [e for e in R2['education'] if e['institution'] in INST_ALIAS]
        if ed:
            e = rng.choice(ed)
            e['institution'] = INST_ALIAS[e['institution']]
            notes.append('institution written differently')
    if rng.random() < 0.08 and R2['education'][-1]['level'] not in ('SD', 'SMP', 'SMA'):
        R2['education'][-1]['year'] += rng.choice([-1, 1])
        notes.append('graduation year off by one')
    if t_orig == t_dup and len(R2['positions']) > 1 and rng.random() < 0.35:
        k = rng.randint(1, len(R2['positions']) - 1)
        R2['positions'] = R2['positions'][k:]
        notes.append('older positions missing')
    if t_orig != t_dup:
        notes.append('registered %s' % ('earlier' if t_dup < t_orig else 'later'))
    if moved:
        notes.append('moved OPD')
    # commit
    P.rec_when = t_orig
    P.used = True
    P.dup_record = R2
    self.index(newnip, R2['name'], P.pid)
    pair = [P.nip, newnip] if rng.random() < 0.5 else [newnip, P.nip]
    self.duplicates.append({'nips': pair, 'kind': kind})
    self.dup_info.append(dict(kind=kind, ops=ops, nip_change=nipchange, moved=moved, mode=mode, notes=notes,
                              a=P.nip, b=newnip, name_a=R1['name'], name_b=R2['name']))
    return True


Gen.make_dup = gen_make_dup


# --------------------------------------------------------------------------------------
# lookalikes (hard negatives)
# --------------------------------------------------------------------------------------
TWIN_SAME_M = [("Muhammad Hasan", "Muhammad Husain"), ("Hasan Basri", "Husain Basri"), ("Ahmad Hasan", "Ahmad Husein"),
               ("Muhammad Yusuf", "Muhammad Yunus"), ("Eko Prasetyo", "Eko Purnomo"), ("Agus Setiawan", "Agus Susanto"),
               ("Moh. Ilham", "Moh. Ikhsan"), ("Yoga Pratama", "Galih Pratama"), ("Rama Wijaya", "Rino Wijaya"),
               ("Dwi Cahyono", "Dwi Santoso"), ("Abdul Rohman", "Abdul Rohim"), ("Fajar Nugroho", "Fajar Wicaksono")]
TWIN_SAME_F = [("Sri Rahayu", "Sri Lestari"), ("Siti Fatimah", "Siti Aisyah"), ("Nur Aini", "Nur Azizah"),
               ("Fitri Handayani", "Fitri Rahayu"), ("Ayu Lestari", "Ayu Wulandari"), ("Nurul Hidayah", "Nurul Hikmah"),
               ("Dewi Kurniawati", "Dewi Kusumawati"), ("Siti Nur Hasanah", "Siti Nur Halimah"),
               ("Eka Wahyuni", "Eka Wulandari"), ("Lailatul Fitriyah", "Lailatul Mahmudah"),
               ("Dwi Rahmawati", "Dwi Susanti")]
TWIN_MIXED = [("Wahyu Setiawan", "Wahyu Setiawati"), ("Putra Ramadhan", "Putri Ramadhani"),
              ("Dimas Aditya", "Dinda Aditya"), ("Rizky Ananda", "Rizka Ananda"), ("Muhammad Ilham", "Siti Ilmiah"),
              ("Eko Prasetyo", "Eka Prasetyowati"), ("Ahmad Fauzi", "Siti Fauziah"), ("Bayu Saputra", "Bunga Saputri"),
              ("Hasan Basri", "Hasanah Basri")]
SIB_M = split_pool("Ahmad Fauzi|Moh. Rizal|Imam|Muhammad Ilham|Achmad Rofiq|Abdul Ghofur|Zainal Arifin|Nur Kholis|"
                   "Moch. Syaiful|Ahmad Zaki|Mukhlis|Muhammad Hanif|Ainur Rofiq|Lukman Hakim")
SIB_F = split_pool("Siti Fatimah|Nur Laili|Lailatul Fitriyah|Siti Aminah|Umi Kulsum|Nurul Hidayah|Khusnul Khotimah|"
                   "Siti Zulaikha|Anis Fuadah|Rohmatul Ummah|Nur Hidayati|Fitrotul Hasanah")


def gen_lookalike(self, kind):
    rng = self.rng
    base = [p for p in self.persons if not p.used]
    if kind == 'namesake_same_opd':
        names = Counter(p.name for p in self.persons)
        cands = [p for p in base if p.common or names[p.name] >= 2]
        P = rng.choice(cands)
        toks = P.name.split()
        nm = P.name
        if rng.random() < 0.2:
            v = op_abbrev(rng, toks, P.gender) or op_spell(rng, toks, P.gender)
            if v:
                nm = ' '.join(v)
        ov = dict(opd=P.opd_now, gender=P.gender, name=nm, muslim=P.muslim)
        if rng.random() < 0.3:
            ov['unit'] = P.unit_now
        Q = None
        for _ in range(30):
            Q = self.build_person(ov, exclude={P.pid})
            if Q and self.distinct_nips(P.nip, Q.nip) and Q.segs[-1]['state'][3] == P.opd_now:
                break
            if Q and Q.post:
                self.taken.discard(Q.post)
            Q = None
        if not Q:
            return False
        return self.commit_look(kind, P, Q)
    if kind == 'twins':
        a, b, ga, gb = self.twin_names()
        if rng.random() < 0.5:
            a, b, ga, gb = b, a, gb, ga
        if rng.random() < 0.2:
            f = rng.choice(FATHER_AR)
            a, b = a + ' ' + f, b + ' ' + f
        A = self.build_person(dict(gender=ga, name=a))
        if not A:
            return False
        self.register(A)
        self.finalize(A)
        A.used = True
        ov = dict(gender=gb, name=b, birth=A.birth)
        if rng.random() < 0.5:
            ov['tmt'] = A.tmt
        if rng.random() < 0.6:
            ov['opd'] = A.opd_now
        B = self.build_person(ov, exclude={A.pid})
        if not B:
            return False
        return self.commit_look(kind, A, B)
    if kind == 'same_birthdate_same_tmt_cohort':
        big = {ym for ym, w in COHORTS if w >= 8}
        cands = [p for p in base if (p.tmt.year, p.tmt.month) in big]
        P = rng.choice(cands)
        g = P.gender if rng.random() < 0.6 else ('F' if P.gender == 'M' else 'M')
        pt = norm_tokens(P.name)
        for _ in range(400):
            nm, style, oldsp, muslim, common = self.gen_name(g, P.birth.year)
            qt = norm_tokens(nm)
            if not qt or not pt:
                continue
            share = qt[0] == pt[0] or qt[-1] == pt[-1]
            r = ratio(core_of(nm), core_of(P.name))
            if share and r < 0.75 and nm != P.name and not compatible(nm, P.name):
                break
        else:
            return False
        ov = dict(gender=g, name=nm, birth=P.birth, tmt=P.tmt, muslim=muslim)
        if rng.random() < 0.4:
            ov['opd'] = P.opd_now
        Q = self.build_person(ov, exclude={P.pid})
        if not Q:
            return False
        return self.commit_look(kind, P, Q)
    if kind == 'siblings_same_father_name':
        f = rng.choice(FATHER_AR)
        ga = 'M' if rng.random() < 0.5 else 'F'
        gb = 'M' if rng.random() < 0.5 else 'F'
        a = rng.choice(SIB_M if ga == 'M' else SIB_F)
        for _ in range(50):
            b = rng.choice(SIB_M if gb == 'M' else SIB_F)
            if b != a and ratio(core_of(a), core_of(b)) < 0.7:
                break
        A = self.build_person(dict(gender=ga, name=a + ' ' + f))
        if not A:
            return False
        self.register(A)
        self.finalize(A)
        A.used = True
        for _ in range(30):
            months = rng.randint(18, 120) * rng.choice([-1, 1])
            bb = add_months(A.birth, months) + dt.timedelta(days=rng.randint(-20, 20))
            if BIRTH_MIN <= bb <= BIRTH_MAX:
                break
        ov = dict(gender=gb, name=b + ' ' + f, birth=bb)
        if rng.random() < 0.4:
            ov['opd'] = A.opd_now
        B = self.build_person(ov, exclude={A.pid})
        if not B:
            return False
        return self.commit_look(kind, A, B)
    if kind == 'nip_one_digit_apart':
        P = rng.choice(base)
        part = wchoice(rng, [('birth', 40), ('tmt', 30), ('serial', 30)])
        cands = [n for n, w in nip_typo_candidates(P.nip, part, 'digit') if nip_ok(n) and n not in self.nips
                 and int(n[15:]) <= 30]
        rng.shuffle(cands)
        for nip in cands[:20]:
            b, t, gd, s = nip_parse(nip)
            for _ in range(40):
                nm, style, oldsp, muslim, common = self.gen_name(P.gender, b.year)
                if ratio(core_of(nm), core_of(P.name)) < 0.6 and not compatible(nm, P.name):
                    break
            ov = dict(gender=P.gender, birth=b, tmt=t, serial=s, name=nm, muslim=muslim)
            if rng.random() < 0.3:
                ov['opd'] = P.opd_now
            Q = self.build_person(ov, exclude={P.pid})
            if Q:
                return self.commit_look(kind, P, Q)
        return False
    raise ValueError(kind)


TWIN_FIRST = {'M': ['Muhammad', 'Moh.', 'Ahmad', 'Agus', 'Eko', 'Fajar', 'Rizky', 'Bagus', 'Arif', 'Dimas', 'Wahyu'],
              'F': ['Siti', 'Sri', 'Nur', 'Dewi', 'Ayu', 'Eka', 'Fitri', 'Putri', 'Nurul', 'Rina', 'Dian']}


def _rest_pool(first, g):
    if first in ('Muhammad', 'Moh.', 'Ahmad'):
        return [x for x in MUH_REST + AHMAD_REST if ' ' not in x]
    if first in ('Siti', 'Nur', 'Nurul'):
        return sorted({x.split()[-1] for x in ARAB_F if x.split()[0] in ('Siti', 'Nur', 'Nurul')})
    if g == 'M':
        return JAV_M_LAST + MOD_M[2]
    return JAV_F_LAST + MOD_F[2]


def gen_twin_names(self):
    """names of twins: a shared part and a clearly different part"""
    rng = self.rng
    if not getattr(self, '_twin_q', None):
        q = [(a, b, 'M', 'M') for a, b in TWIN_SAME_M] + [(a, b, 'F', 'F') for a, b in TWIN_SAME_F]
        q += [(a, b, 'M', 'F') for a, b in TWIN_MIXED] * 1
        rng.shuffle(q)
        self._twin_q = q
    if rng.random() < 0.45:
        a, b, ga, gb = self._twin_q.pop()
    else:
        ga = gb = 'M' if rng.random() < 0.45 else 'F'
        first = rng.choice(TWIN_FIRST[ga])
        pool = _rest_pool(first, ga)
        for _ in range(200):
            x, y = rng.sample(pool, 2)
            if ratio(x.lower(), y.lower()) < 0.7 and x[0] != y[0] or (ratio(x.lower(), y.lower()) < 0.6):
                break
        a, b = first + ' ' + x, first + ' ' + y
    if rng.random() < 0.5:
        a, b, ga, gb = b, a, gb, ga
    return a, b, ga, gb


def gen_distinct_nips(self, a, b):
    """namesakes must not look like a NIP typo of each other"""
    ba, bb = a[:8], b[:8]
    if ba == bb or is_swap_related(ba, bb) or daymonth_swap(ba) == bb:
        return False
    hb, ht = hamming(ba, bb), hamming(a[8:14], b[8:14])
    if hb <= 1 and ht <= 1:
        return False
    return hb + ht >= 3


def gen_commit_look(self, kind, A, B):
    if B.pid is None:
        self.register(B)
    self.finalize(B)
    A.used = True
    B.used = True
    self.lookalikes.append({'nips': [A.nip, B.nip], 'kind': kind})
    self.look_info.append(dict(kind=kind, a=A.nip, b=B.nip, name_a=A.name, name_b=B.name,
                               opd_a=A.opd_now, opd_b=B.opd_now))
    return True


def gen_finalize(self, p):
    cur = p.segs[-1]['state']
    p.opd_now, p.unit_now = cur[3], cur[4]


Gen.make_lookalike = gen_lookalike
Gen.twin_names = gen_twin_names
Gen.distinct_nips = gen_distinct_nips
Gen.commit_look = gen_commit_look
Gen.finalize = gen_finalize


# --------------------------------------------------------------------------------------
# set generation
# --------------------------------------------------------------------------------------
def jitter(rng, n):
    return max(1, int(round(n * rng.uniform(0.85, 1.15))))


def generate(seed, n_base=2900):
    g = Gen(seed)
    rng = g.rng
    while len(g.persons) < n_base:
        p = g.build_person()
        if p is None:
            continue
        g.register(p)
        g.finalize(p)
    # hard negatives
    look_counts = Counter()
    for kind, n in LOOK_PLAN:
        target = jitter(rng, n)
        tries = 0
        while look_counts[kind] < target and tries < 400:
            tries += 1
            if g.make_lookalike(kind):
                look_counts[kind] += 1
            for p in g.persons:
                if not hasattr(p, 'opd_now'):
                    g.finalize(p)
    # planted duplicates
    dup_counts = Counter()
    for kind, n, ops, nipchange in DUP_PLAN:
        target = jitter(rng, n)
        tries = 0
        while dup_counts[kind] < target and tries < 3000:
            tries += 1
            P = rng.choice(g.persons)
            if P.used:
                continue
            if kind in ('title_in_name', 'title_swapped') and not any(g.gelar_at(P, NOW)):
                continue
            if g.make_dup(kind, P, ops, nipchange):
                dup_counts[kind] += 1
    people = [g.snapshot(p, p.rec_when) for p in g.persons] + [p.dup_record for p in g.persons
                                                               if getattr(p, 'dup_record', None)]
    rng.shuffle(people)
    data = {'people': people, 'duplicates': g.duplicates, 'lookalikes': g.lookalikes}
    return g, data, dup_counts, look_counts


# --------------------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------------------
JENIS = {'PELAKSANA', 'JF', 'PENGAWAS', 'ADMINISTRATOR'}
JENJANG = set(JJ_LABEL)
LEVELS = set(LVL_RANK)
FEMALE_MARK = {'siti', 'st.', 'hj.', 'dra.'}
MALE_MARK = MUH_FULL | MUH_ABBR | {'h.', 'drs.', 'abdul', 'abd.', 'ahmad', 'achmad'}


def validate(data, genders=None, exempt_edu=()):
    errs = []
    people = data['people']
    by_nip = {}
    for r in people:
        if r['nip'] in by_nip:
            errs.append('duplicate NIP %s' % r['nip'])
        by_nip[r['nip']] = r
    for r in people:
        nip = r['nip']
        if not nip_ok(nip):
            errs.append('invalid NIP %s' % nip)
            continue
        b, t, gd, s = nip_parse(nip)
        if genders and genders.get(nip) and genders[nip] != ('M' if gd == '1' else 'F'):
            errs.append('gender digit mismatch %s' % nip)
        toks = [x.lower() for x in (r['gelar_depan'] + ' ' + r['name']).replace(',', ' ').split()]
        nt = [x for x in toks if x not in TITLE_TOKENS]
        marks = set(x for x in toks if x in TITLE_TOKENS) | set(nt[:1])
        if gd == '1' and marks & FEMALE_MARK:
            errs.append('male NIP with female marker %s %s' % (nip, r['name']))
        if gd == '2' and marks & MALE_MARK:
            errs.append('female NIP with male marker %s %s' % (nip, r['name']))
        if r['golongan'] not in GOL:
            errs.append('golongan %s' % nip)
        if r['jenis_jabatan'] not in JENIS:
            errs.append('jenis %s' % nip)
        pos = r['positions']
        if not 1 <= len(pos) <= 4:
            errs.append('positions count %s' % nip)
        prev = None
        for k, x in enumerate(pos):
            st = dt.date.fromisoformat(x['tmt_start'])
            if st < t:
                errs.append('position before TMT CPNS %s' % nip)
            if prev and st <= prev:
                errs.append('positions not chronological %s' % nip)
            prev = st
            if x['tmt_end'] is not None:
                if k == len(pos) - 1:
                    errs.append('last position closed %s' % nip)
                elif dt.date.fromisoformat(x['tmt_end']) < st:
                    errs.append('tmt_end < start %s' % nip)
            elif k != len(pos) - 1:
                errs.append('open position not last %s' % nip)
            if x['jenis'] not in JENIS:
                errs.append('pos jenis %s' % nip)
            if x['jenis'] == 'JF':
                if x['jenjang'] not in JENJANG or not x['jabatan'].endswith(JJ_LABEL[x['jenjang']]):
                    errs.append('JF jenjang/title %s %s' % (nip, x['jabatan']))
            elif x['jenjang'] is not None:
                errs.append('non-JF with jenjang %s' % nip)
            if st > NOW:
                errs.append('future position %s' % nip)
        cur = pos[-1]
        if (r['jabatan'], r['jenis_jabatan'], r['jenjang'], r['opd'], r['unit'], r['tmt_jabatan']) != \
                (cur['jabatan'], cur['jenis'], cur['jenjang'], cur['opd'], cur['unit'], cur['tmt_start']):
            errs.append('current jabatan != last position %s' % nip)
        ed = r['education']
        if not 1 <= len(ed) <= 3:
            errs.append('education count %s' % nip)
        for e in ed:
            if e['level'] not in LEVELS:
                errs.append('edu level %s' % nip)
            if not (b.year + 11 <= e['year'] <= NOW.year) and nip not in exempt_edu:
                errs.append('edu year %s %s' % (nip, e))
    dnips = set()
    for key in ('duplicates', 'lookalikes'):
        for pr in data[key]:
            a, b2 = pr['nips']
            if a == b2:
                errs.append('self pair')
            for n in (a, b2):
                if n not in by_nip:
                    errs.append('%s nip %s missing in people' % (key, n))
            fs = frozenset((a, b2))
            if fs in dnips:
                errs.append('pair listed twice %s' % sorted(fs))
            dnips.add(fs)
            if key == 'duplicates' and a[14] != b2[14]:
                errs.append('duplicate with different gender digit')
    # unlisted pairs that would look like the same person (same birth date + very similar name)
    listed = dnips
    byb = defaultdict(list)
    for r in people:
        byb[r['nip'][:8]].append(r)
    suspicious = []
    for b8, rs in byb.items():
        for i in range(len(rs)):
            for j in range(i + 1, len(rs)):
                x, y = rs[i], rs[j]
                if frozenset((x['nip'], y['nip'])) in listed:
                    continue
                if ratio(core_of(x['name']), core_of(y['name'])) >= 0.8:
                    suspicious.append((x['nip'], x['name'], y['nip'], y['name']))
    return errs, suspicious


# --------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------
KIND_DOC = {
    'name_part_dropped': 'a name part is missing in the second record (Sri Wahyuni / Wahyuni; Muhammad Arif / Arif; '
                         'a middle part or a trailing father\'s name dropped).',
    'name_part_added': 'a name part is added (Aminah -> Siti Aminah, Arif Rahman Hakim -> M. Arif Rahman Hakim, '
                       'Siti Hasanah -> Siti Nur Hasanah, a father\'s name appended).',
    'name_joined_split': 'parts joined or split (Nur Hidayati / Nurhidayati, Abdul Rahman / Abdurrahman, '
                         'Abdurrahman / Abdur Rahman, Puspitasari / Puspita Sari, Wahyuningsih / Wahyu Ningsih).',
    'abbreviation': 'customary abbreviations: St. for Siti, M./Moh./Moch./Muh. for Muhammad/Mohammad/Mochammad, '
                    'Abd. for Abdul, Ach. for Achmad, or the abbreviation expanded.',
    'initials': 'a name part reduced to its initial (Ahmad Yani -> A. Yani, Muhammad Nur Huda -> Muhammad N. Huda).',
    'old_spelling': 'pre-1972 spelling vs EYD (Soeparno / Suparno, Djoko / Joko, Tjahjono / Cahyono, '
                    'Wahjoeni / Wahyuni); only for people born up to 1980; full or partial conversion.',
    'spelling_variant': 'transliteration / phonetic variants (Achmad / Ahmad, Muhammad / Mochammad, '
                        'Khoirul / Choirul, Rohman / Rahman, Setiawan / Setyawan, Rahmawati / Rachmawati, '
                        "Syafi'i / Syafii, Susanti / Susanty ...).",
    'title_in_name': 'academic/religious titles typed into the name field ("Dra. Sri Wahyuni, M.Pd.", '
                     '"H. Abdul Rohman") with the gelar fields left empty.',
    'title_swapped': 'gelar_depan and gelar_belakang exchanged, or "Ns." moved from gelar_belakang to gelar_depan.',
    'typo_letter_dropped': 'one interior letter missing.',
    'typo_letter_doubled': 'one interior letter doubled.',
    'typo_letters_swapped': 'two adjacent letters transposed.',
    'typo_neighbour_key': 'one letter replaced by a neighbouring key on a QWERTY keyboard.',
    'case_whitespace': 'name in upper/lower case or with a doubled space.',
    'two_name_variations': 'two of the name variations above at once (at most one typing error).',
    'nip_typo_birthdate_digit': 'name identical; one digit of the birth-date part (digits 1-8) changed; '
                                'still a valid date 1966-2001.',
    'nip_typo_birthdate_swap': 'name identical; two adjacent digits of the birth-date part swapped (valid date).',
    'nip_typo_birthdate_daymonth': 'name identical; day and month of the birth date exchanged (e.g. 0312 / 1203).',
    'nip_typo_tmt_digit': 'name identical; one digit of the TMT CPNS part (digits 9-14) changed (valid YYYYMM, '
                          'age 19-35 at TMT, TMT not after the first position in that record).',
    'nip_typo_tmt_swap': 'name identical; two adjacent digits of the TMT part swapped (e.g. 201001 / 201010).',
    'nip_typo_serial': 'name identical; one serial digit changed or two serial digits swapped.',
    'nip_typo_and_name_variant': 'hard: one name variation (abbreviation, spelling, typo, dropped/added part, old '
                                 'spelling, join/split, initial) AND a NIP typo in the birth-date or TMT part; '
                                 'never combined with an OPD move.',
    'namesake_same_opd': 'different people with the same (80%) or nearly the same common name (another Muhammad '
                         'spelling/abbreviation) in the same OPD (30% same unit); birth date / TMT are never a '
                         'single typo apart (>=3 differing NIP digits in the first 14, no swap relation).',
    'twins': 'same birth date; same gender (85%) or not; same TMT in about half (recruited together), same OPD in '
             'about 60%; names share a part but the distinct part is clearly a different name (Muhammad Hasan / '
             'Muhammad Husain, Sri Rahayu / Sri Lestari, Wahyu Setiawan / Wahyu Setiawati, Eka/Dwi ...). '
             'With same TMT and gender the NIPs differ only in the serial.',
    'same_birthdate_same_tmt_cohort': 'unrelated people born the same day and recruited in the same wave (so NIP '
                                      'digits 1-14 are equal when the gender is the same); names share the first or '
                                      'last part but differ clearly (core similarity < 0.75).',
    'siblings_same_father_name': 'siblings carrying the same father\'s name as last part ("Ahmad Fauzi Syafi\'i" / '
                                 '"Siti Fatimah Syafi\'i"), born 1.5-10 years apart, 40% same OPD.',
    'nip_one_digit_apart': 'a different person whose NIP differs from the other\'s by exactly one digit (in the '
                           'birth-date, TMT or serial part), same gender, clearly different name.',
}


def describe_population(data):
    people = data['people']
    c_opd = Counter(r['opd'] for r in people)
    c_jenis = Counter(r['jenis_jabatan'] for r in people)
    c_g = Counter('M' if r['nip'][14] == '1' else 'F' for r in people)
    c_name = Counter(' '.join(norm_tokens(r['name'])) for r in people)
    c_tmt = Counter(r['nip'][8:14] for r in people)
    c_gol = Counter(r['golongan'].split('/')[0] for r in people)
    return c_opd, c_jenis, c_g, c_name, c_tmt, c_gol


def write_readme(results, path):
    L = []
    L.append('# Independent duplicate-person test sets (synthetic ASN of a regency in East Java)\n')
    L.append('Files (all produced by `python3 gen.py`, Python 3 standard library only):\n')
    L.append('| file | seed | people records | persons | planted duplicates | lookalike pairs |')
    L.append('|---|---|---|---|---|---|')
    for name, seed, g, data, dc, lc in results:
        L.append('| `%s.json.gz` | %d | %d | %d | %d | %d |' % (name, seed, len(data['people']), len(g.persons),
                                                     len(data['duplicates']), len(data['lookalikes'])))
    L.append('\nFormat: gzip JSON `{"people": [record...], "duplicates": [{"nips": [a, b], "kind": k}], '
             '"lookalikes": [{"nips": [a, b], "kind": k}]}`. Every planted duplicate is a pair (original record, '
             'second record of the same person). **Any pair not listed in `duplicates` is a different-person '
             'pair**; `lookalikes` only marks hard negatives. `*.pairs.tsv` lists every pair with names and '
             'notes for human inspection (same information as the JSON plus generation notes).\n')
    L.append('Record fields: nip, name, gelar_depan, gelar_belakang, golongan, jabatan, jenis_jabatan '
             '(PELAKSANA/JF/PENGAWAS/ADMINISTRATOR, no JPT), jenjang (only for JF), opd, unit, tmt_jabatan, '
             'positions (1-4, chronological, last one open), education (1-3 entries).\n')
    L.append('## Planted duplicates: kinds and counts\n')
    L.append('Because NIPs are unique, the second record of a person always carries a different NIP. For the '
             'name-variation kinds the NIP difference is a one-digit typo (substitution or adjacent swap) in the '
             'serial (digits 16-18) only, i.e. birth date, TMT CPNS and gender digit are the same. The `nip_typo_*` '
             'kinds keep the name identical (titles may still differ, see below) and put the typo in the birth-date, '
             'TMT or serial part. `nip_typo_and_name_variant` combines a name variation with a birth-date/TMT typo.\n')
    L.append('Independently of the kind, the second record is a snapshot of the same simulated life:')
    L.append('* ~65% are snapshots taken at an earlier or later date than the other record (one of the two is '
             'current, 2025-12-01): fewer positions, an older jabatan/jenjang/golongan, titles of that time '
             '(no M.Pd. yet, no H./Hj. before the hajj year), fewer education entries;')
    L.append('* about a third of those (pelaksana and mobile JF only) moved to another OPD between the two dates, '
             'so the two records sit in different OPDs;')
    L.append('* data-entry differences: education reduced to the highest degree (30% of stale records), '
             'institution written with an alias/abbreviation (20%), graduation year off by one (8%), older '
             'positions missing in a same-date copy (35%).\n')
    kinds = [k for k, *_ in DUP_PLAN]
    L.append('| kind | ' + ' | '.join(n for n, *_ in results) + ' | description |')
    L.append('|---|' + '---|' * len(results) + '---|')
    for k in kinds:
        L.append('| `%s` | %s | %s |' % (k, ' | '.join(str(r[4][k]) for r in results), KIND_DOC[k]))
    L.append('| **total** | %s | |' % ' | '.join(str(sum(r[4].values())) for r in results))
    L.append('\nAdditional per-set properties of the duplicates:\n')
    L.append('| property | ' + ' | '.join(n for n, *_ in results) + ' |')
    L.append('|---|' + '---|' * len(results))
    for label, fn in [('second record at another date (stale snapshot)', lambda i: i['mode'] == 'stale'),
                      ('different OPD (person moved)', lambda i: i['moved']),
                      ('education incomplete', lambda i: 'education incomplete' in i['notes']),
                      ('institution alias', lambda i: 'institution written differently' in i['notes']),
                      ('older positions missing', lambda i: 'older positions missing' in i['notes'])]:
        L.append('| %s | %s |' % (label, ' | '.join(str(sum(1 for i in r[2].dup_info if fn(i))) for r in results)))
    L.append('\n## Hard negatives (`lookalikes`): kinds and counts\n')
    L.append('Each person of a lookalike pair is an independently simulated life with its own education, '
             'golongan and position history.\n')
    L.append('| kind | ' + ' | '.join(n for n, *_ in results) + ' | description |')
    L.append('|---|' + '---|' * len(results) + '---|')
    for k, _ in LOOK_PLAN:
        L.append('| `%s` | %s | %s |' % (k, ' | '.join(str(r[5][k]) for r in results), KIND_DOC[k]))
    L.append('| **total** | %s | |' % ' | '.join(str(sum(r[5].values())) for r in results))
    L.append('\n## How the population was made\n')
    L.append('* ~2,900 base persons plus the persons created for the lookalike pairs (~3,000 ASN per set). Each '
             'person is a simulated life, and a record is a snapshot of it at 2025-12-01 (or at an earlier date '
             'for some originals of planted duplicates).')
    L.append('* **OPD** chosen with realistic weights (Dinas Pendidikan ~44% - mostly teachers in "UPT SD Negeri n '
             'Gresik" / "UPT SMP Negeri n Gresik"; Dinas Kesehatan ~14% mostly in 32 Puskesmas; RSUD Ibnu Sina ~8%; '
             "RSUD Umar Mas'ud; Sekretariat Daerah (Bagian ...), Sekretariat DPRD, Inspektorat, Bappeda, BPKAD, "
             'Bapenda, BKPSDM, ~25 Dinas/Badan, 18 Kecamatan of Gresik with Kelurahan in Gresik/Kebomas).')
    L.append('* **Track** per OPD: guru, JF (health, penyuluh, analis, auditor, Pol PP, ...), pelaksana, pengawas, '
             'administrator, or former pengawas converted to JF Ahli Muda by the 2021/2022 penyetaraan. Current '
             'PENGAWAS/ADMINISTRATOR posts are unique per OPD (one Camat per Kecamatan, one Kepala Bagian '
             'Organisasi, ...).')
    L.append('* **TMT CPNS** drawn from recruitment waves (1986-2000 March intakes, honorer waves 2005-2010, '
             '2008-12/2009-01/2010-03 peaks, 2014, 2019-03, 2020-06/07, 2022-04/05, 2024-06, 2025-06; 10% random '
             'months), entry age 19-35 depending on entry education; birth 1966-2001 (1966-67 only teachers, who '
             'retire at 60). Same TMT + same birth date therefore occurs by chance.')
    L.append('* **NIP** = birth date + TMT CPNS + gender digit + serial (serial mostly 001-005, geometric, unique).')
    L.append('* **Names** by style and birth cohort: Javanese single (Sumarno, Suparmi) more frequent for older '
             'people, Javanese two/three-part (Agus Setiawan, Sri Wahyuni, Eko Budi Santoso), modern names for '
             'younger people (Rizky Dwi Pratama), Arabic-origin (Muhammad/Mochammad/Moh./M., Ahmad/Achmad, '
             'Abdul/Abd., Siti, Nur/Nurul, Khoirul, Lailatul ...), Madurese (Matrawi, Hosniyah, Moh. Holil), '
             'Chinese-Indonesian and Christian names; Zipf-weighted pools plus a list of very common names, so '
             'names repeat (see table below); some people born <=1974 natively use old spelling (Soeparmi, Djoko); a few carry '
             'a father\'s name as last part.')
    L.append('* **Education**: school + entry degree (year from birth year), later degrees (D2->S1 teachers before '
             '2013, D3->S1 Ners/D4 with switch from keterampilan to keahlian JF, SMA/D3->S1 for structural careers, '
             'S2), institutions of East Java with historic names (IKIP Surabaya before 2000, IAIN Sunan Ampel '
             'before 2014, ...). Titles derive from degrees held at the snapshot date (Drs./Dra. for S1 until '
             '1993, Ir. for S.T./S.P. until 1998, dr./drg./drh., Sp.x, S.Kep., Ns., A.Md.Keb., M.Pd., ...), H./Hj. '
             'after the hajj year.')
    L.append('* **Golongan** start by entry education (SD I/a, SMP I/c, SMA II/a, D2 II/b, D3 II/c, S1/D4 III/a, '
             'S2 III/b, doctors/apoteker III/b), promotions every 2-4 years (JF/guru) or 4 years, penyesuaian '
             'ijazah after a new degree, caps by education and track. JF jenjang follows golongan (Ahli Pertama '
             'III/a-b, Ahli Muda III/c-d, Ahli Madya IV/a-c; Terampil II/c-d, Mahir III/a-b, Penyelia III/c-d), '
             'each change being a new position entry; pelaksana names change on 2023-01-02 (Pengadministrasi '
             'Umum -> Pengadministrasi Perkantoran, Pengemudi -> Operator Layanan Operasional, ...); random '
             'mutations between schools, puskesmas, units and OPDs.')
    L.append('* Unrelated people are kept decidable: no two different persons share a birth date with very '
             'similar names (core similarity >= 0.8), nor have NIP digits 1-14 one typo apart with similar names '
             '(>= 0.7), nor same TMT+gender with birth dates <= 2 digits apart and near-identical names, nor the same name '
             'core with NIP digits 1-14 at most two digits apart, except the pairs deliberately listed as lookalikes.\n')
    for name, seed, g, data, dc, lc in results:
        c_opd, c_jenis, c_g, c_name, c_tmt, c_gol = describe_population(data)
        n = len(data['people'])
        L.append('### Population statistics: %s (%d records)\n' % (name, n))
        L.append('* gender: %d male / %d female' % (c_g['M'], c_g['F']))
        L.append('* jenis_jabatan: ' + ', '.join('%s %d' % kv for kv in c_jenis.most_common()))
        L.append('* golongan group: ' + ', '.join('%s %d' % kv for kv in sorted(c_gol.items())))
        L.append('* largest OPDs: ' + ', '.join('%s %d' % kv for kv in c_opd.most_common(8)))
        L.append('* most frequent TMT CPNS (YYYYMM): ' + ', '.join('%s %d' % kv for kv in c_tmt.most_common(8)))
        L.append('* most repeated names (normalised): ' + ', '.join('%s %d' % kv for kv in c_name.most_common(10)))
        L.append('')
    L.append('## Validation performed by gen.py\n')
    L.append('18-digit NIPs, unique; birth date a real date 1966-2001; TMT CPNS month valid, 1986-01..2025-12; age '
             '19-35 at TMT; gender digit equals the simulated gender and agrees with gendered name/title markers '
             '(Siti/Hj./Dra. female, Muhammad/H./Drs. male); serial 001-999; every pair NIP present in people; no '
             'pair listed twice; positions chronological, start not before TMT CPNS, last one open and equal to '
             'the current jabatan; JF jenjang consistent with the title; 1-3 education entries with valid levels. '
             'Also reported: unlisted pairs with the same birth date and name core similarity >= 0.8 '
             '(must be 0).\n')
    with open(path, 'w') as f:
        f.write('\n'.join(L) + '\n')


def write_pairs_tsv(g, path):
    with open(path, 'w') as f:
        f.write('list\tkind\tnip_a\tname_a\tnip_b\tname_b\tnotes\n')
        for i in g.dup_info:
            notes = list(i['notes'])
            if i['ops']:
                notes.insert(0, 'ops=' + '+'.join(i['ops']))
            notes.insert(0, 'nip=' + (i['nip_change'] if isinstance(i['nip_change'], str) else '/'.join(i['nip_change'])))
            f.write('duplicate\t%s\t%s\t%s\t%s\t%s\t%s\n' % (i['kind'], i['a'], i['name_a'], i['b'], i['name_b'],
                                                           '; '.join(notes)))
        for i in g.look_info:
            f.write('lookalike\t%s\t%s\t%s\t%s\t%s\t%s | %s\n' % (i['kind'], i['a'], i['name_a'], i['b'],
                                                                i['name_b'], i['opd_a'], i['opd_b']))


def run_one(name, seed, out_path):
    g, data, dc, lc = generate(seed)
    with gzip.open(out_path, 'wt', encoding='utf-8') as f:
        json.dump(data, f, ensure_ascii=False)
    with gzip.open(out_path, 'rt', encoding='utf-8') as f:
        back = json.load(f)
    genders = {}
    for p in g.persons:
        genders[p.nip] = p.gender
        if getattr(p, 'dup_record', None):
            genders[p.dup_record['nip']] = p.gender
    exempt = {i['b'] for i in g.dup_info if not isinstance(i['nip_change'], str) and i['nip_change'][0] == 'birth'}
    errs, susp = validate(back, genders, exempt)
    print('== %s (seed %d): %d people records, %d persons, %d duplicates, %d lookalikes' % (
        name, seed, len(back['people']), len(g.persons), len(back['duplicates']), len(back['lookalikes'])))
    print('   validation errors: %d ; unlisted same-birthdate near-identical names: %d' % (len(errs), len(susp)))
    for e in errs[:20]:
        print('   ERR', e)
    for s in susp[:10]:
        print('   SUSPICIOUS', s)
    print('   duplicates by kind:')
    for k, *_ in DUP_PLAN:
        print('     %-32s %3d' % (k, dc[k]))
    print('   lookalikes by kind:')
    for k, _ in LOOK_PLAN:
        print('     %-32s %3d' % (k, lc[k]))
    return g, back, dc, lc, errs, susp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int)
    ap.add_argument('--out')
    a = ap.parse_args()
    if a.seed is not None:
        out = a.out or os.path.join(HERE, 'set_%d.json.gz' % a.seed)
        g = run_one(os.path.basename(out), a.seed, out)[0]
        write_pairs_tsv(g, out.replace('.json.gz', '') + '.pairs.tsv')
        return
    results = []
    bad = False
    for name, seed in (('dev', 101), ('heldout', 202)):
        out = os.path.join(HERE, name + '.json.gz')
        g, data, dc, lc, errs, susp = run_one(name, seed, out)
        write_pairs_tsv(g, os.path.join(HERE, name + '.pairs.tsv'))
        results.append((name, seed, g, data, dc, lc))
        bad = bad or bool(errs) or bool(susp)
    write_readme(results, os.path.join(HERE, 'README.md'))
    print('\n== summary: counts by kind per set')
    print('   %-34s %8s %8s' % ('kind', 'dev', 'heldout'))
    for k, *_ in DUP_PLAN:
        print('   dup  %-29s %8d %8d' % (k, results[0][4][k], results[1][4][k]))
    print('   %-34s %8d %8d' % ('duplicates total', sum(results[0][4].values()), sum(results[1][4].values())))
    for k, _ in LOOK_PLAN:
        print('   look %-29s %8d %8d' % (k, results[0][5][k], results[1][5][k]))
    print('   %-34s %8d %8d' % ('lookalikes total', sum(results[0][5].values()), sum(results[1][5].values())))
    print('README written.' + (' VALIDATION PROBLEMS!' if bad else ' All checks passed.'))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
