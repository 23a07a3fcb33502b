"""/v1/shortlists: named shortlists (daftar pendek) for a catalogue post that last, with a
note and a status per candidate, who changed what and when, sharing with the roles that may
see them, and a check against today's ranking (domain/shortlists.py has the rules).

Every request is on the audit trail (actions shortlists.read, .write, .export); the list's
own history (`history`) names each change for the panel. Bad input is refused whole: a name already
used, a candidate outside the caller's OPD or unknown to the ranking, a change made on an
outdated copy (`version`), or choosing someone on a basis the ranking no longer holds."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Body, Path, Query, Request, Response

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_gateway.adapters import exports
from potret_gateway.adapters.exports import EXPORT_TYPES, local_zone
from potret_gateway.adapters.shortlists import Conflict, Missing, Shortlist, ShortlistStore
from potret_gateway.domain import shortlists as rules
from potret_gateway.domain.access import Principal
from potret_gateway.domain.shortlists import Basis, ShortlistInvalid
from potret_gateway.entrypoints.deps import BackendsDep, RequestIdDep
from potret_gateway.entrypoints.security import Ranker, not_self_only
from potret_gateway.service import shortlists as shortlist_service
from potret_gateway.service.access import check_own_opd
from potret_gateway.service.calls import call_ranking
from potret_problems import FieldViolation, ProblemError, problem_responses

router = APIRouter(prefix="/v1/shortlists", tags=["shortlists"])
_PROBLEMS = problem_responses(401, 403, 404, 409, 422, 429, 503, 504)
ListId = Annotated[str, Path(pattern=r"^D-[0-9A-F]{8}$", examples=["D-1A2B3C4D"])]
Nip = Annotated[str, Path(pattern=r"^\d{18}$", examples=["198609262015051001"])]
CREATE_EXAMPLES = {
    "dari_peringkat": {
        "summary": "Lima teratas dari peringkat jabatan",
        "value": {
            "name": "Calon Kepala Dinas Perikanan 2027",
            "position_id": "diskan-kepala-dinas",
            "from_ranking_top": 5,
            "shared_with": ["pimpinan"],
        },
    },
    "manual": {
        "summary": "Disusun sendiri",
        "value": {
            "name": "Usulan Sekretaris Dinas",
            "position_id": "diskan-sekretaris",
            "nips": ["198609262015051001"],
        },
    },
}


def store(request: Request) -> ShortlistStore:
    found: ShortlistStore = request.app.state.shortlists
    return found


def _invalid(exc: ShortlistInvalid) -> ProblemError:
    return ProblemError(
        422,
        "validation-error",
        "Data daftar pendek tidak valid",
        "Invalid shortlist",
        detail="; ".join(v.message for v in exc.violations),
        errors=[
            FieldViolation(field=v.field, rule=v.rule, message=v.message, message_en=v.message_en)
            for v in exc.violations
        ],
    )


def _not_found(list_id: str) -> ProblemError:
    # "Not yours" and "not there" are one answer: a list's existence is not everyone's.
    return ProblemError(
        404,
        "shortlist-not-found",
        "Daftar pendek tidak ditemukan",
        "Shortlist not found",
        detail=f"Tidak ada daftar pendek {list_id} dalam akses Anda",
    )


def _conflict(exc: Conflict, name: str = "") -> ProblemError:
    if exc.kind == "name":
        return ProblemError(
            409,
            "shortlist-name-taken",
            "Nama daftar pendek sudah dipakai",
            "Shortlist name taken",
            detail=f"Pembuat daftar sudah memiliki daftar pendek bernama '{name}'; pilih nama lain",
        )
    return ProblemError(
        409,
        "shortlist-changed",
        "Daftar pendek telah diubah",
        "Shortlist changed",
        detail="Daftar ini telah diubah (oleh Anda di tempat lain atau pengguna lain) sejak "
        "Anda membukanya; muat ulang lalu ulangi perubahan. Tidak ada yang disimpan.",
    )


async def _load(request: Request, principal: Principal, list_id: str) -> Shortlist:
    try:
        sl = await anyio.to_thread.run_sync(store(request).get, list_id)
    except Missing:
        raise _not_found(list_id) from None
    if not shortlist_service.readable(principal, sl):
        raise _not_found(list_id)
    return sl


def _version(body: dict[str, Any]) -> int:
    """The version of the list the change was made on: required, so that a change made on an
    outdated copy is refused instead of overwriting what someone else saved."""
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _invalid(
            ShortlistInvalid(
                [
                    rules.Violation(
                        "version",
                        "SHORTLIST-VERSION",
                        "Versi daftar wajib: bilangan bulat ≥ 1, versi daftar yang Anda buka",
                        "version: integer >= 1",
                    )
                ]
            )
        )
    return version


@router.get("", responses=_PROBLEMS)
async def list_shortlists(request: Request, principal: Ranker) -> dict[str, Any]:
    """Daftar pendek yang dapat Anda lihat (milik sendiri dan yang dibagikan kepada peran
    Anda), terbaru diubah dulu; paling banyak 200."""
    not_self_only(principal, "daftar pendek")
    return {"data": await shortlist_service.visible_shortlists(store(request), principal)}


@router.post("", status_code=201, responses=_PROBLEMS)
async def create_shortlist(
    body: Annotated[dict[str, Any], Body(openapi_examples=CREATE_EXAMPLES)],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Buat daftar pendek untuk satu jabatan katalog: dari peringkat (`from_ranking_top`:
    sekian teratas yang memenuhi syarat) atau disusun sendiri (`nips`). Skor dan kelayakan
    saat ini disimpan sebagai dasar daftar. Pengamat OPD: hanya ASN OPD sendiri."""
    request.state.audit_detail = json.dumps(body, ensure_ascii=False)
    not_self_only(principal, "daftar pendek")
    try:
        name = rules.clean_name(body.get("name"))
        shared = rules.check_shared_with(
            body.get("shared_with", []), opd_bound=principal.opd is not None
        )
        position_id = body.get("position_id")
        if not isinstance(position_id, str) or not 1 <= len(position_id) <= 100:
            raise ShortlistInvalid(
                [
                    rules.Violation(
                        "position_id",
                        "SHORTLIST-POSITION",
                        "Jabatan wajib: kode jabatan di katalog",
                        "position_id: a catalogue position id",
                    )
                ]
            )
        top = body.get("from_ranking_top")
        nips = rules.check_nips(body.get("nips", []))
        if top is not None and (
            not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= rules.MAX_MEMBERS
        ):
            raise ShortlistInvalid(
                [
                    rules.Violation(
                        "from_ranking_top",
                        "SHORTLIST-SIZE",
                        f"Jumlah kandidat teratas harus 1–{rules.MAX_MEMBERS}",
                        f"from_ranking_top: 1-{rules.MAX_MEMBERS}",
                    )
                ]
            )
    except ShortlistInvalid as exc:
        raise _invalid(exc) from None
    ranking = rpb.RankForPositionRequest(
        position=rpb.PositionSpec(position_id=position_id), top_k=max(1, int(top or 1))
    )
    if principal.opd is not None:
        ranking.filters.opd.append(principal.opd)
    ranked = await call_ranking(backends, backends.ranking.RankForPosition, ranking, request_id)
    if top:
        from_ranking = [c.nip for c in ranked.candidates[:top]]
        try:
            nips = rules.check_nips(nips + [n for n in from_ranking if n not in nips])
        except ShortlistInvalid as exc:
            raise _invalid(exc) from None
    await check_own_opd(backends, request_id, principal, nips)
    current, policy = await shortlist_service.scores(backends, request_id, position_id, nips)
    unknown = [n for n in nips if n not in current]
    if unknown:
        raise _unknown(unknown)
    try:
        list_id = await anyio.to_thread.run_sync(
            lambda: store(request).create(
                name=name,
                name_key=rules.name_key(name),
                position_id=position_id,
                position_name=ranked.position_name or position_id,
                opd=principal.opd,
                shared_with=shared,
                policy_version=policy or ranked.policy_version,
                members=[(n, Basis(current[n].score, current[n].eligible)) for n in nips],
                actor=shortlist_service.actor(principal),
            )
        )
    except Conflict as exc:
        raise _conflict(exc, name) from None
    sl = await _load(request, principal, list_id)
    return await shortlist_service.view(backends, request_id, principal, sl, after_write=True)


