"""declass: read, enrich, store and explore declassified government records.

    >>> from declass import read
    >>> docs = list(read("frus1952-54v08_d632.txt"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from declass._version import __version__
from declass.errors import DeclassError, EnrichError, ModelError, QueryError, ReadError, StoreError
from declass.model import Document, Footnote, Metadata, Span


def read(path: str | Path, fmt: str = "auto") -> Iterator[Document]:
    """Read the documents of one file (format sniffed unless named)."""
    from declass.formats import read_path

    return read_path(Path(path), fmt)


__all__ = [
    "DeclassError",
    "Document",
    "EnrichError",
    "Footnote",
    "Metadata",
    "ModelError",
    "QueryError",
    "ReadError",
    "Span",
    "StoreError",
    "__version__",
    "read",
]
