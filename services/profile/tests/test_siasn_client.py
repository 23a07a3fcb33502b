"""BKN's answer envelope as the SIASN client reads it (siasn_sync._unwrapped): the data of a
success, nothing for not found, and a failure for anything else, so that a failed answer never
overwrites what is stored (issue 21)."""

from pathlib import Path
from typing import Any

import httpx
import pytest

from potret_profile.entrypoints.siasn_sync import SiasnError, _unwrapped


def _answer(status: int, body: Any) -> httpx.Response:
    return httpx.Response(status, json=body)


def test_a_success_gives_its_data_whatever_the_code_is_typed_as() -> None:
    rows = [{"tahun": "2023", "KuadranKinerjaNilai": "2"}]
    assert (
        _unwrapped("/pns/rw-skp22/x", _answer(200, {"code": 1, "count": 1, "data": rows})) == rows
    )
    assert _unwrapped("/pns/rw-skp22/x", _answer(200, {"code": "1", "data": rows})) == rows
    assert _unwrapped("/pns/rw-skp22/x", _answer(200, {"data": []})) == []  # no code given


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, {"code": 0, "count": 0, "data": "Data tidak ditemukan", "message": "Not Found"}),
        (200, {"code": 0, "count": 0, "data": "Data tidak ditemukan", "message": ""}),
        (200, {"code": "0", "data": None, "message": "Data tidak ditemukan"}),
    ],
)
def test_not_found_is_no_rows_never_a_record(status: int, body: Any) -> None:
    assert _unwrapped("/pns/rw-hukdis/x", _answer(status, body)) is None


@pytest.mark.parametrize(
    ("status", "body", "said"),
    [
        (200, {"code": 0, "data": "NIP tidak valid", "message": "Bad Request"}, "Bad Request"),
        (400, {"code": 0, "data": None, "message": "parameter salah"}, "parameter salah"),
        (200, {"code": 2, "data": [], "message": "gagal"}, "code 2"),
        (200, ["bukan", "amplop"], "outside BKN's envelope"),
        # the gateway's own 404 (an unknown path) is no "none": it would empty the history
        (404, {"code": "404", "message": "Not Found", "description": "no resource"}, "404"),
    ],
)
def test_any_other_answer_fails_the_request(status: int, body: Any, said: str) -> None:
    with pytest.raises(SiasnError, match=said):
        _unwrapped("/pns/data-utama/x", _answer(status, body))


def test_an_answer_that_is_no_json_fails_the_request() -> None:
    with pytest.raises(SiasnError, match="without JSON"):
        _unwrapped("/pns/data-utama/x", httpx.Response(502, text="<html>Bad Gateway</html>"))


def test_secrets_are_read_from_files_as_kubernetes_mounts_them(tmp_path: Path) -> None:
    from potret_profile.settings import Settings

    for name, text in (("apim", "rahasia\n"), ("sandi", "sandi-sso\n"), ("sso", "tok-sso")):
        (tmp_path / name).write_text(text, "utf-8")
    settings = Settings(
        siasn_client_secret_file=tmp_path / "apim",
        siasn_sso_password_file=tmp_path / "sandi",
        siasn_sso_token_file=tmp_path / "sso",
    )
    assert settings.siasn_client_secret is not None
    assert settings.siasn_client_secret.get_secret_value() == "rahasia"
    assert settings.siasn_sso_password is not None
    assert settings.siasn_sso_password.get_secret_value() == "sandi-sso"
    assert settings.siasn_sso_token is not None
    assert settings.siasn_sso_token.get_secret_value() == "tok-sso"


def test_a_secret_file_that_is_missing_stops_the_start_naming_it_not_the_secrets(
    tmp_path: Path,
) -> None:
    from potret_profile.settings import SecretFileError, Settings

    with pytest.raises(SecretFileError, match="PROFILE_SIASN_CLIENT_SECRET_FILE") as caught:
        Settings(
            siasn_sso_password="sandi-rahasia",  # type: ignore[arg-type]  # noqa: S106
            siasn_client_secret_file=tmp_path / "tidak-ada",
        )
    assert "sandi-rahasia" not in str(caught.value)  # pydantic's error would print the input


def test_a_timeout_is_retried_then_fails_the_request_not_the_cycle(tmp_path: Path) -> None:
    from potret_profile.entrypoints.siasn_sync import SiasnClient
    from potret_profile.settings import Settings

    calls: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 600})
        raise httpx.ReadTimeout("lambat", request=request)

    client = SiasnClient(
        Settings(
            siasn_base_url="https://bkn.test/apisiasn/1.0",
            siasn_token_url="https://bkn.test/oauth2/token",  # noqa: S106
            siasn_client_id="id",
            siasn_client_secret="rahasia",  # type: ignore[arg-type]  # noqa: S106
            siasn_sso_token="sso",  # type: ignore[arg-type]  # noqa: S106
            siasn_backoff_s=0,
        ),
        http=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    with pytest.raises(SiasnError, match="ReadTimeout") as failed:
        client.get("/pns/data-utama/198001012005011001")
    # the message names the endpoint, never the person (it reaches logs and the status)
    assert "198001012005011001" not in str(failed.value)
    assert "/pns/data-utama/{nip}" in str(failed.value)
    assert calls.count("/apisiasn/1.0/pns/data-utama/198001012005011001") == 4  # 1 + 3 retries
