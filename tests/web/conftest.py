"""Stores built by real ingests, and the reading room served by a real uvicorn on 127.0.0.1.

`web_store` holds the invented documents of `tests/web/fixtures.py` only, so counts are
exact. `seed_store` adds the two seed documents read by declass's own readers from
../shared/corpus/seeds/ (skipped when the corpus or a reader is missing).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from declass.model import Document
from declass.web import create_app
from tests.conftest import corpus_path
from tests.web.fixtures import build_store


class LiveServer:
    """The application running in uvicorn on a free local port, in a background thread."""

    def __init__(self, store: Path) -> None:
        self.store = store
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(str(store)), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def read_seeds() -> list[tuple[Document, bytes]]:
    """The two seed documents as declass reads them, with their raw bytes."""
    from declass import formats

    folder = corpus_path("seeds")
    items = []
    for path in sorted(folder.iterdir()):
        try:
            docs = list(formats.read_path(path))
        except Exception as exc:  # a reader still missing or failing: the seed tests cannot run
            pytest.skip(f"seed {path.name} cannot be read yet: {exc}")
        raw = path.read_bytes()
        items.extend((doc, raw) for doc in docs)
    return items


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "fixtures.db")


@pytest.fixture(scope="session")
def live(web_store: Path) -> Iterator[LiveServer]:
    server = LiveServer(web_store).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = read_seeds()
    return build_store(tmp_path_factory.mktemp("seeds") / "seeds.db", extra=seeds)


@pytest.fixture(scope="session")
def seed_live(seed_store: Path) -> Iterator[LiveServer]:
    server = LiveServer(seed_store).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def seed_client(seed_live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=seed_live.url, timeout=30) as c:
        yield c
