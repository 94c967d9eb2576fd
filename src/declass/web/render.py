"""Render a `Document` as HTML for the reader: text + spans in, escaped markup out.

Everything here is a pure function of the document, so it is tested without a server.
The text is drawn once with every editorial layer as its own element, and the reading
(`revised`, `original`, `marked`) is a class on the container that CSS acts on: the page
switches readings without a round trip, and `?reading=` gives the same result without JS.

- `redaction` → a black bar; its code and meaning show on hover and on keyboard focus
  (`tabindex="0"`, `aria-label`), the marker text stays inside for copying;
- `deletion` → `<del>` (struck), `insertion` → `<ins>` (raised), `caret` → ‸;
- `page` → the page number in the margin (`id="page-N"`);
- `footnote_ref` → a numbered link to the note, and a link back from the note;
- `entity` → a link to the entity page; `judgment` → highlighted with its band;
  `file_number` → its decoded meaning on hover.

Spans may overlap in any way; elements are closed and reopened at boundaries so the
HTML stays well nested. Every piece of text and every attribute value is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from declass.model import Document, Span

READINGS = ("revised", "original", "marked")

#: nesting order when two spans cover the same range: outer kinds first
_RANK = {
    "judgment": 0,
    "heading": 1,
    "signature": 2,
    "marginal_note": 3,
    "deletion": 4,
    "insertion": 4,
    "entity": 5,
    "file_number": 6,
    "redaction": 7,
    "caret": 8,
}
_INLINE_KINDS = frozenset(_RANK)


def entity_href(entity_id: str) -> str:
    """The reader's URL of an entity page."""
    return "/entities/" + quote(entity_id, safe="")


def document_href(doc_id: str) -> str:
    """The reader's URL of a document (ids keep their slashes: frus1952-54v08/d632)."""
    return "/documents/" + quote(doc_id, safe="/")


def entity_id_of(span: Span, text: str | None = None) -> str | None:
    """The canonical id an entity span points to, whichever attribute carries it.

    As the store does, an entity without an id is known by its name, and without a name
    by the words it covers (`text`).
    """
    for key in ("id", "entity_id", "canonical_id", "canonical", "name"):
        value = span.attrs.get(key)
        if value:
            return str(value).strip() or None
    return text.strip() if text and text.strip() else None


def redaction_label(span: Span) -> str:
    """`25X1 — meaning` (or what is known of it) for a redaction span."""
    attrs = span.attrs
    code = attrs.get("code") or attrs.get("marker") or "withheld"
    parts = [str(code)]
    meaning = attrs.get("meaning") or attrs.get("description")
    if meaning:
        parts.append(str(meaning))
    basis = attrs.get("basis") or attrs.get("authority")
    if basis and str(basis) not in parts:
        parts.append(str(basis))
    quantity, unit = attrs.get("quantity"), attrs.get("unit")
    if quantity is not None and unit:
        parts.append(f"{quantity} {unit}")
    return " — ".join(parts)


def judgment_band(span: Span) -> str | None:
    """The probability band (or evidential status) a judgment span carries, if any."""
    attrs = span.attrs
    for key in ("band", "kent", "kent_band", "icd", "icd_band", "evidential", "status"):
        value = attrs.get(key)
        if isinstance(value, dict):
            value = value.get("band") or value.get("label")
        if value:
            return str(value)
    return None


def judgment_title(span: Span) -> str:
    """A one-line description of a judgment for its hover text."""
    attrs = span.attrs
    parts: list[str] = []
    for key, label in (("kent", "Kent"), ("kent_band", "Kent"), ("icd", "ICD 203"), ("icd_band", "ICD 203")):
        value = attrs.get(key)
        if isinstance(value, dict):
            value = value.get("band") or value.get("label")
        if value:
            parts.append(f"{label}: {value}")
    if not parts and attrs.get("band"):
        parts.append(f"band: {attrs['band']}")
    for key in ("evidential", "polarity", "phrase"):
        if attrs.get(key):
            parts.append(f"{key}: {attrs[key]}")
    return "; ".join(parts) or "estimative judgment"


def band_class(band: str | None) -> str:
    """A CSS class name for a band: `band-almost-certain`."""
    if not band:
        return "band-unknown"
    slug = re.sub(r"[^a-z0-9]+", "-", band.lower()).strip("-")
    return "band-" + (slug or "unknown")


def file_number_title(span: Span) -> str:
    """The decoded meaning of a file-number span, as hover text."""
    attrs = span.attrs
    parts = [str(attrs[k]) for k in ("meaning", "decoded", "subject", "country", "date") if attrs.get(k)]
    return "; ".join(parts) or "file number"


# -- the text ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Element:
    """One open inline element: the span it draws and its opening and closing tags."""

    span: Span
    key: tuple[int, int, int, int]
    open_tag: str
    close_tag: str
    cont_tag: str | None = None  # used when the element is reopened after a split
    opened: bool = False


