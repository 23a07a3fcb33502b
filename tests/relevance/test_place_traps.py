"""A place name is never domain evidence (issue 17, item 2), measured on traps.

Population: 3,000 generated ASN of the demo regency (staff of Kecamatan Tambak, Sangkapura,
Ujungpangkah ..., the Inspektorat and the post holders among them) plus trap records: people
whose records carry a place name that looks like domain vocabulary (Kecamatan Tambak, SD
Negeri Kambingan, Desa Sawah Mulya, Inspektur Pembantu) and controls who really work in that
domain. For each domain, everyone is ranked by expertise in it ("expert in
domain X", as search's `sort=expertise` does) and we report:

- precision@10 and @50 (macro over domains with anyone with evidence): the share of the top
  that really has the domain (generated people: works or worked in an OPD of the domain,
  holds or held one of its JF, or studied one of its majors, from the generator's
  structured facts, not from the scorer; traps: `true_domains`);
- violations: a trap in the top 50 of a domain it only points at through a place name;
- leaks: a trap with any evidence at all in such a domain (stricter: in a small OPD or a
  small regency, any evidence can reach a top 10);
- controls found: controls with evidence in their domain at all;
- coverage: the share of the generated people who really have the domain that have any
  evidence of it (macro over domains): recall beside precision.

Sets: `dev_place_traps.json` (written with the gazetteer change, tuned against); the held-out
sets, each written by an independent helper before the changes it measures and run once for
its clean figure; `heldout_place_traps.json` ... `heldout7_place_traps.json` had their
failures read and fixed in general form afterwards (so they are no longer clean);
`heldout10_place_traps.json` (written with held-out 9, before the fixes that followed it),
`heldout15_place_traps.json` and `heldout16_place_traps.json` (written before the reading in
the person's field) are never read and give the clean figures; held-out 8, 9, 11, 12, 13 and
14 were read and fixed in general form (2026-12-03). The test asserts on the dev set; the
held-out figures are for reporting:

    .venv/bin/python tests/relevance/test_place_traps.py     # every set, side by side
    .venv/bin/python tests/relevance/test_place_traps.py --summary held-out-10 held-out-15
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from potret_expertise import expertise_all
from potret_expertise.thesaurus import thesaurus
from potret_seed.generator import Generator
from potret_seed.gresik import ALL_OPDS

HERE = Path(__file__).parent
TODAY = dt.date(2026, 11, 1)
PEOPLE = 3000
SEED = 31337


@dataclass
class Report:
    name: str
    traps: int
    controls: int
    precision_10: float
    precision_50: float
    violations: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)  # any evidence through a place at all
    controls_found: int = 0
    per_domain: list[str] = field(default_factory=list)
    coverage: float = 0.0  # macro share of the really-in-the-domain people with any evidence


def _grade(person: dict[str, Any], code: str, opd_domains: dict[str, set[str]]) -> int:
    """Generated people: does the person really have the domain (structured facts only)?"""
    majors = {m.lower() for m in thesaurus().domains[code].majors}
    studied = any(
        e.get("major", "").lower().removeprefix("magister ").removeprefix("doktor ") in majors
        for e in person["education"]
    )
    served = any(code in opd_domains.get(p["opd"], set()) for p in person["positions"])
    jfs = [j.lower() for j in thesaurus().domains[code].jf]
    jf = any(p["jabatan"].lower().startswith(tuple(jfs)) for p in person["positions"] if jfs)
    return int(served or studied or jf or code in opd_domains.get(person["opd"], set()))


@cache
def _population() -> tuple[dict[str, Any], ...]:
    return tuple(Generator(seed=SEED).people(PEOPLE))


@cache
def _population_scores() -> tuple[dict[str, float], ...]:
    return tuple(
        {c: e.score for c, e in expertise_all(p, today=TODAY).items()} for p in _population()
    )


def load(name: str) -> list[dict[str, Any]]:
    traps: list[dict[str, Any]] = json.loads((HERE / name).read_text("utf-8"))["traps"]
    for t in traps:  # the second held-out set names a control's domain "suggested_domains"
        t["trap_domains"] = t["trap_domains"] or t.get("suggested_domains", [])
    return traps


def measure(name: str, traps: list[dict[str, Any]]) -> Report:
    """Precision@10/@50 over every domain, violations, leaks, controls found."""
    opd_domains = {o.name: set(o.domains) for o in ALL_OPDS}
    people, scores = _population(), _population_scores()
    trap_scores = [
        {c: e.score for c, e in expertise_all(t["record"], today=TODAY).items()} for t in traps
    ]
    # Every domain: a place can point anywhere, and the generated staff of place-named units
    # (Kecamatan Tambak, Puskesmas Sangkapura ...) are in the population too.
    domains = sorted(thesaurus().domains)
    p10: list[float] = []
    p50: list[float] = []
    covered: list[float] = []
    violations: list[str] = []
    leaks: list[str] = []
    rows: list[str] = []
    for code in domains:
        ranked: list[tuple[float, str, bool, dict[str, Any] | None]] = [
            (s[code], p["nip"], bool(_grade(p, code, opd_domains)), None)
            for p, s in zip(people, scores, strict=True)
            if s.get(code, 0) > 0
        ]
        ranked += [
            (s[code], f"trap:{t['id']}", code in t["true_domains"], t)
            for t, s in zip(traps, trap_scores, strict=True)
            if s.get(code, 0) > 0
        ]
        really = [
            s.get(code, 0) > 0
            for p, s in zip(people, scores, strict=True)
            if _grade(p, code, opd_domains)
        ]
        if really:  # recall beside precision: a rule must not buy one with the other
            covered.append(sum(really) / len(really))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        leaks += [
            f"{key} has {code} evidence ({score:.3f}): {trap['scenario']}"
            for score, key, relevant, trap in ranked
            if trap is not None and not relevant and code in trap["trap_domains"]
        ]
        top10, top50 = ranked[:10], ranked[:50]
        if not ranked:
            rows.append(f"{code:<32}    -    - (nobody with evidence)")
            continue
        p10.append(sum(r[2] for r in top10) / len(top10))
        p50.append(sum(r[2] for r in top50) / len(top50))
        for _, key, relevant, trap in top50:
            if trap is not None and not relevant and code in trap["trap_domains"]:
                violations.append(f"{key} in the top 50 of {code}: {trap['scenario']}")
        rows.append(f"{code:<32} {p10[-1]:.2f} {p50[-1]:.2f} ({len(ranked)} with evidence)")
    controls = [
        (t, s)
        for t, s in zip(traps, trap_scores, strict=True)
        if set(t["trap_domains"]) & set(t["true_domains"])
    ]
    found = sum(
        1
        for t, s in controls
        if all(s.get(d, 0) > 0 for d in t["trap_domains"] if d in t["true_domains"])
    )
    return Report(
        name,
        len(traps),
        len(controls),
        sum(p10) / len(p10),
        sum(p50) / len(p50),
        violations,
        leaks,
        found,
        rows,
        sum(covered) / len(covered),
    )


def test_no_trap_is_in_the_top_50_of_a_domain_it_only_names_as_a_place() -> None:
    report = measure("dev", load("dev_place_traps.json"))
    assert not report.violations, report.violations
    assert not report.leaks, report.leaks
    assert report.controls_found == report.controls  # real experts keep their evidence
    # Measured 0.986 over every domain (2026-12-03; 0.859 the day before, ahead of reading in
    # the field); the misses left are supporting functions in other OPDs (a Kasubbag Umum dan
    # Kepegawaian of any OPD does personnel work the generator does not grade), not places.
    assert report.precision_50 >= 0.97, report.per_domain


def _print(reports: list[Report], summary_only: bool) -> None:
    print(f"{'':<28}" + "".join(f"{r.name:>12}" for r in reports))
    rows: tuple[tuple[str, Callable[[Report], str]], ...] = (
        ("traps", lambda r: str(r.traps)),
        ("controls found", lambda r: f"{r.controls_found}/{r.controls}"),
        ("precision@10 (macro)", lambda r: f"{r.precision_10:.3f}"),
        ("precision@50 (macro)", lambda r: f"{r.precision_50:.3f}"),
        ("coverage (macro)", lambda r: f"{r.coverage:.3f}"),
        ("traps in a top 50", lambda r: str(len(r.violations))),
        ("traps with place evidence", lambda r: str(len(r.leaks))),
    )
    for label, get in rows:
        print(f"{label:<28}" + "".join(f"{get(r):>12}" for r in reports))
    if summary_only:  # a clean set's failures are not read, or it stops being clean
        return
    for r in reports:
        print(f"\n{r.name}: per domain (precision@10, @50)")
        print("\n".join(r.per_domain))
        for v in r.violations + r.leaks:
            print("  ", v)


if __name__ == "__main__":
    sets = [
        ("dev", "dev_place_traps.json"),
        ("held-out", "heldout_place_traps.json"),
        ("held-out-2", "heldout2_place_traps.json"),
        ("held-out-3", "heldout3_place_traps.json"),
        ("held-out-4", "heldout4_place_traps.json"),
        ("held-out-5", "heldout5_place_traps.json"),
        ("held-out-6", "heldout6_place_traps.json"),
        ("held-out-7", "heldout7_place_traps.json"),
        ("held-out-8", "heldout8_place_traps.json"),
        ("held-out-9", "heldout9_place_traps.json"),
        ("held-out-10", "heldout10_place_traps.json"),
        ("held-out-11", "heldout11_place_traps.json"),
        ("held-out-12", "heldout12_place_traps.json"),
        ("held-out-13", "heldout13_place_traps.json"),
        ("held-out-14", "heldout14_place_traps.json"),
        ("held-out-15", "heldout15_place_traps.json"),
        ("held-out-16", "heldout16_place_traps.json"),
        ("held-out-17", "heldout17_place_traps.json"),
    ]
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    chosen = [s for s in sets if not args or s[0] in args]
    reports = [measure(name, load(path)) for name, path in chosen if (HERE / path).exists()]
    _print(reports, summary_only="--summary" in sys.argv)
