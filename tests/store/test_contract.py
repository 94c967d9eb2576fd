"""The Store contract: every backend must pass these, with the same answers."""

from __future__ import annotations

import pytest

from declass.errors import ModelError, QueryError, StoreError
from declass.model import Span
from declass.search import parse
from declass.store._rows import prepare
from declass.store.base import Store
from tests.store.store_samples import HOSTILE_TEXT, airgram, briefing, raw_of, sample, undated


def load(store: Store) -> None:
    store.put_many([(doc, raw_of(doc)) for doc in sample()])


def ids(store: Store, query: str, **kwargs) -> list[str]:
    result = store.search(query, limit=50, expand=False, **kwargs)
    assert len(result.hits) == result.total or result.total > 50
    return sorted(h.id for h in result.hits)


def test_put_get_round_trip(store: Store) -> None:
    docs = sample()
    docs[0].source.path = "/archive/frus/d1.txt"
    report = store.put_many([(d, raw_of(d)) for d in docs])
    assert sorted(report.added) == sorted(d.id for d in docs)
    assert store.count() == len(docs)
    for doc in docs:
        got = store.get(doc.id)
        assert got is not None
        assert got.to_json() == doc.to_json()
        assert store.raw(doc.id) == raw_of(doc)
    assert store.get("frus-test/d1").source.path == "/archive/frus/d1.txt"
    assert store.history("frus-test/d1")[0].source_path == "/archive/frus/d1.txt"
    assert store.get("no-such-id") is None
    assert store.raw("no-such-id") is None
    assert sorted(store.ids()) == sorted(d.id for d in docs)


def test_same_content_twice_changes_nothing(store: Store) -> None:
    load(store)
    before = store.stats()
    report = store.put_many([(doc, raw_of(doc)) for doc in sample()])
    assert report.added == [] and report.new_versions == []
    assert len(report.unchanged) == 5
    assert store.stats() == before
    assert [v.version for v in store.history("frus-test/d1")] == [1]


def test_changed_content_adds_a_version_and_keeps_the_old(store: Store) -> None:
    load(store)
    doc = undated()
    doc.text = "Undated note: the Mukden trade figures were confirmed later."
    report = store.put_many([(doc, b"new raw bytes")])
    assert report.new_versions == [doc.id]
    history = store.history(doc.id)
    assert [(v.version, v.current) for v in history] == [(1, False), (2, True)]
    assert history[0].sha256 != history[1].sha256
    assert store.get(doc.id).text == doc.text
    assert "Peiping" in store.get(doc.id, version=1).text
    assert store.raw(doc.id) == b"new raw bytes"
    assert store.count() == 5
    # the full-text entry follows the current version only
    assert ids(store, "Mukden") == [doc.id]
    assert doc.id not in ids(store, "Peiping")
    assert store.stats()["documents"] == 5


def test_raw_bytes_are_stored_once(store: Store) -> None:
    a, b = airgram(), briefing()
    store.put_many([(a, b"one volume"), (b, b"one volume")])
    assert store.stats()["raw_files"] == 1
    assert store.raw(a.id) == store.raw(b.id) == b"one volume"


def test_words_phrases_or_not_prefix(store: Store) -> None:
    load(store)
    assert ids(store, "Peiping") == ["crest-undated-1", "frus-test/d1"]
    assert ids(store, '"Sino-Soviet"') == ["frus-test/d1"]
    assert ids(store, '"Soviet Sino"') == []
    assert ids(store, "Peiping trade") == ["crest-undated-1"]
    assert ids(store, "Formosa OR Peking") == ["CIA-TEST-0001-1", "frus-test/d2"]
    assert ids(store, "Peiping -trade") == ["frus-test/d1"]
    assert ids(store, "-Peiping collection:crest") == ["CIA-TEST-0001-1", "odd'; id--"]
    assert ids(store, "Peip*") == ["crest-undated-1", "frus-test/d1"]
    assert ids(store, "(Formosa OR Peking) -alliance") == ["frus-test/d2"]
    # the footnotes are searched too (drafting chains live there)
    assert ids(store, "Hollis Wren") == ["frus-test/d1"]
    # diacritics do not matter
    assert ids(store, "communiques") == ["frus-test/d1"]


