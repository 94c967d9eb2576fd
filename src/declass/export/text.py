"""Render a `Document` as history.state.gov prints a FRUS document in plain text.

The rendering is the one researchers save from the site, so a document read from a TEI
volume can be compared with (and read back as) the site's text:

    113. Memorandum From Helmut Sonnenfeldt ... (Kissinger)1

    Washington, undated.

    SUBJECT
      • Evolution of Positions in US–USSR Talks

    ... the Soviet December 23 response seemed to leave open the door to [Page 348] some ...

      1. Source: National Archives, Nixon Presidential Materials, ...

- the heading is "N. Title" with the source-note number glued to it;
- each footnote's marker is printed glued to the word its `footnote_ref` span follows;
- paragraphs are separated by blank lines; memo list items become "  • item" lines;
- every page break inside the document becomes "[Page N]": on a line of its own between
  paragraphs, between spaces inside a sentence, glued inside a word it splits;
- footnotes follow the text as "  N. text".

With `first_page=True` the page a document starts on (carried over from the page
before) is written as a "[Page N]" line at the top; the site does not print it.
"""

from __future__ import annotations

from collections import defaultdict

from declass.model import Document

BULLET = "  • "


def render_text(doc: Document, *, first_page: bool = False) -> str:
    """The document as history.state.gov-style plain text, ending with one newline."""
    inserts: dict[int, list[str]] = defaultdict(list)
    text = doc.text
    # footnote markers first, so a marker stays glued to its word before a page break there
    for span in doc.spans_of("footnote_ref"):
        inserts[span.end].append(str(span.attrs.get("n", "")))
    for span in doc.spans_of("page"):
        label = span.attrs.get("n")
        if label is None:
            continue
        if span.attrs.get("continued") and not first_page:
            continue
        inserts[span.start].append(_page_marker(text, span.start, str(label)))
    for span in doc.spans_of("list_item"):
        if "label" not in span.attrs and _line_start(text, span.start):
            inserts[span.start].append(BULLET)
    pieces: list[str] = []
    if not any(s.kind == "heading" and s.start == 0 and s.attrs.get("level") == 1 for s in doc.spans):
        heading = _heading(doc)
        if heading:
            pieces.append(heading + "\n\n")
    position = 0
    for offset in sorted(inserts):
        pieces.append(text[position:offset])
        pieces.extend(inserts[offset])
        position = offset
    pieces.append(text[position:])
    body = "".join(pieces).rstrip()
    notes = [_footnote_line(note.n, note.text) for note in doc.footnotes]
    if notes:
        body += "\n\n" + "\n".join(notes)
    return body + "\n"


def _heading(doc: Document) -> str:
    number = doc.metadata.doc_number
    title = doc.title or ""
    source = next((n for n in doc.footnotes if n.ref is None and n.attrs.get("type") == "source"), None)
    marker = source.n if source is not None else ""
    if number and title:
        return f"{number}. {title}{marker}"
    return f"{title}{marker}" if title else ""


def _line_start(text: str, offset: int) -> bool:
    return offset == 0 or text[offset - 1] == "\n"


def _page_marker(text: str, offset: int, label: str) -> str:
    """"[Page N]" shaped for where it falls: own line, between words, or inside a word."""
    marker = f"[Page {label}]"
    if _line_start(text, offset):
        return marker + "\n"
    if text[offset - 1] == " ":
        return marker + " "
    if offset >= len(text) or text[offset] in " \n":
        return " " + marker
    return marker


def _footnote_line(n: str, text: str) -> str:
    return f"  {n}. " + " ".join(text.split())
