"""State Department decimal and subject-numeric file numbers."""

from __future__ import annotations

import pytest

from declass.text.file_numbers import DECIMAL_1910, DECIMAL_1950, SUBJECT_NUMERIC, find_file_numbers, parse_file_number


def test_seed_file_number() -> None:
    number = parse_file_number("661.93/11–2354")
    assert number is not None
    assert number.scheme == DECIMAL_1950
    assert number.meaning == "Political relations: USSR – China"
    assert [c[:2] for c in number.countries] == [("61", "USSR"), ("93", "China")]
    assert number.date is not None and number.date.start == "1954-11-23"


def test_scheme_is_chosen_by_the_document_year() -> None:
    later = parse_file_number("893.00", year=1955)
    earlier = parse_file_number("893.00", year=1935)
    assert later is not None and earlier is not None
    assert later.scheme == DECIMAL_1950 and "economic" in (later.meaning or "")
    assert earlier.scheme == DECIMAL_1910 and (earlier.meaning or "").endswith("Political affairs")
    assert parse_file_number("711.94", year=1940).meaning == "Political relations: United States – Japan"  # type: ignore[union-attr]


def test_unknown_scheme_keeps_parts_and_no_meaning() -> None:
    number = parse_file_number("793.00")
    assert number is not None and number.scheme is None and number.meaning is None and number.code == "793"


def test_serial_suffix_means_the_early_scheme() -> None:
    number = parse_file_number("893.00/13050")
    assert number is not None and number.scheme == DECIMAL_1910 and number.serial == "13050" and number.date is None


BOUNDARY = "Territory and boundary disputes; violations; incidents: "


@pytest.mark.parametrize(
    ("text", "meaning"),
    [
        ("POL 32-1 CHICOM-USSR", BOUNDARY + "People's Republic of China – USSR"),
        ("POL 32–1 CHICOM–USSR", BOUNDARY + "People's Republic of China – USSR"),
        ("POL 16 CHICOM", "Independence and recognition: People's Republic of China"),
        ("DEF 1-4 INDIA", "Air defense: India"),
        ("POL CHICOM-USSR", "Political affairs and relations: People's Republic of China – USSR"),
    ],
)
def test_subject_numeric(text: str, meaning: str) -> None:
    number = parse_file_number(text)
    assert number is not None and number.scheme == SUBJECT_NUMERIC and number.meaning == meaning


def test_find_needs_file_context_for_bare_numbers() -> None:
    text = "Paid $611.93 for NSC 5429/5 and 162/2. Source: Department of State, Central Files, 611.93/8–255. Secret."
    found = find_file_numbers(text)
    assert [f.text for f in found] == ["611.93/8–255"]
    assert found[0].meaning == "Political relations: United States – China"
    assert text[found[0].start : found[0].end] == "611.93/8–255"


def test_old_caption_line_is_found() -> None:
    found = find_file_numbers("893.00/13050: Telegram\nThe Ambassador in China to the Secretary", year=1936)
    assert len(found) == 1 and found[0].scheme == DECIMAL_1910


def test_garbage_is_not_a_file_number() -> None:
    assert parse_file_number("") is None
    assert parse_file_number("POL") is None
    assert find_file_numbers("DEF 12 " * 10_000) == []  # no country designator: not a file
