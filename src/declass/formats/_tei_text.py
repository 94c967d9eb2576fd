"""Walk the TEI markup of one FRUS document into reading text with standoff spans.

The walker visits a document's elements in order and appends the words a reader sees,
recording spans (paragraphs, lists, tables, names, footnote references, page breaks)
as it goes. TEI files are pretty-printed, so whitespace inside the markup is folded to
single spaces, and a space is written only between two words, never at the start of a
line or inside a word split by a page break (`disin<pb/>centives`).

Footnotes are walked by a walker of their own into `Footnote` objects; their marker
(`note/@n`) is not written into the reading text: a zero-width `footnote_ref` span right
after the word it belongs to carries it, as the other readers do. Elements the walker does not know are
kept as plain text (never dropped) and named in the document's warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from declass.formats._tei_volume import XML_ID, Volume, local_name, squash
from declass.model import Footnote, Span

#: elements whose content runs on inside a line
_INLINE = frozenset(
    """hi persName gloss term placeName orgName geogName name date time ref foreign title q emph seg rs abbr expan
    num measure said soCalled mentioned sic corr orig reg unclear add del choice supplied damage subst
    """.split()
)
#: elements that hold blocks and add nothing of their own
_CONTAINERS = frozenset("opener closer body div postscript argument epigraph trailer back front group".split())
#: elements that are a paragraph-like block
_BLOCKS = frozenset("p ab salute byline docAuthor docDate lg quote figure floatingText".split())
#: elements with no text of their own worth keeping
_SILENT = frozenset("milestone anchor index include fallback figDesc graphic".split())

_MEMO_LISTS = {"subject": "subject", "participants": "participants", "to": "memorandum_for",
               "references": "references", "from": "memorandum_from"}


@dataclass(slots=True)
class PageMark:
    """A `pb` met at a text offset."""

    offset: int
    attrs: dict[str, Any]


@dataclass(slots=True)
class WalkResult:
    """What walking a document (or a note) produced, besides its text and spans."""

    footnotes: list[Footnote] = field(default_factory=list)
    pages: list[PageMark] = field(default_factory=list)
    signers: list[str] = field(default_factory=list)
    memo: dict[str, list[str]] = field(default_factory=dict)
    targets: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    dateline: dict[str, Any] | None = None


def inline_text(element: etree._Element) -> str:
    """An element's words without its footnotes, whitespace folded."""
    if not isinstance(element.tag, str) or local_name(element) == "note":
        return ""
    if not len(element):
        return squash(element.text)
    pieces: list[str] = []
    _collect_words(element, pieces)
    return squash("".join(pieces))


def _collect_words(element: etree._Element, pieces: list[str]) -> None:
    pieces.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str) and local_name(child) != "note":
            _collect_words(child, pieces)
        pieces.append(child.tail or "")


