"""Fixtures shared by every test tier: service addresses, unique NIPs, polling with a deadline."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from potret_credentials import auth_headers, dev_credentials_path
from potret_events.security import use_local_operator
from potret_search.adapters.elastic import use_local_operator as use_local_es_operator
from potret_service_auth import init_keys, keys_dir
from potret_testkit.gateway import Gateway, open_gateway

# Test caches live under var/ (ignored), not in the checkout: Hypothesis' example database
# is read lazily, at the first property test, so setting its place here is early enough.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY",
    str(Path(os.environ.get("POTRET_VAR", "var")).resolve() / "hypothesis"),
)

# The service principals' keys: those of the running stack (the local scripts create them in
# the same place), else new ones, so that apps built in unit tests can check tokens.
init_keys(keys_dir())
# Kafka: tests talk to the local broker as potret-operator (a super user: they make scratch
# topics); the services they start inherit it, those of services.sh run as their own.
use_local_operator()
# Elasticsearch: likewise as potret-operator (a superuser: tests make scratch indices), over
# HTTPS with the local CA; the search service of services.sh runs as potret-search.
use_local_es_operator()

T = TypeVar("T")


def _make_nip(rng: random.Random) -> str:
    """A structurally valid NIP that is very unlikely to exist already."""
    year = rng.randint(1970, 1999)
    birth = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    tmt = f"{min(year + rng.randint(20, 30), 2025)}{rng.randint(1, 12):02d}"
    return f"{birth}{tmt}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"


@pytest.fixture
def new_nip() -> Callable[[], str]:
    """Call to get a fresh random NIP (never the same twice in one test)."""
    rng = random.Random(time.time_ns() ^ os.getpid())
    seen: set[str] = set()

    def make() -> str:
        while True:
            nip = _make_nip(rng)
            if nip not in seen:
                seen.add(nip)
                return nip

    return make


def wait_until(
    probe: Callable[[], T | None], *, timeout: float, interval: float = 0.1, what: str = "condition"
) -> T:
    """Poll `probe` until it returns something truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what} (last value: {last!r})")


@pytest.fixture(scope="session")
def wait() -> Callable[..., object]:
    return wait_until


@pytest.fixture(scope="session")
def gateway_url() -> str:
    return os.environ.get("POTRET_GATEWAY_URL", "http://127.0.0.1:8080")


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    """An in-process gateway with unreachable backends and one caller per role."""
    yield from open_gateway(tmp_path)


@pytest.fixture(scope="session")
def api_headers() -> dict[str, str]:
    """Credentials for the gateway: POTRET_API_KEY, else the dev-mode key of the local stack."""
    headers = auth_headers()
    if not headers:
        pytest.fail(
            "no API key for the gateway: set POTRET_API_KEY or start the stack in dev mode "
            f"(make up writes {dev_credentials_path()})"
        )
    return headers


@pytest.fixture(scope="session")
def potret_var() -> Path:
    return Path(os.environ.get("POTRET_VAR", "var"))


@pytest.fixture(scope="session")
def profile_url() -> str:
    return os.environ.get("POTRET_PROFILE_URL", "http://127.0.0.1:8081")


@pytest.fixture(scope="session")
def search_url() -> str:
    return os.environ.get("POTRET_SEARCH_URL", "http://127.0.0.1:8082")


@pytest.fixture(scope="session")
def ranking_addr() -> str:
    return os.environ.get("POTRET_RANKING_ADDR", "127.0.0.1:50051")


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    return os.environ.get("ELASTICSEARCH_URL", "https://127.0.0.1:9200")


@pytest.fixture(scope="session")
def postgres_url(potret_var: Path) -> str:
    """Superuser URL of the test PostgreSQL: POTRET_POSTGRES_URL, else the local server that
    `make test` starts (deploy/local/postgres.sh writes its URL to var/run/postgres.url)."""
    url = os.environ.get("POTRET_POSTGRES_URL")
    if url:
        return url
    path = potret_var / "run" / "postgres.url"
    if not path.exists():
        pytest.fail(
            "no PostgreSQL for the shared gateway store: set POTRET_POSTGRES_URL or run "
            "`bash deploy/local/postgres.sh start` (make test starts it)"
        )
    return path.read_text().strip()


@pytest.fixture
def postgres_db(postgres_url: str) -> Iterator[str]:
    """A fresh, empty database on the test PostgreSQL; dropped after the test."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"potret_test_{os.getpid()}_{time.time_ns()}"
    parts = urlsplit(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a profile store under test lives: a SQLite file (every tier) and a fresh
    PostgreSQL database (integration tier). The same test runs on both stores."""
    if request.param == "sqlite":
        return tmp_path / "profile.db"
    url: str = request.getfixturevalue("postgres_db")
    return url


@pytest.fixture
def store_settings(store_target: str | Path) -> dict[str, Any]:
    """Profile settings keywords that put the service on `store_target`."""
    if isinstance(store_target, Path):
        return {"db_path": store_target}
    from pydantic import SecretStr

    return {"database_url": SecretStr(store_target)}


@contextmanager
def _generated_regency(
    api: httpx.Client, seed: int, count: int
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """The demo catalogue (266 posts) and `count` generated ASN of `seed` imported through the
    gateway (`api`: an admin client), held until search and ranking have them all; deleted
    after. Each module that uses it takes its own seed (no NIP shared with another test)."""
    from potret_seed.generator import Generator

    generator = Generator(seed=seed)
    people = list(generator.people(count))
    positions = generator.positions()
    for start in range(0, len(people), 400):
        report = api.post("/v1/imports/profiles", json=people[start : start + 400]).json()
        assert report["failed"] == 0, report["errors"][:3]
    report = api.post("/v1/imports/positions", json=positions).json()
    assert report["failed"] == 0, report["errors"][:3]
    last_post = positions[-1]["position_id"]
    last_nip = people[-1]["nip"]
    last_pns = next(p["nip"] for p in reversed(people) if p.get("status", "PNS") == "PNS")

    def everything_is_in() -> bool:
        if api.get(f"/v1/positions/{last_post}/ranking").status_code != 200:
            return False
        scored = api.post(
            "/v1/positions/score", json={"position": {"min_golongan": "I/a"}, "nips": [last_pns]}
        )
        if scored.status_code != 200:  # the ranking read model does not hold everyone yet
            return False
        return bool(api.get("/v1/search", params={"nip": last_nip}).json()["data"])

    wait_until(everything_is_in, timeout=120, what="search and ranking to hold the regency")
    try:
        yield people, positions
    finally:
        with ThreadPoolExecutor(4) as pool:  # one request each; four at a time
            list(pool.map(lambda p: api.delete(f"/v1/positions/{p['position_id']}"), positions))
            list(pool.map(lambda p: api.delete(f"/v1/profiles/{p['nip']}"), people))


Regency = Callable[
    [httpx.Client, int, int],
    AbstractContextManager[tuple[list[dict[str, Any]], list[dict[str, Any]]]],
]


@pytest.fixture(scope="session")
def generated_regency() -> Regency:
    """`with generated_regency(admin_client, seed, count) as (people, positions):` the demo
    catalogue and generated ASN, on the running stack, deleted after."""
    return _generated_regency
