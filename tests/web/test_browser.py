"""End to end in headless chromium: search, open, switch readings, focus a redaction, follow a note.

Screenshots of each step are written to test-artifacts/web/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import LiveServer
from tests.web.fixtures import AIRGRAM_ID, BRIEFING_ID

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda req: outside.append(req.url) if not req.url.startswith("http://127.0.0.1") else None)
    yield pg
    context.close()
    assert outside == [], f"the page asked for outside resources: {outside}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def search_and_open(page: Any, base: str, doc_id: str, name: str) -> None:
    page.goto(base + "/search")
    page.fill("#q", "Peiping")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=Peiping*")
    page.wait_for_load_state()
    assert page.locator("li.hit").count() >= 2
    assert page.locator(".snippet mark").first.inner_text() in ("Peiping", "Peking")
    shot(page, f"{name}-1-search")
    page.click(f'.hit h3 a[href="/documents/{doc_id}"]')
    page.wait_for_url(f"**/documents/{doc_id}")
    page.wait_for_load_state()


def switch_to_marked_and_see_struck_text(page: Any, struck: str, name: str) -> None:
    deletion = page.locator("del.deletion", has_text=struck).first
    assert not deletion.is_visible()  # the revised reading leaves deletions out
    page.click('.reading-option[data-reading="marked"]')
    assert deletion.is_visible()
    style = deletion.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in style
    assert page.url.endswith("?reading=marked")
    shot(page, f"{name}-2-marked")
    page.click('.reading-option[data-reading="original"]')
    assert deletion.is_visible()
    assert page.locator("ins.insertion").first.is_hidden()
    page.click('.reading-option[data-reading="revised"]')
    assert not deletion.is_visible()


def focus_redaction_by_keyboard(page: Any, code: str, name: str) -> None:
    page.click("h1")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('.redaction[data-code=\"{code}\"]')"):
            break
    else:
        pytest.fail(f"no {code} redaction could be reached with the Tab key")
    focused = page.locator(".redaction:focus")
    assert code in (focused.get_attribute("aria-label") or "")
    label = focused.locator(".redaction-label")
    assert label.is_visible()
    assert label.inner_text().startswith(code)
    shot(page, f"{name}-3-redaction")


def follow_footnote(page: Any, n: str, words: str, name: str) -> None:
    page.click(f'.fnref a[href="#fn-{n}"]')
    page.wait_for_function(f"location.hash === '#fn-{n}'")
    note = page.locator(f"#fn-{n}")
    assert note.is_visible()
    assert words in note.inner_text()
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'fn-{n}'")
    shot(page, f"{name}-4-footnote")
    note.locator(".backref").click()
    page.wait_for_function(f"location.hash === '#ref-fn-{n}'")


def test_reader_end_to_end_on_invented_documents(page: Any, live: LiveServer) -> None:
    search_and_open(page, live.url, BRIEFING_ID, "fixtures")
    assert page.locator("h1").inner_text() == "NSC Briefing: Sino-Soviet Trade"
    switch_to_marked_and_see_struck_text(page, "has begun to insist", "fixtures")
    focus_redaction_by_keyboard(page, "25X1", "fixtures")
    page.goto(f"{live.url}/documents/{AIRGRAM_ID}")
    follow_footnote(page, "2", "Telegram 99 from Moscow", "fixtures")
    assert page.locator(".pageno#page-102").is_visible()


def test_facet_click_narrows_and_print_hides_navigation(page: Any, live: LiveServer) -> None:
    page.goto(live.url + "/search?q=Peiping")
    page.click('.facets a.facet-link:text-is("frus")')
    page.wait_for_url("**collection%3Afrus*")
    page.wait_for_load_state()
    assert page.locator("li.hit").count() == 1
    assert page.locator(".facets li.active a").inner_text() == "frus"
    page.goto(f"{live.url}/documents/{AIRGRAM_ID}")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".doc-text").is_visible()
    assert page.locator(".citation-text").is_visible()
    page.emulate_media(media="screen")


@pytest.mark.corpus
def test_reader_end_to_end_on_the_seeds(page: Any, seed_live: LiveServer) -> None:
    briefing = "CIA-RDP80R01443R000200010007-3"
    search_and_open(page, seed_live.url, briefing, "seeds")
    switch_to_marked_and_see_struck_text(page, "has begun to insist", "seeds")
    focus_redaction_by_keyboard(page, "25X1", "seeds")
    page.goto(f"{seed_live.url}/documents/frus1952-54v08/d632")
    follow_footnote(page, "1", "McConaughy", "seeds")
