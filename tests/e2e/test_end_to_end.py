"""End to end through the gateway against the running stack (make test starts it)."""

import os
import random
import string
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from potret.asn.v1 import profile_events_pb2 as pb
from potret_credentials.internal import service_headers
from potret_events import POSITION_TOPIC, PROFILE_TOPIC, dlq_topic, kafka_security

pytestmark = pytest.mark.e2e
Wait = Callable[..., Any]


def _token() -> str:
    """A made-up word that no other profile contains, to search for."""
    return "Zq" + "".join(random.choices(string.ascii_lowercase, k=8))


@pytest.fixture
def api(gateway_url: str, api_headers: dict[str, str]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=15) as client:
        yield client


def _profile(nip: str, token: str, golongan: str) -> dict[str, str]:
    return {
        "nip": nip,
        "name": f"Agus {token}, S.Pi.",
        "golongan": golongan,
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "opd": "Dinas Perikanan",
    }


def _hits(api: httpx.Client, q: str) -> list[dict[str, Any]]:
    resp = api.get("/v1/search", params={"q": q})
    return list(resp.json()["data"]) if resp.status_code == 200 else []


def _score(api: httpx.Client, nip: str, min_golongan: str) -> dict[str, Any] | None:
    resp = api.post(
        "/v1/positions/score",
        json={"position": {"name": "Kepala Bidang", "min_golongan": min_golongan}, "nips": [nip]},
    )
    return resp.json()["data"][0] if resp.status_code == 200 else None


def test_create_is_searchable_within_5s_scored_and_update_wins(
    api: httpx.Client, new_nip: Callable[[], str], wait: Wait
) -> None:
    nip, first, second = new_nip(), _token(), _token()
    created = api.post("/v1/profiles", json=_profile(nip, first, "III/c"))
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/v1/profiles/{nip}"

    started = time.monotonic()
    hits = wait(lambda: _hits(api, first), timeout=5, what="the new profile in search")
    print(f"searchable after {time.monotonic() - started:.2f}s")
    assert [(h["nip"], h["version"]) for h in hits] == [(nip, 1)]

    scored = wait(lambda: _score(api, nip, "IV/a"), timeout=5, what="a score from ranking")
    assert (scored["profile_version"], scored["eligible"]) == (1, False)
    gol = next(r for r in scored["eligibility"] if r["rule"] == "ELIG-GOL")
    assert (gol["met"], gol["value"], gol["threshold"]) == (False, "III/c", "IV/a")
    assert sum(f["contribution"] for f in scored["factors"]) == pytest.approx(scored["score"])

    change = {k: v for k, v in _profile(nip, second, "IV/a").items() if k != "nip"}
    updated = api.put(f"/v1/profiles/{nip}", json=change, headers={"If-Match": '"1"'})
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2

    hits = wait(lambda: _hits(api, second), timeout=5, what="the updated profile in search")
    assert [(h["nip"], h["version"], h["golongan"]) for h in hits] == [(nip, 2, "IV/a")]
    assert _hits(api, first) == []
    rescored = wait(
        lambda: (s := _score(api, nip, "IV/a")) and s["profile_version"] == 2 and s,
        timeout=5,
        what="ranking to see version 2",
    )
    assert rescored["eligible"] is True


def test_invalid_profile_is_422_problem_and_not_stored(
    api: httpx.Client, new_nip: Callable[[], str]
) -> None:
    nip = new_nip()
    resp = api.post("/v1/profiles", json=_profile(nip, _token(), "V/a"))
    assert resp.status_code == 422
    assert resp.headers["content-type"] == "application/problem+json"
    assert [(e["field"], e["rule"]) for e in resp.json()["errors"]] == [("golongan", "GOLONGAN")]
    assert api.get(f"/v1/profiles/{nip}").status_code == 404
    serial_000 = api.post("/v1/profiles", json=_profile(nip[:-3] + "000", _token(), "III/a"))
    assert [(e["field"], e["rule"]) for e in serial_000.json()["errors"]] == [("nip", "NIP-SERIAL")]


