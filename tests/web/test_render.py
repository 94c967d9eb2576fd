"""Document → HTML, as a pure function: layers, nesting, escaping, footnotes, pages."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from declass.model import Document, Footnote
from declass.web.render import (
    band_class,
    entity_id_of,
    redaction_label,
    render_footnotes,
    render_reader,
    render_text,
)
from tests.web.fixtures import SCRIPT, airgram, briefing, hostile
from tests.web.htmlcheck import assert_well_formed, event_handler_attributes, script_tags


def visible_text(html: str) -> str:
    return "".join(assert_well_formed(html).text)


def document_text(html: str) -> str:
    """The text of rendered HTML without the markers the renderer adds (page, note, bar labels)."""
    html = re.sub(r'<span class="pageno".*?</span></span>', "", html)
    html = re.sub(r'<sup class="fnref.*?</sup>', "", html)
    html = re.sub(r'<span class="redaction-label" aria-hidden="true">.*?</span>', "", html)
    html = html.replace('<span class="caret" title="caret mark">‸</span>', "")
    return visible_text(html)


def test_plain_text_is_kept_and_escaped() -> None:
    doc = Document(id="x", text="a < b & c > d \"q\" 'r'")
    html = str(render_text(doc))
    assert html == "a &lt; b &amp; c &gt; d &#34;q&#34; &#39;r&#39;"


def test_redaction_is_a_focusable_bar_with_code_and_meaning() -> None:
    doc = briefing()
    html = str(render_text(doc))
    bars = re.findall(r'<span class="redaction" data-code="25X1" tabindex="0" role="note" aria-label="([^"]+)">', html)
    assert len(bars) == 2
    assert bars[0] == "Withheld: 25X1 — reveals an intelligence source or method"
    assert (
        '<span class="redaction-label" aria-hidden="true">25X1 — reveals an intelligence source or method</span>'
        in html
    )
    assert '<span class="redaction-text">25X1</span>' in html


def test_empty_redaction_still_draws_a_bar() -> None:
    doc = Document(id="x", text="before after")
    doc.add_span(7, 7, "redaction", code="(b)(3)")
    html = str(render_text(doc))
    assert 'class="redaction redaction-empty" data-code="(b)(3)" tabindex="0"' in html
    assert html.index("redaction-empty") > html.index("before")


def test_redaction_label_uses_what_is_known() -> None:
    doc = Document(id="x", text="[1 paragraph (3 lines) not declassified]")
    span = doc.add_span(0, len(doc.text), "redaction", quantity=3, unit="lines")
    assert redaction_label(span) == "withheld — 3 lines"


def test_deletions_struck_and_insertions_raised_in_every_reading() -> None:
    html = str(render_text(briefing()))
    assert '<del class="deletion" data-hand="ink">has begun to insist</del>' in html
    assert '<ins class="insertion" data-hand="pencil">now presents</ins>' in html
    for reading in ("revised", "original", "marked"):
        assert f'class="doc-text reading-{reading}"' in str(render_reader(briefing(), reading))
    assert 'class="doc-text reading-revised"' in str(render_reader(briefing(), "nonsense"))


def test_page_numbers_go_in_the_margin_where_pages_start() -> None:
    doc = airgram()
    html = str(render_text(doc))
    assert html.startswith('<span class="pageno" id="page-101" aria-label="page 101">')
    marker = '<span class="pageno" id="page-102"'
    assert marker in html
    assert html.index(marker) < html.index("rise.")


def test_footnotes_are_linked_both_ways() -> None:
    doc = airgram()
    html = str(render_text(doc))
    notes = str(render_footnotes(doc))
    assert '<a id="ref-fn-1" href="#fn-1" aria-label="note 1">1</a>' in html
    assert '<a id="ref-fn-2" href="#fn-2" aria-label="note 2">2</a>' in html
    assert html.index('href="#fn-1"') < html.index("The Department")
    assert '<li id="fn-1" tabindex="-1">' in notes and 'href="#ref-fn-1"' in notes
    assert '<li id="fn-2" tabindex="-1">' in notes and 'href="#ref-fn-2"' in notes


def test_footnotes_without_ref_spans_use_their_offsets() -> None:
    doc = Document(
        id="x", text="Missions and more.", footnotes=[Footnote("1", "a note", 8), Footnote("1", "again", None)]
    )
    html = str(render_text(doc))
    assert html.startswith('Missions<sup class="fnref"><a id="ref-fn-1" href="#fn-1"')
    notes = str(render_footnotes(doc))
    assert 'id="fn-1"' in notes and 'id="fn-1-2"' in notes  # a repeated number gets its own anchor
    assert notes.count("backref") == 1  # only the referenced note links back


def test_entities_link_to_their_pages() -> None:
    html = str(render_text(briefing()))
    assert '<a class="entity entity-place" href="/entities/beijing" title="Beijing">Peiping</a>' in html
    assert '<a class="entity entity-place" href="/entities/beijing" title="Beijing">Peking</a>' in html
    assert '<a class="entity entity-place" href="/entities/moscow" title="Moscow">Kremlin</a>' in html


def test_entity_id_falls_back_like_the_store() -> None:
    doc = Document(id="x", text="Mao Tse-tung spoke")
    bare = doc.add_span(0, 12, "entity")
    named = doc.add_span(0, 12, "entity", name="Mao Zedong")
    assert entity_id_of(bare, doc.span_text(bare)) == "Mao Tse-tung"
    assert entity_id_of(named, "Mao Tse-tung") == "Mao Zedong"
    html = str(render_text(Document(id="y", text="Chou said", spans=[bare.__class__(0, 4, "entity", {"id": "a/b"})])))
    assert 'href="/entities/a%2Fb"' in html


def test_judgments_are_highlighted_with_their_band() -> None:
    html = str(render_text(briefing()))
    m = re.search(r'<mark class="judgment band-almost-certain" data-band="almost certain" title="([^"]*)">', html)
    assert m and "Kent: almost certain" in m.group(1)
    assert band_class("Chances about even") == "band-chances-about-even"
    assert band_class(None) == "band-unknown"


def test_file_numbers_show_their_meaning() -> None:
    html = str(render_text(airgram()))
    assert '<abbr class="file-number" title="Political affairs: China; 1955-03-15">793.00/3–1555</abbr>' in html


def test_overlapping_spans_stay_well_nested_and_keep_every_character() -> None:
    doc = Document(id="x", text="one two three four five six")
    doc.add_span(0, 13, "judgment", band="likely")
    doc.add_span(4, 18, "deletion")
    doc.add_span(8, 23, "entity", id="e")
    doc.add_span(10, 12, "redaction", code="25X1")
    doc.add_span(9, 9, "footnote_ref", n="1")
    doc.footnotes.append(Footnote("1", "n", 9))
    doc.add_span(0, 11, "page", n="3")
    doc.add_span(11, 27, "page", n="4")
    html = str(render_text(doc))
    assert_well_formed(html)
    assert document_text(html) == doc.text
    # a redaction split by another element is focusable once only
    assert html.count('tabindex="0"') == 1


def test_hostile_document_renders_as_text() -> None:
    doc = hostile()
    html = str(render_reader(doc)) + str(render_footnotes(doc))
    assert_well_formed(html)
    assert script_tags(html) == []
    assert event_handler_attributes(html) == []
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert SCRIPT in visible_text(html)


SPAN_KINDS = ["redaction", "deletion", "insertion", "entity", "judgment", "file_number", "page", "footnote_ref",
              "marginal_note", "caret", "heading", "paragraph"]  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(alphabet=st.sampled_from(list("ab <>&\"'\n")), min_size=0, max_size=40))
    doc = Document(id="h", text=text)
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kind = draw(st.sampled_from(SPAN_KINDS))
        doc.add_span(start, end, kind, n=draw(st.sampled_from(["1", "2", "<x>"])), id=draw(st.sampled_from(["e", '"'])))
    for n in draw(st.lists(st.sampled_from(["1", "2", "<x>"]), max_size=3)):
        doc.footnotes.append(Footnote(n, "note <b>", draw(st.none() | st.integers(0, len(text)))))
    return doc


@settings(max_examples=300, deadline=None)
@given(documents())
def test_any_spans_give_well_formed_html_without_losing_text(doc: Document) -> None:
    html = str(render_reader(doc, "marked")) + str(render_footnotes(doc))
    checker = assert_well_formed(html)
    assert script_tags(html) == [] and event_handler_attributes(html) == []
    assert document_text(str(render_text(doc))) == doc.text
    assert not checker.stack
