"""Readers, one module per input format, registered here by name.

Each reader module defines:

- `NAME` — the format name used by `--format` and stored on `Document.format`;
- `VERSION` — bumped when the reader's output changes, so old documents can be re-read;
- `sniff(path, head) -> float` — confidence from 0 to 1 that the file is in this format,
  from its path and its first bytes;
- `read(path) -> Iterator[Document]` — yields documents; raises `ReadError` naming the
  file when it cannot go on (documents already yielded stand).

A new format is one new module plus one line in `READER_MODULES`.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Protocol, cast

from declass.errors import ReadError
from declass.model import Document

#: format name -> module path. Order breaks ties in sniffing.
READER_MODULES: dict[str, str] = {
    "frus-tei": "declass.formats.frus_tei",
    "frus-text": "declass.formats.frus_text",
    "cable": "declass.formats.cable",
    "crest": "declass.formats.crest",
    "pdf": "declass.formats.pdf",
    "image": "declass.formats.image",
}

SNIFF_BYTES = 8192

ProgressCallback = Callable[[int, int], None]


class ReaderModule(Protocol):
    NAME: str
    VERSION: str

    def sniff(self, path: Path, head: bytes) -> float: ...

    def read(self, path: Path) -> Iterator[Document]: ...


def available() -> list[str]:
    """Names of the readers whose modules are importable."""
    return [name for name in READER_MODULES if _load(name) is not None]


def get_reader(name: str) -> ReaderModule:
    """The reader module registered as `name`; ValueError for an unknown name."""
    if name not in READER_MODULES:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(READER_MODULES)}")
    module = _load(name)
    if module is None:
        raise ValueError(f"format {name!r} is registered but its module cannot be imported")
    return cast(ReaderModule, module)


def sniff(path: Path) -> str:
    """Choose the reader for `path`, or raise ReadError saying no reader recognises it."""
    from declass.formats._decode import read_head

    head = read_head(path, SNIFF_BYTES)
    if not head.strip():
        raise ReadError(path, "file holds only white space")
    head = _utf8_head(head)
    best_name, best_score = None, 0.0
    for name in READER_MODULES:
        module = _load(name)
        if module is None:
            continue
        score = cast(ReaderModule, module).sniff(path, head)
        if score > best_score:
            best_name, best_score = name, score
    if best_name is None:
        raise ReadError(path, "no reader recognises this file (not text, TEI, PDF or a page image)")
    return best_name


def read_path(path: Path, fmt: str = "auto", *, progress: ProgressCallback | None = None) -> Iterator[Document]:
    """Read one file with the named reader (or the sniffed one); yield its documents.

    `progress(bytes_done, bytes_total)` is called by readers that stream large files
    (TEI volumes); other readers ignore it.
    """
    name = sniff(path) if fmt == "auto" else fmt
    reader = get_reader(name)
    if progress is not None and "progress" in inspect.signature(reader.read).parameters:
        yield from reader.read(path, progress=progress)  # type: ignore[call-arg]
    else:
        yield from reader.read(path)


def _utf8_head(head: bytes) -> bytes:
    """Re-encode a UTF-16 head as UTF-8 so text sniffers see words, not interleaved NULs."""
    from declass.formats._decode import looks_utf16

    encoding = looks_utf16(head)
    if encoding is None:
        return head
    usable = len(head) - (len(head) % 2)
    return head[:usable].decode(encoding, errors="ignore").encode("utf-8")


_cache: dict[str, ModuleType | None] = {}


def _load(name: str) -> ModuleType | None:
    if name not in _cache:
        try:
            _cache[name] = importlib.import_module(READER_MODULES[name])
        except ModuleNotFoundError as exc:
            # only a reader that is not written yet is tolerated; a broken import is a bug
            if exc.name != READER_MODULES[name]:
                raise
            _cache[name] = None
    return _cache[name]
