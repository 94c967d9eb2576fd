"""The reading room on the two seed documents, as declass's own readers read them."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.htmlcheck import assert_well_formed

pytestmark = pytest.mark.corpus

BRIEFING = "CIA-RDP80R01443R000200010007-3"
AIRGRAM = "frus1952-54v08/d632"


def test_both_seeds_found_by_peiping(seed_client: httpx.Client) -> None:
    ids = {h["id"] for h in seed_client.get("/api/search", params={"q": "Peiping", "limit": 50}).json()["hits"]}
    assert {BRIEFING, AIRGRAM} <= ids
    html = seed_client.get("/search", params={"q": "Peiping"}).text
    assert f'href="/documents/{BRIEFING}"' in html and f'href="/documents/{AIRGRAM}"' in html


def test_briefing_reader_draws_every_layer(seed_client: httpx.Client) -> None:
    html = seed_client.get(f"/documents/{BRIEFING}").text
    assert_well_formed(html)
    assert len(re.findall(r'class="redaction" data-code="25X1" tabindex="0"', html)) == 20
    deletions = re.findall(r'<del class="deletion"[^>]*>(.*?)</del>', html, re.S)
    insertions = re.findall(r'<ins class="insertion"[^>]*>(.*?)</ins>', html, re.S)
    assert len(deletions) == 16 and len(insertions) == 9
    assert "has begun to insist" in deletions and "presents" in insertions
    assert "Approved For Release" not in html.split('id="doc-text"')[1]  # banners are not in the text
    citation = re.search(r'<textarea id="citation-text"[^>]*>(.*?)</textarea>', html, re.S)
    assert citation and f"{BRIEFING}, released 2003/08/08, CIA CREST." in citation.group(1)


def test_briefing_readings_as_text(seed_client: httpx.Client) -> None:
    original = " ".join(seed_client.get(f"/api/documents/{BRIEFING}/text", params={"reading": "original"}).text.split())
    revised = " ".join(seed_client.get(f"/api/documents/{BRIEFING}/text").text.split())
    assert "Soviet propaganda has begun to insist that China is a world power" in original
    assert "Soviet propaganda presents as China a world power" in revised


def test_airgram_reader_and_citation(seed_client: httpx.Client) -> None:
    html = seed_client.get(f"/documents/{AIRGRAM}").text
    assert_well_formed(html)
    assert html.count('<span class="pageno"') >= 2
    assert 'id="page-1262"' in html and 'id="page-1263"' in html
    assert 'href="#fn-1"' in html and 'href="#fn-2"' in html and 'href="#ref-fn-1"' in html
    dl = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S))
    assert dl["Date"].startswith("November 23, 1954")
    assert "661.93/11–2354" in dl["File number"]
    assert "McConaughy" in dl["Drafted by"]
    citation = re.search(r'<textarea id="citation-text"[^>]*>(.*?)</textarea>', html, re.S)
    assert citation
    text = citation.group(1)
    assert "Foreign Relations of the United States, 1952–1954, Volume VIII" in text
    assert "Document 632" in text and "pp. 1261–1263" in text


def test_seed_raw_source_is_the_file(seed_client: httpx.Client) -> None:
    from tests.conftest import corpus_path

    raw = seed_client.get(f"/api/documents/{AIRGRAM}/raw")
    assert raw.status_code == 200
    assert raw.content == corpus_path("seeds", "frus1952-54v08_d632.txt").read_bytes()