class TextWalker:
    """Turns TEI elements into text + spans; one walker per document, one per footnote.

    The walker keeps its own list of text pieces (joined on demand by `text`) rather than
    a `TextBuilder`: every write needs the running length and the last character, and
    this is the reader's inner loop, so they are plain attributes here.
    """

    __slots__ = ("volume", "result", "in_note", "spans", "_parts", "_length", "_pending_space", "_waiting", "_last",
                 "_newlines")

    def __init__(self, volume: Volume, result: WalkResult | None = None, *, in_note: bool = False) -> None:
        self.volume = volume
        self.result = result if result is not None else WalkResult()
        self.in_note = in_note
        self.spans: list[Span] = []
        self._parts: list[str] = []
        self._length = 0
        self._pending_space = False
        self._waiting: list[Span] = []  # spans whose first character has not come yet
        self._last = ""  # last character written
        self._newlines = 0  # newlines at the end of the text

    # -- writing -------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._length

    @property
    def text(self) -> str:
        """The text written so far."""
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def text_node(self, raw: str | None) -> None:
        """Write a text node: whitespace folded, a space kept only between words."""
        if not raw:
            return
        if raw.isspace():  # the indentation of pretty-printed markup: at most one space
            self._pending_space = True
            return
        if raw[0].isspace():
            self._pending_space = True
        self._put(" ".join(raw.split()))
        self._pending_space = raw[-1].isspace()

    def _put(self, core: str) -> None:
        """Write `core` (words with no space at either end) after a space if one is pending."""
        parts = self._parts
        if self._pending_space and self._last not in _NO_SPACE_AFTER:
            parts.append(" ")
            self._length += 1
        if self._waiting:
            self._start_waiting()
        parts.append(core)
        self._length += len(core)
        self._last = core[-1]
        self._newlines = 0
        self._pending_space = False

    def _start_waiting(self) -> None:
        """Start the spans waiting for their first character at the one about to be written."""
        length = self._length
        for span in self._waiting:
            span.start = span.end = length
        self._waiting.clear()

    def _append_raw(self, piece: str) -> int:
        """Append `piece` as it is (no spacing, waiting spans left waiting); return its start."""
        start = self._length
        self._parts.append(piece)
        self._length += len(piece)
        return start

    def literal(self, piece: str) -> None:
        """Write words that are not in the XML (a list label's space, a cell separator)."""
        if piece:
            self._put(piece)

    def block_break(self, newlines: int = 2) -> None:
        """End the current block: the next words start after `newlines` line breaks."""
        self._pending_space = False
        if not self._length or self._newlines >= newlines:
            return
        self._append_raw("\n" * (newlines - self._newlines))
        self._newlines = newlines
        self._last = "\n"

    def open_span(self, kind: str, attrs: dict[str, Any]) -> Span:
        """A span that starts at the next character written (not at a pending space)."""
        span = Span(self._length, self._length, kind, attrs)
        self.spans.append(span)
        self._waiting.append(span)
        return span

    def close_span(self, span: Span) -> None:
        """End a span at the last character written (line breaks after it are not part of it)."""
        end = self._length - self._newlines
        if self._waiting and span in self._waiting:
            self._waiting.remove(span)
            span.start = end
        span.end = max(span.start, end)

    # -- walking -------------------------------------------------------------------------

    def children(self, element: etree._Element) -> None:
        """Walk an element's content: its text, its children, their tails."""
        text = element.text
        if text:
            if text.isspace():  # the markup's indentation (as in `text_node`), without a call
                self._pending_space = True
            else:
                self.text_node(text)
        for child in element:
            tag = child.tag
            # comments and processing instructions are looked up too: `_action_for` makes them silent
            (_ACTIONS_BY_TAG.get(tag) or _action_for(tag))(self, child)
            tail = child.tail
            if tail:
                if tail.isspace():
                    self._pending_space = True
                else:
                    self.text_node(tail)

    def node(self, element: etree._Element) -> None:
        """Walk one element (not its tail)."""
        tag = element.tag
        if isinstance(tag, str):
            (_ACTIONS_BY_TAG.get(tag) or _action_for(tag))(self, element)

    def block(self, element: etree._Element, kind: str, **attrs: Any) -> Span:
        """Walk an element as a block of its own, covered by a span of `kind`."""
        self.block_break()
        rend = element.get("rend")
        if rend:
            attrs.setdefault("rend", rend)
        span = self.open_span(kind, attrs)
        self.children(element)
        self.close_span(span)
        self.block_break()
        return span

    def _container(self, element: etree._Element) -> None:
        self.block_break()
        self.children(element)
        self.block_break()

    def _silent(self, element: etree._Element) -> None:
        return

    def _unknown(self, element: etree._Element) -> None:
        # an element this reader does not know: its words are kept as they stand
        name = local_name(element)
        if name not in self.result.unknown:
            self.result.unknown.append(name)
        self.children(element)

    # -- structure -----------------------------------------------------------------------

    def _on_p(self, element: etree._Element) -> None:
        self.block(element, "paragraph")

    def _on_head(self, element: etree._Element) -> None:
        self.block(element, "heading", level=2)

    def _on_dateline(self, element: etree._Element) -> None:
        span = self.block(element, "dateline")
        if self.result.dateline is None and not self.in_note:
            date = next(element.iter("{*}date"), None)
            place = next(element.iter("{*}placeName"), None)
            self.result.dateline = {
                "place": inline_text(place) if place is not None else None,
                "date_attrs": dict(date.attrib) if date is not None else {},
                "date_text": inline_text(date) if date is not None else None,
                "text": inline_text(element),
            }
            span.attrs["document"] = True

    def _on_list(self, element: etree._Element) -> None:
        list_type = element.get("type")
        self.block_break()
        outer = self.open_span("list", {"type": list_type}) if list_type else None
        label: str | None = None
        items: list[etree._Element] = []
        self.text_node(element.text)
        for child in element:
            name = local_name(child)
            if name == "head":
                self.block(child, "heading", level=3, list_type=list_type)
                self.block_break(1)
            elif name == "label":
                label = inline_text(child)
            elif name == "item":
                self.block_break(1)
                span = self.open_span("list_item", {"list_type": list_type} if list_type else {})
                if label:
                    self.literal(label)
                    self._pending_space = True
                    span.attrs["label"] = label
                    label = None
                self.children(child)
                self.close_span(span)
                items.append(child)
                self.block_break(1)
            else:
                self.node(child)
            self.text_node(child.tail)
        if outer is not None:
            self.close_span(outer)
        self.block_break()
        key = _MEMO_LISTS.get(list_type or "")
        if key and not self.in_note and key not in self.result.memo:
            # the items' words are read only for the memo lists that keep them
            self.result.memo[key] = [words for words in map(inline_text, items) if words]

    def _on_item(self, element: etree._Element) -> None:
        self.block(element, "list_item")

    def _on_label(self, element: etree._Element) -> None:
        self.children(element)
        self._pending_space = True

    def _on_table(self, element: etree._Element) -> None:
        self.block_break()
        span = self.open_span("table", {"cols": element.get("cols")})
        for child in element:
            name = local_name(child)
            if name == "row":
                self.block_break(1)
                first = True
                for cell in child:
                    if local_name(cell) != "cell":
                        self.node(cell)
                        continue
                    if not first:
                        self.literal(" |")
                        self._pending_space = True
                    first = False
                    self.children(cell)
                    self.text_node(cell.tail)
                self.block_break(1)
            else:
                self.node(child)
            self.text_node(child.tail)
        self.close_span(span)
        self.block_break()

    def _on_attachment(self, element: etree._Element) -> None:
        self.block_break()
        span = self.open_span("attachment", {})
        self.children(element)
        self.close_span(span)
        self.block_break()

    def _on_signed(self, element: etree._Element) -> None:
        span = self.block(element, "signature")
        # the name is the first line; a title after <lb/> ("Chairman") is not part of it
        signer = self.text[span.start : span.end].split("\n")[0].strip()
        if signer and not self.in_note:
            self.result.signers.append(signer)
            span.attrs["signer"] = signer

    def _on_lb(self, element: etree._Element) -> None:
        if self._length and self._newlines == 0:
            self._append_raw("\n")
            self._newlines = 1
            self._last = "\n"
        self._pending_space = False

    def _on_space(self, element: etree._Element) -> None:
        self._pending_space = True

    def _on_gap(self, element: etree._Element) -> None:
        self.literal("[" + (element.get("reason") or "gap") + "]")

    # -- pages, names, notes -------------------------------------------------------------

    def _on_pb(self, element: etree._Element) -> None:
        attrs = {"n": element.get("n"), "facs": element.get("facs")}
        if element.get(XML_ID):
            attrs["id"] = element.get(XML_ID)
        self.result.pages.append(PageMark(self._length, attrs))

    def _on_persName(self, element: etree._Element) -> None:
        corresp = element.get("corresp")
        person_id = corresp.rpartition("#")[2].strip() if corresp else None
        person = self.volume.persons.get(person_id) if person_id else None
        attrs: dict[str, Any] = {
            "id": f"{self.volume.id}#{person_id}" if person_id else None,
            "name": person.name if person else None,
            "type": "person",
            "variant": "",  # filled by `_name_span`
            "description": person.description if person else None,
            "source": "frus-persons",
        }
        if corresp and corresp != f"#{person_id}":
            attrs["corresp"] = corresp  # malformed reference kept as written
        role = element.get("type")
        if role:
            attrs["role"] = role
        self._name_span(element, attrs)

    def _on_gloss(self, element: etree._Element) -> None:
        target = element.get("target")
        term_id = target.rpartition("#")[2].strip() if target else None
        term = self.volume.terms.get(term_id) if term_id else None
        attrs: dict[str, Any] = {
            "id": f"{self.volume.id}#{term_id}" if term_id else None,
            "name": term.expansion if term else None,
            "type": "term",
            "variant": "",  # filled by `_name_span`
            "description": term.expansion if term else None,
            "source": "frus-terms",
        }
        role = element.get("type")
        if role:
            attrs["role"] = role
        self._name_span(element, attrs)

    def _on_placeName(self, element: etree._Element) -> None:
        self._name_span(element, {"type": "place", "variant": "", "source": "tei"})

    def _on_ref(self, element: etree._Element) -> None:
        target = element.get("target")
        if target:
            self.result.targets.append(target)
            text = element.text
            if len(element) or not text or text.isspace():
                self._inline_span(element, "cross_reference", {"target": target})
            else:
                self._spanned_words(text, " ".join(text.split()), "cross_reference", {"target": target})
        else:
            self.children(element)

    def _name_span(self, element: etree._Element, attrs: dict[str, Any]) -> None:
        """An entity span over a name element, whose words are also its `variant`."""
        text = element.text
        if len(element) or not text or text.isspace():
            attrs["variant"] = inline_text(element)
            self._inline_span(element, "entity", attrs)
            return
        # the usual name is one text node: its words are folded once, for the variant and the text
        words = " ".join(text.split())
        attrs["variant"] = words
        self._spanned_words(text, words, "entity", attrs)

    def _inline_span(self, element: etree._Element, kind: str, attrs: dict[str, Any]) -> None:
        span = self.open_span(kind, attrs)
        self.children(element)
        self.close_span(span)

    def _spanned_words(self, raw: str, words: str, kind: str, attrs: dict[str, Any]) -> None:
        """Write text node `raw` (`words` its folded words) under a span of its own.

        The offsets are the ones `open_span`, `text_node` and `close_span` would give, without the calls.
        """
        if raw[0].isspace():
            self._pending_space = True
        self._put(words)
        end = self._length
        self.spans.append(Span(end - len(words), end, kind, attrs))
        self._pending_space = raw[-1].isspace()

    def _on_note(self, element: etree._Element) -> None:
        result = self.result
        marker = squash(element.get("n")) or str(len(result.footnotes) + 1)
        found = WalkResult()
        note_walker = TextWalker(self.volume, found, in_note=True)
        note_walker.children(element)
        attrs: dict[str, Any] = {"targets": found.targets}
        note_id = element.get(XML_ID)
        if note_id:
            attrs["id"] = note_id
        note_type = element.get("type")
        if note_type:
            attrs["type"] = note_type
        entities = [dict(s.attrs, start=s.start, end=s.end) for s in note_walker.spans if s.kind == "entity"]
        if entities:
            attrs["entities"] = entities
        offset = self._length
        # a page break inside a note is kept at the note's place in the document
        for mark in found.pages:
            result.pages.append(PageMark(offset, dict(mark.attrs, in_note=marker)))
        if found.unknown:
            result.unknown.extend(n for n in found.unknown if n not in result.unknown)
        # the reading text leaves the marker out (as for every format); a zero-width
        # `footnote_ref` span right after the word carries it, and renderings print it there
        self.spans.append(Span(offset, offset, "footnote_ref", {"n": marker}))
        result.footnotes.append(Footnote(marker, note_walker.text.strip(), offset, attrs))
        result.footnotes.extend(found.footnotes)