def _unknown(nips: list[str]) -> ProblemError:
    return ProblemError(
        404,
        "profile-not-found",
        "Profil tidak ditemukan",
        "Profile not found",
        detail="NIP tidak ada di data peringkat: " + ", ".join(nips[:10]),
    )


@router.get("/{list_id}", responses=_PROBLEMS)
async def get_shortlist(
    list_id: ListId,
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Satu daftar pendek: kandidat dengan skor dasar dan skor hari ini, perubahan sejak
    daftar disusun (`stale`, `changes`), dan riwayat siapa mengubah apa."""
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    return await shortlist_service.view(backends, request_id, principal, sl)


async def _apply(
    request: Request,
    principal: Principal,
    list_id: str,
    change: Any,
    name: str = "",
) -> None:
    try:
        await anyio.to_thread.run_sync(change)
    except Conflict as exc:
        raise _conflict(exc, name) from None
    except ShortlistInvalid as exc:
        raise _invalid(exc) from None
    except Missing as exc:
        if str(exc) == list_id:
            raise _not_found(list_id) from None
        raise ProblemError(
            404,
            "shortlist-member-not-found",
            "Kandidat tidak ada di daftar",
            "Not on the list",
            detail=f"NIP {exc} tidak ada di daftar pendek {list_id}",
        ) from None


@router.patch("/{list_id}", responses=_PROBLEMS)
async def update_shortlist(
    list_id: ListId,
    body: Annotated[
        dict[str, Any],
        Body(openapi_examples={"ubah": {"value": {"version": 3, "shared_with": ["pimpinan"]}}}),
    ],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Ganti nama atau peran penerima (pembuat daftar atau Admin BKPSDM)."""
    request.state.audit_detail = json.dumps(body, ensure_ascii=False)
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    shortlist_service.must_manage(principal, sl, "Mengganti nama atau membagikan daftar")
    try:
        version = _version(body)
        name = rules.clean_name(body["name"]) if "name" in body else None
        shared = (
            rules.check_shared_with(body["shared_with"], opd_bound=sl.opd is not None)
            if "shared_with" in body
            else None
        )
    except ShortlistInvalid as exc:
        raise _invalid(exc) from None
    await _apply(
        request,
        principal,
        list_id,
        lambda: store(request).update_list(
            list_id,
            version,
            shortlist_service.actor(principal),
            name=(name, rules.name_key(name)) if name else None,
            shared_with=shared,
        ),
        name or "",
    )
    return await shortlist_service.view(
        backends,
        request_id,
        principal,
        await _load(request, principal, list_id),
        after_write=True,
    )


@router.delete("/{list_id}", status_code=204, responses=_PROBLEMS)
async def delete_shortlist(
    list_id: ListId,
    request: Request,
    principal: Ranker,
    version: Annotated[int, Query(ge=1, description="versi daftar yang Anda buka")],
) -> Response:
    """Hapus daftar pendek (pembuat atau Admin BKPSDM); jejak audit tetap mencatatnya."""
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    shortlist_service.must_manage(principal, sl, "Menghapus daftar")
    request.state.audit_nips = tuple(m.nip for m in sl.members)
    request.state.audit_detail = f"hapus daftar pendek '{sl.name}' ({len(sl.members)} kandidat)"
    await _apply(request, principal, list_id, lambda: store(request).delete(list_id, version))
    return Response(status_code=204)


@router.post("/{list_id}/members", responses=_PROBLEMS)
async def add_members(
    list_id: ListId,
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={"tambah": {"value": {"version": 2, "nips": ["198609262015051001"]}}}
        ),
    ],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Tambahkan kandidat (skor dan kelayakan hari ini menjadi dasarnya)."""
    request.state.audit_detail = json.dumps(body, ensure_ascii=False)
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    shortlist_service.must_manage(principal, sl, "Menambah kandidat")
    try:
        version = _version(body)
        present = {m.nip for m in sl.members}
        nips = [n for n in rules.check_nips(body.get("nips")) if n not in present]
        rules.check_nips(nips, already=len(present))
    except ShortlistInvalid as exc:
        raise _invalid(exc) from None
    await check_own_opd(backends, request_id, principal, nips)
    if sl.opd is not None:
        # A list of one OPD stays a list of that OPD, whoever adds to it.
        await check_own_opd(
            backends, request_id, Principal("list", "list", frozenset(), opd=sl.opd), nips
        )
    current, _policy = await shortlist_service.scores(backends, request_id, sl.position_id, nips)
    unknown = [n for n in nips if n not in current]
    if unknown:
        raise _unknown(unknown)
    await _apply(
        request,
        principal,
        list_id,
        lambda: store(request).add_members(
            list_id,
            version,
            [(n, Basis(current[n].score, current[n].eligible)) for n in nips],
            shortlist_service.actor(principal),
        ),
    )
    return await shortlist_service.view(
        backends,
        request_id,
        principal,
        await _load(request, principal, list_id),
        after_write=True,
    )


@router.patch("/{list_id}/members/{nip}", responses=_PROBLEMS)
async def update_member(
    list_id: ListId,
    nip: Nip,
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "nilai": {"value": {"version": 4, "status": "dinilai", "note": "Wawancara 12 Des"}}
            }
        ),
    ],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Catatan dan status satu kandidat (diusulkan, dinilai, dipilih, tidak_dipilih).
    "Dipilih" ditolak (409) bila peringkat berubah sejak dasar daftar: perbarui dasar dulu."""
    request.state.audit_detail = json.dumps(body, ensure_ascii=False)
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    try:
        version = _version(body)
        status = rules.check_status(body["status"]) if "status" in body else None
        note = rules.check_note(body["note"]) if "note" in body else None
    except ShortlistInvalid as exc:
        raise _invalid(exc) from None
    if any(m.nip == nip for m in sl.members):  # someone moved out of the OPD is not theirs
        await check_own_opd(backends, request_id, principal, [nip])
    was = next((m.status for m in sl.members if m.nip == nip), None)
    if status == rules.CHOSEN and was != rules.CHOSEN:
        view = await shortlist_service.view(backends, request_id, principal, sl)
        gone = [c for c in view["changes"] if c["kind"] == "hilang"]
        if view["position_gone"] or view["stale"]:
            advice = (
                "Keluarkan kandidat yang tidak lagi ada di data peringkat, lalu perbarui dasar "
                "daftar sebelum memilih."
                if gone
                else "Periksa perubahan lalu perbarui dasar daftar sebelum memilih kandidat."
            )
            if view["position_gone"]:
                advice = "Jabatan tidak lagi ada di katalog: tidak ada dasar untuk memilih."
            raise ProblemError(
                409,
                "shortlist-stale",
                "Peringkat berubah sejak daftar pendek disusun",
                "The ranking changed since the shortlist was made",
                detail="; ".join([c["message"] for c in view["changes"][:5]] + view["notices"][:1])
                + f". {advice} Tidak ada yang disimpan.",
            )
    await _apply(
        request,
        principal,
        list_id,
        lambda: store(request).update_member(
            list_id, version, nip, shortlist_service.actor(principal), status=status, note=note
        ),
    )
    return await shortlist_service.view(
        backends,
        request_id,
        principal,
        await _load(request, principal, list_id),
        after_write=True,
    )


