"""Exports of what the console lists, as XLSX or CSV (adapters/exports.py writes them):
search results, the 9-box members and an audit-trail query. Headers in Indonesian, codes as
labels, what was asked and by whom in a Keterangan sheet, and each export on the audit
trail with the NIPs it holds. More rows than an export's documented limit are refused with
the limit named (422), never cut silently.

The ranking and a shortlist have their own exports (ranking.py, shortlists.py)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import anyio
import httpx
from fastapi import APIRouter, Query, Request, Response

from potret.ranking.v1 import ranking_pb2 as rpb
from potret_asn_rules.labels import label
from potret_expertise.skills import vocabulary
from potret_gateway.adapters import exports
from potret_gateway.adapters.exports import EXPORT_TYPES, local_zone
from potret_gateway.domain.access import SEARCH, Principal
from potret_gateway.entrypoints.deps import BackendsDep, RequestIdDep, query_parameters
from potret_gateway.entrypoints.search import SearchExportParams, SearchExportQuery
from potret_gateway.entrypoints.security import Admin, Ranker, Searcher, not_self_only
from potret_gateway.service.calls import backend_unreachable, call_ranking
from potret_gateway.service.people import people_of
from potret_problems import FieldViolation, ProblemError, problem_responses

router = APIRouter(prefix="/v1", tags=["exports"])
FormatQuery = Annotated[
    str, Query(alias="format", pattern="^(xlsx|csv)$", description="xlsx atau csv")
]
MAX_SEARCH_ROWS = 500
MAX_GRID_ROWS = 5000
MAX_GRID_CELL = 1000  # TalentGridRequest.members_per_cell's own bound
MAX_AUDIT_ROWS = 10_000
_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Berkas XLSX atau CSV",
        "content": {t.split(";")[0]: {} for t in EXPORT_TYPES.values()},
    },
    **problem_responses(401, 403, 422, 503),
}


def _too_many(field: str, found: int, limit: int, *, more: bool = False) -> ProblemError:
    counted = f"lebih dari {limit}" if more else str(found)
    return ProblemError(
        422,
        "export-too-large",
        "Terlalu banyak baris untuk diekspor",
        "Too many rows to export",
        detail=f"{counted} baris ditemukan; ekspor ini paling banyak {limit} baris. "
        "Persempit saringan (OPD, jenis jabatan, rentang waktu) lalu ekspor lagi.",
        errors=[
            FieldViolation(
                field=field,
                rule="EXPORT-LIMIT",
                message=f"terlalu besar (batas {limit})",
                message_en=f"more than {limit} rows",
                value=found,
            )
        ],
    )


async def _file(
    request: Request,
    principal: Principal,
    file_format: str,
    name: str,
    title: str,
    columns: tuple[str, ...],
    table: list[list[Any]],
    about: list[tuple[str, Any]],
    nips: tuple[str, ...],
    **xlsx: Any,
) -> Response:
    settings = request.app.state.settings
    stamp = exports.when(
        dt.datetime.now(dt.UTC), local_zone(settings.time_zone), settings.time_zone_label
    )
    about = [*about, ("Diekspor", stamp), ("Diekspor oleh", principal.name)]
    # Writing a workbook is CPU work: off the event loop, so other requests keep flowing.
    body = await anyio.to_thread.run_sync(
        lambda: (
            exports.table_xlsx(title, columns, table, about, **xlsx)
            if file_format == "xlsx"
            else exports.csv_bytes(table, columns)
        )
    )
    request.state.audit_detail = f"ekspor {file_format} {name}: {len(table)} baris"
    request.state.audit_nips = nips
    day = dt.datetime.now(dt.UTC).astimezone(local_zone(settings.time_zone))
    filename = f"{name}-{day:%Y-%m-%d}.{file_format}"
    return Response(
        content=body,
        media_type=EXPORT_TYPES[file_format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


_PARAM_WORDS = {
    "q": "kata kunci",
    "domain": "bidang",
    "skill": "keterampilan",
    "opd": "OPD",
    "jenis_jabatan": "jenis jabatan",
    "jenjang": "jenjang",
    "golongan_min": "golongan minimal",
    "education_min": "pendidikan minimal",
    "education": "pendidikan",
    "status": "status",
    "min_years_to_retirement": "pensiun paling cepat (tahun lagi)",
    "max_years_to_retirement": "pensiun dalam (tahun, paling lama)",
    "sort": "urutan",
    "name": "nama",
    "nip": "NIP",
}
_SORT_WORDS = {
    "relevance": "kecocokan kata kunci",
    "expertise": "skor keahlian",
    "golongan": "golongan tertinggi",
    "masa_kerja": "masa kerja terlama",
    "pensiun": "sisa masa kerja terpanjang",
}
_PARAM_KINDS = {
    "domain": "domain",
    "jenis_jabatan": "jenis_jabatan",
    "jenjang": "jenjang",
    "status": "status",
    "education_min": "education_level",
    "education": "education_level",
}


def _param_value(key: str, value: str) -> str:
    """A search parameter's value as words: a code as its label."""
    if key == "sort":
        return _SORT_WORDS.get(value, value)
    if key == "skill":
        skill = vocabulary().skills.get(value)
        return skill.name if skill else value
    return label(_PARAM_KINDS[key], value) if key in _PARAM_KINDS else value


