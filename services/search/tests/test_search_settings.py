"""The search service's settings refuse what Kafka would refuse later, naming the setting."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from potret_search.settings import Settings


@pytest.mark.parametrize("bad", ["search a", "search/a", "x" * 250, "pod:1", ".", ".."])
def test_a_consumer_instance_id_kafka_would_refuse_is_refused_here(
    bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEARCH_CONSUMER_INSTANCE_ID", bad)
    with pytest.raises(ValidationError) as error:
        Settings()
    assert "consumer_instance_id" in str(error.value)


@pytest.mark.parametrize("good", ["", "search-7d9f8b-x2kq4", "search_a.1"])
def test_a_pods_name_or_nothing_is_a_consumer_instance_id(
    good: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEARCH_CONSUMER_INSTANCE_ID", good)
    assert Settings().consumer_instance_id == good