@router.delete("/{list_id}/members/{nip}", responses=_PROBLEMS)
async def remove_member(
    list_id: ListId,
    nip: Nip,
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
    version: Annotated[int, Query(ge=1, description="versi daftar yang Anda buka")],
) -> dict[str, Any]:
    """Keluarkan satu kandidat dari daftar (pembuat atau Admin BKPSDM)."""
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    shortlist_service.must_manage(principal, sl, "Mengeluarkan kandidat")
    await _apply(
        request,
        principal,
        list_id,
        lambda: store(request).remove_member(
            list_id, version, nip, shortlist_service.actor(principal)
        ),
    )
    return await shortlist_service.view(
        backends,
        request_id,
        principal,
        await _load(request, principal, list_id),
        after_write=True,
    )


@router.post("/{list_id}/rebase", responses=_PROBLEMS)
async def rebase_shortlist(
    list_id: ListId,
    body: Annotated[dict[str, Any], Body(openapi_examples={"perbarui": {"value": {"version": 5}}})],
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
) -> dict[str, Any]:
    """Perbarui dasar daftar ke peringkat hari ini (skor, kelayakan, versi kebijakan) setelah
    perubahannya diperiksa; tercatat di riwayat dengan nilai lama dan baru."""
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    shortlist_service.must_manage(principal, sl, "Memperbarui dasar daftar")
    try:
        version = _version(body)
    except ShortlistInvalid as exc:
        raise _invalid(exc) from None
    current, policy = await shortlist_service.scores(
        backends, request_id, sl.position_id, [m.nip for m in sl.members]
    )
    await _apply(
        request,
        principal,
        list_id,
        lambda: store(request).rebase(
            list_id,
            version,
            policy,
            {n: Basis(c.score, c.eligible) for n, c in current.items()},
            shortlist_service.actor(principal),
        ),
    )
    return await shortlist_service.view(
        backends,
        request_id,
        principal,
        await _load(request, principal, list_id),
        after_write=True,
    )