def _reading(body: dict[str, Any]) -> str:
    """How the search read the query (its interpretation), in words."""
    parts = [f"bidang {label('domain', d)}" for d in body.get("domains") or []]
    skills = vocabulary().skills
    parts += [
        f"keterampilan {skills[c].name if c in skills else c}" for c in body.get("skills") or []
    ]
    parts += [str(n.get("message", "")) for n in body.get("notes") or [] if isinstance(n, dict)]
    return "; ".join(p for p in parts if p) or "kata kunci saja"


SEARCH_COLUMNS = (
    "No",
    "NIP",
    "Nama",
    "Jabatan",
    "OPD",
    "Golongan",
    "Status",
    "Relevansi",
    "Keahlian bidang",
    "Bukti",
)


@router.get(
    "/search/export",
    responses=_FILE,
    openapi_extra={"parameters": query_parameters(SearchExportParams, first=("format",))},
)
async def export_search(
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Searcher,
    query: SearchExportQuery,
) -> Response:
    """Hasil pencarian sebagai berkas: parameter sama dengan GET /v1/search (q, domain,
    skill, opd, jenis_jabatan, status, sort ...), semua halaman, paling banyak 500 orang
    (lebih dari itu ditolak dengan batasnya). Akses satu OPD: hanya OPD itu."""
    file_format = dict(query).get("format", "xlsx")  # checked: its last value, xlsx or csv
    params = [(k, v) for k, v in query if k not in ("format", "limit", "cursor")]
    hits: list[dict[str, Any]] = []
    cursor: str | None = None
    total = 0
    reading: dict[str, Any] = {}
    while True:
        page: list[tuple[str, str | int | float | bool | None]] = [*params, ("limit", 100)]
        if cursor:
            page.append(("cursor", cursor))
        try:
            resp = await backends.search.get(
                "/search", params=page, headers={"X-Request-ID": request_id}
            )
        except httpx.HTTPError as exc:
            raise backend_unreachable("pencarian", exc) from exc
        if resp.status_code != 200:  # the search service's own problem (a bad parameter)
            return Response(
                content=resp.content,
                status_code=resp.status_code,
                media_type=resp.headers.get("content-type"),
            )
        body = resp.json()
        reading = reading or body
        total = int(body.get("total", 0))
        if total > MAX_SEARCH_ROWS:
            raise _too_many("q", total, MAX_SEARCH_ROWS)
        hits += body.get("data", [])
        cursor = body.get("next_cursor")
        if not cursor or len(hits) >= MAX_SEARCH_ROWS:
            break
    table = [
        [
            i,
            str(h.get("nip", "")),
            str(h.get("name", "")),
            str(h.get("jabatan", "")),
            str(h.get("opd", "")),
            str(h.get("golongan", "")),
            label("status", str(h.get("status") or "")),
            round(float(h.get("relevance") or 0.0), 4),
            "; ".join(
                f"{label('domain', code)} {round(100 * float(score))}/100"
                for code, score in sorted(
                    (h.get("expertise") or {}).items(), key=lambda kv: -float(kv[1])
                )[:3]
                if float(score) > 0
            ),
            "; ".join(
                [e for es in (h.get("skill_evidence") or {}).values() for e in es][:2]
                + [e for es in (h.get("evidence") or {}).values() for e in es][:3]
            ),
        ]
        for i, h in enumerate(hits, start=1)
    ]
    asked = "; ".join(f"{_PARAM_WORDS.get(k, k)}: {_param_value(k, v)}" for k, v in params)
    asked = asked or "(semua)"
    return await _file(
        request,
        principal,
        file_format,
        "hasil-pencarian",
        "Hasil pencarian",
        SEARCH_COLUMNS,
        table,
        [
            ("Pencarian", asked),
            ("Dibaca sebagai", _reading(reading)),
            ("Ditemukan", total),
            ("Catatan", exports.NOTE),
        ],
        tuple(str(h.get("nip")) for h in hits),
        numbers=(7, 8),
        widths={"Nama": 28, "Jabatan": 34, "OPD": 30, "Keahlian bidang": 34, "Bukti": 80},
    )


