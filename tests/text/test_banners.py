"""Release banners through OCR noise: what each shows, majority votes, page boundaries."""

from __future__ import annotations

import pytest

from declass.text.banners import find_banners, page_boundaries, vote

NUMBER = "CIA-RDP80R01443R000200010007-3"


@pytest.mark.parametrize(
    ("line", "date", "number", "kind"),
    [
        ("Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3", "2003-08-08", NUMBER, None),
        ("Approve' or Release 2003/08/08 : CIA-RDP80R01443R000200010007-3", "2003-08-08", NUMBER, None),
        ("Approved For Releaasse 2003/08/08 : CIA-RDP80R01443R000200010007-3", "2003-08-08", NUMBER, None),
        ("Approved For Rejse 2003/08/08 : CIA-RDP80R01443R000200010007-3", "2003-08-08", NUMBER, None),
        ("Approved For Release 2OO3/O8/O8 : CIA-RDP8OR01443ROOO2OOO1OOO7-3", "2003-08-08", NUMBER, None),
        ("Approved For Release 2003/08/08 : CIA-RDP80R01443R00020001 0007=3", "2003-08-08", NUMBER, None),
        ("Approved For Release 2003/08/08 : C IA RDP80R0l443R000200010007-3", "2003-08-08", NUMBER, None),
        ("Approved For Release 2009/0.1/06 : CIA-RDP80R01443R000200010007-3", "2009-01-06", NUMBER, None),
        (
            "Declassified in Part - Sanitized Copy Approved for Release 2012/01/23 : CIA-RDP80R01443R000200010007-3",
            "2012-01-23", NUMBER, "in part",
        ),
        ("Sanitized Copy Approved for Release 2011/03/18: CIA-RDP80R01443R000200010007-3", "2011-03-18", NUMBER,
         "sanitized"),
        ("Declassified and Approved For Release 2012/02/22 : CIA-RDP80R01443R000200010007-3", "2012-02-22", NUMBER,
         "full"),
        ("Approved for Release: 2019/10/23 C03193794", "2019-10-23", "03193794", None),
        ("Approved for Release: 2019/10/23 003193794", "2019-10-23", "03193794", None),
        ("Approved For Release 2003/13/08 : CIA-RDP80R01443R000200010007-3", None, NUMBER, None),  # month 13
        ("Approved For Release 2003/08/08 : CIA-RDP80R01443R00020001007-3", "2003-08-08", None, None),  # short
    ],
)
def test_banner_forms(line: str, date: str | None, number: str | None, kind: str | None) -> None:
    text = f"Some words before.\n{line}\nSome words after."
    (banner,) = find_banners(text)
    assert (banner.release_date, banner.number, banner.kind) == (date, number, kind)
    assert text[banner.start : banner.end].startswith(("Approv", "Declass", "Sanitized"))
    assert "words" not in banner.text


def test_banner_inside_a_space_joined_line_is_cut_exactly() -> None:
    text = "the end of page one. Approved For Release 2009/04/10: CIA-RDP80R01443R000200010007-3 22 October 1965 MEMO"
    (banner,) = find_banners(text)
    assert text[banner.end :] == " 22 October 1965 MEMO"
    assert text[: banner.start] == "the end of page one. "


@pytest.mark.parametrize(
    "prose",
    [
        "The plan was approved for release by the Director.",
        "Senate Committee also approved 18 staff appointments",
        "Release 2002/02/14 is the date.",
        "approved 2003/08/08",
    ],
)
def test_prose_is_not_a_banner(prose: str) -> None:
    assert find_banners(prose) == []


def test_fragment_lines_are_banners_without_data() -> None:
    banners = find_banners("text\nAppro~\nmore text\nApprov\n")
    assert [b.text for b in banners] == ["Appro~", "Approv"]
    assert all(b.number is None and b.release_date is None for b in banners)


def test_majority_wins_and_disagreement_is_recorded() -> None:
    text = "\n".join(
        [
            "Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3",
            "Approved For Release 2003/08/08 : CIA-RDP80R01443R000600010007-3",  # one misread digit
            "Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3",
        ]
    )
    verdict = vote(find_banners(text))
    assert verdict.number == NUMBER
    assert verdict.numbers == {NUMBER: 2, "CIA-RDP80R01443R000600010007-3": 1}
    assert verdict.disagreement
    assert any("disagree" in w for w in verdict.warnings)


def test_a_tie_reports_no_number() -> None:
    text = (
        "Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3\n"
        "Approved For Release 2003/08/08 : CIA-RDP80R01443R000600010007-3\n"
    )
    verdict = vote(find_banners(text))
    assert verdict.number is None
    assert verdict.release_date == "2003-08-08"
    assert verdict.warnings


def test_no_banners_no_verdict() -> None:
    verdict = vote([])
    assert (verdict.number, verdict.release_date, verdict.count) == (None, None, 0)


def test_adjacent_banners_make_one_boundary() -> None:
    line = "Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3"
    text = f"page one\n{line}\n\n{line}\npage two\n{line}\npage three"
    banners = find_banners(text)
    assert len(banners) == 3
    groups = page_boundaries(text, banners)
    assert len(groups) == 2
    assert text[groups[0][1] :].lstrip().startswith("page two")
