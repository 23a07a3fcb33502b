"""How well Tanya Potret understands questions (issue 19): exact interpretation accuracy.

Each set (`<name>.jsonl`, shape in SCHEMA.md) is run conversation by conversation through the
ask engine against the demo data (seed 2026, 10,000 ASN, the 266-post catalogue), "today"
fixed at 2026-12-03. A turn is right when its intent and every slot are what the set expects
and no other slot is filled. Printed: accuracy per set and a per-intent table side by side,
and for sets other than the held-out ones, each wrong turn with what differed.

    .venv/bin/python tests/understanding/measure.py dev            # failures shown
    .venv/bin/python tests/understanding/measure.py --summary dev dev2 dev3 dev4 dev5 dev6 dev7 \
        dev8 dev9 dev10 held-out

Held-out sets (`held-out*.jsonl`) are never shown turn by turn: they are measured to report.
The engine is potret_ask.reader (the keyword parser it replaced, the baseline of the first
figures, is retired). Figures over the sessions are in libs/ask/README.md; the
last (2026-12-04): dev 100 %, dev2 99.6, dev3 99.4, dev4 99.7, dev5 99.3, dev6 99.6, dev7 99.6,
dev8 99.2, dev9 98.9, dev10 100 % (its first run 91.9 %), held-out 95.5 %.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

HERE = Path(__file__).parent
TODAY = dt.date(2026, 12, 3)
SEED = 2026
PEOPLE = 10_000
SLOTS = (
    "domains",
    "opd",
    "position",
    "persons",
    "refs",
    "golongan",
    "education",
    "jenis_jabatan",
    "status",
    "retire",
    "group_by",
    "box",
    "top",
    "vacancy",
)
INTENTS = (
    "find_experts",
    "best_for_position",
    "count",
    "list",
    "position_holder",
    "vacancies",
    "nine_box",
    "explain_candidate",
    "compare",
    "profile_lookup",
    "unknown",
    "refused",
)


@dataclass(frozen=True)
class DemoData:
    """What entities resolve against: the demo regency's OPDs, posts and people."""

    opds: tuple[str, ...]
    positions: tuple[dict[str, Any], ...]
    people: tuple[dict[str, Any], ...]


@cache
def demo_data() -> DemoData:
    from potret_seed.generator import Generator
    from potret_seed.gresik import ALL_OPDS

    generator = Generator(SEED)
    people = tuple(generator.people(PEOPLE))
    positions = tuple(generator.positions())  # after the people: their holders are filled
    return DemoData(tuple(o.name for o in ALL_OPDS), positions, people)


class Engine(Protocol):
    """One conversation at a time: `turn` returns the interpretation in SCHEMA.md's shape."""

    def new_conversation(self) -> None: ...

    def turn(self, question: str) -> dict[str, Any]: ...


class AskReader:
    """potret_ask.reader with the demo data as its directory."""

    def __init__(self, data: DemoData) -> None:
        from potret_ask.directory import Directory, Person
        from potret_ask.positions import CatalogueEntry
        from potret_ask.reader import Conversation

        self.directory = Directory.build(
            data.opds,
            (
                CatalogueEntry(p["position_id"], p["name"], p.get("opd") or "", p["jenis"] or "")
                for p in data.positions
            ),
            (Person(p["nip"], p["name"], p["opd"]) for p in data.people),
        )
        self.conversation = Conversation()

    def new_conversation(self) -> None:
        from potret_ask.reader import Conversation

        self.conversation = Conversation()

    def turn(self, question: str) -> dict[str, Any]:
        from potret_ask.reader import read

        reading = read(question, self.directory, self.conversation, TODAY)
        self.conversation = self.conversation.after(reading, _items(reading))
        return reading.schema()