@router.get(
    "/{list_id}/export",
    responses={
        **_PROBLEMS,
        200: {
            "description": "Berkas XLSX atau CSV",
            "content": {t.split(";")[0]: {} for t in EXPORT_TYPES.values()},
        },
    },
)
async def export_shortlist(
    list_id: ListId,
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
    file_format: Annotated[
        str, Query(alias="format", pattern="^(xlsx|csv)$", description="xlsx atau csv")
    ] = "xlsx",
) -> Response:
    """Daftar pendek sebagai berkas Excel atau CSV: kandidat, status, catatan, skor dasar
    dan skor hari ini; lembar Keterangan memuat versi kebijakan, perubahan sejak daftar
    disusun dan dasar hukum setiap syarat. Ekspor dicatat di jejak audit."""
    not_self_only(principal, "daftar pendek")
    sl = await _load(request, principal, list_id)
    view = await shortlist_service.view(backends, request_id, principal, sl)
    table = exports.shortlist_rows(view)
    settings = request.app.state.settings
    heading = exports.Heading(
        position=sl.position_name,
        opd=sl.opd or "",
        policy_version=str(view["current_policy_version"]),
        reference_date="",
        exported_at=dt.datetime.now(dt.UTC),
        exported_by=principal.name,
        considered=len(table),
        eligible=sum(1 for m in view["members"] if (m["current"] or {}).get("eligible")),
        zone=local_zone(settings.time_zone),
        zone_label=settings.time_zone_label,
    )
    body = await anyio.to_thread.run_sync(  # CPU work: off the event loop
        lambda: (
            exports.shortlist_xlsx(table, view, heading)
            if file_format == "xlsx"
            else exports.csv_bytes(table, exports.SHORTLIST_COLUMNS)
        )
    )
    request.state.audit_detail = (
        f"ekspor {file_format} daftar pendek '{sl.name}': {len(table)} baris"
    )
    request.state.audit_nips = tuple(m.nip for m in sl.members)
    return Response(
        content=body,
        media_type=EXPORT_TYPES[file_format],
        headers={
            "Content-Disposition": f'attachment; filename="daftar-pendek-{sl.id}.{file_format}"'
        },
    )
