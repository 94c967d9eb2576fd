"""The reading room: a web reader, faceted search and a JSON API over a declass store.

    >>> from declass.web import create_app
    >>> app = create_app("declass.db")          # doctest: +SKIP

`declass serve` runs it with uvicorn. The application only reads the store.
"""

from __future__ import annotations

from declass.web.app import create_app

__all__ = ["create_app"]
