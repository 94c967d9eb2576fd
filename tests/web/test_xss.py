"""A document (and a query) full of markup renders as text everywhere, never as markup."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.web.fixtures import HOSTILE_ID, SCRIPT
from tests.web.htmlcheck import assert_well_formed, event_handler_attributes, script_tags

ESCAPED = "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;"
HOSTILE_ENTITY = 'x"><script>alert(4)</script>'


def assert_inert(html: str) -> None:
    assert_well_formed(html)
    # the only script is the reader's own file; no inline script, no event handler attribute
    assert script_tags(html) == [{"src": "/static/reader.js", "defer": None}]
    assert event_handler_attributes(html) == []
    assert "<script>alert" not in html and "<img" not in html


@pytest.mark.parametrize(
    "path",
    [
        f"/documents/{quote(HOSTILE_ID, safe='/')}",
        f"/documents/{quote(HOSTILE_ID, safe='/')}?reading=marked",
        "/search?q=Ordinary",
        "/search?q=" + quote(SCRIPT),
        "/search?q=" + quote('"' + SCRIPT),
        "/entities",
        "/entities/" + quote(HOSTILE_ENTITY, safe=""),
        "/corpus",
        "/documents/" + quote(SCRIPT),
        "/search?sort=" + quote(SCRIPT),
    ],
)
def test_pages_escape_hostile_text(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (200, 400, 404)
    assert r.headers["content-type"].startswith("text/html")
    assert_inert(r.text)


def test_hostile_document_shows_its_words(client: httpx.Client) -> None:
    html = client.get(f"/documents/{quote(HOSTILE_ID, safe='/')}").text
    assert ESCAPED in html  # in the text, title, metadata, footnote and warnings
    assert html.count(ESCAPED) >= 6
    assert "<title>Title " + ESCAPED in html


def test_search_snippet_of_hostile_document_is_escaped(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "Ordinary"}).text
    assert "<mark>Ordinary</mark>" in html
    assert ESCAPED in html


def test_api_answers_are_never_html(client: httpx.Client) -> None:
    doc = f"/api/documents/{quote(HOSTILE_ID, safe='/')}"
    for path in (doc, doc + "/text", doc + "/raw", "/api/search?q=Ordinary", "/api/entities/" + quote(HOSTILE_ENTITY)):
        r = client.get(path)
        assert r.status_code == 200, path
        kind = r.headers["content-type"]
        assert kind.startswith(("application/json", "text/plain")), (path, kind)
    assert SCRIPT in client.get(doc + "/text", params={"reading": "text"}).text  # the words themselves, unchanged
