"""The document model: one text, standoff spans over it, typed metadata beside it.

A `Document` owns its reading `text`. Everything else — structure, editorial layers,
meaning — is a `Span(start, end, kind, attrs)` of character offsets into that text.
Readings (revised, original), snippets and renderings are derived, never stored.

    >>> doc = Document(id="x", text="has begun presents")
    >>> doc.add_span(0, 9, "deletion")
    Span(start=0, end=9, kind='deletion', attrs={})
    >>> doc.reading("revised")
    'presents'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from declass.errors import ModelError

SCHEMA_VERSION = 1

#: Span kinds with a documented meaning (docs/schema.md). Other kinds are allowed,
#: so an outside enricher can add a layer without changing the model.
SPAN_KINDS = frozenset(
    {
        # structure
        "page", "paragraph", "heading", "outline_item", "footnote_ref", "signature",
        "dateline", "list_item", "table", "attachment", "source_note",
        # editorial layers
        "redaction", "deletion", "insertion", "marginal_note", "caret",
        # meaning
        "entity", "date", "quantity", "judgment", "file_number", "classification",
    }
)

DATE_PRECISIONS = ("day", "month", "year", "decade", "unknown")

CLASSIFICATION_LEVELS = (
    "top secret",
    "secret",
    "confidential",
    "restricted",
    "limited official use",
    "official use only",
    "unclassified",
    "unknown",
)

READINGS = ("text", "revised", "original")


@dataclass(slots=True)
class Span:
    """A character range `[start, end)` of a document's text with a kind and attributes."""

    start: int
    end: int
    kind: str
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "attrs": self.attrs}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data["kind"]), dict(data.get("attrs") or {}))


@dataclass(slots=True)
class Footnote:
    """A numbered note: its marker `n`, its own text, and the offset of its reference."""

    n: str
    text: str
    ref: int | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": self.n, "text": self.text, "ref": self.ref}
        if self.attrs:
            out["attrs"] = self.attrs
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Footnote:
        return cls(str(data["n"]), str(data["text"]), data.get("ref"), dict(data.get("attrs") or {}))


@dataclass(slots=True)
class DateInfo:
    """A document date: ISO `start`/`end`, its precision, and the words it was read from."""

    start: str | None = None
    end: str | None = None
    precision: str = "unknown"
    text: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if self.precision not in DATE_PRECISIONS:
            raise ModelError(f"date precision {self.precision!r} is not one of {DATE_PRECISIONS}")

    @property
    def known(self) -> bool:
        return self.start is not None


@dataclass(slots=True)
class Classification:
    """The normalised level beside the original marking (`marking` keeps the page's words)."""

    level: str = "unknown"
    marking: str | None = None

    def __post_init__(self) -> None:
        if self.level not in CLASSIFICATION_LEVELS:
            raise ModelError(f"classification level {self.level!r} is not one of {CLASSIFICATION_LEVELS}")


@dataclass(slots=True)
class Release:
    """When and how a document was released: date, the banner or marking, decision, kind."""

    date: str | None = None
    marking: str | None = None
    decision: str | None = None
    kind: str | None = None


@dataclass(slots=True)
class Pages:
    """First and last page of the document in its printed or scanned source."""

    first: str | None = None
    last: str | None = None


@dataclass(slots=True)
class Metadata:
    """Typed document metadata. Unknown is `None` (or an empty list), never a guess.

    `evidence` maps a field name to the words it was read from, where that is not already
    kept by the field itself (as it is for `date.text`). `extra` holds reader-specific
    structured data (catalogue fields, volume metadata, parsed source note, ...).
    """

    date: DateInfo = field(default_factory=DateInfo)
    doc_type: str | None = None
    doc_number: str | None = None
    volume: str | None = None
    file_numbers: list[str] = field(default_factory=list)
    subject: str | None = None
    from_: str | None = None
    to: str | None = None
    place: str | None = None
    classification: Classification = field(default_factory=Classification)
    handling: list[str] = field(default_factory=list)
    release: Release = field(default_factory=Release)
    pages: Pages = field(default_factory=Pages)
    drafted_by: list[str] = field(default_factory=list)
    cleared_by: list[str] = field(default_factory=list)
    approved_by: list[str] = field(default_factory=list)
    signers: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            key = "from" if f.name == "from_" else f.name
            if isinstance(value, (DateInfo, Classification, Release, Pages)):
                value = {g.name: getattr(value, g.name) for g in fields(value)}
            elif isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[key] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Metadata:
        nested = {"date": DateInfo, "classification": Classification, "release": Release, "pages": Pages}
        kwargs: dict[str, Any] = {}
        known = {f.name for f in fields(cls)}
        for key, value in data.items():
            name = "from_" if key == "from" else key
            if name not in known:
                continue
            if name in nested and isinstance(value, dict):
                value = nested[name](**value)
            kwargs[name] = value
        return cls(**kwargs)


