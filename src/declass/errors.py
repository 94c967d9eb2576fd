"""Errors raised by declass.

    DeclassError
     ├── ModelError        a document or span that does not fit the model
     ├── ReadError         a file that could not be read (carries the path and the reason)
     │    └── TruncatedError   input that stops part-way (what was read before is kept)
     ├── EnrichError       an enricher that could not run
     ├── StoreError        the store could not be opened or written
     └── QueryError        a search query that could not be understood

The command line turns any of these into one line naming the file or query and a
non-zero exit status; a traceback means a bug.
"""

from __future__ import annotations


class DeclassError(Exception):
    """Base class of every error declass raises on purpose."""


class ModelError(DeclassError):
    """A document, span or metadata value that does not fit the model."""


class ReadError(DeclassError):
    """A file that could not be read. `path` names it, `reason` says why."""

    def __init__(self, path: object, reason: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class TruncatedError(ReadError):
    """Input that stops part-way; documents before the fault have already been yielded."""


class EnrichError(DeclassError):
    """An enricher that could not run on a document."""


class StoreError(DeclassError):
    """The store could not be opened, migrated or written."""


class QueryError(DeclassError):
    """A search query that could not be parsed; the message says where and why."""
