"""How the search service authenticates to Elasticsearch (adapters/elastic.py): its own user
with the password from a file, an API key, the CA; a misconfiguration is named, not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from potret_search.adapters.elastic import ElasticsearchConfigError, credentials
from potret_search.settings import Settings


def _settings(**values: object) -> Settings:
    # Explicit values only: the test run's own ELASTICSEARCH_* environment must not leak in.
    base: dict[str, object] = {
        "elasticsearch_username": None,
        "elasticsearch_password": None,
        "elasticsearch_password_file": None,
        "elasticsearch_api_key": None,
        "elasticsearch_ca_certs": None,
    }
    return Settings(**(base | values))  # type: ignore[arg-type]


def test_a_user_reads_its_password_from_the_file_and_trusts_the_ca(tmp_path: Path) -> None:
    secret = tmp_path / "potret-search.password"
    secret.write_text("s3cret-from-file\n", "utf-8")
    options = credentials(
        _settings(
            elasticsearch_username="potret-search",
            elasticsearch_password_file=str(secret),
            elasticsearch_ca_certs="/etc/potret/ca.crt",
        )
    )
    assert options == {
        "basic_auth": ("potret-search", "s3cret-from-file"),
        "ca_certs": "/etc/potret/ca.crt",
    }


def test_a_password_in_the_environment_wins_over_the_file_and_an_api_key_over_both() -> None:
    both = _settings(
        elasticsearch_username="u",
        elasticsearch_password="p",  # noqa: S106 (a test value)
        elasticsearch_password_file="/x",  # noqa: S106
    )
    assert credentials(both) == {"basic_auth": ("u", "p")}
    keyed = _settings(elasticsearch_username="u", elasticsearch_api_key="k")
    assert credentials(keyed) == {"api_key": "k"}


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (None, "ELASTICSEARCH_USERNAME=potret-search needs ELASTICSEARCH_PASSWORD or"),
        ("missing", "No such file or directory"),
        ("empty", "is empty"),
    ],
)
def test_a_user_without_a_usable_password_is_named(
    tmp_path: Path, file: str | None, message: str
) -> None:
    path = None
    if file:
        path = tmp_path / file
        if file == "empty":
            path.write_text("\n", "utf-8")
    settings = _settings(
        elasticsearch_username="potret-search",
        elasticsearch_password_file=str(path) if path else None,
    )
    with pytest.raises(ElasticsearchConfigError, match=message):
        credentials(settings)


def test_no_user_and_no_key_sends_no_credentials() -> None:
    assert credentials(_settings()) == {}
