"""The web console in headless Chromium (Debian's, driven by Playwright) against the running
stack: each role logs in and uses the pages it may use. Screenshots of every page are saved
under var/test-artifacts/console/ (POTRET_ARTIFACTS to change)."""

from __future__ import annotations

import os
import random
import re
import secrets
import string
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from potret_testkit.local import entry_point

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("POTRET_CHROMIUM", "/usr/bin/chromium")
FISH, HEALTH = "Dinas Perikanan", "Dinas Kesehatan"
MARKUP = '<img src=x onerror="window.__xss=1">'
Wait = Callable[..., Any]
Regency = Callable[..., AbstractContextManager[tuple[list[dict[str, Any]], list[dict[str, Any]]]]]
SEED_COUNT = 1000
REGENCY_SEED = 6271  # the follow-up chain's own people: not the demo seed, not another test's
REGENCY_PEOPLE = 800
HEAD_OF_HEALTH = "Kepala Dinas Kesehatan"


def _word() -> str:
    return "Zq" + "".join(random.choices(string.ascii_lowercase, k=8))


def _nip(rng: random.Random) -> str:
    year = rng.randint(1975, 1995)
    return (
        f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{year + 25}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
    )


def _person(nip: str, name: str, opd: str) -> dict[str, Any]:
    return {
        "nip": nip,
        "name": name,
        "golongan": "III/d",
        "jabatan": "Penyuluh Perikanan Ahli Muda",
        "jenis_jabatan": "JF",
        "jenjang": "AHLI_MUDA",
        "opd": opd,
        "positions": [
            {
                "jabatan": "Penyuluh Perikanan Ahli Muda",
                "jenis": "JF",
                "jenjang": "AHLI_MUDA",
                "opd": opd,
                "tmt_start": f"{nip[8:12]}-{nip[12:14]}-01",
            }
        ],
        "education": [{"level": "S1", "major": "Perikanan", "year": int(nip[8:12]) - 1}],
        "personal": {"nik": "".join(random.choices(string.digits, k=16)), "address": "Jl. Uji 1"},
    }


@pytest.fixture(scope="module")
def artifacts() -> Path:
    path = Path(os.environ.get("POTRET_ARTIFACTS", "var/test-artifacts")) / "console"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def world(
    gateway_url: str, api_headers: dict[str, str], potret_var: Path, wait: Wait
) -> Iterator[dict[str, Any]]:
    """People (one with markup in the name), a login per role."""
    rng = random.Random(secrets.randbits(64))
    token = _word()
    fish, health = _nip(rng), _nip(rng)
    names = {fish: f"Dewi {token} {MARKUP}", health: f"Rina {token}"}
    _seed(gateway_url, api_headers)
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as admin:
        position = wait(lambda: _best_position(admin), timeout=60, what="a rankable position")
        for nip, opd in ((fish, FISH), (health, HEALTH)):
            resp = admin.post("/v1/profiles", json=_person(nip, names[nip], opd))
            assert resp.status_code == 201, resp.text
        wait(
            lambda: len(admin.get("/v1/search", params={"q": token}).json()["data"]) == 2,
            timeout=15,
            what="both people in search",
        )
        password = secrets.token_urlsafe(16)
        users = {}
        for name, role, extra in (
            ("admin", "admin", []),
            ("pimpinan", "pimpinan", []),
            ("diskan", "opd_viewer", ["--opd", FISH]),
            ("self", "asn", ["--nip", fish]),
        ):
            users[name] = _add_user(
                potret_var, f"ui-{name}-{token.lower()[2:]}", role, extra, password
            )
        made = admin.post(
            "/v1/shortlists",
            json={
                "name": f"Daftar {token}",
                "position_id": position,
                "from_ranking_top": 3,
                "shared_with": ["pimpinan"],
            },
        )
        assert made.status_code == 201, made.text
        yield {
            "shortlist": made.json()["id"],
            "shortlisted": [m["nip"] for m in made.json()["members"]],
            "position": position,
            "token": token,
            "fish": fish,
            "health": health,
            "names": names,
            "users": users,
            "password": password,
        }
        _delete_list(admin, made.json()["id"])
        for nip in (fish, health):
            admin.delete(f"/v1/profiles/{nip}")


def _delete_list(api: httpx.Client, list_id: str) -> int:
    """Delete a shortlist at the version it has now (a delete names the copy it was made on)."""
    version = api.get(f"/v1/shortlists/{list_id}").json()["version"]
    status: int = api.delete(f"/v1/shortlists/{list_id}", params={"version": version}).status_code
    return status


