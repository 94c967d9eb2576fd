"""The HTML pages: search with facets, histogram and paging; the reader; entity and corpus pages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.web.fixtures import AIRGRAM_ID, BRIEFING_ID, UNDATED_ID
from tests.web.htmlcheck import assert_well_formed, check

STATIC = Path(__file__).resolve().parents[2] / "src" / "declass" / "web" / "static"


def links(html: str) -> list[tuple[str, str]]:
    """(href, link text) of every <a> in a page."""
    return re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)


def query_of(href: str) -> str:
    return parse_qs(urlparse(href.replace("&amp;", "&")).query).get("q", [""])[0]


def test_search_page_lists_hits_with_highlighted_snippets(client: httpx.Client) -> None:
    r = client.get("/search", params={"q": "Peiping"})
    assert r.status_code == 200
    html = r.text
    assert_well_formed(html)
    assert re.search(r'<p class="total" id="total"><strong>4</strong> documents', html)
    assert f'href="/documents/{BRIEFING_ID}"' in html and f'href="/documents/{AIRGRAM_ID}"' in html
    assert "<mark>Peiping</mark>" in html
    assert '<span class="classification">secret</span>' in html
    assert '<span class="type">nsc briefing</span>' in html
    assert '<span class="date">1954-03-12</span>' in html
    assert '<span class="date">date unknown</span>' in html


def test_facets_add_filters_that_narrow_the_search(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "Peiping"}).text
    aside = html[html.index('<aside class="facets"') : html.index("</aside>")]
    facet_links = {query_of(h): text.strip() for h, text in links(aside)}
    assert "Peiping collection:frus" in facet_links
    assert "Peiping has:redactions" in facet_links
    assert 'Peiping type:"nsc briefing"' in facet_links
    assert facet_links["Peiping year:1950..1959"] == "1950s"
    assert facet_links["Peiping classification:secret"] == "secret"
    narrowed = client.get("/search", params={"q": "Peiping collection:frus"}).text
    assert re.search(r"<strong>1</strong> document\b", narrowed)
    # the active filter is marked and its link takes it away again
    assert 'aria-pressed="true"' in narrowed
    assert "Peiping" in {query_of(h) for h, _ in links(narrowed)}


def test_date_unknown_bucket_is_visible_and_clickable(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "Peiping"}).text
    assert "date unknown" in html
    assert any(query_of(h) == "Peiping year:unknown" for h, _ in links(html))
    only_undated = client.get("/search", params={"q": "Peiping year:unknown"}).text
    assert f'href="/documents/{UNDATED_ID}"' in only_undated
    assert re.search(r"<strong>1</strong> document\b", only_undated)


def test_histogram_has_a_bar_for_every_year_in_range(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "grain"}).text
    titles = re.findall(r"<title>([^<]+)</title>", html)
    bars = [t for t in titles if re.match(r"^(\d{4}|date unknown): ", t)]
    assert [b.split(":")[0] for b in bars] == [str(y) for y in range(1950, 1962)] + ["date unknown"]
    assert "1954: 2" in bars  # a plain report of that year and the briefing


def test_pagination_and_sort(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "grain", "sort": "date"}).text
    assert "page 1 of 2" in html
    next_links = [h for h, t in links(html) if "next" in t]
    assert next_links and "page=2" in next_links[0] and "sort=date" in next_links[0]
    page2 = client.get(next_links[0].replace("&amp;", "&")).text
    assert "page 2 of 2" in page2 and '<ol class="hits" start="21">' in page2
    assert '<strong aria-current="true">oldest first</strong>' in html


def test_empty_query_lists_everything(client: httpx.Client) -> None:
    html = client.get("/search").text
    assert re.search(r"<strong>28</strong> documents", html)
    home = client.get("/", follow_redirects=True)  # the home page is the search page
    assert home.status_code == 200 and home.url.path == "/search"


@pytest.mark.parametrize(
    ("params", "says"),
    [({"q": '"open'}, "quote"), ({"sort": "up"}, "sort"), ({"page": "0"}, "page"), ({"page": "x"}, "page")],
)
def test_bad_search_is_a_400_page_with_the_message(client: httpx.Client, params: dict, says: str) -> None:
    r = client.get("/search", params=params)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    message = re.search(r'<p class="error-message" role="alert">(.*?)</p>', r.text, re.S)
    assert message and says in message.group(1)


def test_reader_metadata_panel(client: httpx.Client) -> None:
    html = client.get(f"/documents/{AIRGRAM_ID}").text
    assert_well_formed(html)
    dl = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S))
    assert dl["Id"] == AIRGRAM_ID
    assert dl["Date"].startswith("March 15, 1955") and "precision: day" in dl["Date"]
    assert dl["From"] == "The Secretary of State" and dl["To"] == "Certain Diplomatic Missions"
    assert "793.00/3–1555" in dl["File number"] and "Political affairs: China" in dl["File number"]
    assert dl["Source note"].startswith("Source: Department of State, Central Files")
    assert dl["Drafted by"] == "A. Example; B. Sample"
    assert dl["Pages"] == "101–102"
    assert 'href="/api/documents/frus1955-57v99/d17/raw"' in html  # raw source one click away
    citation = re.search(r'<textarea id="citation-text"[^>]*>(.*?)</textarea>', html, re.S)
    assert citation and "Document 17, pp. 101–102" in citation.group(1)


def test_reader_release_and_classification(client: httpx.Client) -> None:
    html = client.get(f"/documents/{BRIEFING_ID}").text
    dl = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S))
    assert dl["Classification"].startswith("secret") and "SECRET" in dl["Classification"]
    assert dl["Release"].startswith("2005-01-01, full, RIPPUB")
    assert "Date" in dl and "as written: “12 March 1954”" in dl["Date"]


def test_reading_switch_works_without_script(client: httpx.Client) -> None:
    for reading in ("revised", "original", "marked"):
        html = client.get(f"/documents/{BRIEFING_ID}", params={"reading": reading}).text
        assert f'class="doc-text reading-{reading}"' in html
        assert re.search(
            rf'href="[^"]*reading={reading}" data-reading="{reading}" class="reading-option current"', html
        )
    r = client.get(f"/documents/{BRIEFING_ID}", params={"reading": "upside-down"})
    assert r.status_code == 400 and "reading" in r.text


def test_stylesheet_hides_each_layer_in_the_right_reading() -> None:
    css = (STATIC / "style.css").read_text()
    assert ".reading-revised del.deletion { display: none; }" in css
    assert ".reading-original ins.insertion { display: none; }" in css
    assert ".redaction:hover > .redaction-label, .redaction:focus > .redaction-label { display: block; }" in css
    assert "@media print" in css


def test_unknown_document_page_is_404(client: httpx.Client) -> None:
    r = client.get("/documents/frus0000v00/d0")
    assert r.status_code == 404 and "frus0000v00/d0" in r.text


def test_entity_page(client: httpx.Client) -> None:
    html = client.get("/entities/beijing").text
    assert_well_formed(html)
    assert "<h1>Beijing</h1>" in html
    spellings = re.findall(r'<span class="spelling">(.*?)</span> <span class="count">(\d+)</span>', html)
    assert spellings == [("Peiping", "2"), ("Peking", "1")]
    assert re.search(r'<span class="year">1954</span>', html) and re.search(r'<span class="year">1955</span>', html)
    assert 'href="/entities/moscow">Moscow</a>' in html
    assert f'href="/documents/{BRIEFING_ID}"' in html
    assert client.get("/entities/nobody").status_code == 404


def test_entities_list(client: httpx.Client) -> None:
    html = client.get("/entities").text
    assert 'href="/entities/beijing">Beijing</a>' in html
    assert "Peiping, Peking" in html
    assert 'href="/entities/beijing"' not in client.get("/entities", params={"prefix": "Mos"}).text


def test_corpus_page(client: httpx.Client) -> None:
    html = client.get("/corpus").text
    assert_well_formed(html)
    assert "<strong>28</strong> documents" in html
    assert '<strong id="share-redacted">2</strong> (7.1%)' in html
    assert "By collection" in html and "By decade" in html and "By type" in html and "By classification" in html
    assert 'href="/search?q=collection%3Acrest">crest</a>' in html
    assert 'href="/search?q=year%3Aunknown">date unknown</a>' in html


def test_api_docs_page_is_local(client: httpx.Client) -> None:
    html = client.get("/api-docs").text
    assert "/api/search" in html and "/api/documents/{doc_id}/raw" in html
    assert client.get("/docs").status_code == 404  # the stock page would load scripts from a CDN


def test_no_page_fetches_anything_from_elsewhere(client: httpx.Client) -> None:
    pages = ["/search?q=Peiping", f"/documents/{BRIEFING_ID}", "/entities/beijing", "/corpus", "/entities", "/api-docs"]
    for page in pages:
        html = client.get(page).text
        for tag, attrs in check(html).tags:
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                assert not re.match(r"^(https?:)?//", value), (page, tag, value)
    for asset in STATIC.iterdir():
        text = asset.read_text()
        assert "http://" not in text and "https://" not in text and "@import" not in text, asset.name
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/reader.js").status_code == 200
