"""Archival date grammar: forms, precision, centuries, ranges, parts, seasons, DTGs."""

from __future__ import annotations

import pytest

from declass.text.dates import date_from_file_suffix, find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("4 November 1953", "1953-11-04", "1953-11-04", "day"),
        ("November 23, 1954", "1954-11-23", "1954-11-23", "day"),
        ("25 AUG 1950", "1950-08-25", "1950-08-25", "day"),
        ("231530Z NOV 54", "1954-11-23", "1954-11-23", "day"),
        ("from 1948 to mid-1951", "1948-01-01", "1951-08-31", "year"),
        ("summer 1953", "1953-06-01", "1953-08-31", "year"),
        ("mid-1951", "1951-05-01", "1951-08-31", "year"),
        ("early 1950s", "1950-01-01", "1953-12-31", "decade"),
        ("the 1960s", "1960-01-01", "1969-12-31", "decade"),
        ("early November 1953", "1953-11-01", "1953-11-10", "month"),
        ("November 1953 to March 1954", "1953-11-01", "1954-03-31", "month"),
        ("1948-51", "1948-01-01", "1951-12-31", "year"),
        ("winter 1953", "1953-12-01", "1954-02-28", "year"),
    ],
)
def test_forms_and_precision(text: str, start: str, end: str, precision: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.start, parsed.end, parsed.precision, parsed.text) == (start, end, precision, text)


def test_date_time_group_keeps_its_time() -> None:
    (parsed,) = find_dates("Cable dated 231530Z NOV 54 from the field.")
    assert parsed.kind == "dtg" and parsed.time == "1530Z"


def test_yearless_date_takes_the_given_year_only() -> None:
    assert list(find_dates("Telegram 530 from Moscow, Oct. 12, reported")) == []
    (parsed,) = find_dates("Telegram 530 from Moscow, Oct. 12, reported", default_year=1954)
    assert parsed.start == "1954-10-12" and parsed.text == "Oct. 12"


@pytest.mark.parametrize("text", ["4 Nov 53", "231530Z NOV 54", "25 AUG 99", "010000Z JAN 00"])
def test_two_digit_years_never_land_in_the_21st_century(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.start.startswith("19")


def test_file_suffix() -> None:
    assert date_from_file_suffix("11–2354").start == "1954-11-23"  # type: ignore[union-attr]
    assert date_from_file_suffix("1–156").start == "1956-01-01"  # type: ignore[union-attr]
    assert date_from_file_suffix("13–4554") is None


def test_range_does_not_swallow_a_full_date_or_numbers() -> None:
    found = list(find_dates("rose from 26 percent in 1950 to 72 percent in 1952; pp. 321–327"))
    assert found == []
    (parsed,) = find_dates("signed November 23, 1954 to general surprise")
    assert parsed.start == "1954-11-23" and parsed.kind == "date"


def test_offsets_point_at_the_words() -> None:
    text = "x " * 400 + "talks in Moscow beginning in August 1952, and in summer 1953"
    for parsed in find_dates(text):
        assert text[parsed.offset : parsed.end_offset] == parsed.text
    assert [p.text for p in find_dates(text)] == ["August 1952", "summer 1953"]


def test_hostile_input_is_harmless() -> None:
    assert list(find_dates("")) == []
    assert list(find_dates("1" * 50_000)) == []
    assert parse_date("\x00\ufffd 99 Smarch 1954") is not None  # the year still reads
