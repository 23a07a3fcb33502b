"""One table of Indonesian labels for every code shown to a person (issue 22)."""

import re

import pytest

from potret_asn_rules import domains
from potret_asn_rules.labels import RULES, label, labels
from potret_asn_rules.vocab import COMPETENCIES, FACTOR_LABELS, JENJANG, PREDIKAT_ORDINAL

# Codes that are words or acronyms in their own right: shown as they are.
ACRONYMS = {"PNS", "CPNS", "PPPK", "SD", "SMP", "PKA", "PKP", "NIK"}


def test_every_code_of_every_vocabulary_has_a_label() -> None:
    tables = labels()
    assert set(tables["jenis_jabatan"]) == set(JENJANG)
    assert set(tables["jenjang"]) == {j for js in JENJANG.values() for j in js}
    assert set(tables["predikat"]) == set(PREDIKAT_ORDINAL)
    assert set(tables["competency"]) == set(COMPETENCIES)
    assert set(tables["factor"]) == set(FACTOR_LABELS)
    assert set(tables["domain"]) == set(domains())
    assert set(tables["rule"]) == set(RULES) == set(tables["rule_source"])


@pytest.mark.parametrize("kind", sorted(labels()))
def test_no_label_is_a_raw_code(kind: str) -> None:
    raw = re.compile(r"\b[A-Z]{2,}_[A-Z_]+\b|\b[a-z]+_[a-z_]+\b|\bELIG-[A-Z-]+\b")
    for code, text in labels()[kind].items():
        assert text.strip(), (kind, code)
        assert not raw.search(text), (kind, code, text)
        if text == code and kind != "rule_source":  # a word or an acronym in its own right
            assert code in ACRONYMS or re.fullmatch(r"[a-z]+", code), (kind, code)


def test_the_words_people_read() -> None:
    assert label("rule", "ELIG-GOL") == "Golongan minimal"
    assert label("domain", "kelautan_perikanan") == "Kelautan dan Perikanan"
    assert label("jenjang", "PRATAMA") == "Pratama"
    assert label("jenis_jabatan", "ADMINISTRATOR") == "Jabatan Administrator"
    assert label("predikat", "SANGAT_BAIK") == "Sangat Baik"
    assert label("competency", "M.01") == "Integritas"
    assert label("personal", "birth_place") == "Tempat lahir"
    # a code no table knows is shown in words, never bare
    assert label("kedudukan", "PENUGASAN_KHUSUS") == "Penugasan khusus"
    assert label("nothing", "x_y") == "x y"