class _Renderer:
    def __init__(self, doc: Document, entity_url: Callable[[str], str]) -> None:
        self.doc = doc
        self.entity_url = entity_url
        self.footnote_ids = footnote_anchor_ids(doc)

    def element(self, order: int, span: Span) -> _Element:
        kind = span.kind
        key = (span.start, -span.end, _RANK[kind], order)
        if kind == "redaction":
            label = redaction_label(span)
            code = span.attrs.get("code") or span.attrs.get("marker") or "withheld"
            open_tag = (
                f'<span class="redaction" data-code="{_a(code)}" tabindex="0" role="note"'
                f' aria-label="{_a("Withheld: " + label)}">'
                f'<span class="redaction-label" aria-hidden="true">{escape(label)}</span>'
                '<span class="redaction-text">'
            )
            cont_tag = f'<span class="redaction redaction-cont" data-code="{_a(code)}"><span class="redaction-text">'
            return _Element(span, key, open_tag, "</span></span>", cont_tag)
        if kind == "deletion":
            return _Element(span, key, f'<del class="deletion"{_hand(span)}>', "</del>")
        if kind == "insertion":
            return _Element(span, key, f'<ins class="insertion"{_hand(span)}>', "</ins>")
        if kind == "entity":
            entity_id = entity_id_of(span, self.doc.span_text(span))
            etype = span.attrs.get("type") or "entity"
            if entity_id:
                title = str(span.attrs.get("canonical_name") or span.attrs.get("name") or entity_id)
                return _Element(
                    span,
                    key,
                    f'<a class="entity entity-{_a(_slug(str(etype)))}" href="{_a(self.entity_url(entity_id))}"'
                    f' title="{_a(title)}">',
                    "</a>",
                )
            return _Element(span, key, f'<span class="entity entity-{_a(_slug(str(etype)))}">', "</span>")
        if kind == "judgment":
            band = judgment_band(span)
            title = judgment_title(span)
            open_tag = f'<mark class="judgment {band_class(band)}" data-band="{_a(band or "")}" title="{_a(title)}">'
            return _Element(span, key, open_tag, "</mark>")
        if kind == "file_number":
            return _Element(span, key, f'<abbr class="file-number" title="{_a(file_number_title(span))}">', "</abbr>")
        if kind == "marginal_note":
            return _Element(span, key, '<span class="marginal-note">', "</span>")
        if kind == "caret":
            return _Element(span, key, '<span class="caret" title="caret mark">', "</span>")
        return _Element(span, key, f'<span class="{_a(kind.replace("_", "-"))}">', "</span>")

    def render(self) -> str:
        doc = self.doc
        text = doc.text
        inline: list[tuple[int, Span]] = []
        points: dict[int, list[str]] = {}
        for order, span in enumerate(doc.spans):
            if span.kind == "page":
                label = span.attrs.get("n")
                if label is not None:
                    points.setdefault(span.start, []).append(_page_marker(str(label)))
            elif span.kind == "footnote_ref":
                marker = self.footnote_marker(span)
                if marker:
                    points.setdefault(span.end, []).append(marker)
            elif span.kind in _INLINE_KINDS:
                if span.start == span.end:
                    if span.kind == "redaction":
                        points.setdefault(span.start, []).append(self.empty_redaction(span))
                    elif span.kind == "caret":
                        points.setdefault(span.start, []).append('<span class="caret" title="caret mark">‸</span>')
                else:
                    inline.append((order, span))
        if not any(s.kind == "footnote_ref" for s in doc.spans):
            for index, note in enumerate(doc.footnotes):
                if note.ref is not None and 0 <= note.ref <= len(text):
                    points.setdefault(note.ref, []).append(self.note_marker(index))

        starts: dict[int, list[tuple[int, Span]]] = {}
        boundaries = set(points) | {0, len(text)}
        for order, span in inline:
            starts.setdefault(span.start, []).append((order, span))
            boundaries.add(span.start)
            boundaries.add(span.end)

        out: list[str] = []
        stack: list[_Element] = []
        active: list[_Element] = []
        positions = sorted(b for b in boundaries if 0 <= b <= len(text))
        for i, pos in enumerate(positions):
            active = [e for e in active if e.span.end > pos]
            active.extend(self.element(order, span) for order, span in starts.get(pos, []))
            active.sort(key=lambda e: e.key)
            if pos in points:
                # markers are links: never nest them inside an open element (no <a> in <a>)
                while stack:
                    out.append(stack.pop().close_tag)
                out.extend(points[pos])
            common = 0
            while common < len(stack) and common < len(active) and stack[common] is active[common]:
                common += 1
            while len(stack) > common:
                out.append(stack.pop().close_tag)
            for element in active[common:]:
                reopen = element.opened and element.cont_tag is not None
                out.append(element.cont_tag if reopen and element.cont_tag else element.open_tag)
                element.opened = True
                stack.append(element)
            end = positions[i + 1] if i + 1 < len(positions) else len(text)
            out.append(str(escape(text[pos:end])))
        while stack:
            out.append(stack.pop().close_tag)
        return "".join(out)

    def empty_redaction(self, span: Span) -> str:
        label = redaction_label(span)
        code = span.attrs.get("code") or span.attrs.get("marker") or "withheld"
        return (
            f'<span class="redaction redaction-empty" data-code="{_a(code)}" tabindex="0" role="note"'
            f' aria-label="{_a("Withheld: " + label)}">'
            f'<span class="redaction-label" aria-hidden="true">{escape(label)}</span>'
            '<span class="redaction-text"></span></span>'
        )

    def footnote_marker(self, span: Span) -> str | None:
        n = span.attrs.get("n")
        for index, note in enumerate(self.doc.footnotes):
            if n is not None and str(note.n) == str(n):
                return self.note_marker(index)
        if n is None:
            return None
        return f'<sup class="fnref fnref-missing" title="note not found">{escape(str(n))}</sup>'

    def note_marker(self, index: int) -> str:
        note_id = self.footnote_ids[index]
        n = self.doc.footnotes[index].n
        return (
            f'<sup class="fnref"><a id="ref-{_a(note_id)}" href="#{_a(note_id)}" '
            f'aria-label="{_a("note " + str(n))}">{escape(str(n))}</a></sup>'
        )


