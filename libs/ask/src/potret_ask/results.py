"""What the ranking tools answered, in the shapes the answers are written from (no I/O, no
generated types): the gateway turns the ranking service's replies into these, and
`potret_ask.answers` words them. People found by search stay the search API's records
(`dict`s with nip, name, jabatan, opd, golongan, evidence), as the REST API serves them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Factor:
    """One factor of a fit score and what it adds (policy weight x value)."""

    factor: str  # a code of potret_asn_rules.vocab.FACTOR_LABELS, e.g. "experience"
    contribution: float


@dataclass(frozen=True)
class Candidate:
    """A person scored for a post: the score, whether every requirement holds, why."""

    nip: str
    score: float
    eligible: bool
    explanation: str = ""
    rank: int = 0
    tied: bool = False
    factors: tuple[Factor, ...] = ()
    gaps: tuple[str, ...] = ()  # what is still to be met, in words

    def contribution(self, factor: str) -> float:
        return next((f.contribution for f in self.factors if f.factor == factor), 0.0)


@dataclass(frozen=True)
class Ranking:
    """The best candidates for a post, as the ranking service's RankForPosition returns them
    (the post's holder is not here: whether the caller may see it is the caller's to say)."""

    candidates: tuple[Candidate, ...]
    considered: int
    eligible_total: int
    policy_version: str
    unmet: tuple[tuple[str, int], ...] = ()  # (rule in words, ASN who miss it), most first
    fairness_note: str = ""


@dataclass(frozen=True)
class Cell:
    """One box of the 9-box (0: not placed, e.g. no SKP yet) and the NIPs it lists."""

    box: int
    count: int
    meaning: str = ""
    nips: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grid:
    total: int
    cells: tuple[Cell, ...]

    def cell(self, box: int) -> Cell:
        return next((c for c in self.cells if c.box == box), Cell(box, 0))
