"""Shortlists (daftar pendek) for a post: the rules, without storage or clock.

A shortlist is a named list of candidates for one catalogue post, built from a ranking or by
hand, with a note and a status per candidate (diusulkan, dinilai, dipilih, tidak dipilih).
It keeps the *basis* it was built on: the policy version and each candidate's score and
eligibility when they were added or last confirmed. When the ranking moves (a new SKP, a
changed requirement, a new policy), the list says what changed, and nobody is marked
"dipilih" on a basis that no longer holds until the list is confirmed again.

Who sees a list: its owner, BKPSDM (admin: oversight of every placement), and the roles it
is shared with. A list is shared with OPD viewers only when it is bound to one OPD (made by
an OPD viewer): they must never see people of another OPD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from potret_asn_rules.labels import SHORTLIST_STATUS_LABELS

STATUSES: tuple[str, ...] = tuple(SHORTLIST_STATUS_LABELS)
FIRST_STATUS = "diusulkan"
CHOSEN = "dipilih"
MAX_MEMBERS = 50  # a panel weighs a handful; 50 covers a large open selection
MAX_LISTS_SHOWN = 200
NAME_MIN, NAME_MAX = 3, 120
NOTE_MAX = 2000
SHAREABLE = ("pimpinan", "opd_viewer")  # BKPSDM admin sees every list already
SHAREABLE_LABELS = {"pimpinan": "Pimpinan", "opd_viewer": "Pengamat OPD"}
SCORE_DIGITS = 4  # a score "changed" when it differs at this precision (what is stored)
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Violation:
    field: str
    rule: str
    message: str  # Bahasa Indonesia
    message_en: str


class ShortlistInvalid(ValueError):
    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("; ".join(v.message for v in violations))
        self.violations = violations


@dataclass(frozen=True)
class Basis:
    """What a candidate's place on the list rests on."""

    score: float
    eligible: bool


@dataclass(frozen=True)
class Change:
    nip: str  # "" for a change of the whole list (the policy)
    kind: str  # skor, kelayakan, kebijakan, hilang
    message: str


def clean_name(name: object) -> str:
    """The name as stored: spaces collapsed. Raises on a name that is empty, too long or
    carries control characters."""
    if not isinstance(name, str):
        raise ShortlistInvalid([_name_violation("harus berupa teks", "must be text")])
    text = _SPACES.sub(" ", name).strip()
    if _CONTROL.search(name.replace("\n", " ").replace("\t", " ")):
        raise ShortlistInvalid(
            [_name_violation("tidak boleh memuat karakter kendali", "no control characters")]
        )
    if not NAME_MIN <= len(text) <= NAME_MAX:
        raise ShortlistInvalid(
            [
                _name_violation(
                    f"panjang {NAME_MIN}–{NAME_MAX} karakter",
                    f"{NAME_MIN}-{NAME_MAX} characters",
                )
            ]
        )
    return text


def name_key(name: str) -> str:
    """Two names that differ only in case or spacing are the same list."""
    return _SPACES.sub(" ", name).strip().casefold()


def _name_violation(message: str, message_en: str) -> Violation:
    return Violation("name", "SHORTLIST-NAME", f"Nama daftar {message}", f"List name: {message_en}")


def check_status(status: object, field: str = "status") -> str:
    if status not in STATUSES:
        raise ShortlistInvalid(
            [
                Violation(
                    field,
                    "SHORTLIST-STATUS",
                    "Status harus salah satu dari: "
                    + ", ".join(SHORTLIST_STATUS_LABELS[s] for s in STATUSES),
                    f"status must be one of {', '.join(STATUSES)}",
                )
            ]
        )
    return str(status)


def check_note(note: object, field: str = "note") -> str:
    if not isinstance(note, str):
        raise ShortlistInvalid(
            [Violation(field, "SHORTLIST-NOTE", "Catatan harus berupa teks", "note: text")]
        )
    text = note.strip()
    if len(text) > NOTE_MAX:
        raise ShortlistInvalid(
            [
                Violation(
                    field,
                    "SHORTLIST-NOTE",
                    f"Catatan terlalu panjang (batas {NOTE_MAX} karakter)",
                    f"note: at most {NOTE_MAX} characters",
                )
            ]
        )
    return text


def check_shared_with(roles: object, *, opd_bound: bool) -> tuple[str, ...]:
    """The roles a list is shared with, in a fixed order."""
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise ShortlistInvalid(
            [_share("harus berupa daftar peran", "must be a list of roles", "shared_with")]
        )
    out = []
    for i, role in enumerate(roles):
        if role not in SHAREABLE:
            raise ShortlistInvalid(
                [
                    _share(
                        f"peran '{role}' tidak dikenal atau tidak menerima daftar pendek "
                        f"(boleh: {', '.join(SHAREABLE_LABELS[r] for r in SHAREABLE)})",
                        f"role {role!r} may not see shortlists",
                        f"shared_with[{i}]",
                    )
                ]
            )
        if role == "opd_viewer" and not opd_bound:
            raise ShortlistInvalid(
                [
                    _share(
                        "pengamat OPD hanya dapat menerima daftar yang dibuat untuk satu OPD "
                        "(oleh pengamat OPD itu): daftar ini dapat memuat ASN OPD lain",
                        "only a list bound to one OPD can be shared with OPD viewers",
                        f"shared_with[{i}]",
                    )
                ]
            )
        out.append(role)
    return tuple(r for r in SHAREABLE if r in out)