_NO_SPACE_AFTER = frozenset(("", " ", "\n"))

_WalkAction = Callable[[TextWalker, etree._Element], None]

#: what to do with an element, by its name without namespace
_ACTIONS: dict[str, _WalkAction] = {
    **{name: TextWalker.children for name in _INLINE},
    **{name: TextWalker._on_p for name in _BLOCKS},
    **{name: TextWalker._container for name in _CONTAINERS},
    **{name: TextWalker._silent for name in _SILENT},
    **{name[len("_on_"):]: getattr(TextWalker, name) for name in dir(TextWalker) if name.startswith("_on_")},
}
#: the same, by the element's full (namespaced) tag, filled as tags are met
_ACTIONS_BY_TAG: dict[str, _WalkAction] = {}


def _action_for(tag: object) -> _WalkAction:
    if not isinstance(tag, str):  # a comment or processing instruction has no words
        return TextWalker._silent
    action = _ACTIONS.get(tag.rpartition("}")[2], TextWalker._unknown)
    if len(_ACTIONS_BY_TAG) < 10_000:  # a hostile file with endless distinct tags must not grow it without bound
        _ACTIONS_BY_TAG[tag] = action
    return action


def finish_text(walker: TextWalker) -> str:
    """The walker's text with trailing white space removed (no span ends inside it)."""
    trimmed = walker.text.rstrip()
    for span in walker.spans:
        if span.end > len(trimmed):
            span.end = len(trimmed)
        if span.start > span.end:
            span.start = span.end
    return trimmed
