"""TextBuilder: offsets, `ends_with`, `ensure_break` and its trimming, checked against a plain string."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declass.text import builder as builder_module
from declass.text.builder import TextBuilder


def built(*pieces: str) -> TextBuilder:
    b = TextBuilder()
    for piece in pieces:
        b.append(piece)
    return b


def test_the_module_example_runs() -> None:
    failures, tried = doctest.testmod(builder_module)
    assert tried > 0 and failures == 0


def test_append_returns_offsets_and_length_follows() -> None:
    b = TextBuilder()
    assert b.append("Soviet ") == 0
    assert b.append("") == 7
    assert b.append("propaganda") == 7
    assert len(b) == 17 and b.text == "Soviet propaganda"


@pytest.mark.parametrize(
    ("pieces", "suffix", "expected"),
    [
        ((), "", True),
        ((), "\n", False),
        (("a", "b", "c"), "", True),
        (("a", "b", "c"), "bc", True),  # across pieces
        (("a", "b", "c"), "abc", True),  # the whole text
        (("a", "b", "c"), "xabc", False),  # longer than the text
        (("para.\n", "\n"), "\n\n", True),
        (("para.\n", "\n", " "), "\n\n", False),
        (("long first piece", "x"), "piece x", False),
    ],
)
def test_ends_with(pieces: tuple[str, ...], suffix: str, expected: bool) -> None:
    assert built(*pieces).ends_with(suffix) is expected


def test_ensure_break_adds_only_the_missing_newlines() -> None:
    b = built("One.")
    b.ensure_break("\n\n")
    assert b.text == "One.\n\n"
    b.ensure_break("\n\n")
    b.ensure_break("\n")
    assert b.text == "One.\n\n"
    b.append("Two.\n")
    b.ensure_break("\n\n")
    assert b.text == "One.\n\nTwo.\n\n"


def test_ensure_break_on_empty_text_does_nothing() -> None:
    b = TextBuilder()
    b.ensure_break()
    assert b.text == "" and len(b) == 0


def test_trailing_blanks_spread_over_pieces_are_dropped_before_a_break() -> None:
    b = built("Words", " ", "\t ", "  ")
    b.ensure_break("\n\n")
    assert b.text == "Words\n\n" and len(b) == 7


def test_blanks_after_newlines_are_dropped_and_the_newlines_counted() -> None:
    b = built("Words\n", " \t")
    b.ensure_break("\n\n")
    assert b.text == "Words\n\n"


def test_text_of_blanks_only_becomes_the_break() -> None:
    b = built("  ", "\t")
    b.ensure_break("\n\n")
    assert b.text == "\n\n" and len(b) == 2


def test_blanks_are_kept_when_a_span_ends_among_them() -> None:
    b = built("Words")
    b.add("  ", "gap")
    b.ensure_break("\n\n")
    assert b.text == "Words  \n\n"
    assert (b.spans[0].start, b.spans[0].end) == (5, 7)


def test_blanks_are_dropped_when_a_span_ends_right_at_the_cut() -> None:
    b = built("Some ")
    b.add("words", "entity")
    b.append("   ")
    b.ensure_break("\n")
    assert b.text == "Some words\n"
    assert b.text[b.spans[0].start : b.spans[0].end] == "words"


def test_a_span_still_open_does_not_keep_the_blanks() -> None:
    b = built("Text")
    with b.span("paragraph") as span:
        b.append("  ")
        b.ensure_break("\n")  # the open span's end is not yet set: it does not hold the blanks
    assert b.text == "Text\n"
    assert (span.start, span.end) == (4, 5)


def test_text_is_joined_once_and_appending_continues() -> None:
    b = built("a", "b")
    assert b.text == "ab"
    b.append("c")
    assert b.text == "abc" and b.ends_with("bc")


#: operations on a builder, each mirrored on a plain string by `apply_to_model`
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("append"), st.sampled_from(["", " ", "\t", "\n", "\n\n", "word", "x \t", " \n ", "."])),
        st.tuples(st.just("break"), st.sampled_from(["\n", "\n\n", "\n\n\n"])),
        st.tuples(st.just("add"), st.sampled_from(["", " ", "25X1", "a "])),
    ),
    max_size=40,
)


def apply_to_model(text: str, ends: list[int], op: str, arg: str) -> str:
    """The behaviour `TextBuilder` keeps, written on one string (the specification)."""
    if op in ("append", "add"):
        if op == "add":
            ends.append(len(text) + len(arg))
        return text + arg
    if not text:
        return text
    stripped = text.rstrip(" \t")
    if stripped != text and not any(end > len(stripped) for end in ends):
        text = stripped
    have = len(text) - len(text.rstrip("\n"))
    return text + "\n" * max(0, arg.count("\n") - have)


@settings(max_examples=300, deadline=None)
@given(operations=OPERATIONS, suffix=st.sampled_from(["", " ", "\n", "\n\n", "word", ". \n", "d\n"]))
def test_builder_matches_the_string_specification(operations: list[tuple[str, str]], suffix: str) -> None:
    b = TextBuilder()
    model = ""
    ends: list[int] = []
    for op, arg in operations:
        if op == "append":
            b.append(arg)
        elif op == "add":
            b.add(arg, "mark")
        else:
            b.ensure_break(arg)
        model = apply_to_model(model, ends, op, arg)
        assert len(b) == len(model)
        assert b.ends_with(suffix) == (model.endswith(suffix) if model else suffix == "")
    assert b.text == model
    assert [s.end for s in b.spans] == ends