def _share(message: str, message_en: str, field: str) -> Violation:
    return Violation(field, "SHORTLIST-SHARE", f"Dibagikan kepada: {message}", message_en)


def check_nips(nips: object, *, already: int = 0) -> list[str]:
    """Distinct NIPs in the given order; the list never grows beyond MAX_MEMBERS."""
    if not isinstance(nips, list) or not all(isinstance(n, str) for n in nips):
        raise ShortlistInvalid(
            [
                Violation(
                    "nips", "SHORTLIST-NIPS", "Kandidat harus berupa daftar NIP", "list of NIPs"
                )
            ]
        )
    out: list[str] = []
    violations = []
    for i, nip in enumerate(nips):
        if not re.fullmatch(r"\d{18}", nip):
            violations.append(
                Violation(f"nips[{i}]", "NIP-FMT", "NIP harus 18 digit angka", "NIP: 18 digits")
            )
        elif nip in out:
            violations.append(
                Violation(
                    f"nips[{i}]",
                    "SHORTLIST-DUP",
                    f"NIP {nip} disebut lebih dari sekali",
                    "NIP given twice",
                )
            )
        else:
            out.append(nip)
    if already + len(out) > MAX_MEMBERS:
        violations.append(
            Violation(
                "nips",
                "SHORTLIST-SIZE",
                f"Daftar pendek paling banyak {MAX_MEMBERS} kandidat "
                f"(sudah {already}, ditambah {len(out)})",
                f"at most {MAX_MEMBERS} candidates",
            )
        )
    if violations:
        raise ShortlistInvalid(violations)
    return out


def rounded(score: float) -> float:
    return round(float(score), SCORE_DIGITS)


def _num(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _moved(was: float, now: float) -> str:
    """ "dari 0,81 menjadi 0,82"; with 4 decimals when 2 would read the same."""
    digits = 2 if _num(was) != _num(now) else SCORE_DIGITS
    return f"dari {_num(was, digits)} menjadi {_num(now, digits)}"


def changes(
    basis: dict[str, Basis],
    current: dict[str, Basis],
    basis_policy: str,
    current_policy: str,
    names: dict[str, str] | None = None,
) -> list[Change]:
    """What moved since the list's basis: the policy, and per candidate the eligibility and
    the score (at stored precision); a candidate the ranking no longer knows is named too.
    People are named by `names` where given ("Sri Wahyuni (NIP …)"), else by NIP."""
    out: list[Change] = []

    def who(nip: str) -> str:
        name = (names or {}).get(nip)
        return f"{name} (NIP {nip})" if name else f"NIP {nip}"

    if basis_policy != current_policy:
        out.append(
            Change(
                "",
                "kebijakan",
                f"Versi kebijakan penilaian berubah dari {basis_policy or '-'} "
                f"menjadi {current_policy or '-'}",
            )
        )
    for nip, was in basis.items():
        now = current.get(nip)
        if now is None:
            out.append(Change(nip, "hilang", f"{who(nip)} tidak lagi ada di data peringkat"))
            continue
        if was.eligible != now.eligible:
            word = "kini memenuhi syarat" if now.eligible else "kini tidak memenuhi syarat"
            out.append(Change(nip, "kelayakan", f"{who(nip)} {word}"))
        if rounded(was.score) != rounded(now.score):
            out.append(
                Change(
                    nip,
                    "skor",
                    f"Skor {who(nip)} berubah {_moved(was.score, now.score)}",
                )
            )
    return out


def may_read(
    *,
    owner: str,
    shared_with: tuple[str, ...],
    list_opd: str | None,
    subject: str,
    role: str | None,
    opd: str | None,
    overseer: bool,
) -> bool:
    """Owner, an overseer (BKPSDM: the admin scope, not bound to an OPD), or a role the list
    is shared with (an OPD viewer only for a list of their own OPD). A caller bound to an
    OPD reads only lists of that OPD, their own too: a pimpinan made OPD viewer, or a viewer
    moved to another OPD, no longer reads what they made before."""
    if opd is not None and list_opd != opd:
        return False
    if subject == owner:
        return True
    if overseer:
        return True
    if role not in shared_with:
        return False
    if opd is not None or role == "opd_viewer":
        return list_opd is not None and list_opd == opd
    return True


def may_manage(
    *, owner: str, subject: str, overseer: bool, list_opd: str | None, opd: str | None
) -> bool:
    """Rename, share, delete, add or remove candidates: the owner (within the OPD they are
    bound to, if any) or BKPSDM admin. Those the list is shared with may write notes and
    statuses."""
    if opd is not None and list_opd != opd:
        return False
    return subject == owner or overseer