BAD_MESSAGES: dict[str, Callable[[], bytes | None]] = {
    "garbage": lambda: b"\x08\x96\x01 not a protobuf " + uuid.uuid4().bytes,
    # Close to the broker's 1 MB limit; 0xff is an invalid protobuf tag, so it cannot parse.
    "oversized": lambda: b"\xff\xff\xff\xff" + os.urandom(900_000),
    "null": lambda: None,
    # A real event cut short: the profile's length prefix promises bytes that never come.
    "truncated": lambda: pb.ProfileChanged(
        event_id=str(uuid.uuid4()),
        nip="198609262015051001",
        version=1,
        profile=pb.Profile(nip="198609262015051001", name="Siti Aminah", jabatan="Analis"),
    ).SerializeToString()[:-5],
}


@pytest.mark.parametrize("kind", sorted(BAD_MESSAGES))
def test_bad_message_goes_to_dlq_and_next_good_event_is_still_indexed(
    api: httpx.Client, kafka_bootstrap: str, new_nip: Callable[[], str], wait: Wait, kind: str
) -> None:
    nip, token = new_nip(), _token()
    garbage = BAD_MESSAGES[kind]()
    producer = KafkaProducer(
        **kafka_security(),
        bootstrap_servers=kafka_bootstrap,
        acks="all",
        max_request_size=1_048_576,
    )
    # Same key as the good profile: same partition, so the good event comes after the bad one.
    producer.send(PROFILE_TOPIC, key=nip.encode(), value=garbage).get(timeout=10)
    producer.close()
    assert api.post("/v1/profiles", json=_profile(nip, token, "III/a")).status_code == 201
    wait(lambda: _hits(api, token), timeout=10, what="the good event after the garbage")

    consumer = KafkaConsumer(
        **kafka_security(), bootstrap_servers=kafka_bootstrap, enable_auto_commit=False
    )
    tps = [
        TopicPartition(dlq_topic(PROFILE_TOPIC), p)
        for p in consumer.partitions_for_topic(dlq_topic(PROFILE_TOPIC)) or ()
    ]
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)

    by_group: dict[bytes, dict[str, bytes]] = {}

    def find() -> dict[bytes, dict[str, bytes]] | None:
        for records in consumer.poll(timeout_ms=500).values():
            for r in records:
                if r.key == nip.encode() and r.value == garbage:
                    headers = dict(r.headers)
                    by_group[headers["dlq-consumer-group"]] = headers
        # Both read models report it: search (its consumer group) and ranking.
        return by_group if {b"potret-search", b"potret-ranking"} <= set(by_group) else None

    found = wait(find, timeout=15, what="the garbage message in the DLQ from both services")
    consumer.close()
    for headers in found.values():
        assert headers["dlq-source-topic"] == PROFILE_TOPIC.encode()
        assert headers["dlq-error"]  # the reason, e.g. the protobuf error or "null"
    # The ranking read model went on: the good event after the garbage is scored.
    scored = wait(lambda: _score(api, nip, "III/a"), timeout=10, what="ranking after garbage")
    assert scored["profile_version"] == 1


def test_bad_position_event_goes_to_dlq_and_next_position_is_still_applied(
    api: httpx.Client, kafka_bootstrap: str, wait: Wait
) -> None:
    """The position topic has one consumer, ranking: garbage there is dead-lettered too."""
    position_id = f"uji-dlq-{uuid.uuid4().hex[:8]}"
    garbage = b"\xff\xff position? " + uuid.uuid4().bytes
    producer = KafkaProducer(**kafka_security(), bootstrap_servers=kafka_bootstrap, acks="all")
    producer.send(POSITION_TOPIC, key=position_id.encode(), value=garbage).get(timeout=10)
    producer.close()
    created = api.post(
        "/v1/positions",
        json={
            "position_id": position_id,
            "name": "Kepala Seksi Uji Antrian Rusak",
            "jenis": "PENGAWAS",
            "opd": "Dinas Perikanan",
            "domains": ["kelautan_perikanan"],
        },
    )
    assert created.status_code == 201, created.text
    wait(
        lambda: api.get(f"/v1/positions/{position_id}/ranking").status_code == 200,
        timeout=15,
        what="ranking to apply the position after the garbage",
    )
    consumer = KafkaConsumer(
        **kafka_security(), bootstrap_servers=kafka_bootstrap, enable_auto_commit=False
    )
    topic = dlq_topic(POSITION_TOPIC)
    tps = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
    consumer.assign(tps)
    consumer.seek_to_beginning(*tps)

    def find() -> dict[str, bytes] | None:
        for records in consumer.poll(timeout_ms=500).values():
            for r in records:
                if r.key == position_id.encode() and r.value == garbage:
                    return dict(r.headers)
        return None

    headers = wait(find, timeout=15, what="the garbage position event in the DLQ")
    consumer.close()
    assert headers["dlq-source-topic"] == POSITION_TOPIC.encode()
    assert headers["dlq-consumer-group"] == b"potret-ranking"
    assert headers["dlq-error"]