@dataclass(slots=True)
class Source:
    """Where a document came from. The store keeps the raw bytes themselves."""

    path: str | None = None
    sha256: str | None = None
    format: str | None = None
    reader_version: str | None = None
    url: str | None = None
    size: int | None = None
    encoding: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


_SPACE_RUN = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.;:)])")


@dataclass(slots=True)
class Document:
    """One archival document: its reading text, spans over it, footnotes, metadata, source."""

    id: str
    text: str = ""
    collection: str | None = None
    format: str | None = None
    title: str | None = None
    spans: list[Span] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    source: Source = field(default_factory=Source)
    warnings: list[str] = field(default_factory=list)

    # -- spans ---------------------------------------------------------------------------

    def add_span(self, start: int, end: int, kind: str, **attrs: Any) -> Span:
        """Add a span after checking that its offsets fit the text; return it."""
        span = Span(start, end, kind, attrs)
        self.check_span(span)
        self.spans.append(span)
        return span

    def check_span(self, span: Span) -> None:
        if not (0 <= span.start <= span.end <= len(self.text)):
            raise ModelError(
                f"{self.id}: span {span.kind} [{span.start}, {span.end}) "
                f"does not fit a text of {len(self.text)} characters"
            )

    def spans_of(self, *kinds: str) -> list[Span]:
        """The spans of the given kinds, in text order."""
        wanted = set(kinds)
        return sorted((s for s in self.spans if s.kind in wanted), key=lambda s: (s.start, -s.end))

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def sort_spans(self) -> None:
        self.spans.sort(key=lambda s: (s.start, -s.end, s.kind))

    # -- derived views -------------------------------------------------------------------

    def reading(self, mode: str = "revised") -> str:
        """Derive a reading of the text.

        `"revised"` leaves out deleted passages (what the writer ended with), `"original"`
        leaves out inserted ones (what was first typed), `"text"` is the text itself.
        Spaces doubled by a removal are folded into one.
        """
        if mode not in READINGS:
            raise ModelError(f"reading {mode!r} is not one of {READINGS}")
        if mode == "text":
            return self.text
        drop_kind = "deletion" if mode == "revised" else "insertion"
        cuts = merge_ranges((s.start, s.end) for s in self.spans if s.kind == drop_kind)
        if not cuts:
            return self.text
        pieces: list[str] = []
        pos = 0
        for start, end in cuts:
            pieces.append(self.text[pos:start])
            pos = end
        pieces.append(self.text[pos:])
        joined = "".join(pieces)
        return _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACE_RUN.sub(" ", joined))

    def page_at(self, offset: int) -> str | None:
        """The page label of the page span containing `offset`, if any."""
        for span in self.spans:
            if span.kind == "page" and span.start <= offset < span.end:
                label = span.attrs.get("n")
                return None if label is None else str(label)
        return None

    # -- JSON ----------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        self.sort_spans()
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "collection": self.collection,
            "format": self.format,
            "title": self.title,
            "text": self.text,
            "spans": [s.to_json() for s in self.spans],
            "footnotes": [f.to_json() for f in self.footnotes],
            "metadata": self.metadata.to_json(),
            "source": self.source.to_json(),
            "warnings": list(self.warnings),
        }

    def dumps(self, *, pretty: bool = False) -> str:
        """The document as one JSON string (one line unless `pretty`)."""
        if pretty:
            return json.dumps(self.to_json(), ensure_ascii=False, indent=2)
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from `to_json()` output, checking every span's offsets."""
        try:
            doc = cls(
                id=str(data["id"]),
                text=str(data.get("text") or ""),
                collection=data.get("collection"),
                format=data.get("format"),
                title=data.get("title"),
                spans=[Span.from_json(s) for s in data.get("spans") or []],
                footnotes=[Footnote.from_json(f) for f in data.get("footnotes") or []],
                metadata=Metadata.from_json(data.get("metadata") or {}),
                source=Source.from_json(data.get("source") or {}),
                warnings=list(data.get("warnings") or []),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"not a declass document: {exc}") from exc
        for span in doc.spans:
            doc.check_span(span)
        return doc

    @classmethod
    def loads(cls, line: str) -> Document:
        return cls.from_json(json.loads(line))


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping or touching `(start, end)` ranges."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def iter_documents_jsonl(lines: Iterable[str]) -> Iterator[Document]:
    """Read documents from JSON lines, skipping blank lines."""
    for line in lines:
        if line.strip():
            yield Document.loads(line)