def test_field_filters(store: Store) -> None:
    load(store)
    assert ids(store, "collection:frus") == ["frus-test/d1", "frus-test/d2"]
    assert ids(store, "type:memorandum") == ["frus-test/d2"]
    assert ids(store, "classification:top-secret") == ["frus-test/d2"]
    assert ids(store, "classification:secret") == ["CIA-TEST-0001-1"]
    assert ids(store, "from:Halvorsen") == ["frus-test/d2"]
    assert ids(store, 'to:"diplomatic missions"') == ["frus-test/d1"]
    assert ids(store, "volume:FRUS-TEST") == ["frus-test/d1", "frus-test/d2"]
    assert ids(store, "has:redactions") == ["CIA-TEST-0001-1"]
    assert ids(store, "has:revisions") == ["CIA-TEST-0001-1"]
    assert ids(store, "entity:place:beijing") == ["CIA-TEST-0001-1", "frus-test/d1"]
    assert ids(store, "entity:Beijing") == ["CIA-TEST-0001-1", "frus-test/d1"]
    assert ids(store, "entity:Peking") == ["CIA-TEST-0001-1"]
    assert ids(store, "id:frus-test/d2") == ["frus-test/d2"]
    assert ids(store, "collection:crest -has:redactions") == ["crest-undated-1", "odd'; id--"]


def test_dates_and_the_unknown_bucket(store: Store) -> None:
    load(store)
    assert ids(store, "year:1953..1954") == ["CIA-TEST-0001-1", "frus-test/d1"]
    assert ids(store, "year:1954") == ["frus-test/d1"]
    assert ids(store, "year:1955..") == ["frus-test/d2"]
    assert ids(store, "date:1953-11..1954-02") == ["CIA-TEST-0001-1"]
    assert ids(store, "date:1961-05-10") == []  # a month date starts on the 1st
    assert ids(store, "date:1961-05") == ["frus-test/d2"]
    assert ids(store, "date:unknown") == ["crest-undated-1", "odd'; id--"]
    result = store.search("Peiping year:1953..1954", expand=False)
    assert result.total == 1
    assert result.undated_excluded == 1  # the undated note matches the rest, and is announced
    facets = store.search("", expand=False).facets
    assert facets["year"] == [("1953", 1), ("1954", 1), ("1961", 1), ("unknown", 2)]
    assert facets["decade"] == [("1950s", 2), ("1960s", 1), ("unknown", 2)]


def test_sort_by_date_puts_undated_last_both_ways(store: Store) -> None:
    load(store)
    oldest = [h.id for h in store.search("", sort="date", expand=False).hits]
    newest = [h.id for h in store.search("", sort="-date", expand=False).hits]
    assert oldest[:3] == ["CIA-TEST-0001-1", "frus-test/d1", "frus-test/d2"]
    assert newest[:3] == ["frus-test/d2", "frus-test/d1", "CIA-TEST-0001-1"]
    assert set(oldest[3:]) == set(newest[3:]) == {"crest-undated-1", "odd'; id--"}