def test_deleted_profile_leaves_search_and_ranking(
    api: httpx.Client, new_nip: Callable[[], str], wait: Wait
) -> None:
    nip, token = new_nip(), _token()
    api.post("/v1/profiles", json=_profile(nip, token, "III/b"))
    wait(lambda: _hits(api, token), timeout=5, what="the profile in search")
    assert api.delete(f"/v1/profiles/{nip}").status_code == 204
    wait(lambda: _hits(api, token) == [], timeout=5, what="the profile to leave search")
    wait(
        lambda: (
            api.post(
                "/v1/positions/score", json={"position": {"min_golongan": "III/a"}, "nips": [nip]}
            ).status_code
            == 404
        ),
        timeout=5,
        what="ranking to forget the profile",
    )


def test_ranking_is_serving_through_standard_health_protocol(ranking_addr: str) -> None:
    with grpc.insecure_channel(ranking_addr) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for service in ("", "potret.ranking.v1.RankingService"):
            reply = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_gateway_is_ready_and_serves_openapi(api: httpx.Client) -> None:
    ready = api.get("/readyz")
    assert ready.status_code == 200, ready.text
    spec = api.get("/openapi.json").json()
    assert {"/v1/profiles", "/v1/search", "/v1/positions/score"} <= set(spec["paths"])


def test_search_exports_freshness_metrics(
    api: httpx.Client, search_url: str, new_nip: Callable[[], str], wait: Callable[..., Any]
) -> None:
    def count() -> float:
        metrics = os.environ.get("POTRET_SEARCH_METRICS_URL", "http://127.0.0.1:8092")
        text = httpx.get(f"{metrics}/metrics", timeout=10).text
        for line in text.splitlines():
            if line.startswith("potret_search_index_lag_seconds_count "):
                return float(line.split()[1])
        raise AssertionError("index lag histogram missing from /metrics")

    before = count()
    nip = new_nip()
    assert api.post("/v1/profiles", json=_profile(nip, _token(), "III/a")).status_code == 201
    wait(lambda: count() > before, timeout=15, what="index lag observed for the new profile")
    freshness = httpx.get(
        f"{search_url}/freshness", headers=service_headers("search"), timeout=10
    ).json()
    assert freshness["count"] >= 1
    assert 0 <= freshness["p50_s"] < 15


def test_request_id_reaches_every_backend_log(
    api: httpx.Client, potret_var: Path, new_nip: Callable[[], str], wait: Wait
) -> None:
    rid = f"e2e-trace-{uuid.uuid4().hex[:12]}"
    headers = {"X-Request-ID": rid}
    assert api.get("/v1/search", params={"q": "perikanan"}, headers=headers).status_code == 200
    rank = api.post(
        "/v1/positions/rank",
        json={"position": {"jenis": "PENGAWAS", "domains": ["kesehatan"]}, "top_k": 1},
        headers=headers,
    )
    assert rank.status_code == 200
    assert api.get(f"/v1/profiles/{new_nip()}", headers=headers).status_code == 404
    logs = potret_var / "log"

    def traced() -> list[str]:
        names = ("gateway", "search", "ranking", "profile")
        return [n for n in names if rid in (logs / f"{n}.log").read_text(errors="replace")]

    wait(lambda: len(traced()) == 4, timeout=10, what=f"{rid} in every service log")
