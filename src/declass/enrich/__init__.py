"""Enrichers, one module per analyzer, registered here by name.

Each enricher module defines:

- `NAME` — the name used by `--skip` / `--only`;
- `ASSIGNS` — the span kinds and metadata fields it adds (for docs and pipeline checks);
- `REQUIRES` — span kinds it expects an earlier enricher or the reader to have made;
- `enrich(doc) -> Document` — a pure step: adds spans and fills empty metadata, and
  never edits `doc.text`.

A new analyzer is one new module plus one line in `ENRICHER_MODULES`, in running order.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType
from typing import Protocol, cast

from declass.errors import EnrichError
from declass.model import Document

#: enricher name -> module path, in the order they run. File numbers come before dates,
#: so that a file's dated suffix is preferred to a date met in the body of the text.
ENRICHER_MODULES: dict[str, str] = {
    "exemptions": "declass.enrich.exemptions",
    "file_numbers": "declass.enrich.file_numbers",
    "dates": "declass.enrich.dates",
    "entities": "declass.enrich.entities",
    "judgments": "declass.enrich.judgments",
}


class EnricherModule(Protocol):
    NAME: str
    ASSIGNS: tuple[str, ...]
    REQUIRES: tuple[str, ...]

    def enrich(self, doc: Document) -> Document: ...


def available() -> list[str]:
    return [name for name in ENRICHER_MODULES if _load(name) is not None]


def get_enricher(name: str) -> EnricherModule:
    if name not in ENRICHER_MODULES:
        raise ValueError(f"unknown enricher {name!r}; known: {', '.join(ENRICHER_MODULES) or 'none'}")
    module = _load(name)
    if module is None:
        raise ValueError(f"enricher {name!r} is registered but its module cannot be imported")
    return cast(EnricherModule, module)


def check_names(names: Iterable[str]) -> None:
    """Raise ValueError naming any enricher that is not registered (for `--skip` / `--only`)."""
    unknown = [name for name in names if name not in ENRICHER_MODULES]
    if unknown:
        raise ValueError(f"unknown enricher {', '.join(map(repr, unknown))}; known: {', '.join(ENRICHER_MODULES)}")


def apply(doc: Document, *, skip: Iterable[str] = (), only: Iterable[str] | None = None) -> Document:
    """Run the registered enrichers over `doc` in order; the text is checked unchanged."""
    skipped = set(skip)
    chosen = set(only) if only is not None else None
    check_names(skipped | (chosen or set()))
    for name in ENRICHER_MODULES:
        if name in skipped or (chosen is not None and name not in chosen):
            continue
        before = doc.text
        doc = get_enricher(name).enrich(doc)
        if doc.text != before:
            raise EnrichError(f"enricher {name!r} changed the text of {doc.id}; enrichers may only add spans")
    return doc


_cache: dict[str, ModuleType | None] = {}


def _load(name: str) -> ModuleType | None:
    if name not in _cache:
        try:
            _cache[name] = importlib.import_module(ENRICHER_MODULES[name])
        except ModuleNotFoundError as exc:
            if exc.name != ENRICHER_MODULES[name]:
                raise
            _cache[name] = None
    return _cache[name]
