"""Reader for FRUS volumes in the Office of the Historian's TEI (HistoryAtState/frus).

A volume is one XML file of 3-5 MB holding hundreds of documents. It is read as a stream
(`lxml.etree.iterparse`): the header and the persons and terms lists are taken as they
end, each `div[@type="document"]` becomes one `Document` the moment its end tag is
parsed, and every element already used is freed, so memory stays flat however large the
volume. Editorial notes are documents too (doc_type "Editorial Note").

A file that stops part-way yields every document before the fault and then raises
`TruncatedError` with the line where the input ends; a file that breaks mid-way raises
`ReadError` with the line of the fault. An element this reader does not know is kept as
text and named in the document's warnings.

    >>> from declass.formats import frus_tei
    >>> docs = list(frus_tei.read(Path("examples/frus-example-volume.xml")))  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from declass.errors import ReadError, TruncatedError
from declass.formats._tei_document import build_document
from declass.formats._tei_volume import TEI_NS, XML_ID, Volume, local_name, read_header, read_persons, read_terms, tei
from declass.model import Document

NAME = "frus-tei"
VERSION = "1"

Progress = Callable[[int, int], None]

_TEI_MARK = TEI_NS.encode()
_FRUS_MARKS = (b"history.state.gov/frus", b'xml:id="frus', b'type="frus"', b"Foreign Relations of the United States")
_EVENT_TAGS = (tei("teiHeader"), tei("front"), tei("div"), tei("pb"))
#: syntax errors that mean "the input stopped", when they fall on the file's last line
_EOF_MESSAGES = re.compile(r"Premature end|not found|EndTag|Extra content|expected '>'|Couldn't find end", re.I)
#: errors the parser finds without needing more input: at the very end of a file they are still faults
_COMPLETE_FAULTS = frozenset({etree.ErrorTypes.ERR_TAG_NAME_MISMATCH, etree.ErrorTypes.ERR_UNDECLARED_ENTITY})


def sniff(path: Path, head: bytes) -> float:
    """High for XML in the TEI namespace with FRUS markers, low for other TEI, zero otherwise."""
    if _TEI_MARK not in head:
        return 0.0
    if any(mark in head for mark in _FRUS_MARKS):
        return 0.95
    return 0.5 if path.suffix.lower() == ".xml" else 0.3


def read(path: Path, *, progress: Progress | None = None) -> Iterator[Document]:
    """Yield one `Document` per document div of the volume at `path`.

    `progress(bytes_done, bytes_total)` is called after each document and at the end.
    """
    yield from VolumeReader(Path(path), progress=progress)


class _CountingFile:
    """A read-only file wrapper that counts the bytes and lines handed to the parser.

    It also keeps the bytes after the last newline read, so that once the whole file has
    gone through, the length of its last line is known.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.done = 0
        self.lines = 0
        self._tail: list[bytes] = []

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        newlines = data.count(b"\n")
        if newlines:
            self.lines += newlines
            self._tail = [data[data.rindex(b"\n") + 1 :]]
        elif data:
            self._tail.append(data)
        return data

    def last_line(self, encoding: str) -> str:
        """The text of the last line read (after the last newline), decoded leniently."""
        try:
            return b"".join(self._tail).decode(encoding, errors="replace")
        except LookupError:
            return b"".join(self._tail).decode("utf-8", errors="replace")

    def count_rest(self) -> None:
        """Count the lines the parser did not get to (for telling truncation from a mid-file fault)."""
        while True:
            data = self.read(1 << 20)
            if not data:
                return