def _items(reading: Any) -> tuple[str, ...]:
    """Stand-ins for the NIPs the running system would answer with (what "nomor 2" and "dia"
    point into next): a list for experts, candidates, lists and a box; one person for a
    holder, a profile or an explanation; the people compared; none for counts and posts."""
    intent = reading.intent
    if intent in ("find_experts", "best_for_position"):
        n = reading.top or 5
    elif intent == "list" or (intent == "nine_box" and reading.box):
        n = reading.top or 20
    elif intent in ("position_holder", "profile_lookup", "explain_candidate"):
        n = 1
    elif intent == "compare":
        n = len(reading.persons) + len(reading.refs)
    else:
        n = 0
    return tuple(f"item-{i}" for i in range(1, n + 1))


def _differences(expect: dict[str, Any], got: dict[str, Any], later_turn: bool) -> list[str]:
    wrong = []
    if got.get("intent") != expect["intent"]:
        wrong.append("intent")
    for slot in SLOTS:
        want, have = expect.get(slot), got.get(slot)
        if slot == "domains" and want and have:
            # The main domain first, then the same others (a stray one is wrong too).
            if have[0] != want[0] or set(want) != set(have):
                wrong.append(slot)
        elif (want or None) != (have or None) and not (want == 0 or have == 0):
            wrong.append(slot)
    if (
        later_turn
        and "new_context" in expect
        and bool(got.get("new_context")) != bool(expect["new_context"])
    ):
        wrong.append("new_context")
    return wrong


@dataclass
class Result:
    name: str
    turns: int = 0
    right: int = 0
    per_intent: Counter[str] = field(default_factory=Counter)
    per_intent_right: Counter[str] = field(default_factory=Counter)
    wrong_slots: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.turns if self.turns else 0.0


def measure(name: str, engine: Engine) -> Result:
    result = Result(name)
    path = HERE / f"{name}.jsonl"
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        conversation = json.loads(line)
        engine.new_conversation()
        for index, turn in enumerate(conversation["turns"]):
            expect = turn["expect"]
            try:
                got = engine.turn(turn["q"])
            except Exception as exc:  # a crash is a wrong answer, and named
                got = {"intent": f"error: {type(exc).__name__}"}
            wrong = _differences(expect, got, index > 0)
            intent = expect["intent"]
            result.turns += 1
            result.per_intent[intent] += 1
            result.wrong_slots.update(wrong)
            if not wrong:
                result.right += 1
                result.per_intent_right[intent] += 1
            else:
                result.failures.append(
                    f"{conversation['id']} turn {index + 1} (line {line_no}): {turn['q']!r}\n"
                    f"    wrong: {', '.join(wrong)}\n"
                    f"    expected {json.dumps(expect, ensure_ascii=False)}\n"
                    f"    got      {json.dumps(got, ensure_ascii=False)}"
                )
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", help="set names: dev, held-out ...")
    parser.add_argument("--summary", action="store_true", help="figures only, no failures")
    args = parser.parse_args(argv)
    data = demo_data()
    results = [measure(name, AskReader(data)) for name in args.sets]
    for result in results:
        if args.summary or result.name.startswith("held-out"):
            continue
        for failure in result.failures:
            print(failure)
    print("\nexact interpretation per turn (potret_ask.reader)")
    print(f"{'intent':<20}" + "".join(f"{r.name:>22}" for r in results))
    for intent in INTENTS:
        cells = []
        for r in results:
            n = r.per_intent[intent]
            cells.append(
                f"{r.per_intent_right[intent]:>5}/{n:<4} {r.per_intent_right[intent] / n:6.1%}"
                if n
                else "-"
            )
        print(f"{intent:<20}" + "".join(f"{c:>22}" for c in cells))
    print(
        f"{'all':<20}"
        + "".join(f"{f'{r.right:>5}/{r.turns:<4} {r.accuracy:6.1%}':>22}" for r in results)
    )
    for r in results:
        print(f"wrong slots ({r.name}): {dict(r.wrong_slots.most_common())}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
