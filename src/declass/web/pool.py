"""One open store per server thread, opened on first use and closed at shutdown.

SQLite connections belong to the thread that opened them, and FastAPI runs plain
(non-async) endpoints on a thread pool; giving every worker thread its own store keeps
reads concurrent without sharing a connection.
"""

from __future__ import annotations

import threading

from declass.store import open_store
from declass.store.base import Store


class StorePool:
    """Hands each thread its own `Store` for `url`; `close()` closes them all."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def check(self) -> None:
        """Open the store once now, so a wrong path fails at start-up and not on the first request."""
        self.get()

    def close(self) -> None:
        with self._lock:
            stores, self._opened = self._opened, []
        for store in stores:
            try:
                store.close()
            except Exception:  # closing a connection from another thread may be refused; it dies with it
                pass
        self._local = threading.local()
