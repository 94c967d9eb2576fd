"""The JSON API, endpoint by endpoint, against a real store behind a real server."""

from __future__ import annotations

import json

import httpx
import pytest

from declass.model import Document
from tests.web.fixtures import AIRGRAM_ID, BRIEFING_ID, HOSTILE_ID, UNDATED_ID


def test_search_returns_the_cli_json_shape(client: httpx.Client) -> None:
    r = client.get("/api/search", params={"q": "Peiping"})
    assert r.status_code == 200
    data = r.json()
    assert set(data) >= {"total", "hits", "facets", "query", "limit", "offset", "sort"}
    ids = {h["id"] for h in data["hits"]}
    assert {BRIEFING_ID, AIRGRAM_ID, UNDATED_ID, HOSTILE_ID} <= ids
    assert data["total"] == 4
    for hit in data["hits"]:
        assert set(hit) >= {"id", "title", "date", "collection", "doc_type", "snippet", "score"}
    assert {"value": "unknown", "count": 1} in data["facets"]["year"]  # the undated memorandum is counted


def test_search_limit_offset_sort_and_filters(client: httpx.Client) -> None:
    first = client.get("/api/search", params={"q": "grain", "limit": 5, "sort": "date"}).json()
    assert first["total"] == 25 and len(first["hits"]) == 5
    dates = [h["date"] for h in first["hits"]]
    assert dates == sorted(dates)
    second = client.get("/api/search", params={"q": "grain", "limit": 5, "offset": 5, "sort": "date"}).json()
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    newest = client.get("/api/search", params={"q": "grain", "limit": 3, "sort": "-date"}).json()
    assert newest["hits"][0]["date"] >= newest["hits"][-1]["date"]
    only_frus = client.get("/api/search", params={"q": "collection:frus"}).json()
    assert [h["id"] for h in only_frus["hits"]] == [AIRGRAM_ID]
    undated = client.get("/api/search", params={"q": "year:unknown"}).json()
    assert [h["id"] for h in undated["hits"]] == [UNDATED_ID]


def test_search_exact_turns_name_widening_off(client: httpx.Client) -> None:
    widened = client.get("/api/search", params={"q": "Peking"}).json()
    exact = client.get("/api/search", params={"q": "Peking", "exact": "true"}).json()
    assert exact["total"] <= widened["total"]
    assert BRIEFING_ID in {h["id"] for h in exact["hits"]}


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"q": '"unclosed'}, "quote"),
        ({"q": "year:19x3"}, "year"),
        ({"q": "nosuchfield:abc"}, "unknown field"),
        ({"q": "classification:purple"}, "classification"),
        ({"q": "(Peiping"}, "parenthesis"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "100000"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-5"}, "offset"),
        ({"sort": "sideways"}, "sort"),
        ({"exact": "perhaps"}, "exact"),
        ({"q": "x" * 2001}, "q"),
    ],
)
def test_search_bad_parameters_are_400_with_a_message(client: httpx.Client, params: dict, says: str) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["status"] == 400
    assert says.lower() in body["error"].lower()


def test_search_is_safe_with_sql_fragments(client: httpx.Client) -> None:
    for q in ["'; DROP TABLE docs; --", 'collection:"crest\' OR 1=1 --"', "from:'x'", "Peiping; DELETE FROM docs"]:
        r = client.get("/api/search", params={"q": q})
        assert r.status_code in (200, 400), (q, r.text)
    assert client.get("/api/stats").json()["documents"] == 28


def test_document_json_round_trips(client: httpx.Client) -> None:
    r = client.get(f"/api/documents/{AIRGRAM_ID}")
    assert r.status_code == 200
    doc = Document.from_json(r.json())
    assert doc.id == AIRGRAM_ID
    assert doc.metadata.pages.first == "101" and len(doc.footnotes) == 2


def test_document_raw_is_the_ingested_bytes_served_inert(client: httpx.Client) -> None:
    r = client.get(f"/api/documents/{BRIEFING_ID}/raw")
    assert r.status_code == 200
    assert r.content.startswith(f"raw of {BRIEFING_ID}\n".encode())
    assert r.headers["content-type"].startswith("text/plain")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in r.headers["content-security-policy"]


