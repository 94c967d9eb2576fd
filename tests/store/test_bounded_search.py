"""Bounded search: estimates from a sample, bounded relevance, exact date order — on both backends.

The store's work bounds are made tiny here so that a corpus of a thousand invented reports
behaves like a corpus of millions: words that match most reports are counted on a sample,
rare ones exactly. Every bounded answer is checked against the exact answer of the same
store with the default bounds.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from declass.model import Document
from declass.store import open_store
from declass.store._search import Bounds
from declass.store.base import SearchResult, Store

TINY = Bounds(
    exact_work=150, rank_work=60, rank_hits=30, min_sample_hits=60,
    slices=16, min_slices=2, probe_rows=50, probe_slices=4, min_span=100, scan_rows=200,
)  # fmt: skip
COUNT = 1200


def report(n: int) -> Document:
    """Report n: `common` in nine of ten, `alpha` in every other, `rare` in one of a hundred;
    `red` and `square` in most, the phrase "red square" in one of twenty; `alpha` in some titles."""
    words = ["Report", f"number {n}."]
    if n % 10:
        words.append("A common theme.")
    if n % 2 == 0:
        words.append("The alpha channel.")
    if n % 100 == 7:
        words.append("A rare sighting.")
    if n % 20 == 3:
        words.append("Crowds in red square.")
    elif n % 5:
        words.append("A square table, red ink.")
    title = f"Alpha report {n}" if n % 16 == 0 else f"Report {n}"
    doc = Document(id=f"R-{n:05d}", text=" ".join(words), collection="frus" if n % 3 else "crest", title=title)
    if n % 25 != 0:  # one in twenty-five undated
        doc.metadata.date.start = f"{1945 + n % 30}-{1 + n % 12:02d}-{1 + n % 27:02d}"
        doc.metadata.date.precision = "day"
    doc.metadata.doc_type = "telegram" if n % 4 else "memorandum"
    return doc


@pytest.fixture
def corpus(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as store:
        docs = [report(n) for n in range(COUNT)]
        for i in range(0, COUNT, 400):
            store.put_many([(d, d.text.encode()) for d in docs[i : i + 400]])
        yield store


def both(store: Store, query: str, **kwargs) -> tuple[SearchResult, SearchResult]:
    """(bounded, exact) answers of one query."""
    store.bounds = TINY  # type: ignore[attr-defined]
    try:
        bounded = store.search(query, expand=False, **kwargs)
    finally:
        del store.bounds  # type: ignore[attr-defined]
    return bounded, store.search(query, expand=False, **kwargs)


def test_common_words_are_counted_on_a_sample_and_say_so(corpus: Store) -> None:
    bounded, exact = both(corpus, "common")
    assert not exact.estimated and exact.sample_fraction == 1.0
    assert exact.total == COUNT * 9 // 10
    assert bounded.estimated and 0 < bounded.sample_fraction < 1
    assert abs(bounded.total - exact.total) <= 0.1 * exact.total
    estimated = dict(bounded.facets["collection"])
    for value, count in exact.facets["collection"]:
        assert abs(estimated[value] - count) <= 0.2 * count
    assert set(dict(bounded.facets["decade"])) <= set(dict(exact.facets["decade"]))
    data = bounded.to_json()
    assert data["estimated"] is True and 0 < data["sample_fraction"] < 1


def test_rare_words_stay_exact(corpus: Store) -> None:
    bounded, exact = both(corpus, "rare")
    assert not bounded.estimated and not bounded.relevance_bounded
    assert bounded.total == exact.total == COUNT // 100
    assert bounded.facets == exact.facets
    assert [h.id for h in bounded.hits] == [h.id for h in exact.hits]


def test_a_rare_phrase_of_common_words_is_never_estimated_from_too_few(corpus: Store) -> None:
    bounded, exact = both(corpus, '"red square"')
    assert exact.total == COUNT // 20
    # the words are everywhere, the phrase is not: either exact, or a sample holding enough matches
    close = bounded.estimated and abs(bounded.total - exact.total) <= 0.25 * exact.total
    assert bounded.total == exact.total or close
    assert {h.id for h in bounded.hits} <= {h.id for h in corpus.search('"red square"', limit=1000, expand=False).hits}


@pytest.mark.parametrize(
    "query",
    ["common", "common -alpha", "alpha collection:crest", "common year:1950..1960", "square OR alpha", "comm*", "al*"],
)
@pytest.mark.parametrize("sort", ["date", "-date"])
def test_date_order_is_always_exact(corpus: Store, query: str, sort: str) -> None:
    for offset in (0, 20):
        bounded, exact = both(corpus, query, sort=sort, offset=offset)
        assert [h.id for h in bounded.hits] == [h.id for h in exact.hits]
        assert len(bounded.hits) == 20


def test_bounded_relevance_puts_title_matches_first_and_pages(corpus: Store) -> None:
    bounded, exact = both(corpus, "alpha")
    assert bounded.relevance_bounded and not exact.relevance_bounded
    everything = {h.id for h in corpus.search("alpha", limit=1000, expand=False).hits}
    assert {h.id for h in bounded.hits} <= everything
    titled = [h for h in bounded.hits if h.title and "Alpha" in h.title]
    assert bounded.hits[: len(titled)] == titled and len(titled) == 20  # 75 titles hold the word
    store = corpus
    store.bounds = TINY  # type: ignore[attr-defined]
    pages = [store.search("alpha", offset=o, limit=30, expand=False).hits for o in (0, 30, 60, 90)]
    del store.bounds  # type: ignore[attr-defined]
    ids = [h.id for page in pages for h in page]
    assert len(ids) == len(set(ids)) == 120  # pages follow each other without repeats
    assert all(i in everything for i in ids)
    assert sum(1 for page in pages for h in page if "Alpha" in (h.title or "")) == 75  # every title match, first


def test_bounded_relevance_respects_exclusions_and_filters(corpus: Store) -> None:
    bounded, _ = both(corpus, "alpha -rare collection:crest")
    allowed = {h.id for h in corpus.search("alpha -rare collection:crest", limit=1000, expand=False).hits}
    assert bounded.hits and {h.id for h in bounded.hits} <= allowed
    assert all(h.collection == "crest" for h in bounded.hits)


def test_undated_count_is_estimated_alongside(corpus: Store) -> None:
    bounded, exact = both(corpus, "common year:1950..1970")
    assert exact.undated_excluded == sum(1 for n in range(COUNT) if n % 25 == 0 and n % 10)
    if bounded.estimated:
        assert abs(bounded.undated_excluded - exact.undated_excluded) <= 0.5 * exact.undated_excluded + 5
    else:
        assert bounded.undated_excluded == exact.undated_excluded


@pytest.mark.postgres
def test_both_backends_estimate_alike(tmp_path, postgres_url: str) -> None:
    answers = []
    for url in (str(tmp_path / "c.db"), postgres_url):
        with open_store(url) as store:
            docs = [report(n) for n in range(COUNT)]
            store.put_many([(d, d.text.encode()) for d in docs])
            store.bounds = TINY  # type: ignore[attr-defined]
            answers.append(
                [
                    (r.total, r.facets, r.estimated, r.sample_fraction, [h.id for h in r.hits])
                    for r in (store.search(q, expand=False, sort=s) for q in ("common", "alpha -rare") for s in
                              ("date", "-date"))
                ]  # fmt: skip
            )
    assert answers[0] == answers[1]


def test_an_older_sqlite_store_gets_its_side_indexes_on_open(tmp_path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        docs = [report(n) for n in range(300)]
        docs[5].metadata.from_ = "Embassy in Rangoon"
        store.put_many([(d, d.text.encode()) for d in docs])
    conn = sqlite3.connect(path)
    for table in ("titles_fts", "people_fts", "docs_vocab"):  # as a store made before them
        conn.execute(f"DROP TABLE {table}")
    conn.commit()
    conn.close()
    with open_store(str(path)) as store:
        assert [h.id for h in store.search('from:"Embassy in Rangoon"', expand=False).hits] == ["R-00005"]
        store.bounds = TINY  # type: ignore[attr-defined]
        bounded = store.search("alpha", expand=False)
        assert bounded.relevance_bounded and "Alpha" in (bounded.hits[0].title or "")
        assert store.search("comm*", expand=False).total > 0