def _add_user(potret_var: Path, username: str, role: str, extra: list[str], password: str) -> str:
    """A console login in the running gateway's user store (potret-auth)."""
    done = subprocess.run(
        [
            entry_point("potret-auth"),
            *("--db", str(potret_var / "gateway" / "auth.db"), "user", "add", username),
            *("--role", role, *extra, "--password-stdin"),
        ],
        input=password + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return username


@pytest.fixture(scope="module")
def regency(
    gateway_url: str, api_headers: dict[str, str], potret_var: Path, generated_regency: Regency
) -> Iterator[dict[str, Any]]:
    """The demo catalogue and 800 generated ASN of this module's own seed (deleted after), so
    that Kepala Dinas Kesehatan has candidates to rank; a pimpinan login."""
    with (
        httpx.Client(base_url=gateway_url, headers=api_headers, timeout=120) as admin,
        generated_regency(admin, REGENCY_SEED, REGENCY_PEOPLE) as (_people, positions),
    ):
        post = next(p["position_id"] for p in positions if p["name"] == HEAD_OF_HEALTH)
        ranking = admin.get(f"/v1/positions/{post}/ranking").json()
        assert ranking["eligible_total"] >= 2, ranking
        password = secrets.token_urlsafe(16)
        username = _add_user(
            potret_var, f"ui-chain-{_word().lower()[2:]}", "pimpinan", [], password
        )
        yield {"admin": admin, "users": {"pimpinan": username}, "password": password}


def _seed(gateway_url: str, api_headers: dict[str, str]) -> None:
    """The demo data set (as `make run` loads it, smaller): idempotent, same people each run."""
    command = entry_point("potret-seed")
    done = subprocess.run(
        [command, "--count", str(SEED_COUNT), "--url", f"{gateway_url}/v1"],
        env={**os.environ, "POTRET_API_KEY": api_headers["X-API-Key"]},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def _best_position(api: httpx.Client) -> str | None:
    """The catalogue position with the most eligible candidates, once ranking knows them."""
    positions = api.get("/v1/positions", params={"limit": 500}).json()["data"]
    best, most = None, 2
    for p in positions:
        if p["jenis"] not in ("ADMINISTRATOR", "PENGAWAS"):
            continue
        resp = api.get(f"/v1/positions/{p['position_id']}/ranking", params={"top_k": 20})
        if resp.status_code == 200 and resp.json()["eligible_total"] > most:
            best, most = p["position_id"], resp.json()["eligible_total"]
            if most >= 10:
                break
    return best


def _login(browser: Browser, gateway_url: str, world: dict[str, Any], who: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{gateway_url}/")
    page.get_by_label("Nama pengguna").fill(world["users"][who])
    page.get_by_label("Kata sandi").fill(world["password"])
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("#who")).to_contain_text(world["users"][who])
    page.errors = errors  # type: ignore[attr-defined]
    return page


def _labels_ok(page: Page) -> list[str]:
    """Form controls without an accessible label."""
    result: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter((el) => el.type !== 'hidden' && !el.labels.length
                && !el.getAttribute('aria-label'))
            .map((el) => el.outerHTML.slice(0, 80))"""
    )
    return result


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_ask_then_correct_a_chip(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    expect(page.get_by_role("heading", name="Tanya Potret")).to_be_visible()
    box = page.get_by_label("Pertanyaan", exact=True)
    box.fill("siapa yang paham perikanan?")
    box.press("Enter")  # the keyboard sends a question
    first = page.locator(".turn").nth(0)
    expect(first.locator(".answer-text")).to_contain_text("keahlian", timeout=20_000)
    expect(first.get_by_label("Bidang")).to_have_value("kelautan_perikanan")
    first.get_by_label("Pendidikan min.").select_option("S2")
    second = page.locator(".turn").nth(1)
    expect(second).to_contain_text("(dikoreksi)", timeout=20_000)
    expect(second.get_by_label("Pendidikan min.")).to_have_value("S2")
    expect(second.locator(".answer-text")).to_contain_text("pendidikan minimal S2")
    # A follow-up keeps the context.
    box.fill("kalau yang di Dinas Perikanan saja?")
    box.press("Enter")
    expect(page.locator(".turn").nth(2).get_by_label("OPD")).to_have_value(
        re.compile("perikanan", re.I), timeout=20_000
    )
    assert _labels_ok(page) == []
    page.screenshot(path=str(artifacts / "tanya.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]


def _ask_in_console(page: Page, question: str) -> dict[str, Any]:
    """Type a question, wait for its answer in the log; the reply as the console got it."""
    box = page.get_by_label("Pertanyaan", exact=True)
    box.fill(question)
    with page.expect_response(
        lambda r: r.url.endswith("/v1/ask") and r.request.method == "POST", timeout=30_000
    ) as response:
        box.press("Enter")
    reply: dict[str, Any] = response.value.json()
    turn = page.locator(".turn").last
    expect(turn.locator(".answer-text")).to_have_text(reply["answer"], timeout=15_000)
    return reply


def test_follow_up_chain_survives_a_reload_and_clears(
    browser: Browser, gateway_url: str, regency: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, regency, "pimpinan")
    expect(page.get_by_role("heading", name="Tanya Potret")).to_be_visible()
    context = page.locator(".ask .context")
    expect(context).to_be_hidden()
    ranked = _ask_in_console(page, "siapa terbaik untuk Kepala Dinas Kesehatan?")
    assert ranked["intent"] == "best_for_position"
    nips = [c["nip"] for c in ranked["results"]]
    assert len(nips) >= 2, ranked["answer"]
    hits = regency["admin"].get("/v1/search", params=[("nip", n) for n in nips[:3]]).json()
    names = {h["nip"]: h["name"] for h in hits["data"]}
    first, second = (f"{names[n]} (NIP {n})" for n in nips[:2])  # the name, then the NIP
    turns = page.locator(".turn")
    expect(turns.nth(0).locator(".answer-text")).to_contain_text(first)
    expect(turns.nth(0).locator(".answer-text")).to_contain_text(second)
    expect(context).to_contain_text(f"Konteks aktif: Kandidat {HEAD_OF_HEALTH}")

    compared = _ask_in_console(page, "bandingkan dua teratas")
    assert compared["intent"] == "compare"
    assert [c["nip"] for c in compared["results"]] == nips[:2]
    expect(turns.nth(1).locator(".answer-text")).to_contain_text(first)
    expect(turns.nth(1).locator(".answer-text")).to_contain_text(second)
    if len(nips) > 2:
        expect(turns.nth(1).locator(".answer-text")).not_to_contain_text(f"NIP {nips[2]}")

    why = _ask_in_console(page, "kenapa yang kedua tidak dipilih?")
    assert why["intent"] == "explain_candidate"
    # About the second, beside the first of the same ranking and how the two differ.
    assert [c["nip"] for c in why["results"]] == [nips[1]]
    expect(turns.nth(2).locator(".answer-text")).to_have_text(re.compile(rf"^{re.escape(second)}"))
    expect(turns.nth(2).locator(".answer-text")).to_contain_text(
        f"Peringkat 1 untuk jabatan ini: {first}"
    )
    expect(context).to_contain_text(f"Kandidat {HEAD_OF_HEALTH}")
    page.screenshot(path=str(artifacts / "tanya-lanjutan.png"), full_page=True)

    # A reload shows the same log and the context the server still holds.
    page.reload()
    expect(turns).to_have_count(3, timeout=15_000)
    for i, (question, reply) in enumerate(
        (
            ("siapa terbaik untuk Kepala Dinas Kesehatan?", ranked),
            ("bandingkan dua teratas", compared),
            ("kenapa yang kedua tidak dipilih?", why),
        )
    ):
        expect(turns.nth(i).locator(".question")).to_contain_text(question)
        expect(turns.nth(i).locator(".answer-text")).to_have_text(reply["answer"])
    expect(context).to_contain_text(f"Konteks aktif: Kandidat {HEAD_OF_HEALTH}")
    page.screenshot(path=str(artifacts / "tanya-dimuat-ulang.png"), full_page=True)

    # "Hapus konteks" clears it here and on the server: the next follow-up has nothing to
    # refer to and does not compare the old candidates.
    page.get_by_role("button", name="Hapus konteks").click()
    expect(turns).to_have_count(0)
    expect(context).to_be_hidden()
    assert page.evaluate("() => sessionStorage.getItem('potret.conversation')") is None
    after = _ask_in_console(page, "bandingkan dua teratas")
    assert after["results"] == []
    assert after["conversation_id"] != ranked["conversation_id"]
    for nip in nips[:2]:
        expect(turns.last.locator(".answer-text")).not_to_contain_text(nip)
        expect(turns.last.locator(".answer-text")).not_to_contain_text(names[nip])
    expect(context).to_be_hidden()
    # The old conversation is gone on the server too.
    gone = page.evaluate(
        """async (id) => (await fetch(`/v1/ask/conversations/${id}`, {headers: {
            Authorization: `Bearer ${sessionStorage.getItem('potret.token')}`}})).status""",
        ranked["conversation_id"],
    )
    assert gone == 404
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_question_typed_while_the_last_answer_loads_is_kept(
    browser: Browser, gateway_url: str, regency: dict[str, Any]
) -> None:
    # The ranking's cards load after its answer text (a search for the candidates' names);
    # a question typed meanwhile was wiped when they arrived, and Enter then sent nothing
    # (the red CI of 8fd131f: "bandingkan dua teratas" typed, no request made).
    page = _login(browser, gateway_url, regency, "pimpinan")
    held: list[Route] = []
    page.route("**/v1/search?*", lambda route: held.append(route))  # held until released
    _ask_in_console(page, "siapa terbaik untuk Kepala Dinas Kesehatan?")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the ranking's cards asked for no names"
    box = page.get_by_label("Pertanyaan", exact=True)
    box.fill("bandingkan dua teratas")
    with page.expect_response(lambda r: "/v1/search" in r.url):
        for route in held:
            route.continue_()
    page.unroute("**/v1/search?*")
    page.wait_for_timeout(500)  # the cards are drawn
    expect(box).to_have_value("bandingkan dua teratas")
    compared = _ask_in_console(page, "bandingkan dua teratas")
    assert compared["intent"] == "compare"
    assert page.errors == []  # type: ignore[attr-defined]


def test_answers_only_the_reader_gives_show_its_reading_in_words(
    browser: Browser, gateway_url: str, regency: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, regency, "pimpinan")
    counted = _ask_in_console(page, "jumlah ASN Dinas Kesehatan per jenis jabatan")
    assert counted["intent"] == "count"
    chips = page.locator(".turn").last.locator(".chips")
    expect(chips).to_contain_text("Jumlah ASN")
    expect(chips).to_contain_text("Dinas Kesehatan")
    expect(chips).to_contain_text("jenis jabatan")
    assert chips.locator("select, input").count() == 0  # shown, not corrected
    listed = _ask_in_console(page, "daftar pejabat administrator golongan IV/a ke atas di dinkes")
    assert listed["intent"] == "list"
    chips = page.locator(".turn").last.locator(".chips")
    expect(chips).to_contain_text("Daftar ASN")
    expect(chips).to_contain_text("pejabat administrator")
    expect(chips).to_contain_text("IV/a ke atas")
    for text in (t.inner_text() for t in page.locator(".chips").all()):
        assert not re.search(r"\b(JPT|ADMINISTRATOR|PENGAWAS|JF|PELAKSANA)\b|_", text), text
    page.screenshot(path=str(artifacts / "tanya-jumlah.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]


def test_markup_in_a_name_is_shown_as_text(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/cari")
    page.get_by_label("Kata kunci").fill(world["token"])
    page.get_by_role("button", name="Cari", exact=True).click()
    results = page.locator(".results")
    expect(results).to_contain_text(MARKUP, timeout=15_000)
    assert results.locator("img").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert _labels_ok(page) == []
    page.screenshot(path=str(artifacts / "cari.png"), full_page=True)
    # The profile page and the ask answers show it as text too.
    page.goto(f"{gateway_url}/#/profil/{world['fish']}")
    expect(page.get_by_role("heading", level=2)).to_contain_text(MARKUP, timeout=15_000)
    page.goto(f"{gateway_url}/#/tanya")
    page.get_by_label("Pertanyaan", exact=True).fill(f"profil {world['fish']}")
    page.get_by_label("Pertanyaan", exact=True).press("Enter")
    expect(page.locator(".answer-text")).to_contain_text(MARKUP, timeout=15_000)
    assert page.locator("main img").count() == 0
    assert page.evaluate("() => window.__xss") is None
    page.screenshot(path=str(artifacts / "profil.png"), full_page=True)


def test_backend_errors_are_indonesian_messages(
    browser: Browser, gateway_url: str, world: dict[str, Any]
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/jabatan/tidak-ada-jabatan-ini")
    error = page.locator(".error")
    expect(error).to_contain_text("tidak ditemukan", timeout=15_000)
    assert "Traceback" not in error.inner_text()
    assert page.errors == []  # type: ignore[attr-defined]


def test_tablet_layout_has_no_horizontal_scroll(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    page.set_viewport_size({"width": 820, "height": 1180})
    for route, name, ready in (
        ("#/tanya", "tablet-tanya", "#question"),
        (f"#/jabatan/{world['position']}", "tablet-jabatan", ".candidate"),
        ("#/peta", "tablet-peta", ".nine .box"),
    ):
        page.goto(f"{gateway_url}/{route}")
        expect(page.locator(ready).first).to_be_visible(timeout=20_000)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (route, overflow)
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_position_what_if_slider_reorders_candidates(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/jabatan")
    expect(page.locator("tbody tr").first).to_be_visible(timeout=20_000)
    page.screenshot(path=str(artifacts / "katalog.png"))
    page.goto(f"{gateway_url}/#/jabatan/{world['position']}")
    cards = page.locator(".candidate")
    expect(cards.first).to_be_visible(timeout=20_000)
    expect(page.locator(".fairness")).to_contain_text("Rasio dampak")
    before = cards.evaluate_all("(els) => els.map((e) => e.dataset.nip)")
    assert len(before) >= 3
    page.screenshot(path=str(artifacts / "jabatan.png"), full_page=True)
    # Keyboard: every weight but performance to zero, performance to the maximum.
    for label in ("Kompetensi", "Keahlian bidang", "Rekam jejak"):
        page.get_by_label(label, exact=True).press("Home")
    page.get_by_label("Kinerja (SKP)", exact=True).press("End")
    expect(page.locator("#out-performance .share")).to_have_text("100%")
    expect(page.locator("#out-performance .knob")).to_have_text("100")
    page.wait_for_function(
        "(before) => { const now = [...document.querySelectorAll('.candidate')]"
        ".map((e) => e.dataset.nip); return now.length && now.join() !== before.join(); }",
        arg=before,
        timeout=20_000,
    )
    expect(page.locator(".candidate .up, .candidate .down, .candidate .new").first).to_be_visible()
    # Score bars: each factor colour stands out from the bar's background (WCAG 1.4.11).
    fills = set(
        page.locator(".bar rect[data-factor]").evaluate_all(
            "(els) => els.map((e) => e.getAttribute('fill'))"
        )
    )
    assert fills
    assert all(_contrast(f, "#eef1f5") >= 3.0 for f in fills), fills
    assert _labels_ok(page) == []
    page.screenshot(path=str(artifacts / "jabatan-whatif.png"), full_page=True)
    page.get_by_role("link", name=re.compile("Cetak")).click()
    expect(page.locator(".print table tbody tr").first).to_be_visible(timeout=20_000)
    page.screenshot(path=str(artifacts / "cetak.png"), full_page=True)
    # What "simpan PDF" gives the committee: the print stylesheet without the menus.
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    pdf = page.pdf(path=str(artifacts / "baperjakat.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert page.errors == []  # type: ignore[attr-defined]


def test_talent_map_and_a_box(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    page.goto(f"{gateway_url}/#/peta")
    boxes = page.locator(".nine .box")
    expect(boxes).to_have_count(9, timeout=20_000)
    # Each box sits where its meaning says (PermenPANRB 3/2020): potential by row, high on
    # top; performance by column, above expectation on the right.
    meanings = boxes.evaluate_all(
        "(els) => els.map((e) => e.querySelector('.meaning').textContent)"
    )
    for i, meaning in enumerate(meanings):
        row, col = divmod(i, 3)
        assert ("potensial " + ("tinggi", "menengah", "rendah")[row]) in meaning, (i, meaning)
        assert ("di bawah", "sesuai", "di atas")[col] in meaning, (i, meaning)
    counts = boxes.evaluate_all(
        "(els) => els.map((e) => Number(e.querySelector('.count').textContent))"
    )
    fullest = max(range(9), key=lambda i: counts[i])
    boxes.nth(fullest).click()
    expect(page.locator(".members .people li").first).to_be_visible(timeout=20_000)
    expect(page.locator("#members-title")).to_be_focused()
    page.screenshot(path=str(artifacts / "peta.png"), full_page=True)


def test_asn_sees_own_profile_and_gap_analysis(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "self")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Dewi", timeout=20_000)
    expect(page.locator("nav")).not_to_contain_text("Cari")
    expect(page.locator("details", has_text="Data pribadi")).to_be_visible()  # own data
    target = page.get_by_label("Jabatan tujuan", exact=True)
    target.select_option(index=1)
    expect(page.locator(".gap")).to_contain_text("Yang perlu dipenuhi", timeout=20_000)
    assert _labels_ok(page) == []
    page.screenshot(path=str(artifacts / "profil-kesenjangan.png"), full_page=True)
    # Anyone else's profile is refused before any lookup (so existence is not revealed).
    page.goto(f"{gateway_url}/#/profil/{world['health']}")
    expect(page.locator(".error")).to_contain_text("Akses ditolak")


def test_search_says_how_it_read_the_words_and_names_skills_and_fields(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/cari")
    page.get_by_label("Kata kunci").fill("budidya udang")
    page.get_by_role("button", name="Cari", exact=True).click()
    results = page.locator(".results")
    expect(results).to_contain_text("ASN ditemukan", timeout=15_000)
    expect(page.locator(".results .notes")).to_contain_text("'budidya' dibaca sebagai 'budidaya'")
    expect(results.locator("p.meta").first).to_contain_text("keterampilan: Perikanan budidaya")
    # labels, never codes
    assert "perikanan_budidaya" not in results.inner_text()
    assert "kelautan_perikanan" not in results.inner_text()
    page.screenshot(path=str(artifacts / "cari-keterampilan.png"), full_page=True)


def test_opd_viewer_cannot_see_another_opd(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "diskan")
    page.goto(f"{gateway_url}/#/cari")
    page.get_by_label("Kata kunci").fill(world["token"])
    page.get_by_role("button", name="Cari", exact=True).click()
    results = page.locator(".results")
    expect(results).to_contain_text("1 ASN ditemukan", timeout=15_000)
    expect(results).not_to_contain_text("Rina")
    # Another OPD's profile reads like one that does not exist (issue 18, item 6).
    page.goto(f"{gateway_url}/#/profil/{world['health']}")
    expect(page.locator(".error")).to_contain_text("tidak ditemukan")
    page.goto(f"{gateway_url}/#/profil/{world['fish']}")
    expect(page.locator("details", has_text="Data pribadi")).to_contain_text("disembunyikan")
    page.screenshot(path=str(artifacts / "opd-viewer.png"), full_page=True)


def test_expired_session_keeps_the_typed_question(
    browser: Browser, gateway_url: str, world: dict[str, Any]
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    page.get_by_label("Pertanyaan", exact=True).fill("siapa yang paham kesehatan?")
    page.evaluate("() => sessionStorage.setItem('potret.token', 'kedaluwarsa')")
    page.get_by_label("Pertanyaan", exact=True).press("Enter")
    expect(page.get_by_label("Nama pengguna")).to_be_visible(timeout=15_000)
    page.get_by_label("Nama pengguna").fill(world["users"]["pimpinan"])
    page.get_by_label("Kata sandi").fill(world["password"])
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_label("Pertanyaan", exact=True)).to_have_value("siapa yang paham kesehatan?")


def test_data_quality_page_and_provenance_on_a_profile(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    page.get_by_role("link", name="Mutu data").click()
    table = page.locator("table.quality")
    expect(table.locator("caption")).to_contain_text("Aturan mutu", timeout=20_000)
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(table.locator("thead")).to_contain_text("Mutakhir: SKP")
    assert _labels_ok(page) == []
    page.screenshot(path=str(artifacts / "mutu-data.png"), full_page=True)
    # Every fact group of a profile says where it came from.
    page.goto(f"{gateway_url}/#/profil/{world['fish']}")
    expect(page.locator(".source").first).to_contain_text("Asal: sumber", timeout=20_000)
    assert page.errors == []  # type: ignore[attr-defined]


def test_asn_files_a_correction_and_bkpsdm_approves_it(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "self")
    box = page.locator("section", has_text="Koreksi data saya")
    expect(box).to_be_visible(timeout=20_000)
    box.get_by_label("Data yang dikoreksi").select_option("unit")
    box.get_by_label("Nilai yang benar").fill("Bidang Perikanan Budidaya")
    box.get_by_label("Alasan").fill("unit kerja berubah sejak mutasi Oktober")
    box.get_by_role("button", name="Ajukan koreksi").click()
    expect(box).to_contain_text("diajukan; BKPSDM akan menelaahnya", timeout=15_000)
    expect(box.locator(".corrections")).to_contain_text("menunggu BKPSDM")
    assert _labels_ok(page) == []
    page.screenshot(path=str(artifacts / "koreksi-asn.png"), full_page=True)

    reviewer = _login(browser, gateway_url, world, "admin")
    reviewer.get_by_role("link", name="Koreksi").click()
    card = reviewer.locator("article.correction", has_text="Bidang Perikanan Budidaya")
    expect(card).to_be_visible(timeout=15_000)
    card.get_by_role("button", name="Setujui").click()
    expect(card).to_have_count(0, timeout=15_000)
    reviewer.screenshot(path=str(artifacts / "koreksi-bkpsdm.png"), full_page=True)

    page.reload()
    expect(page.locator(".corrections")).to_contain_text("disetujui dan diterapkan", timeout=15_000)
    expect(page.locator("p.source").first).to_be_visible()
    assert page.errors == []  # type: ignore[attr-defined]
    assert reviewer.errors == []  # type: ignore[attr-defined]


def test_api_docs_render_offline(browser: Browser, gateway_url: str) -> None:
    # Every request the page makes stays on the gateway (no CDN), the CSP blocks nothing it
    # needs, and Swagger UI renders the OpenAPI 3.1 document's operations.
    page = browser.new_page()
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: elsewhere.append(r.url) if not r.url.startswith(gateway_url) else None,
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{gateway_url}/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    assert page.locator(".opblock").count() > 20
    assert elsewhere == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.close()


# What a page must never show a decision-maker (issue 22): a rule id, a field or domain code
# in snake_case, an enum in capitals, or "undefined".
RAW_CODE = re.compile(
    r"\bELIG-[A-Z-]+\b"
    r"|\b[a-z]+(?:_[a-z]+)+\b"
    r"|\b[A-Z]{2,}(?:_[A-Z]+)+\b"
    r"|\b(?:ADMINISTRATOR|PENGAWAS|PELAKSANA|PRATAMA|MADYA|UTAMA|BAIK|KURANG|AKTIF"
    r"|KEPEMIMPINAN|TEKNIS|FUNGSIONAL|LAINNYA|RINGAN|SEDANG|BERAT|RENDAH|MENENGAH|TINGGI)\b"
    r"|\bundefined\b"
)


def test_no_page_shows_a_raw_code(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    found: dict[str, list[str]] = {}
    for route, ready in (
        ("#/jabatan", "tbody tr"),
        (f"#/jabatan/{world['position']}", ".candidate"),
        (f"#/cetak/{world['position']}", ".print table tbody tr"),
        (f"#/profil/{world['fish']}", ".timeline li"),
        ("#/peta", ".nine .box"),
        ("#/mutu", "table.quality"),
        ("#/daftar", "#shortlists"),
        (f"#/daftar/{world['shortlist']}", "table.shortlist tbody tr"),
        (_compare_route(world), "#compare"),
    ):
        page.goto(f"{gateway_url}/{route}")
        expect(page.locator(ready).first).to_be_visible(timeout=20_000)
        page.wait_for_load_state("networkidle")
        for details in page.locator("details").all():  # what a click shows counts too
            details.evaluate("(el) => { el.open = true; }")
        text = page.locator("main").inner_text()
        hits = sorted(set(m.group(0) for m in RAW_CODE.finditer(text)))
        if hits:
            found[route] = hits
    page.goto(f"{gateway_url}/#/cari")
    page.get_by_label("Kata kunci").fill("penyuluh perikanan")
    page.get_by_label("Kata kunci").press("Enter")
    expect(page.locator(".hits li").first).to_be_visible(timeout=20_000)
    hits = sorted(set(m.group(0) for m in RAW_CODE.finditer(page.locator("main").inner_text())))
    if hits:
        found["#/cari"] = hits
    page.screenshot(path=str(artifacts / "tanpa-kode.png"), full_page=True)
    assert found == {}
    assert page.errors == []  # type: ignore[attr-defined]


def _compare_route(world: dict[str, Any]) -> str:
    return f"#/bandingkan/{world['position']}/{','.join(world['shortlisted'][:3])}"


@pytest.mark.parametrize("width", [1366, 820])
def test_no_page_is_wider_than_the_window(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path, width: int
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.set_viewport_size({"width": width, "height": 900})
    wide = {}
    for route, ready in (
        ("#/tanya", "#question"),
        ("#/cari", "#q"),
        ("#/jabatan", "tbody tr"),
        (f"#/jabatan/{world['position']}", ".candidate"),
        (f"#/cetak/{world['position']}", ".print table tbody tr"),
        (f"#/profil/{world['fish']}", "#target"),
        ("#/peta", ".nine .box"),
        ("#/mutu", "table.quality"),
        ("#/koreksi", "main h2"),
        ("#/daftar", "#shortlists"),
        (f"#/daftar/{world['shortlist']}", "table.shortlist tbody tr"),
        (_compare_route(world), "#compare"),
    ):
        page.goto(f"{gateway_url}/{route}")
        expect(page.locator(ready).first).to_be_visible(timeout=20_000)
        page.wait_for_load_state("networkidle")
        if route.startswith("#/profil"):  # the gap analysis, with its longest option chosen
            longest = page.locator("#target option").evaluate_all(
                "(els) => els.reduce((a, e) => (e.text.length > a.text.length ? e : a)).value"
            )
            page.select_option("#target", longest)
            expect(page.locator(".gap .candidate").first).to_be_visible(timeout=20_000)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            wide[route] = overflow
            name = re.sub(r"[^a-z]+", "-", route[2:].split("/")[0])
            page.screenshot(path=str(artifacts / f"lebar-{width}-{name}.png"), full_page=True)
    assert wide == {}


def test_the_console_rounds_and_writes_numbers_as_the_services_do(
    browser: Browser, gateway_url: str
) -> None:
    # Traps: 0.075 is 0.07499… in binary (the services say 0,07; Intl says 0,08), 0.125 is an
    # exact tie (the services round to even: 0,12), thousands take a dot, decimals a comma.
    cases = [(0.075, 2), (0.125, 2), (0.375, 2), (0.135, 2), (1234.5, 1), (12345, 0), (-0.125, 2)]
    page = browser.new_page()
    page.goto(f"{gateway_url}/")
    got = page.evaluate(
        """async (cases) => {
            const { fmt } = await import('/console/dom.js');
            return cases.map(([x, d]) => d === 2 ? fmt.score(x) : fmt.num(x, d));
        }""",
        cases,
    )
    expected = [
        format(x, f",.{d}f").replace(",", "_").replace(".", ",").replace("_", ".") for x, d in cases
    ]
    assert got == expected
    when = page.evaluate(
        """async () => {
            const { fmt } = await import('/console/dom.js');
            return [fmt.date('1986-09-26'), fmt.time('2026-12-05T23:30:00+00:00')];
        }"""
    )
    # a calendar day stays that day; a moment is told in WIB (UTC+7): the next morning
    assert when[0] == "26 September 1986"
    assert re.fullmatch(r"6 Desember 2026,? (pukul )?06[.:]30 WIB", when[1]), when[1]


def test_a_knob_shows_its_own_value_beside_its_share_and_all_zero_is_refused(
    browser: Browser, gateway_url: str, world: dict[str, Any]
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/jabatan/{world['position']}")
    cards = page.locator(".candidate")
    expect(cards.first).to_be_visible(timeout=20_000)
    # the knob's place is its number; its share of the score is beside it
    competency = page.get_by_label("Kompetensi", exact=True)
    competency.fill("35")
    competency.dispatch_event("input")
    expect(page.locator("#out-competency .knob")).to_have_text("35")
    shares = page.locator("output .share").all_inner_texts()
    assert sum(int(t.rstrip("%")) for t in shares) in (99, 100, 101), shares
    page.wait_for_load_state("networkidle")
    before = cards.evaluate_all("(els) => els.map((e) => e.dataset.nip)")
    # the trap: all four at 0 used to rank silently by one factor at 100 %
    for name in ("Kompetensi", "Kinerja (SKP)", "Keahlian bidang", "Rekam jejak"):
        page.get_by_label(name, exact=True).press("Home")
    expect(page.locator("#whatif-zero")).to_be_visible()
    expect(page.locator("#whatif-zero")).to_contain_text("Semua bobot 0")
    assert set(page.locator("output .share").all_inner_texts()) == {"–"}
    page.wait_for_timeout(600)  # longer than the re-rank delay: nothing was re-ranked
    assert cards.evaluate_all("(els) => els.map((e) => e.dataset.nip)") == before
    page.get_by_label("Rekam jejak", exact=True).press("End")
    expect(page.locator("#whatif-zero")).to_be_hidden()
    expect(page.locator("#out-track_record .share")).to_have_text("100%")


def test_fewer_than_three_eligible_and_a_small_sample_are_said_on_the_page_and_the_print(
    browser: Browser, gateway_url: str, world: dict[str, Any]
) -> None:
    page = _login(browser, gateway_url, world, "admin")

    def two_eligible(route: Route) -> None:
        # the real answer, cut to two eligible people (as a narrow post has): what the
        # committee sees must say how little there is to choose from
        body = route.fetch().json()
        body["candidates"] = body["candidates"][:2]
        body["eligible_total"] = 2
        for stage in (body.get("fairness") or {}).get("stages", []):
            for impact in stage.get("impacts", []):
                impact["conclusion"] = "SAMPEL_KECIL"
        route.fulfill(json=body)

    page.route("**/v1/positions/rank", two_eligible)
    page.goto(f"{gateway_url}/#/jabatan/{world['position']}")
    expect(page.locator(".candidate")).to_have_count(2, timeout=20_000)
    warnings = page.locator(".fairness .warning")
    expect(warnings.first).to_contain_text("Hanya 2 ASN memenuhi semua syarat")
    expect(warnings.nth(1)).to_contain_text("Sampel kecil")
    page.goto(f"{gateway_url}/#/cetak/{world['position']}")
    expect(page.locator(".print .warning").first).to_contain_text("kurang dari 3")


def test_what_each_page_says_to_the_person_who_opens_it(
    browser: Browser, gateway_url: str, world: dict[str, Any]
) -> None:
    # An ASN following a link to a post's ranking is refused before anything is drawn.
    asn = _login(browser, gateway_url, world, "self")
    missing: list[str] = []
    asn.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    for route in (f"#/jabatan/{world['position']}", f"#/cetak/{world['position']}"):
        asn.goto(f"{gateway_url}/{route}")
        expect(asn.locator("main .error")).to_contain_text("hanya untuk BKPSDM", timeout=20_000)
        assert asn.locator("input[type=range]").count() == 0
        assert asn.get_by_role("link", name=re.compile("Cetak")).count() == 0
    # The own profile: the gap card carries the person's name, the expertise note no page
    # the ASN cannot open, and the 266 target posts can be narrowed by typing.
    asn.goto(f"{gateway_url}/#/profil/{world['fish']}")
    expect(asn.locator("#target option").nth(1)).to_be_attached(timeout=20_000)
    assert "hasil pencarian" not in asn.locator("main").inner_text()
    asn.get_by_label("Saring jabatan tujuan").fill("kepala dinas perikanan")
    shown = asn.locator("#target option:not([hidden])").all_inner_texts()
    assert 1 < len(shown) < asn.locator("#target option").count(), shown
    assert all("kepala dinas perikanan" in t.lower() for t in shown[1:]), shown
    asn.select_option("#target", index=1)
    title = asn.locator(".gap .candidate h3").first
    expect(title).to_contain_text(world["names"][world["fish"]].split(" <")[0], timeout=20_000)
    expect(title).not_to_contain_text("NIP")
    expect(asn.locator(".gap .candidate p.meta").first).not_to_contain_text("undefined")
    assert not [u for u in missing if "favicon" in u], missing
    # A shortened OPD on the talent map finds nobody, and the page says why.
    lead = _login(browser, gateway_url, world, "pimpinan")
    lead.goto(f"{gateway_url}/#/peta")
    expect(lead.locator(".nine .box").first).to_be_visible(timeout=20_000)
    lead.get_by_label("OPD", exact=True).fill("Kesehatan")
    lead.get_by_role("button", name="Tampilkan").click()
    expect(lead.locator("#opd-notice")).to_contain_text("Dinas Kesehatan", timeout=20_000)


def test_the_ranking_downloads_as_excel_with_its_cells(
    browser: Browser, gateway_url: str, world: dict[str, Any], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    page = _login(browser, gateway_url, world, "pimpinan")
    page.goto(f"{gateway_url}/#/jabatan/{world['position']}")
    first = page.locator(".candidate").first
    expect(first).to_be_visible(timeout=20_000)
    nip = first.get_attribute("data-nip")
    with page.expect_download(timeout=30_000) as pending:
        page.get_by_role("button", name="Unduh Excel").click()
    download = pending.value
    assert download.suggested_filename.startswith(f"peringkat-{world['position']}-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved)["Peringkat"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Peringkat", "NIP", "Nama"]
    assert sheet.cell(row=2, column=1).value == 1
    assert sheet.cell(row=2, column=2).value == nip  # the page's first is the file's first
    assert page.errors == []  # type: ignore[attr-defined]


def test_search_filters_by_status_and_retirement_as_the_api_does(
    browser: Browser, gateway_url: str, world: dict[str, Any], api_headers: dict[str, str]
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/cari")
    page.get_by_label("Kata kunci").fill("penyuluh")
    page.get_by_label("Status", exact=True).select_option("PNS")
    page.get_by_label("Pensiun dalam (tahun, paling lama)").fill("15")
    page.get_by_role("button", name="Cari", exact=True).click()
    meta = page.locator(".results p.meta").first
    expect(meta).to_contain_text("ASN ditemukan", timeout=15_000)
    shown = int(meta.inner_text().split(" ASN")[0].replace(".", ""))
    params: dict[str, str | int] = {
        "q": "penyuluh",
        "status": "PNS",
        "max_years_to_retirement": 15,
        "limit": 1,
    }
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        total = api.get("/v1/search", params=params).json()["total"]
        everyone = api.get("/v1/search", params={"q": "penyuluh", "limit": 1}).json()["total"]
    assert shown == total
    assert 0 < total < everyone  # the filters narrowed it, as the API does
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_position_page_lists_who_misses_one_requirement_only(
    browser: Browser, gateway_url: str, world: dict[str, Any], api_headers: dict[str, str]
) -> None:
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=60) as api:
        labels = api.get("/v1/labels").json()["rule"]
        found = None
        for p in api.get("/v1/positions", params={"limit": 500}).json()["data"][:120]:
            body = api.post(
                "/v1/positions/rank",
                json={"position": {"position_id": p["position_id"]}, "top_k": 20},
            ).json()
            if body.get("near_eligible"):
                found = (p["position_id"], body)
                break
    assert found is not None, "no post with anyone one requirement short"
    post, body = found
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/jabatan/{post}")
    near = page.locator(".near li")
    expect(near.first).to_be_visible(timeout=20_000)
    assert near.count() == min(10, len(body["near_eligible"]))
    first = body["near_eligible"][0]
    [missed] = [r for r in first["eligibility"] if r["applies"] and not r["met"]]
    expect(near.first).to_contain_text(f"kurang {labels[missed['rule']].lower()}")
    # and when they will meet it, or why no day can be given (from the record alone)
    assert missed["met_from_note"]
    expect(near.first.locator(".when")).to_contain_text(missed["met_from_note"])
    if missed["met_from"]:
        expect(near.first.locator(".when")).to_contain_text("perkiraan terpenuhi")
    total = f"{body['near_eligible_total']:,}".replace(",", ".")  # 1.234, as Indonesians write
    expect(page.locator("#near-title")).to_contain_text(f"({total})")


def _contrast_of(page: Page, selector: str) -> list[float]:
    """Text contrast of each visible element matching `selector` against the first opaque
    background behind it."""
    pairs: list[list[str]] = page.locator(selector).evaluate_all(
        """(els) => els.filter((el) => el.offsetParent !== null).map((el) => {
            const hex = (c) => '#' + c.match(/\\d+/g).slice(0, 3)
                .map((n) => Number(n).toString(16).padStart(2, '0')).join('');
            let bg = el;
            while (bg && /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(bg).backgroundColor)) {
                bg = bg.parentElement;
            }
            const back = bg ? getComputedStyle(bg).backgroundColor : 'rgb(255, 255, 255)';
            return [hex(getComputedStyle(el).color), hex(back)];
        })"""
    )
    return [_contrast(fg, bg) for fg, bg in pairs]


def test_a_shortlist_from_the_ranking_with_notes_history_sharing_and_a_comparison(
    browser: Browser,
    gateway_url: str,
    api_headers: dict[str, str],
    world: dict[str, Any],
    artifacts: Path,
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    page.goto(f"{gateway_url}/#/jabatan/{world['position']}")
    cards = page.locator(".candidate")
    expect(cards.nth(1)).to_be_visible(timeout=20_000)
    picked = [cards.nth(i).get_attribute("data-nip") for i in (0, 1)]
    for i in (0, 1):
        cards.nth(i).get_by_label("Centang untuk dibandingkan atau disimpan").check()
    name = f"Calon uji {world['token']}"
    page.get_by_label("Nama daftar").fill(name)
    page.get_by_role("button", name="Simpan daftar pendek").click()
    expect(page).to_have_url(re.compile(r"#/daftar/D-[0-9A-F]{8}$"), timeout=15_000)
    list_id = page.url.rsplit("/", 1)[-1]
    table = page.locator("table.shortlist")
    expect(table.locator("tbody tr")).to_have_count(2, timeout=15_000)
    assert table.locator("tbody tr").evaluate_all("(rs) => rs.map((r) => r.dataset.nip)") == picked
    row = table.locator("tbody tr").first
    row.get_by_label(re.compile("^Status ")).select_option("dinilai")
    row.get_by_label(re.compile("^Catatan ")).fill("Wawancara 12 Desember")
    row.get_by_role("button", name="Simpan").click()
    history = page.locator("#sl-history")
    history.locator("summary").click()
    expect(history).to_contain_text("mengubah status", timeout=15_000)
    expect(history).to_contain_text("Diusulkan → Dinilai")
    expect(history).to_contain_text("Wawancara 12 Desember")
    assert _labels_ok(page) == []
    for width in (1366, 820):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"daftar-pendek-{width}.png"), full_page=True)
    # a second list of the same name is refused in words
    page.goto(f"{gateway_url}/#/jabatan/{world['position']}")
    expect(cards.first).to_be_visible(timeout=20_000)
    page.get_by_label("Nama daftar").fill(name.upper())
    page.get_by_role("button", name="Simpan daftar pendek").click()
    expect(page.locator("#sl-form .error")).to_contain_text("Nama daftar pendek sudah dipakai")
    # compare the two side by side
    page.get_by_role("link", name="Daftar pendek").click()
    page.get_by_role("link", name=name).click()
    expect(table.locator("tbody tr")).to_have_count(2, timeout=15_000)
    for nip in picked:
        page.locator(f"#cmp-{nip}").check()
    page.get_by_role("button", name="Bandingkan yang dicentang").click()
    compare = page.locator("#compare")
    expect(compare).to_be_visible(timeout=20_000)
    expect(compare.locator("thead th")).to_have_count(3)
    expect(compare).to_contain_text("Kotak talenta")
    expect(compare).to_contain_text("Kompetensi")
    for width in (1366, 820):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"bandingkan-{width}.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
    # shared with pimpinan by default: BKPSDM oversees every list, an ASN sees none
    admin = _login(browser, gateway_url, world, "admin")
    admin.goto(f"{gateway_url}/#/daftar")
    expect(admin.locator("#shortlists")).to_contain_text(name, timeout=15_000)
    asn = _login(browser, gateway_url, world, "self")
    asn.goto(f"{gateway_url}/#/daftar")
    expect(asn.locator("main .error")).to_contain_text("hanya untuk BKPSDM")
    expect(asn.locator("#shortlists")).to_have_count(0)
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        assert _delete_list(api, list_id) == 204


def test_a_moved_ranking_is_shown_and_choosing_waits_for_a_new_basis(
    browser: Browser,
    gateway_url: str,
    api_headers: dict[str, str],
    world: dict[str, Any],
    artifacts: Path,
    wait: Wait,
) -> None:
    """The trap: a list made, then a candidate's record changes (a new SKP): the list says
    what moved, refuses "Dipilih" until its basis is renewed, and the new colours are legible."""
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as admin:
        made = admin.post(
            "/v1/shortlists",
            json={
                "name": f"Uji perubahan {world['token']}",
                "position_id": world["position"],
                "nips": [world["fish"]],
                "shared_with": ["pimpinan"],
            },
        )
        assert made.status_code == 201, made.text
        list_id = made.json()["id"]
        before = made.json()["members"][0]["basis"]["score"]
        body = _person(world["fish"], world["names"][world["fish"]], FISH)
        del body["nip"]
        body["skp"] = [
            {"year": 2025, "predikat": "SANGAT_BAIK"},
            {"year": 2024, "predikat": "SANGAT_BAIK"},
        ]
        resp = admin.put(f"/v1/profiles/{world['fish']}", json=body)
        assert resp.status_code == 200, resp.text
        wait(
            lambda: admin.get(f"/v1/shortlists/{list_id}").json()["stale"],
            timeout=30,
            what="the shortlist to see the new score",
        )
    page = _login(browser, gateway_url, world, "pimpinan")
    page.goto(f"{gateway_url}/#/daftar/{list_id}")
    stale = page.locator("#sl-stale")
    expect(stale).to_contain_text("Peringkat berubah sejak daftar ini disusun", timeout=15_000)
    expect(stale).to_contain_text(
        f"(NIP {world['fish']}) berubah dari {before:.2f}".replace(".", ",")
    )
    row = page.locator("table.shortlist tbody tr").first
    row.get_by_label(re.compile("^Status ")).select_option("dipilih")
    row.get_by_role("button", name="Simpan").click()
    expect(page.locator(".error")).to_contain_text("Peringkat berubah sejak daftar pendek disusun")
    for selector in ("#sl-stale h3", "#sl-stale li", "table.shortlist tr.changed td", ".error"):
        assert all(c >= 4.5 for c in _contrast_of(page, selector)), selector
    page.screenshot(path=str(artifacts / "daftar-pendek-berubah.png"), full_page=True)
    # the pimpinan did not make the list: renewing its basis is the owner's (or BKPSDM's)
    expect(page.locator("#sl-rebase")).to_have_count(0)
    admin_page = _login(browser, gateway_url, world, "admin")
    admin_page.goto(f"{gateway_url}/#/daftar/{list_id}")
    admin_page.locator("#sl-rebase").click()
    expect(admin_page.locator("#sl-stale")).to_have_count(0, timeout=15_000)
    row = admin_page.locator("table.shortlist tbody tr").first
    row.get_by_label(re.compile("^Status ")).select_option("dipilih")
    row.get_by_role("button", name="Simpan").click()
    admin_page.locator("#sl-history summary").click()
    expect(admin_page.locator("#sl-history")).to_contain_text("Diusulkan → Dipilih", timeout=15_000)
    assert page.errors == []  # type: ignore[attr-defined]
    assert admin_page.errors == []  # type: ignore[attr-defined]
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as admin:
        assert _delete_list(admin, list_id) == 204


def test_my_recent_questions_come_back_and_ask_again(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    question = f"siapa yang paham penyuluhan perikanan {world['token'].lower()}?"
    box = page.get_by_label("Pertanyaan", exact=True)
    box.fill(question)
    box.press("Enter")
    expect(page.locator(".turn").first.locator(".answer-text")).not_to_be_empty(timeout=20_000)
    page.get_by_role("button", name="Percakapan baru").click()
    page.reload()
    history = page.locator("#history")
    history.locator("summary").click()
    expect(history).to_contain_text(question, timeout=15_000)
    expect(history.get_by_role("link", name=f"Daftar {world['token']}")).to_be_visible()
    assert _labels_ok(page) == []
    for width in (1366, 820):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"riwayat-{width}.png"), full_page=True)
    history.get_by_role("button", name=question).click()
    expect(page.locator(".turn .question").first).to_contain_text(question, timeout=20_000)
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_correction_is_a_form_of_its_kind_and_the_queue_shows_before_and_after(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    page = _login(browser, gateway_url, world, "self")
    box = page.locator("section", has_text="Koreksi data saya")
    expect(box).to_be_visible(timeout=20_000)
    box.get_by_label("Data yang dikoreksi").select_option("skp")
    row = box.locator(".editor tbody tr").count() + 1  # the record may hold SKPs already
    box.get_by_role("button", name="Tambah baris").click()
    # a row left incomplete is refused naming the row and the column in words
    box.get_by_label("Alasan").fill("baris belum lengkap")
    box.get_by_role("button", name="Ajukan koreksi").click()
    expect(box.locator(".error")).to_contain_text(f"SKP baris {row} · Tahun", timeout=15_000)
    box.get_by_label(f"Tahun baris {row}").fill("2023")
    # the allowed values are choices, in words; the predikat follows the matrix by itself
    assert "Di atas ekspektasi" in box.get_by_label(f"Hasil kerja baris {row}").inner_text()
    box.get_by_label(f"Hasil kerja baris {row}").select_option(label="Di atas ekspektasi")
    box.get_by_label(f"Perilaku kerja baris {row}").select_option(label="Di atas ekspektasi")
    expect(box.get_by_label(f"Predikat baris {row}")).to_have_value("SANGAT_BAIK")
    reason = f"SKP 2025 sudah ditetapkan tetapi belum tercatat ({world['token']})"
    box.get_by_label("Alasan").fill(reason)
    assert _labels_ok(page) == []
    box.get_by_role("button", name="Ajukan koreksi").click()
    expect(box).to_contain_text("diajukan; BKPSDM akan menelaahnya", timeout=15_000)
    for width in (1366, 820):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"koreksi-formulir-{width}.png"), full_page=True)

    reviewer = _login(browser, gateway_url, world, "admin")
    reviewer.get_by_role("link", name="Koreksi").click()
    card = reviewer.locator("article.correction", has_text=reason)
    expect(card).to_be_visible(timeout=15_000)
    expect(card.locator("h3")).to_contain_text(world["names"][world["fish"]][:10])
    expect(card.locator("section", has_text="Saat ini")).not_to_contain_text("2023")
    proposed = card.locator("section", has_text="Diusulkan")
    expect(proposed.locator("tr.changed")).to_contain_text("2023")
    expect(proposed.locator("tr.changed")).to_contain_text("Sangat Baik")
    text = reviewer.locator("main").inner_text()
    assert sorted(set(m.group(0) for m in RAW_CODE.finditer(text))) == []
    for width in (1366, 820):
        reviewer.set_viewport_size({"width": width, "height": 900})
        reviewer.screenshot(path=str(artifacts / f"koreksi-antrean-{width}.png"), full_page=True)
        assert reviewer.evaluate("() => document.documentElement.scrollWidth - innerWidth") <= 1
    card.get_by_label("Catatan keputusan").fill("Dokumen SKP belum dilampirkan")
    card.get_by_role("button", name="Tolak").click()
    expect(card).to_have_count(0, timeout=15_000)
    assert page.errors == []  # type: ignore[attr-defined]
    assert reviewer.errors == []  # type: ignore[attr-defined]


def test_the_panel_print_has_letterhead_number_signature_and_fits_a4_portrait(
    browser: Browser,
    gateway_url: str,
    api_headers: dict[str, str],
    world: dict[str, Any],
    artifacts: Path,
) -> None:
    page = _login(browser, gateway_url, world, "admin")
    page.goto(f"{gateway_url}/#/cetak/{world['position']}")
    expect(page.locator(".print table tbody tr").first).to_be_visible(timeout=20_000)
    kop = page.locator(".kop")
    expect(kop).to_contain_text("PEMERINTAH KABUPATEN GRESIK")  # the default instansi
    number = page.locator("#print-number").inner_text()
    found = re.fullmatch(r": 800/([0-9A-F]{8})/BKPSDM/(\d{4})", number)
    assert found, number
    expect(page.locator(".signature")).to_contain_text("Kepala BKPSDM")
    trace = page.locator(".trace").inner_text()
    request_id = re.search(r"Rujukan jejak audit: ([0-9a-f]{32})", trace)
    assert request_id, trace
    assert request_id.group(1)[:8].upper() == found.group(1)
    assert "kebijakan penilaian" in trace
    # the number leads to the audit trail's entry of this very ranking
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        for ref in (request_id.group(1), found.group(1)):  # in full, and as the number has it
            entries = api.get("/v1/audit", params={"request_id": ref}).json()["data"]
            assert [(e["action"], e["actor"].split(" ")[0]) for e in entries] == [
                ("rank", f"user:{world['users']['admin']}")
            ]
    # A4 portrait: 210 mm less 2 x 15 mm margins is 180 mm, about 680 CSS px
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 1000})
    assert page.evaluate("() => document.documentElement.scrollWidth - innerWidth") <= 1
    pdf = page.pdf(path=str(artifacts / "baperjakat-a4.pdf"), prefer_css_page_size=True)
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert box, "no page size in the PDF"
    width, height = float(box.group(1)), float(box.group(2))
    assert (round(width), round(height)) in ((595, 842), (596, 842)), (width, height)
    page.screenshot(path=str(artifacts / "cetak-a4.png"), full_page=True)
    page.locator(".kop").screenshot(path=str(artifacts / "cetak-a4-kop.png"))
    page.locator(".signature").screenshot(path=str(artifacts / "cetak-a4-tanda-tangan.png"))
    page.locator(".ranking tbody tr").first.screenshot(path=str(artifacts / "cetak-a4-baris.png"))
    assert page.errors == []  # type: ignore[attr-defined]


def test_search_results_and_the_talent_grid_download_as_workbooks(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    from openpyxl import load_workbook

    page = _login(browser, gateway_url, world, "pimpinan")
    page.goto(f"{gateway_url}/#/cari")
    page.get_by_label("Kata kunci").fill(world["token"])
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.locator(".results")).to_contain_text("2 ASN ditemukan", timeout=15_000)
    with page.expect_download() as got:
        page.get_by_role("button", name="Unduh Excel").click()
    path = artifacts / "hasil-pencarian.xlsx"
    got.value.save_as(path)
    rows = list(load_workbook(path)["Hasil pencarian"].iter_rows(values_only=True))
    assert rows[0][:3] == ("No", "NIP", "Nama")
    assert {r[1] for r in rows[1:]} == {world["fish"], world["health"]}
    page.goto(f"{gateway_url}/#/peta")
    expect(page.locator(".nine .box").first).to_be_visible(timeout=20_000)
    page.get_by_label("OPD").fill(FISH)
    page.get_by_role("button", name="Tampilkan").click()  # the file holds what is shown
    expect(page.locator("#opd-notice")).to_have_text("", timeout=20_000)
    page.wait_for_load_state("networkidle")
    with page.expect_download() as got:
        page.get_by_role("button", name="Unduh CSV").click()
    grid = artifacts / "kotak-talenta.csv"
    got.value.save_as(grid)
    lines = grid.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Kotak;Arti;NIP;Nama")
    assert all(FISH in line for line in lines[1:])
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_chats_opd_chip_suggests_the_opds_of_the_data(
    browser: Browser, gateway_url: str, world: dict[str, Any]
) -> None:
    page = _login(browser, gateway_url, world, "pimpinan")
    box = page.get_by_label("Pertanyaan", exact=True)
    box.fill("siapa yang paham perikanan di Dinas Perikanan?")
    box.press("Enter")
    chip = page.locator(".turn").first.get_by_label("OPD", exact=True)
    expect(chip).to_have_value(FISH, timeout=20_000)
    suggestions = page.locator(f"#{chip.get_attribute('list')} option")
    expect(suggestions.first).to_be_attached(timeout=10_000)
    values = suggestions.evaluate_all("(els) => els.map((e) => e.value)")
    assert FISH in values
    assert HEALTH in values
    assert page.errors == []  # type: ignore[attr-defined]


def test_an_opd_viewer_keeps_a_shortlist_of_their_own_opd_only(
    browser: Browser,
    gateway_url: str,
    api_headers: dict[str, str],
    world: dict[str, Any],
    artifacts: Path,
) -> None:
    # A post whose two best of this OPD both have a record at the profile service (a stack
    # used for development may hold events of people its store never had: benchmarks and
    # scaling tests publish straight to the topic; such a candidate is refused, rightly).
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=60) as api:
        post = None
        for p in api.get("/v1/positions", params={"limit": 500}).json()["data"][:60]:
            ranked = api.post(
                "/v1/positions/rank",
                json={
                    "position": {"position_id": p["position_id"]},
                    "top_k": 2,
                    "filters": {"opd": [FISH]},
                },
            ).json()
            top = [c["nip"] for c in ranked.get("candidates", [])][:2]
            if len(top) == 2 and all(api.get(f"/v1/profiles/{n}").status_code == 200 for n in top):
                post = p["position_id"]
                break
    assert post is not None, "no post with two candidates of the OPD"
    page = _login(browser, gateway_url, world, "diskan")
    page.goto(f"{gateway_url}/#/jabatan/{post}")
    expect(page.locator("#sl-form")).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#sl-form")).to_contain_text("Bagikan kepada pengamat OPD ini")
    page.get_by_label("Nama daftar").fill(f"Usulan OPD {world['token']}")
    page.get_by_label("Jumlah teratas (bila tidak ada yang dicentang)").fill("2")
    page.get_by_role("button", name="Simpan daftar pendek").click()
    expect(page).to_have_url(re.compile(r"#/daftar/D-[0-9A-F]{8}$"), timeout=15_000)
    list_id = page.url.rsplit("/", 1)[-1]
    rows = page.locator("table.shortlist tbody tr")
    expect(rows.first).to_be_visible(timeout=15_000)
    for text in rows.all_inner_texts():
        assert FISH in text, text  # ranked over their OPD only
    assert _labels_ok(page) == []
    for width in (1366, 820):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"daftar-pendek-opd-{width}.png"), full_page=True)
    # the pimpinan was not given it: it is shared with this OPD's viewers only
    lead = _login(browser, gateway_url, world, "pimpinan")
    lead.goto(f"{gateway_url}/#/daftar/{list_id}")
    expect(lead.locator("main .error")).to_contain_text("tidak ditemukan", timeout=15_000)
    assert page.errors == []  # type: ignore[attr-defined]
    with httpx.Client(base_url=gateway_url, headers=api_headers, timeout=30) as api:
        assert _delete_list(api, list_id) == 204


def test_bkpsdm_reads_and_downloads_the_audit_trail_in_the_console(
    browser: Browser, gateway_url: str, world: dict[str, Any], artifacts: Path
) -> None:
    from openpyxl import load_workbook

    page = _login(browser, gateway_url, world, "admin")
    page.get_by_role("link", name="Jejak audit").click()
    expect(page.locator("#audit tbody tr").first).to_be_visible(timeout=20_000)
    page.get_by_label("Aksi (mis. rank, shortlists.write)").fill("login")
    page.get_by_label("Pelaku (awal nama, mis. user:bupati)").fill(
        f"user:{world['users']['admin']}"
    )
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#audit tbody tr").first).to_contain_text("login", timeout=15_000)
    assert _labels_ok(page) == []
    for width in (1366, 820):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("() => document.documentElement.scrollWidth - innerWidth") <= 1
        page.screenshot(path=str(artifacts / f"jejak-audit-{width}.png"), full_page=True)
    with page.expect_download() as got:
        page.get_by_role("button", name="Unduh Excel").click()
    path = artifacts / "jejak-audit.xlsx"
    got.value.save_as(path)
    rows = list(load_workbook(path)["Jejak audit"].iter_rows(values_only=True))
    assert rows[0][:4] == ("No urut", "Waktu", "Pelaku", "Aksi")
    assert rows[1:]
    assert {r[3] for r in rows[1:]} == {"login"}
    assert all(str(r[1]).endswith("WIB") for r in rows[1:])
    assert page.errors == []  # type: ignore[attr-defined]
    # a pimpinan has no such page
    lead = _login(browser, gateway_url, world, "pimpinan")
    expect(lead.get_by_role("link", name="Jejak audit")).to_have_count(0)
