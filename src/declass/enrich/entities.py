"""People, places and organisations under every spelling → `entity` spans.

Each `entity` span carries `{"id", "name", "type", "variant"}`: the canonical id and name
from `data/names.csv`, the type (person, place or organization) and the words as the
page prints them ("Peiping" for Beijing). `source` says how it was found: `names` (the
table), or the rule that found a person the table does not list (`title`, `full-name`,
`office`; see `_person_rules`).

Entity spans a reader has already made — the FRUS TEI persons lists, which are
authoritative within their volume — are kept, and nothing is added over them.

`expand_variants(term)` gives search every spelling of an entity.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from declass.enrich._matcher import NameEntry, default_matcher, fold_accents, surface_forms
from declass.enrich._person_rules import PersonResolver, find_persons, person_id
from declass.model import Document, Span

NAME = "entities"
ASSIGNS = ("entity",)
REQUIRES: tuple[str, ...] = ()


def enrich(doc: Document) -> Document:
    """Add an `entity` span for every person, place and organisation found in the text.

    Footnotes have their own text: their entities go to `footnote.attrs["entities"]` as
    `{"start", "end", ...}` over the note's text (the drafting line of a FRUS source note
    names the officers who wrote and cleared the paper).
    """
    taken = _Taken((s.start, s.end) for s in doc.spans if s.kind == "entity")
    # matches come from the text itself, so their offsets fit it: append without re-checking
    for start, end, attrs in find_entities(doc.text, taken):
        doc.spans.append(Span(start, end, "entity", attrs))
    for note in doc.footnotes:
        if "entities" not in note.attrs:
            found = [{"start": s, "end": e, **a} for s, e, a in find_entities(note.text, _Taken(()))]
            if found:
                note.attrs["entities"] = found
    return doc


def find_entities(text: str, taken: _Taken) -> list[tuple[int, int, dict[str, str]]]:
    """`(start, end, attrs)` of the entities in `text` that overlap nothing in `taken`."""
    names = default_matcher().find(text)
    if taken.empty():  # the usual case: the table's matches are disjoint and in order, so all are kept
        taken.fill_sorted([(match.start, match.end) for match in names])
        found = [(match.start, match.end, _attrs(match.entry, match.variant, "names")) for match in names]
    else:
        found = [(match.start, match.end, _attrs(match.entry, match.variant, "names"))
                 for match in names if taken.add(match.start, match.end)]
    resolver = _resolver()
    for person in sorted(find_persons(text), key=lambda p: (p.start, -(p.end - p.start))):
        if not taken.add(person.start, person.end):
            continue
        entry = resolver.resolve(person.name)
        if entry is not None:
            attrs = _attrs(entry, person.name, person.rule)
        else:
            attrs = {"id": person_id(person.name), "name": person.name, "type": "person",
                     "variant": person.name, "source": person.rule}
        if person.title:
            attrs["title"] = person.title
        found.append((person.start, person.end, attrs))
    return sorted(found, key=lambda f: f[0])


def _attrs(entry: NameEntry, variant: str, source: str) -> dict[str, str]:
    return {"id": entry.id, "name": entry.name, "type": entry.type, "variant": variant, "source": source}


class _Taken:
    """Character ranges already covered by an entity, to keep new spans from overlapping."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self._ranges = sorted(ranges)

    def empty(self) -> bool:
        return not self._ranges

    def fill_sorted(self, ranges: list[tuple[int, int]]) -> None:
        """Claim disjoint ranges, given in order, when nothing is claimed yet."""
        self._ranges = ranges

    def add(self, start: int, end: int) -> bool:
        """Claim `[start, end)` if it overlaps nothing claimed; say whether it was claimed."""
        # claimed ranges are disjoint and sorted, so only the two neighbours can overlap
        i = bisect.bisect_left(self._ranges, (start, end))
        for j in (i - 1, i):
            if 0 <= j < len(self._ranges):
                s, e = self._ranges[j]
                if s < end and start < e:
                    return False
        self._ranges.insert(i, (start, end))
        return True


@lru_cache(maxsize=1)
def _resolver() -> PersonResolver:
    return PersonResolver(default_matcher().entries)


@lru_cache(maxsize=1)
def _spelling_index() -> dict[str, NameEntry]:
    index: dict[str, NameEntry] = {}
    for entry in default_matcher().entries:
        for spelling in entry.spellings():
            for form in surface_forms(spelling):
                index.setdefault(_fold(form), entry)
    return index


def _fold(text: str) -> str:
    return fold_accents(text).replace("’", "'").casefold()


def lookup(term: str) -> NameEntry | None:
    """The table entry whose canonical name or a variant is `term` (case-insensitive)."""
    return _spelling_index().get(_fold(term.strip()))


def expand_variants(term: str) -> list[str]:
    """Every spelling of the entity named by `term`, `term` itself first; [] if unknown.

    >>> expand_variants("Peiping")[:3]
    ['Peiping', 'Beijing', 'Peking']
    """
    entry = lookup(term)
    if entry is None:
        return []
    spellings = [term.strip()]
    for spelling in entry.spellings():
        if spelling not in spellings:
            spellings.append(spelling)
    return spellings


@dataclass(slots=True)
class EntityCount:
    """One entity across documents: mentions, documents and the spellings seen."""

    id: str
    name: str
    type: str
    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    variants: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": self.mentions,
            "documents": len(self.documents),
            "variants": dict(self.variants.most_common()),
        }


def count_entities(docs: Iterable[Document]) -> list[EntityCount]:
    """Entities of the given (enriched) documents and their footnotes, most mentioned first."""
    counts: dict[str, EntityCount] = {}
    for doc in docs:
        mentions = [(s.attrs, doc.span_text(s)) for s in doc.spans_of("entity")]
        for note in doc.footnotes:
            mentions.extend((a, note.text[a["start"] : a["end"]]) for a in note.attrs.get("entities", []))
        for attrs, seen in mentions:
            entity_id = str(attrs.get("id") or "")
            if not entity_id:
                continue
            entry = counts.get(entity_id)
            if entry is None:
                entry = counts[entity_id] = EntityCount(
                    entity_id, str(attrs.get("name") or entity_id), str(attrs.get("type") or "")
                )
            entry.mentions += 1
            entry.documents.add(doc.id)
            entry.variants[str(attrs.get("variant") or seen)] += 1
    return sorted(counts.values(), key=lambda c: (-c.mentions, c.name))


def by_type(counts: Iterable[EntityCount]) -> dict[str, list[EntityCount]]:
    grouped: dict[str, list[EntityCount]] = defaultdict(list)
    for count in counts:
        grouped[count.type].append(count)
    return dict(grouped)
