"""Shortlists' use cases: who may read and manage a list, its view with today's scores of its
candidates, and the lists a caller may see (the rules are domain/shortlists.py, the store
adapters/shortlists.py, the routes entrypoints/shortlists.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import anyio
from google.protobuf import json_format

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.adapters.shortlists import Actor, Shortlist, ShortlistStore
from potret_gateway.domain import shortlists as rules
from potret_gateway.domain.access import ADMIN, RANK, ROLE_NAMES, SEARCH, Principal
from potret_gateway.domain.shortlists import Basis
from potret_gateway.service.calls import call_ranking
from potret_gateway.service.people import people_of
from potret_problems import ProblemError

_NIP = re.compile(r"(?<!\d)\d{18}(?!\d)")


def actor(principal: Principal) -> Actor:
    return Actor(principal.subject, principal.actor, dt.datetime.now(dt.UTC).isoformat())


def readable(principal: Principal, sl: Shortlist) -> bool:
    return rules.may_read(
        owner=sl.owner,
        shared_with=sl.shared_with,
        list_opd=sl.opd,
        subject=principal.subject,
        role=principal.role,
        opd=principal.opd,
        overseer=overseer(principal),
    )


def manager(principal: Principal, sl: Shortlist) -> bool:
    return rules.may_manage(
        owner=sl.owner,
        subject=principal.subject,
        overseer=overseer(principal),
        list_opd=sl.opd,
        opd=principal.opd,
    )


def display_actor(actor: str) -> str:
    """How a person reads who did it: "user:bupati (pimpinan)" -> "bupati (Pimpinan)",
    "key:1a2b (SIMPEG)" -> "aplikasi SIMPEG"."""
    user = re.fullmatch(r"user:(\S+) \((\w+)\)", actor)
    if user:
        role = ROLE_NAMES.get(user[2], user[2]).split(" (")[0]  # "Pimpinan", not its gloss
        return f"{user[1]} ({role})"
    key = re.fullmatch(r"key:\S+ \((.*)\)", actor)
    return f"aplikasi {key[1]}" if key else actor


def overseer(principal: Principal) -> bool:
    """BKPSDM: the admin scope, not bound to an OPD (a login or an integration key)."""
    return principal.can(ADMIN) and principal.opd is None


def must_manage(principal: Principal, sl: Shortlist, what: str) -> None:
    if not manager(principal, sl):
        raise ProblemError(
            403,
            "forbidden",
            "Akses ditolak",
            "Forbidden",
            detail=f"{what} hanya oleh pembuat daftar ({display_actor(sl.owner_name)}) atau "
            "Admin BKPSDM; yang menerima daftar dapat mengisi catatan dan status",
        )


async def scores(
    backends: Any, request_id: str, position_id: str, nips: list[str]
) -> tuple[dict[str, rpb.CandidateScore], str]:
    """Today's scores of `nips` for the post, and the policy version. A NIP the ranking no
    longer knows (deleted, merged) is left out, not an error."""
    if not nips:
        reply = await call_ranking(
            backends,
            backends.ranking.RankForPosition,
            rpb.RankForPositionRequest(position=rpb.PositionSpec(position_id=position_id), top_k=1),
            request_id,
        )
        return {}, reply.policy_version
    request = rpb.ScoreCandidatesRequest(
        position=rpb.PositionSpec(position_id=position_id), nips=nips
    )
    try:
        reply = await call_ranking(backends, backends.ranking.ScoreCandidates, request, request_id)
        return {c.nip: c for c in reply.candidates}, reply.policy_version
    except ProblemError as exc:
        detail = exc.detail or ""
        gone = set(_NIP.findall(detail)) if detail.startswith("profil tidak ditemukan") else set()
        if exc.status != 404 or not gone:
            raise
    return await scores(backends, request_id, position_id, [n for n in nips if n not in gone])


def _as_dict(c: rpb.CandidateScore) -> dict[str, Any]:
    return json_format.MessageToDict(
        c, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


async def view(
    backends: Any,
    request_id: str,
    principal: Principal,
    sl: Shortlist,
    *,
    after_write: bool = False,
) -> dict[str, Any]:
    """The list as the console shows it: members with today's score next to the basis,
    what changed, and the list's history.

    A caller bound to an OPD sees only the members who are in that OPD today (one moved
    away is counted in `hidden`, never named). A post gone from the catalogue is said, not
    an error. After a write that is stored, a ranking that does not answer leaves today's
    scores out (`current_unavailable`) instead of turning the saved change into an error."""
    nips = [m.nip for m in sl.members]
    gone_post = False
    unavailable = False
    try:
        current, policy = await scores(backends, request_id, sl.position_id, nips)
    except ProblemError as exc:
        if exc.status == 404 and "jabatan" in (exc.detail or "").lower():
            current, policy, gone_post = {}, sl.policy_version, True
        elif after_write and exc.status >= 500:
            current, policy, unavailable = {}, sl.policy_version, True
        else:
            raise
    bound = principal.opd is not None
    people = await people_of(backends, request_id, nips) if principal.can(SEARCH) or bound else {}
    hidden = {n for n in nips if bound and people.get(n, {}).get("opd") != principal.opd}
    if not principal.can(SEARCH):
        people = {}
    shown = [m for m in sl.members if m.nip not in hidden]
    changes = rules.changes(
        {m.nip: Basis(m.score, m.eligible) for m in shown},
        {n: Basis(c.score, c.eligible) for n, c in current.items() if n not in hidden},
        sl.policy_version,
        policy,
        {n: str(p["name"]) for n, p in people.items() if p.get("name")},
    )
    if gone_post or unavailable:
        changes = []
    members = []
    for m in shown:
        now = current.get(m.nip)
        person = people.get(m.nip, {})
        members.append(
            {
                "nip": m.nip,
                "name": person.get("name"),
                "jabatan": person.get("jabatan"),
                "opd": person.get("opd"),
                "status": m.status,
                "note": m.note,
                "added_at": m.added_at,
                "added_by": display_actor(m.added_by),
                "basis": {"score": m.score, "eligible": m.eligible},
                "current": _as_dict(now) if now is not None else None,
            }
        )
    notices = []
    if gone_post:
        notices.append(
            f"Jabatan {sl.position_name} tidak lagi ada di katalog: skor hari ini tidak dapat "
            "dihitung; daftar tetap tersimpan apa adanya."
        )
    if unavailable:
        notices.append(
            "Perubahan tersimpan; layanan peringkat sedang tidak menjawab, jadi skor hari ini "
            "belum ditampilkan. Muat ulang sebentar lagi."
        )
    if hidden:
        notices.append(
            f"{len(hidden)} kandidat kini tidak berada di OPD Anda dan tidak ditampilkan."
        )
    return {
        **_identity(principal, sl),
        "can_manage": manager(principal, sl),
        "opd": sl.opd,
        "shared_with": list(sl.shared_with),
        "policy_version": sl.policy_version,
        "current_policy_version": policy,
        "created_at": sl.created_at,
        "updated_at": sl.updated_at,
        "version": sl.version,
        "stale": bool(changes),
        "changes": [c.__dict__ for c in changes],
        "members": members,
        "hidden": len(hidden),
        "notices": notices,
        "position_gone": gone_post,
        "current_unavailable": unavailable,
        "history": [
            {**e.__dict__, "actor": display_actor(e.actor)}
            for e in sl.events
            if e.nip not in hidden
        ],
    }


def _identity(principal: Principal, sl: Shortlist) -> dict[str, Any]:
    """What names a list and its owner, first in its view and in its summary alike."""
    return {
        "id": sl.id,
        "name": sl.name,
        "position_id": sl.position_id,
        "position_name": sl.position_name,
        "owner": display_actor(sl.owner_name),
        "mine": sl.owner == principal.subject,
    }


def _summary(principal: Principal, sl: Shortlist, counts: dict[str, int]) -> dict[str, Any]:
    return {
        **_identity(principal, sl),
        "shared_with": list(sl.shared_with),
        "members": sum(counts.values()),
        "by_status": {s: counts.get(s, 0) for s in rules.STATUSES},
        "updated_at": sl.updated_at,
        "version": sl.version,
    }


async def visible_shortlists(sls: ShortlistStore, principal: Principal) -> list[dict[str, Any]]:
    """Summaries of the lists `principal` may see, newest change first."""
    if not principal.can(RANK) or principal.self_only:
        return []
    if overseer(principal):
        found = await anyio.to_thread.run_sync(sls.all_lists)
    else:
        roles = (principal.role,) if principal.role else ()
        found = await anyio.to_thread.run_sync(
            sls.candidates_for, principal.subject, roles, principal.opd
        )
    visible = [sl for sl in found if readable(principal, sl)][: rules.MAX_LISTS_SHOWN]
    counts = await anyio.to_thread.run_sync(sls.member_counts, [sl.id for sl in visible])
    return [_summary(principal, sl, counts.get(sl.id, {})) for sl in visible]
