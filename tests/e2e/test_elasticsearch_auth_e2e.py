"""Elasticsearch behind authentication and TLS (issue 18, item 2): the local cluster refuses
a client without credentials, with a wrong password or over plain HTTP, and the search
service's user may touch only its own indices (deploy/local/elasticsearch.sh, roles.yml)."""

from __future__ import annotations

import os
import ssl
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from potret_search.adapters.elastic import users_dir

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _local_elasticsearch() -> None:
    if os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("another Elasticsearch (ELASTICSEARCH_URL) has its own security")


def _password(user: str) -> str:
    return (users_dir() / f"{user}.password").read_text("utf-8").strip()


def _ca() -> str:
    return os.environ["ELASTICSEARCH_CA_CERTS"]


def _client(elasticsearch_url: str, auth: tuple[str, str] | None) -> httpx.Client:
    verify = ssl.create_default_context(cafile=_ca())
    return httpx.Client(base_url=elasticsearch_url, auth=auth, verify=verify, timeout=10)


@pytest.fixture
def scratch(elasticsearch_url: str) -> Iterator[str]:
    """An index of potret-search's own family, removed afterwards by the operator."""
    name = f"potret-asn-authtest-{uuid.uuid4().hex[:8]}"
    yield name
    with _client(elasticsearch_url, ("potret-operator", _password("potret-operator"))) as op:
        op.delete(f"/{name}*", params={"ignore_unavailable": "true"})
        op.delete("/other-authtest", params={"ignore_unavailable": "true"})


@pytest.mark.parametrize("who", ["no credentials", "a wrong password"])
def test_elasticsearch_refuses_a_client_that_does_not_authenticate(
    elasticsearch_url: str, who: str
) -> None:
    auth = None if who == "no credentials" else ("potret-search", "not-the-password")
    with _client(elasticsearch_url, ("potret-search", _password("potret-search"))) as ok:
        assert ok.get("/_cluster/health").status_code == 200  # the cluster is there
    with _client(elasticsearch_url, auth) as client:
        response = client.get("/_cluster/health")
        assert response.status_code == 401
        assert response.json()["error"]["type"] == "security_exception"
        assert client.get("/potret-asn/_search").status_code == 401


def test_elasticsearch_speaks_only_https_with_the_local_ca(elasticsearch_url: str) -> None:
    assert elasticsearch_url.startswith("https://")
    plain = elasticsearch_url.replace("https://", "http://", 1)
    with (
        httpx.Client(timeout=5) as client,
        pytest.raises(httpx.HTTPError),  # no HTTP listener: the connection is dropped
    ):
        client.get(f"{plain}/_cluster/health", auth=("potret-search", _password("potret-search")))
    with (
        httpx.Client(timeout=5, verify=True) as client,  # the system CAs do not know it
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.get(f"{elasticsearch_url}/_cluster/health")
    assert Path(_ca()).read_text("ascii").startswith("-----BEGIN CERTIFICATE-----")


def test_the_search_user_may_use_its_own_indices_and_nothing_else(
    elasticsearch_url: str, scratch: str
) -> None:
    with _client(elasticsearch_url, ("potret-search", _password("potret-search"))) as es:
        # What the service does: create its versioned index, point an alias, write, read.
        assert es.put(f"/{scratch}-v1").status_code == 200
        aliases = {"actions": [{"add": {"index": f"{scratch}-v1", "alias": scratch}}]}
        assert es.post("/_aliases", json=aliases).status_code == 200
        assert es.put(f"/{scratch}/_mapping", json={"_meta": {"v": 1}}).status_code == 200
        doc = es.put(f"/{scratch}/_doc/1", params={"refresh": "true"}, json={"nama": "x"})
        assert doc.status_code == 201
        assert es.get(f"/{scratch}/_search").json()["hits"]["total"]["value"] == 1
        # What it may not: another index, deleting its own, cluster settings, the users.
        refused = [
            es.put("/other-authtest"),
            es.get("/other-authtest/_search"),
            es.delete(f"/{scratch}-v1"),
            es.put(
                "/_cluster/settings",
                json={"persistent": {"action.destructive_requires_name": True}},
            ),
            es.get("/_security/user"),
        ]
        assert [r.status_code for r in refused] == [403] * len(refused)
        assert all(r.json()["error"]["type"] == "security_exception" for r in refused)
