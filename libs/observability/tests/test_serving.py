"""serve_http: the app on its port with the services' logging, metrics on their own port only
when one is set, and a service's own uvicorn options passed on."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import uvicorn

from potret_observability import UVICORN_LOGGING, serving


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(run=(app, kw)))
    monkeypatch.setattr(
        serving, "serve_metrics", lambda host, port, regs: seen.update(metrics=(host, port))
    )
    return seen


def test_the_app_and_its_metrics_on_their_own_ports(calls: dict[str, Any]) -> None:
    app = object()
    where = SimpleNamespace(host="0.0.0.0", port=8080, metrics_port=8090)
    serving.serve_http(app, where, list, proxy_headers=False)
    served, options = calls["run"]
    assert served is app
    assert options == {"host": "0.0.0.0", "port": 8080, **UVICORN_LOGGING, "proxy_headers": False}
    assert calls["metrics"] == ("0.0.0.0", 8090)


def test_no_metrics_port_serves_no_metrics(calls: dict[str, Any]) -> None:
    serving.serve_http(object(), SimpleNamespace(host="127.0.0.1", port=8081, metrics_port=0), list)
    assert "metrics" not in calls
    assert calls["run"][1]["port"] == 8081


def test_an_option_given_wins_over_the_logging_default(calls: dict[str, Any]) -> None:
    where = SimpleNamespace(host="127.0.0.1", port=8081, metrics_port=0)
    serving.serve_http(object(), where, list, access_log=True)
    assert calls["run"][1]["access_log"] is True


def test_a_service_command_explains_itself_and_refuses_arguments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`potret-profile-relay --help` once started a relay: a service takes no argument."""
    from potret_observability import no_arguments

    monkeypatch.setattr("sys.argv", ["potret-uji", "--help"])
    with pytest.raises(SystemExit) as helped:
        no_arguments("potret-uji", "Layanan uji.", "UJI_")
    assert helped.value.code == 0
    assert "variabel lingkungan UJI_*" in capsys.readouterr().out
    monkeypatch.setattr("sys.argv", ["potret-uji", "--port", "1"])
    with pytest.raises(SystemExit) as refused:
        no_arguments("potret-uji", "Layanan uji.", "UJI_")
    assert refused.value.code == 2
    monkeypatch.setattr("sys.argv", ["potret-uji"])
    no_arguments("potret-uji", "Layanan uji.", "UJI_")  # none: the service starts
