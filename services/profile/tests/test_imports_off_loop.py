"""An import runs in a worker thread: while one is under way (5,000 records take seconds)
the replica still answers its health check and other requests. Run on the event loop, it
held every request of the replica, Kubernetes' probes among them (1 s timeout), for the
whole import."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from potret_credentials.internal import service_auth
from potret_profile.entrypoints import imports
from potret_profile.main import create_app
from potret_profile.service.imports.batch import import_batch
from potret_profile.settings import Settings
from potret_seed.generator import Generator

TEMPLATE = Path(__file__).parents[1] / "templates" / "profiles.csv"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db_path=tmp_path / "profile.db", relay_enabled=False)
    with TestClient(create_app(settings)) as test_client:
        test_client.auth = service_auth("profile")
        yield test_client


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/imports/profiles", "json"),
        ("/imports/siasn", "siasn"),
        ("/imports/csv", "csv"),
        ("/imports/positions", "positions"),
    ],
)
def test_the_replica_answers_while_an_import_runs(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str, body: str
) -> None:
    started, release = threading.Event(), threading.Event()
    real = import_batch

    def slow_import(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(20)  # the import is "under way" until the test has its answer
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "import_batch", slow_import)
    people = list(Generator(seed=515).people(3))
    kwargs: dict[str, Any] = {"json": people}
    if body == "siasn":
        kwargs = {"json": []}
    elif body == "positions":
        kwargs = {"json": [{"position_id": "x"}]}  # refused by validation: the path is the same
    elif body == "csv":
        kwargs = {"content": TEMPLATE.read_bytes(), "headers": {"Content-Type": "text/csv"}}
    result: dict[str, Any] = {}

    def run_import() -> None:
        result["import"] = client.post(path, **kwargs)

    importer = threading.Thread(target=run_import)
    importer.start()
    try:
        assert started.wait(10), "the import did not start"
        answered: dict[str, int] = {}

        def health() -> None:
            answered["status"] = client.get("/healthz").status_code

        probe = threading.Thread(target=health, daemon=True)
        probe.start()
        probe.join(5)
        assert answered.get("status") == 200, "no answer while the import ran"
    finally:
        release.set()
        importer.join(30)
    assert result["import"].status_code == 200, result["import"].text


def test_imports_on_one_replica_run_one_at_a_time(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each import holds a database connection for its whole transaction: three sent at once
    run one after the other (as on the event loop before), the health check answers meanwhile."""
    running, most = [0], [0]
    lock, release = threading.Lock(), threading.Event()
    real = import_batch

    def counted(*args: Any, **kwargs: Any) -> Any:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(5)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(imports, "import_batch", counted)
    people = list(Generator(seed=516).people(6))
    codes: list[int] = []
    threads = [
        threading.Thread(
            target=lambda part=part: codes.append(
                client.post("/imports/profiles", json=people[part::3]).status_code
            )
        )
        for part in range(3)
    ]
    for t in threads:
        t.start()
    time.sleep(0.5)
    assert client.get("/healthz").status_code == 200
    release.set()
    for t in threads:
        t.join(30)
    assert codes == [200, 200, 200]
    assert most[0] == 1


def test_a_csv_of_too_many_rows_is_refused_before_it_is_imported(client: TestClient) -> None:
    header, row = TEMPLATE.read_text().splitlines()[:2]
    body = "\n".join([header] + [row] * (imports.MAX_RECORDS + 1)) + "\n"
    resp = client.post("/imports/csv", content=body.encode(), headers={"Content-Type": "text/csv"})
    assert resp.status_code == 413
    assert resp.json()["type"].endswith("payload-too-large")