def test_relevance_paging_facets_and_snippets(store: Store) -> None:
    load(store)
    ranked = store.search("Formosa OR Peiping", expand=False)
    assert ranked.hits[0].id == "frus-test/d2"  # the word in the title ranks first
    assert ranked.hits[0].score >= ranked.hits[1].score
    result = store.search("Peiping", limit=1, expand=False)
    assert result.total == 2 and len(result.hits) == 1
    second = store.search("Peiping", limit=1, offset=1, expand=False)
    assert {second.hits[0].id, result.hits[0].id} == {"frus-test/d1", "crest-undated-1"}
    assert "<mark>Peiping</mark>" in result.hits[0].snippet
    dated = store.search("Peiping", sort="date", expand=False).hits[0]
    assert dated.date == "1954-11-23" and dated.collection == "frus" and dated.doc_type == "circular airgram"
    assert dict(result.facets["collection"]) == {"crest": 1, "frus": 1}
    assert dict(result.facets["has_redactions"]) == {"no": 2}
    title_hit = store.search("Formosa", expand=False).hits[0]
    assert title_hit.score > 0
    data = result.to_json()
    assert set(data) >= {"total", "hits", "facets", "undated_excluded"}
    assert set(data["hits"][0]) >= {"id", "title", "date", "collection", "doc_type", "snippet", "score"}


def test_snippet_is_html_safe(store: Store) -> None:
    load(store)
    hit = store.search('"DROP TABLE"', expand=False).hits[0]
    assert "<mark>DROP TABLE</mark>" in hit.snippet
    assert "&quot;" not in hit.snippet and "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


HOSTILE_QUERIES = [
    "'; DROP TABLE docs; --",
    "Robert'); DELETE FROM docs WHERE ('1'='1",
    "x' OR '1'='1",
    "collection:frus'; DELETE FROM docs; --",
    'from:"\'; DROP TABLE versions; --"',
    "entity:'); DROP TABLE entities; --",
    "volume:x' OR 1=1 --",
    "type:%",
    "to:_",
    "NEAR(a b) {title}: body:x",
    "title:x",
    "* OR *",
    '" OR 1=1 --',
    "((((",
    "a ; b ;",
    "\\",
    "year:1953;DROP",
]


def test_hostile_queries_are_harmless(store: Store) -> None:
    load(store)
    before = (store.count(), store.stats())
    for query in HOSTILE_QUERIES:
        try:
            result = store.search(query)
        except QueryError as exc:
            assert str(exc)  # a clear message, never a database error
            continue
        assert result.total <= 5
    assert (store.count(), store.stats()) == before
    assert all(store.get(doc.id) is not None for doc in sample())
    # the document made of SQL-looking words is found by them, as words
    assert ids(store, '"DROP TABLE docs"') == ["odd'; id--"]
    assert ids(store, "'; DROP TABLE docs; --") == ["odd'; id--"]
    assert store.get("odd'; id--").text == HOSTILE_TEXT


def test_search_connection_cannot_write(store: Store) -> None:
    load(store)
    with pytest.raises((StoreError, Exception)):  # noqa: B017 - either backend's refusal
        with store.reading() as cur:  # type: ignore[attr-defined]
            cur.execute("DELETE FROM docs")
    assert store.count() == 5


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "a OR", "(a", "a)", "year:abc", "date:1954-13", "has:stamps", "nosuchfield:x", "classification:x"],
)
def test_malformed_queries_raise_query_error(store: Store, query: str) -> None:
    with pytest.raises(QueryError):
        store.search(query)


def test_bad_paging_raises_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.search("x", sort="sideways")
    with pytest.raises(QueryError):
        store.search("x", limit=-1)


def test_names_expand_through_their_spellings(store: Store) -> None:
    load(store)
    table = {"beijing": ["Beijing", "Peiping", "Peking"], "mao zedong": ["Mao Zedong", "Mao Tse-tung"]}

    def expander(term: str) -> list[str]:
        return table.get(term.lower(), [])

    wide = store.run_query(parse("Beijing", expander=expander))  # type: ignore[attr-defined]
    assert sorted(h.id for h in wide.hits) == ["CIA-TEST-0001-1", "crest-undated-1", "frus-test/d1"]
    assert "<mark>" in wide.hits[0].snippet
    mao = store.run_query(parse("Mao Zedong", expander=expander))  # type: ignore[attr-defined]
    assert [h.id for h in mao.hits] == ["CIA-TEST-0001-1"]
    exact = store.run_query(parse("Mao Zedong", expander=None), exact=True)  # type: ignore[attr-defined]
    assert exact.total == 0
    # without --exact, the canonical entity name indexed with the document also matches
    loose = store.run_query(parse("Zedong", expander=None))  # type: ignore[attr-defined]
    assert [h.id for h in loose.hits] == ["CIA-TEST-0001-1"]
    assert store.search("Zedong", expand=False).total == 0  # --exact: the document's own words only


