"""CREST document numbers: exact parsing, OCR-tolerant reading, and never a misaligned guess."""

from __future__ import annotations

import pytest

from declass.text.crest_number import (
    digit_residue,
    find_crest_numbers,
    is_esdn,
    normalise_document_number,
    parse_crest_number,
    read_crest_tail,
)

# Numbers listed in the domain notes (§2.2), each observed on a released page.
KNOWN = [
    "CIA-RDP61-00910A000100070005-8",
    "CIA-RDP80B01139A000500190006-3",
    "CIA-RDP74-00005R000200010010-1",
    "CIA-RDP78-04718A002700200001-1",
    "CIA-RDP84B00890R000500030001-1",
    "CIA-RDP73T00325R000100080012-2",
    "CIA-RDP79S01057A000100060017-5",
    "CIA-RDP82M00591R000500030001-4",
    "CIA-RDP80R01443R000200010007-3",
]


@pytest.mark.parametrize("number", KNOWN)
def test_known_numbers_parse(number: str) -> None:
    parsed = parse_crest_number(number)
    assert parsed is not None and parsed.text == number


def test_parts_of_a_number() -> None:
    n = parse_crest_number("CIA-RDP80B01676R001500060187-6")
    assert n is not None
    assert (n.year, n.series, n.job_serial, n.job_letter) == ("80", "B", "01676", "R")
    assert (n.box, n.folder, n.document, n.check) == ("0015", "0006", "0187", "6")
    assert n.job == "80-B01676R"
    assert n.sequence == 187
    assert n.residue == digit_residue(n.text)


@pytest.mark.parametrize(
    "bad",
    [
        "CIA-RDP80R01443R00020001007-3",  # a digit short
        "CIA-RDP80R01443X000200010007-3",  # X is no trailing job letter
        "CIA-RDP80Q01443R000200010007-3",  # Q is no series letter
        "CIA-RDP80R01443R000200010007",  # no check digit
        "RDP80R01443R000200010007-3",
    ],
)
def test_malformed_numbers_are_refused(bad: str) -> None:
    assert parse_crest_number(bad) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("79S01057AO00100060017-5", "CIA-RDP79S01057A000100060017-5"),  # O for 0
        ("82M00591 R000500020002=4", "CIA-RDP82M00591R000500020002-4"),  # space, = for -
        ("88GO01 86RO01 201570007-3", "CIA-RDP88G00186R001201570007-3"),  # split runs
        ("80BO1676ROO2300080001 0", "CIA-RDP80B01676R002300080001-0"),  # hyphen lost to a space
        ("96-007918000200120001-3", "CIA-RDP96-00791R000200120001-3"),  # R read as 8 (only A/R occur there)
        ("79T00826A001700010023F2", "CIA-RDP79T00826A001700010023-2"),  # hyphen read as a letter
        ("77-00432R00010060007-1", None),  # a dropped digit: no guess
        ("79T008 Yid00170pb ?S", None),
        ("82-00457R008000250008", None),  # check digit missing
    ],
)
def test_reading_through_ocr_noise(raw: str, expected: str | None) -> None:
    result = read_crest_tail(raw)
    assert (result[0].text if result else None) == expected


def test_a_number_followed_by_more_digits_is_misaligned() -> None:
    assert read_crest_tail("80R01443R000200010007-35") is None
    # but a following word after a space is fine
    result = read_crest_tail("80R01443R000200010007-3 22 October 1965")
    assert result is not None and result[0].text == "CIA-RDP80R01443R000200010007-3"


def test_find_numbers_in_running_text() -> None:
    text = "see C IA RDP80R01443R000200010007-3 and ciA-RDP82M00591R000500030001-4 here"
    found = [n.text for _, _, n in find_crest_numbers(text)]
    assert found == ["CIA-RDP80R01443R000200010007-3", "CIA-RDP82M00591R000500030001-4"]


def test_esdn_forms() -> None:
    assert is_esdn("03193794") and is_esdn("C03193794")
    assert not is_esdn("0319379")
    assert normalise_document_number("C03193794") == "03193794"
    assert normalise_document_number("cia-rdp80r01443r000200010007-3") == "CIA-RDP80R01443R000200010007-3"
    assert normalise_document_number("node-2066034") is None
