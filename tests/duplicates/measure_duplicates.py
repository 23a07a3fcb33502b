"""Duplicate detection measured on independent sets: precision and recall of GET /duplicates
at its default threshold, through the profile service (in process, its own SQLite store), per
kind of planted duplicate and per kind of look-alike pair (different people).

    .venv/bin/python tests/duplicates/measure_duplicates.py dev-independent
    .venv/bin/python tests/duplicates/measure_duplicates.py \
        dev-independent held-out-independent --summary

A set (README.md, SETS.md) was written by a generator that is not the project's (potret-seed) and
that never saw the matcher: `people` (records in the shape of POST /profiles),
`duplicates` (pairs that are one person, each with its kind) and `lookalikes` (pairs of
different people that look alike, each with its kind). Held-out sets are run only to report,
never read while the matcher changes (README of this folder).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from potret_credentials.internal import service_auth
from potret_profile.adapters.duplicate_pairs import KeptPairs
from potret_profile.main import create_app
from potret_profile.service.duplicate_book import DuplicateBuilder
from potret_profile.settings import Settings

HERE = Path(__file__).parent
Pair = tuple[str, str]


def _pair(nips: list[str]) -> Pair:
    a, b = sorted(nips)
    return a, b


def load(name: str) -> dict[str, Any]:
    path = HERE / f"{name}.json.gz"
    if not path.exists():
        sys.exit(f"no set {path}")
    data: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return data


def found_pairs(people: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The pairs GET /duplicates reports at its default threshold, and the records the
    import refused (a set the service cannot take is no measurement)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=Path(tmp) / "profile.db", relay_enabled=False)
        with TestClient(create_app(settings)) as client:
            client.auth = service_auth("profile")
            failed = 0
            for start in range(0, len(people), 1000):
                report = client.post("/imports/profiles", json=people[start : start + 1000])
                body = report.json()
                failed += body["failed"]
                for error in body["errors"][:3]:
                    print(f"  refused: {error}", file=sys.stderr)
            # more changes than a report compares inline: what the service's background
            # builder does next (duplicate_book.py)
            kept = KeptPairs(client.app.state.store.database)  # type: ignore[attr-defined]
            while kept.due():
                DuplicateBuilder(kept).once()
            answer = client.get("/duplicates", params={"limit": 1000}).json()
            assert answer["pending_reassessment"] == 0, answer["pending_reassessment"]
    return answer["data"], failed


def measure(name: str, *, verbose: bool) -> dict[str, Any]:
    data = load(name)
    truth = {_pair(d["nips"]): d["kind"] for d in data["duplicates"]}
    alike = {_pair(d["nips"]): d["kind"] for d in data["lookalikes"]}
    found, failed = found_pairs(data["people"])
    pairs = {_pair(f["nips"]): f for f in found}
    hits = set(pairs) & set(truth)
    precision = len(hits) / len(pairs) if pairs else 0.0
    recall = len(hits) / len(truth) if truth else 0.0
    kinds = Counter(truth.values())
    kinds_hit = Counter(truth[p] for p in hits)
    alike_kinds = Counter(alike.values())
    alike_flagged = Counter(alike[p] for p in pairs if p in alike)
    other_false = [p for p in pairs if p not in truth and p not in alike]
    result = {
        "set": name,
        "people": len(data["people"]),
        "refused": failed,
        "duplicates": len(truth),
        "found": len(pairs),
        "precision": precision,
        "recall": recall,
        "by_kind": {k: (kinds_hit[k], n) for k, n in sorted(kinds.items())},
        "lookalikes_flagged": {k: (alike_flagged[k], n) for k, n in sorted(alike_kinds.items())},
        "other_false": len(other_false),
    }
    if verbose:
        names = {p["nip"]: p.get("name", "") for p in data["people"]}
        for p in sorted(set(truth) - hits):
            print(f"  missed [{truth[p]}] {p[0]} {names[p[0]]!r} / {p[1]} {names[p[1]]!r}")
        for p in sorted(set(pairs) - set(truth)):
            kind = alike.get(p, "not planted")
            print(
                f"  false [{kind}] {p[0]} {names[p[0]]!r} / {p[1]} {names[p[1]]!r}"
                f" score {pairs[p]['score']}"
            )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", help="set names in this folder, e.g. dev-independent")
    parser.add_argument("--summary", action="store_true", help="figures only, no pairs")
    args = parser.parse_args()
    for name in args.sets:
        r = measure(name, verbose=not args.summary and not name.startswith("held-out"))
        print(
            f"{r['set']}: {r['people']} people ({r['refused']} refused), {r['duplicates']} "
            f"planted, {r['found']} found: precision {r['precision']:.3f}, "
            f"recall {r['recall']:.3f}; other false pairs {r['other_false']}"
        )
        for kind, (hit, n) in r["by_kind"].items():
            print(f"    found {hit:>3}/{n:<3} {kind}")
        for kind, (flagged, n) in r["lookalikes_flagged"].items():
            print(f"    flagged {flagged:>3}/{n:<3} look-alike {kind}")


if __name__ == "__main__":
    main()
