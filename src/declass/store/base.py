"""The `Store` interface every backend implements, and the values it returns.

    >>> from declass.store import open_store
    >>> with open_store("corpus.db") as store:            # doctest: +SKIP
    ...     store.put_many([(doc, raw_bytes)])
    ...     result = store.search("Peiping year:1953..1954")

Backends: `declass.store.sqlite` (default, a file) and `declass.store.postgres`
(`postgresql://` URLs). Both pass `tests/store/test_contract.py`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from types import TracebackType
from typing import Any

from declass.model import Document
from declass.store._rows import Prepared


@dataclass(slots=True)
class PutReport:
    """What one `put_many` call did, document by document."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Version:
    """One stored version of a document (the newest is the current one)."""

    id: str
    version: int
    sha256: str
    stored_at: str
    source_path: str | None
    current: bool


@dataclass(slots=True)
class SearchHit:
    id: str
    title: str | None
    date: str | None
    collection: str | None
    doc_type: str | None
    classification: str | None
    snippet: str
    score: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SearchResult:
    """`total` matching documents, one page of `hits`, and `facets` name -> [(value, count)].

    Facets: collection, doc_type, classification, year, decade, has_redactions,
    has_revisions; undated documents count under "unknown". When the query has a date
    filter, `undated_excluded` says how many undated documents match the rest of it (they
    are never dropped silently: `date:unknown` lists them).
    """

    query: str
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]]
    limit: int
    offset: int
    sort: str
    undated_excluded: int = 0
    #: True when `total`, `facets` and `undated_excluded` are estimates from a sample of
    #: `sample_fraction` of the corpus (words that match very many documents; see docs/store.md)
    estimated: bool = False
    sample_fraction: float = 1.0
    #: True when relevance order was bounded (title matches first, then stored order)
    #: instead of scoring every match
    relevance_bounded: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "sort": self.sort,
            "undated_excluded": self.undated_excluded,
            "estimated": self.estimated,
            "sample_fraction": self.sample_fraction,
            "relevance_bounded": self.relevance_bounded,
            "hits": [h.to_json() for h in self.hits],
            "facets": {name: [{"value": v, "count": c} for v, c in values] for name, values in self.facets.items()},
        }


@dataclass(slots=True)
class EntitySummary:
    """An entity across the corpus: canonical id and name, type, counts and spellings seen."""

    id: str
    name: str
    type: str | None
    documents: int
    mentions: int
    variants: list[tuple[str, int]]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["variants"] = [{"text": t, "count": c} for t, c in self.variants]
        return data


class Store(ABC):
    """A corpus of documents with their raw bytes, versions, errors and search."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def put_many(self, items: Iterable[tuple[Document, bytes]]) -> PutReport:
        """Store documents with their raw input in one transaction: all or none.

        Same id and same content: unchanged. Same id, changed content: a new version,
        the old one kept. Raw bytes are stored once per sha256.
        """

    def put_prepared(self, items: list[Prepared]) -> PutReport:
        """Like `put_many`, for documents already prepared (in worker processes) by `prepare()`."""
        raise NotImplementedError(f"{type(self).__name__} does not take prepared documents")

    @abstractmethod
    def get(self, doc_id: str, version: int | None = None) -> Document | None:
        """The current (or given) version of a document, or None."""

    @abstractmethod
    def raw(self, doc_id: str) -> bytes | None:
        """The raw input bytes the current version was read from, or None."""

    @abstractmethod
    def history(self, doc_id: str) -> list[Version]:
        """Every stored version of a document, oldest first."""

    @abstractmethod
    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance", expand: bool = True
    ) -> SearchResult:
        """Run a query in the declass query language (docs/query.md).

        Raises QueryError for a malformed query. `expand` widens names through their
        spellings (Peiping finds Beijing).
        """

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts by collection, decade, year, type, classification; redactions, revisions, undated."""

    @abstractmethod
    def entities(self, *, limit: int = 100, offset: int = 0, prefix: str | None = None) -> list[EntitySummary]:
        """Entities by number of documents, with their spellings."""

    @abstractmethod
    def entity(self, entity_id: str) -> EntitySummary | None:
        """One entity by id: canonical name, type, counts and every spelling; None when unknown."""

    @abstractmethod
    def entity_documents(self, entity_id: str, *, limit: int = 100) -> list[SearchHit]:
        """Documents that mention an entity, by date."""

    @abstractmethod
    def record_error(self, path: str, reason: str) -> None:
        """Remember a file that could not be read."""

    @abstractmethod
    def errors(self) -> list[dict[str, Any]]:
        """Recorded read errors, newest first: path, reason, time."""

    @abstractmethod
    def ids(self) -> Iterator[str]:
        """Every current document id."""

    @abstractmethod
    def count(self) -> int:
        """How many documents (current versions) the store holds."""
