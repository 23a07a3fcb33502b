from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from potret_profile.adapters.store import ProfileStore
from potret_profile.main import create_app
from potret_profile.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "profile.db", relay_enabled=False)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def store(client: TestClient) -> ProfileStore:
    result: ProfileStore = client.app.state.store  # type: ignore[attr-defined]
    return result