def footnote_anchor_ids(doc: Document) -> list[str]:
    """One unique HTML id per footnote, in order (`fn-1`, `fn-2`, `fn-2-2` for a repeated number)."""
    ids: list[str] = []
    used: set[str] = set()
    for note in doc.footnotes:
        base = "fn-" + (_slug(str(note.n)) or "x")
        anchor, k = base, 2
        while anchor in used:
            anchor, k = f"{base}-{k}", k + 1
        used.add(anchor)
        ids.append(anchor)
    return ids


def render_text(doc: Document, *, entity_url: Callable[[str], str] = entity_href) -> Markup:
    """The document text as inline HTML with every layer drawn (see the module docstring)."""
    return Markup(_Renderer(doc, entity_url).render())


def render_footnotes(doc: Document) -> Markup:
    """The footnotes as an ordered list; each note links back to where it is referenced."""
    if not doc.footnotes:
        return Markup("")
    ids = footnote_anchor_ids(doc)
    referenced = {str(s.attrs.get("n")) for s in doc.spans if s.kind == "footnote_ref"}
    has_refs = bool(referenced)
    items: list[str] = []
    for note, anchor in zip(doc.footnotes, ids, strict=True):
        linked = str(note.n) in referenced if has_refs else note.ref is not None
        back = f' <a class="backref" href="#ref-{_a(anchor)}" aria-label="back to the text">↩</a>' if linked else ""
        items.append(
            f'<li id="{_a(anchor)}" tabindex="-1"><span class="fn-n">{escape(str(note.n))}.</span> '
            f'<span class="fn-text">{escape(note.text)}</span>{back}</li>'
        )
    return Markup('<ol class="footnotes">' + "".join(items) + "</ol>")


def render_reader(doc: Document, reading: str = "revised") -> Markup:
    """The whole reading pane: the text in a container carrying the reading's class."""
    if reading not in READINGS:
        reading = "revised"
    body = render_text(doc)
    return Markup(f'<div class="doc-text reading-{reading}" id="doc-text" data-reading="{reading}">{body}</div>')


_LAYER_NAMES = {
    "redaction": ("redaction", "redactions"),
    "deletion": ("deletion", "deletions"),
    "insertion": ("insertion", "insertions"),
    "entity": ("name", "names"),
    "judgment": ("judgment", "judgments"),
    "page": ("page", "pages"),
    "footnote_ref": ("note reference", "note references"),
}


def layer_counts(doc: Document) -> dict[str, int]:
    """How many spans of each editorial kind the document has, by a plural-aware label."""
    counts: dict[str, int] = {}
    for span in doc.spans:
        if span.kind in _LAYER_NAMES:
            counts[span.kind] = counts.get(span.kind, 0) + 1
    return {_LAYER_NAMES[k][0 if n == 1 else 1]: n for k, n in counts.items()}


def _page_marker(label: str) -> str:
    anchor = "page-" + (_slug(label) or "x")
    return (
        f'<span class="pageno" id="{_a(anchor)}" aria-label="{_a("page " + label)}">'
        f'<span class="pageno-label">{escape(label)}</span></span>'
    )


def _hand(span: Span) -> str:
    hand = span.attrs.get("hand")
    return f' data-hand="{_a(str(hand))}"' if hand else ""


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-")


def _a(value: Any) -> str:
    """An attribute value, escaped (quotes included)."""
    return str(escape(str(value)))
