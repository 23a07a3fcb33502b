"""Connecting to Elasticsearch as a named user, over HTTPS with the CA the settings name.

Elasticsearch runs with security on everywhere (deploy/local/elasticsearch.sh, Compose, ECK):
each caller authenticates as its own least-privileged user (docs/security.md). The password
comes from `ELASTICSEARCH_PASSWORD` or, better, a file (`ELASTICSEARCH_PASSWORD_FILE`, as the
local scripts and Kubernetes Secrets provide it); an API key works too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from potret_search.settings import Settings

OPERATOR = "potret-operator"
USERNAME_ENV = "ELASTICSEARCH_USERNAME"
PASSWORD_FILE_ENV = "ELASTICSEARCH_PASSWORD_FILE"  # noqa: S105 (a variable name)
CA_CERTS_ENV = "ELASTICSEARCH_CA_CERTS"


class ElasticsearchConfigError(ValueError):
    """The settings name a user without a password, or a password file that cannot be read."""


def credentials(settings: Settings) -> dict[str, Any]:
    """The client's authentication and TLS options for these settings."""
    out: dict[str, Any] = {}
    if settings.elasticsearch_api_key is not None:
        out["api_key"] = settings.elasticsearch_api_key.get_secret_value()
    elif settings.elasticsearch_username:
        out["basic_auth"] = (settings.elasticsearch_username, _password(settings))
    if settings.elasticsearch_ca_certs:
        out["ca_certs"] = settings.elasticsearch_ca_certs
    return out


def _password(settings: Settings) -> str:
    if settings.elasticsearch_password is not None:
        return settings.elasticsearch_password.get_secret_value()
    path = settings.elasticsearch_password_file
    if not path:
        raise ElasticsearchConfigError(
            f"{USERNAME_ENV}={settings.elasticsearch_username} needs ELASTICSEARCH_PASSWORD "
            f"or {PASSWORD_FILE_ENV}"
        )
    try:
        password = Path(path).read_text("utf-8").strip()
    except OSError as exc:
        raise ElasticsearchConfigError(f"{PASSWORD_FILE_ENV}={path}: {exc.strerror}") from exc
    if not password:
        raise ElasticsearchConfigError(f"{PASSWORD_FILE_ENV}={path} is empty")
    return password


def connect(settings: Settings | None = None, **options: Any) -> Elasticsearch:
    """A client for the settings' cluster, user and CA (extra options passed on)."""
    settings = settings or Settings()
    return Elasticsearch(settings.elasticsearch_url, **(credentials(settings) | options))


def connect_url(url: str, **options: Any) -> Elasticsearch:
    """A client for `url` with the credentials of the environment (tests, tools)."""
    return connect(Settings(elasticsearch_url=url), **options)


def users_dir() -> Path:
    """Where deploy/local/elasticsearch.sh keeps the users' passwords."""
    default = Path(os.environ.get("POTRET_VAR", "var")) / "run" / "es-users"
    return Path(os.environ.get("POTRET_ES_USERS") or default)


def use_local_operator() -> bool:
    """Tests and tools on a machine with the local Elasticsearch talk to it as
    potret-operator, unless the environment names a user, a key or another cluster.
    True if it was set."""
    if any(os.environ.get(k) for k in (USERNAME_ENV, "ELASTICSEARCH_API_KEY", "ELASTICSEARCH_URL")):
        return False
    password = users_dir() / f"{OPERATOR}.password"
    ca = Path(os.environ.get("POTRET_ES_TLS") or users_dir().parent / "es-tls") / "ca.crt"
    if not password.exists() or not ca.exists():
        return False
    os.environ[USERNAME_ENV] = OPERATOR
    os.environ[PASSWORD_FILE_ENV] = str(password.resolve())
    os.environ[CA_CERTS_ENV] = str(ca.resolve())
    return True