def test_document_text_in_each_reading(client: httpx.Client) -> None:
    revised = client.get(f"/api/documents/{BRIEFING_ID}/text").text
    original = client.get(f"/api/documents/{BRIEFING_ID}/text", params={"reading": "original"}).text
    stored = client.get(f"/api/documents/{BRIEFING_ID}/text", params={"reading": "text"}).text
    assert "has begun to insist" not in revised and "now presents" in revised
    assert "has begun to insist" in original and "now presents" not in original
    assert "has begun to insist" in stored and "now presents" in stored
    r = client.get(f"/api/documents/{BRIEFING_ID}/text", params={"reading": "sideways"})
    assert r.status_code == 400 and "reading" in r.json()["error"]


def test_unknown_documents_are_404_with_a_message(client: httpx.Client) -> None:
    for path in ("/api/documents/nope/d1", "/api/documents/nope/d1/raw", "/api/documents/nope/d1/text"):
        r = client.get(path)
        assert r.status_code == 404
        assert "nope/d1" in r.json()["error"]


def test_ids_with_slashes_and_odd_characters(client: httpx.Client) -> None:
    r = client.get("/api/documents/hostile/doc%3C1%3E")
    assert r.status_code == 200 and r.json()["id"] == HOSTILE_ID


def test_entities_list_and_one_entity(client: httpx.Client) -> None:
    data = client.get("/api/entities").json()
    by_id = {e["id"]: e for e in data["entities"]}
    beijing = by_id["beijing"]
    assert beijing["documents"] == 2
    assert {v["text"] for v in beijing["variants"]} == {"Peiping", "Peking"}
    prefixed = client.get("/api/entities", params={"prefix": "Mos"}).json()["entities"]
    assert [e["id"] for e in prefixed] == ["moscow"]
    one = client.get("/api/entities/beijing").json()
    assert one["name"] == "Beijing" and one["documents"] == 2
    assert {v["text"]: v["count"] for v in one["variants"]} == {"Peiping": 2, "Peking": 1}
    assert {h["id"] for h in one["hits"]} == {BRIEFING_ID, AIRGRAM_ID}
    assert {c["id"] for c in one["co_occurring"]} == {"moscow"}
    assert [y["year"] for y in one["by_year"]] == ["1954", "1955"]


def test_entity_errors(client: httpx.Client) -> None:
    r = client.get("/api/entities/no-such-entity")
    assert r.status_code == 404 and "no-such-entity" in r.json()["error"]
    r = client.get("/api/entities", params={"limit": "-3"})
    assert r.status_code == 400 and "limit" in r.json()["error"]


def test_stats(client: httpx.Client) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 28
    assert stats["by_collection"] == {"crest": 27, "frus": 1}
    assert stats["with_redactions"] == 2 and stats["date_unknown"] == 1


def test_openapi_schema_lists_every_endpoint(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert paths == {
        "/api/search",
        "/api/documents/{doc_id}",
        "/api/documents/{doc_id}/raw",
        "/api/documents/{doc_id}/text",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/stats",
    }
    params = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert params == {"q", "limit", "offset", "sort", "exact"}


def test_the_application_only_reads(client: httpx.Client) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        r = client.request(method, f"/api/documents/{BRIEFING_ID}")
        assert r.status_code == 405
        assert "error" in r.json()
    assert client.get("/api/stats").json()["documents"] == 28


def test_unknown_api_path_is_json_404(client: httpx.Client) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    assert json.loads(r.text)["status"] == 404


def test_every_response_says_how_long_it_took(client: httpx.Client) -> None:
    for path in ("/api/stats", "/search?q=Peiping", f"/documents/{BRIEFING_ID}", "/nothing"):
        timing = client.get(path).headers["server-timing"]
        assert timing.startswith("app;dur=") and float(timing.split("=")[1]) >= 0