class VolumeReader:
    """Iterate a volume's documents; `volume` holds its metadata once the header is read.

    Used directly when the volume itself is wanted (as `declass volumes` does): after
    iteration, `volume` is set even for a volume without documents.
    """

    def __init__(self, path: Path, *, progress: Progress | None = None) -> None:
        self.path = path
        self.progress = progress
        self.volume: Volume | None = None
        self.total = 0

    def __iter__(self) -> Iterator[Document]:
        try:
            self.total = self.path.stat().st_size
            handle = self.path.open("rb")
        except OSError as exc:
            raise ReadError(self.path, f"cannot open: {exc.strerror or exc}") from exc
        with handle:
            if not handle.read(65536).strip():
                raise ReadError(self.path, "file is empty" if self.total == 0 else "file holds only white space")
            handle.seek(0)
            counting = _CountingFile(handle)
            yield from self._parse(counting)
        if self.progress is not None:
            self.progress(self.total, self.total)

    def _parse(self, counting: _CountingFile) -> Iterator[Document]:
        context = etree.iterparse(
            counting,
            events=("start", "end"),
            tag=_EVENT_TAGS,
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
            huge_tree=False,
        )
        root: etree._Element | None = None
        depth = 0  # document divs open (a document can hold divs of its own)
        carried: dict[str, Any] | None = None  # the last page break met outside a document
        position = 0
        try:
            for event, element in context:
                if root is None:
                    root = element.getroottree().getroot()
                    self._check_root(root)
                name = local_name(element)
                is_document = name == "div" and element.get("type") == "document"
                if event == "start":
                    depth += is_document
                    continue
                if name == "front":
                    carried = None  # front-matter pages (roman numerals) do not run on into the body
                    _release(element)
                elif name == "teiHeader":
                    self.volume = read_header(element, self._root_id(root))
                    _release(element)
                elif name == "pb":
                    if depth == 0:
                        carried = {"n": element.get("n"), "facs": element.get("facs")}
                        if element.get(XML_ID):
                            carried["id"] = element.get(XML_ID)
                elif is_document:
                    depth -= 1
                    if depth == 0:
                        position += 1
                        doc, carried = build_document(
                            element, self._volume(root), carried_page=carried, path=self.path,
                            position=position, reader=(NAME, VERSION),
                        )
                        _release(element)
                        if self.progress is not None:
                            self.progress(counting.done, self.total)
                        yield doc
                elif depth == 0:
                    self._front_list(element, root)
                    _release(element)
        except etree.XMLSyntaxError as exc:
            raise self._syntax_error(exc, counting, context.error_log) from None
        if root is None:
            raise ReadError(self.path, "no TEI elements found: this is not a TEI volume")
        if self.volume is None:
            self.volume = Volume(id=self._root_id(root))

    def _check_root(self, root: etree._Element | None) -> None:
        if root is None or root.tag not in (tei("TEI"), tei("teiCorpus")):
            found = etree.QName(root).text if root is not None else "nothing"
            raise ReadError(self.path, f"not a TEI volume: the root element is <{found}>, not TEI")

    def _root_id(self, root: etree._Element | None) -> str:
        if root is not None and root.get(XML_ID):
            return root.get(XML_ID, "")
        return ""

    def _volume(self, root: etree._Element | None) -> Volume:
        if self.volume is None:  # documents before any header: the id from the root or the file name
            self.volume = Volume(id=self._root_id(root) or self.path.stem)
        if not self.volume.id:
            self.volume.id = self.path.stem
        return self.volume

    def _front_list(self, div: etree._Element, root: etree._Element | None) -> None:
        """Take the persons and terms lists from a front-matter section as it ends."""
        xml_id = div.get(XML_ID, "")
        lists = {lst.get("type") for lst in div.iter(tei("list"))}
        if xml_id == "persons" or "names" in lists:
            read_persons(div, self._volume(root).persons)
        if xml_id == "terms" or "terms" in lists:
            read_terms(div, self._volume(root).terms)

    def _syntax_error(self, exc: etree.XMLSyntaxError, counting: _CountingFile, log: Any) -> ReadError:
        """The error to raise for a parser fault: truncation when it falls at the end of the input.

        The parser's own log of this run names the first fault and where it is; the exception
        alone can hide it (an undefined entity surfaces as "no element found" at line 0).
        """
        first = next((entry for entry in log if entry.level >= etree.ErrorLevels.ERROR and entry.line > 0), None)
        if first is not None:
            line: int | None = first.line
            column, kind, message = first.column, first.type, first.message.strip()
        else:
            line = exc.lineno or (exc.position[0] if exc.position else None)
            column, kind = (exc.position[1] if exc.position else 0), None
            # libxml2 repeats the position in its message; the line is reported on its own
            message = re.sub(r"(, line \d+)?, column \d+$", "", exc.msg or str(exc)).strip()
        counting.count_rest()
        last_line = counting.lines + 1
        encoding = _declared_encoding(self.path) or "utf-8"
        # a fault at the last character of the file is where the input ran out, whatever libxml2 calls it
        at_end = line == last_line and column >= len(counting.last_line(encoding)) and kind not in _COMPLETE_FAULTS
        on_last_lines = line is not None and line >= last_line - 1 and _EOF_MESSAGES.search(message)
        if at_end or on_last_lines:
            return TruncatedError(self.path, f"the volume stops part-way (XML ends early: {message})", line=line)
        if "encoding" in message.lower():
            declared = _declared_encoding(self.path) or "UTF-8"
            return ReadError(self.path, f"bytes that are not {declared}, the encoding the file declares ({message})",
                             line=line)
        return ReadError(self.path, f"not well-formed XML: {message}", line=line)


def _declared_encoding(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return None
    match = re.search(rb"""encoding=["']([A-Za-z0-9._-]+)["']""", head)
    return match.group(1).decode("ascii").upper() if match else None


def _release(element: etree._Element) -> None:
    """Free an element already used, and the siblings before it, so memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