GRID_COLUMNS = ("Kotak", "Arti", "NIP", "Nama", "Jabatan", "OPD", "Golongan")


@router.get("/talent-grid/export", responses=_FILE)
async def export_talent_grid(
    request: Request,
    backends: BackendsDep,
    request_id: RequestIdDep,
    principal: Ranker,
    opd: Annotated[list[str] | None, Query(description="OPD; kosong: semua")] = None,
    jenis_jabatan: Annotated[list[str] | None, Query()] = None,
    file_format: FormatQuery = "xlsx",
) -> Response:
    """Anggota setiap kotak talenta (9-box, PermenPANRB 3/2020) sebagai berkas, paling
    banyak 5.000 orang (lebih dari itu ditolak dengan batasnya: pilih OPD). Akses satu OPD:
    hanya OPD itu."""
    not_self_only(principal, "kotak talenta")
    filters = rpb.Filters(opd=opd or [], jenis_jabatan=jenis_jabatan or [])
    if principal.opd is not None:
        del filters.opd[:]
        filters.opd.append(principal.opd)
    counting = rpb.TalentGridRequest(filters=filters, members_per_cell=0)
    counted = await call_ranking(backends, backends.ranking.TalentGrid, counting, request_id)
    members = sum(c.count for c in counted.cells)
    if members > MAX_GRID_ROWS:
        raise _too_many("opd", members, MAX_GRID_ROWS)
    biggest = max((c.count for c in counted.cells), default=0)
    if biggest > MAX_GRID_CELL:  # the ranking lists at most this many per box: never cut
        raise _too_many("opd", biggest, MAX_GRID_CELL)
    listing = rpb.TalentGridRequest(filters=filters, members_per_cell=biggest)
    reply = await call_ranking(backends, backends.ranking.TalentGrid, listing, request_id)
    nips = [n for c in reply.cells for n in c.nips]
    people = await people_of(backends, request_id, nips) if principal.can(SEARCH) else {}
    table: list[list[Any]] = []
    for cell in sorted(reply.cells, key=lambda c: -c.box):
        for nip in cell.nips:
            p = people.get(nip, {})
            table.append(
                [
                    cell.box,
                    cell.meaning,
                    nip,
                    str(p.get("name", "")),
                    str(p.get("jabatan", "")),
                    str(p.get("opd", "")),
                    str(p.get("golongan", "")),
                ]
            )
    about: list[tuple[str, Any]] = [
        ("OPD", ", ".join(filters.opd) or "semua OPD"),
        ("Kebijakan penilaian", reply.policy_version),
        ("Jenis jabatan", ", ".join(label("jenis_jabatan", j) for j in filters.jenis_jabatan)),
        *(
            (f"Kotak {c.box}", f"{c.count} ASN: {c.meaning}")
            for c in sorted(reply.cells, key=lambda c: -c.box)
        ),
        (
            "Catatan",
            "Kotak talenta menurut PermenPANRB 3/2020; ASN tanpa asesmen atau SKP yang "
            "diperlukan tidak ditempatkan.",
        ),
    ]
    return await _file(
        request,
        principal,
        file_format,
        "kotak-talenta",
        "Kotak talenta",
        GRID_COLUMNS,
        table,
        about,
        tuple(nips),
        widths={"Arti": 40, "Nama": 28, "Jabatan": 34, "OPD": 30},
    )