def test_entities_and_their_documents(store: Store) -> None:
    load(store)
    entities = {e.id: e for e in store.entities()}
    beijing = entities["place:beijing"]
    assert (beijing.name, beijing.type, beijing.documents, beijing.mentions) == ("Beijing", "place", 2, 2)
    assert sorted(beijing.variants) == [("Peiping", 1), ("Peking", 1)]
    assert [e.id for e in store.entities(prefix="mao")] == ["person:mao"]
    assert store.entities(prefix="%") == []
    hits = store.entity_documents("place:beijing")
    assert [h.id for h in hits] == ["CIA-TEST-0001-1", "frus-test/d1"]  # by date
    assert "<mark>Peking</mark>" in hits[0].snippet


def test_stats(store: Store) -> None:
    load(store)
    stats = store.stats()
    assert stats["documents"] == 5
    assert stats["by_collection"] == {"crest": 3, "frus": 2}
    assert stats["by_decade"] == {"1950s": 2, "1960s": 1, "unknown": 2}
    assert stats["with_redactions"] == 1 and stats["with_revisions"] == 1
    assert stats["date_unknown"] == 2
    assert stats["by_classification"]["unknown"] == 2
    assert stats["entities"] == 2


def test_errors_are_recorded(store: Store) -> None:
    store.record_error("/data/broken.txt", "file is empty")
    store.record_error("/data/odd'name.txt", "no reader recognises this file")
    errors = store.errors()
    assert [e["path"] for e in errors] == ["/data/odd'name.txt", "/data/broken.txt"]
    assert errors[1]["reason"] == "file is empty" and errors[1]["at"]


def test_a_document_that_does_not_fit_the_model_is_refused(store: Store) -> None:
    bad = briefing()
    bad.spans.append(Span(0, 10_000, "page"))  # offsets outside the text
    with pytest.raises(ModelError, match="CIA-TEST-0001-1"):
        store.put_many([(airgram(), b"a"), (bad, b"b")])
    assert store.count() == 0


def test_a_batch_failing_half_way_writes_nothing(store: Store) -> None:
    good = prepare(airgram(), b"a")
    broken = prepare(briefing(), b"b")
    broken.row.id = None  # type: ignore[assignment]  # the database refuses it, after `good` went in
    with pytest.raises(StoreError):
        store.put_prepared([good, broken])
    assert store.count() == 0
    assert store.get("frus-test/d1") is None
    assert store.stats()["documents"] == 0 and store.stats()["raw_files"] == 0


def test_one_entity_with_counts_and_every_spelling(store: Store) -> None:
    load(store)
    beijing = store.entity("place:beijing")
    assert beijing is not None
    assert (beijing.id, beijing.name, beijing.type, beijing.documents, beijing.mentions) == (
        "place:beijing", "Beijing", "place", 2, 2,
    )  # fmt: skip
    assert sorted(beijing.variants) == [("Peiping", 1), ("Peking", 1)]
    assert beijing == next(e for e in store.entities() if e.id == "place:beijing")
    assert store.entity("person:mao").variants == [("Mao Tse-tung", 1)]
    assert store.entity("place:nowhere") is None
    assert store.entity("'; DROP TABLE entities; --") is None
    # a new version without the mention: the entity no longer has documents
    doc = briefing()
    doc.text = doc.text.replace("Mao Tse-tung", "The chairman")
    doc.spans = [s for s in doc.spans if s.kind != "entity" and s.end <= len(doc.text)]
    store.put_many([(doc, b"v2")])
    assert store.entity("person:mao") is None
    assert store.entity("place:beijing").documents == 1
