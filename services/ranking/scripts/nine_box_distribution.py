"""The 9-box distribution of the demo data set (issue 17, item 7), in one run:

    .venv/bin/python services/ranking/scripts/nine_box_distribution.py [--count 10000]

Generates the demo regency (tools/seed, seed 2026, as `make run` loads it), builds the
ranking read model in-process and prints the grid of the shipped policy: count and share per
box, the talent pool (boxes 7-9), those not placeable and the policy's warnings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from potret_ranking.adapters.policy_files import load_policy
from potret_ranking.domain.columns import Columns
from potret_ranking.domain.facts import facts_from_profile
from potret_ranking.domain.ranking import BOX_MEANING, talent_grid
from potret_seed.generator import Generator

LAYOUT = ((6, 8, 9), (3, 5, 7), (1, 2, 4))  # rows: potensial tinggi, menengah, rendah


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="reference date")
    args = parser.parse_args()
    ref = dt.date.fromisoformat(args.date)
    policy = load_policy()
    cols = Columns()
    started = time.perf_counter()
    for i, person in enumerate(Generator(seed=args.seed).people(args.count), 1):
        cols.upsert(facts_from_profile(person["nip"], 1, person, today=ref))
        if i % 1000 == 0:
            print(f"\r{i}/{args.count} ASN", end="", file=sys.stderr, flush=True)
    print(f"\r{args.count} ASN in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    grid = talent_grid(cols.view(), policy, ref, members=0)
    placed = grid.total - grid.counts[0]
    print(f"policy {grid.policy_version}, reference date {ref}, {grid.total} ASN")
    print(f"placed {placed} ({placed / grid.total:.1%}); not placeable {grid.counts[0]}")
    print("             di bawah   sesuai   di atas   (kinerja)")
    for label, row in zip(("tinggi", "menengah", "rendah"), LAYOUT, strict=True):
        cells = "".join(f"{grid.counts[b]:>6} {grid.shares[b]:>4.0%}" for b in row)
        print(f"{label:<10} {cells}")
    print(f"talent pool (7-9): {grid.talent_pool} ({grid.talent_pool / max(placed, 1):.1%})")
    for b in range(9, 0, -1):
        print(f"  kotak {b}: {grid.counts[b]:>5}  {grid.shares[b]:>6.1%}  {BOX_MEANING[b]}")
    for key, value in grid.cutoffs.items():
        print(f"  {key}: {value}")
    for warning in grid.warnings:
        print(f"PERINGATAN: {warning}")


if __name__ == "__main__":
    main()