AUDIT_COLUMNS = (
    "No urut",
    "Waktu",
    "Pelaku",
    "Aksi",
    "Metode",
    "Alamat",
    "Parameter",
    "Rincian",
    "Status",
    "Id permintaan",
    "NIP",
)


@router.get("/audit/query/export", responses=_FILE, tags=["audit"])
async def export_audit_query(
    request: Request,
    principal: Admin,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    nip: Annotated[str | None, Query(pattern=r"^\d{18}$")] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    request_id: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9._-]{8,64}$")] = None,
    file_format: FormatQuery = "xlsx",
) -> Response:
    """Hasil pencarian jejak audit (saringan sama dengan GET /v1/audit) sebagai berkas,
    waktu dalam zona daerah, paling banyak 10.000 entri (lebih dari itu ditolak dengan
    batasnya). Untuk verifikasi rantai hash gunakan /v1/audit/export (NDJSON)."""
    log = request.app.state.audit
    rows = await anyio.to_thread.run_sync(
        lambda: log.query(
            actor=actor,
            action=action,
            nip=nip,
            status=status,
            since=since,
            until=until,
            request_id=request_id,
            limit=MAX_AUDIT_ROWS + 1,
        )
    )
    if len(rows) > MAX_AUDIT_ROWS:
        raise _too_many("since", len(rows), MAX_AUDIT_ROWS, more=True)
    settings = request.app.state.settings
    zone = local_zone(settings.time_zone)

    def at(text: str) -> str:
        try:
            return exports.when(dt.datetime.fromisoformat(text), zone, settings.time_zone_label)
        except ValueError:
            return text

    table = [
        [
            int(r["seq"]),
            at(str(r["at"])),
            str(r["actor"]),
            str(r["action"]),
            str(r["method"]),
            str(r["path"]),
            str(r["query"]),
            str(r["detail"]),
            int(r["status"]),
            str(r["request_id"]),
            ", ".join(r["nips"][:50]) + (" …" if len(r["nips"]) > 50 else ""),
        ]
        for r in rows
    ]
    asked = {
        "actor": actor,
        "action": action,
        "nip": nip,
        "status": status,
        "since": since,
        "until": until,
        "request_id": request_id,
    }
    return await _file(
        request,
        principal,
        file_format,
        "jejak-audit",
        "Jejak audit",
        AUDIT_COLUMNS,
        table,
        [
            ("Saringan", json.dumps({k: v for k, v in asked.items() if v}, ensure_ascii=False)),
            ("Entri", len(table)),
            ("Catatan", "Salinan baca; rantai hash diverifikasi dengan GET /v1/audit/verify."),
        ],
        (),
        widths={"Pelaku": 30, "Alamat": 40, "Parameter": 30, "Rincian": 60, "NIP": 40},
    )
