"""Review and exemption markings, and the code table behind them."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from declass.text.review_marks import denied_pages, describe_code, find_review_marks, known_codes


def _codes(text: str) -> list[str]:
    return [m.code for m in find_review_marks(text)]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("text 25X1 more", ["25X1"]),
        ("225X1", ["25X1"]),
        ("25X1A and 25X1C and 25X1X and 25X9", ["25X1A", "25X1C", "25X1X", "25X9"]),
        ("25X1C10b", ["25X1C10b"]),
        ("STAT\nSTATINTL\nSTATI NTL", ["STAT", "STATINTL", "STATINTL"]),
        ("SG1A SG1J", ["SG1A", "SG1J"]),
        ("(b)(1) (b)(3) (b)(3)(c) (b)(6)", ["(b)(1)", "(b)(3)", "(b)(3)(c)", "(b)(6)"]),
        ("3.3(h)(2) and 3.5(c)", ["3.3(h)(2)", "3.5(c)"]),
        ("Next 1 Page(s) In Document Denied", ["pages-denied"]),
        ("Next 2 Page(s) In Document Exempt", ["pages-exempt"]),
        ("occupied [redacted] at", ["redacted"]),
        ("State Dept. review completed", ["review-completed"]),
        ("NSC review completed", ["review-completed"]),
    ],
)
def test_markings_found(text: str, codes: list[str]) -> None:
    assert _codes(text) == codes


@pytest.mark.parametrize("text", ["STATE of the art", "the STATUS quo", "Route 25X10B", "125X1", "3.35(c)", "(b)"])
def test_lookalikes_are_not_markings(text: str) -> None:
    assert _codes(text) == []


def test_span_attributes_carry_meaning_and_basis() -> None:
    (mark,) = find_review_marks("25X1")
    attrs = mark.attrs()
    assert attrs["code"] == "25X1" and attrs["marker"] == "25X1"
    assert "intelligence" in attrs["meaning"].lower()
    assert "3.3(b)(1)" in attrs["basis"]


def test_review_completed_withholds_nothing() -> None:
    (mark,) = find_review_marks("State Department review completed")
    assert mark.attrs()["withholds"] is False


def test_denied_pages_are_counted() -> None:
    marks = find_review_marks("Next 2 Page(s) In Document Denied ... Next 1 Page(s) In Document Exempt 25X1")
    assert denied_pages(marks) == 3


def test_describe_code_falls_back_to_the_family() -> None:
    assert describe_code("25X1C10b")["code"] == "25X1C"
    assert describe_code("(b)(3)(c)")["code"] == "(b)(3)"
    assert describe_code("SG1J")["code"] == "SG1A"
    assert describe_code("[redacted]")["code"] == "redacted"
    assert describe_code("no such code") is None


def test_table_is_well_formed() -> None:
    text = resources.files("declass.data").joinpath("review_codes.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["code"] for r in rows] == known_codes()
    assert len({r["code"] for r in rows}) == len(rows), "codes must be unique"
    for row in rows:
        assert set(row) == {"code", "pattern", "meaning", "legal_basis", "source"}, row
        assert row["meaning"].strip() and row["source"].strip(), row["code"]
    for code in ["25X1", "25X1A", "25X1C", "25X1X", "25X9", "STAT", "STATINTL", "SG1A", "3.3(h)(2)", "3.5(c)"]:
        assert code in known_codes()
    assert all(f"(b)({n})" in known_codes() for n in range(1, 10))
