"""Reader `frus-text`: FRUS documents as history.state.gov renders them in plain text.

One file is one document (`frus1952-54v08_d632.txt` → id `frus1952-54v08/d632`), in
either of the site's two text renderings and in any era's heading style (see
`_frus_text_head`). The older state.gov mirrors, which put several documents on a page and
mark notes as ``/1/``, are read by `_frus_text_mirror`.

The reading text is the page as a person reads it: headings, dateline, lists and
paragraphs, without the `[Page N]` markers, without the note numbers glued to words, and
without the list of footnotes, which become `Footnote`s linked to the offset of their
reference. Spans: `heading`, `paragraph`, `list_item`, `page` (attrs ``n``),
`footnote_ref` (attrs ``n``), `signature`, `dateline`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from declass.formats._decode import load_text
from declass.formats._frus_text_build import build_document
from declass.formats._frus_text_lines import split_lines
from declass.formats._frus_text_mirror import is_mirror, read_mirror
from declass.model import Document

NAME = "frus-text"
VERSION = "1.0"

#: the file names history.state.gov gives a document: <volume>_d<number>.txt
FILE_NAME = re.compile(r"^(?P<volume>frus[\w-]+?)_(?P<doc>d\d+[a-z]?)$")

_SIGNALS = (
    (re.compile(r"\[Page \d+\]"), 0.35),
    (re.compile(r"^\s{2}1\. (?:Source|Drafted|Not printed)", re.M), 0.35),
    (re.compile(r"^- (?:Source: .*|Not printed\.)↩", re.M), 0.4),
    (re.compile(r"^\d{1,4}\. (?:Telegram|Memorandum|Letter|Circular|Editorial Note|Airgram|Despatch|Minutes|"
                r"Paper|Report|Draft|Notes?|National Intelligence|Special National|Intelligence|Message)\b[^\n]*"
                r"\D[01]$", re.M), 0.45),
    (re.compile(r"\A(?:File No\. \d{3}|\d{3}[\w.]*(?: [^:\n]*)?/[\w–-]+: [A-Z])"), 0.5),
    (re.compile(r"^No\. \d+\n(?:The |Mr\. )[^\n]* to [^\n]*$", re.M), 0.3),
    (re.compile(r"/1/Source:"), 0.4),
    (re.compile(r"FOREIGN RELATIONS OF THE UNITED STATES|Foreign Relations, \d{4}"), 0.3),
    (re.compile(r"^Source: (?:Department of State|National Archives)", re.M), 0.25),
    (re.compile(r"\A\d{1,4}\. [A-Z][^\n]{5,400}(?:[a-z)]\s?|, \d{4})\d{1,2}\s*\n"), 0.45),
    (re.compile(r"\A(?:[A-Z][a-z]+ Library|National Archives|Department of State), [^\n]{3,120}\n+"
                r"[A-Z][^\n]+ \d{4}\d{1,2}\n"), 0.5),
    (re.compile(r"FOREIGN RELATIONS OF THE UNITED STATES\s*\n\s*\d{4}-\d{4}, Volume"), 0.4),
)
#: words of a CIA reading-room page or a release banner: such text belongs to the crest reader
_NOT_FRUS = re.compile(r"Approved For Release|CIA-RDP|25X1|Document Number \(FOIA\)|Sanitized Copy", re.I)


def sniff(path: Path, head: bytes) -> float:
    """How sure we are that `path` is a FRUS text rendering, from its name and first bytes."""
    try:
        text = head.decode("utf-8", errors="ignore")
    except Exception:  # noqa: BLE001 - sniffing must never raise
        return 0.0
    if path.suffix.lower() not in (".txt", ".text", "") or text.lstrip().startswith("<"):
        return 0.0
    score = 0.0
    for pattern, weight in _SIGNALS:
        if pattern.search(text):
            score += weight
    if _NOT_FRUS.search(text):
        score -= 0.6
    if FILE_NAME.match(path.stem):
        score = max(score, 0.1) + 0.4  # history.state.gov names its saved documents this way
    if score <= 0:
        return 0.0
    return min(0.95, score)


def read(path: Path) -> Iterator[Document]:
    """Yield the document (or, for an old mirror page, the documents) in the file at `path`."""
    path = Path(path)
    decoded = load_text(path)
    if is_mirror(decoded.text):
        yield from read_mirror(path, decoded)
        return
    m = FILE_NAME.match(path.stem)
    volume = m.group("volume") if m else None
    doc = m.group("doc") if m else None
    rendering = split_lines(decoded.text)
    yield build_document(path, decoded, rendering, volume=volume, doc=doc, reader_version=VERSION)
