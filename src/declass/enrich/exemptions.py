"""Exemption and review codes → meaning and legal basis on every `redaction` span.

Readers mark what was withheld (`redaction` spans with the page's `marker` and, where
they read one, a `code`: `25X1`, `(b)(3)`, `STAT`, `FRUS-omission`, ...). This enricher
completes each span that lacks a `meaning` or `basis`, from two tables:

- `data/review_codes.csv` (E.O. 25X codes, FOIA (b)(n), E.O. sections, STAT, page denials),
  through `declass.text.review_marks.describe_code`;
- `data/frus_omissions.csv` for the FRUS editors' brackets: "[3 lines not declassified]"
  (still classified), "[name not declassified]", and "[Omitted here is …]" (left out as
  unrelated, nothing withheld for security).

A FRUS "not declassified" bracket that no reader marked becomes a `redaction` span here,
with the amount withheld (`amount`, `unit`) read from its words. Values a reader set are
never overwritten.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from typing import Any

from declass.data import data_path
from declass.model import Document

NAME = "exemptions"
ASSIGNS = ("redaction",)
REQUIRES: tuple[str, ...] = ()

_AMOUNT = r"(?:less than )?(?:\d+(?:[½¼¾]|\s?1/2)?|[½¼¾]|one|two|three|four|five|six)"
_NOT_DECLASSIFIED = re.compile(
    rf"\[(?P<body>(?P<amount>{_AMOUNT})\s+(?P<unit>lines?|paragraphs?|pages?|columns?|rows?)"
    r"(?:\s+\([^)\]]{1,30}\))?(?:\s+of source text)?\s+not declassified|"
    r"(?P<noun>[a-z]+(?: [a-z]+){0,3}) not declassified)\]",
    re.IGNORECASE,
)
_EDITORIAL = re.compile(r"\[(?:Omitted here|Here follows?)\b[^\]]{0,400}\]")


@lru_cache(maxsize=1)
def frus_table() -> dict[str, dict[str, str]]:
    """The FRUS bracket table, code → row."""
    with data_path("frus_omissions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def _describe_review_code(code: str) -> dict[str, str] | None:
    try:
        from declass.text.review_marks import describe_code
    except ImportError:  # the review-code table ships with the CREST reader
        return None
    return describe_code(code)


def describe(code: str | None, marker: str) -> dict[str, Any]:
    """Meaning, basis and (for FRUS brackets) amount of a withholding, from its code or words."""
    m = _NOT_DECLASSIFIED.fullmatch(marker.strip())
    if m or (code or "").startswith("FRUS-omission"):
        info: dict[str, Any] = {}
        if m and m.group("noun"):
            row = frus_table()["FRUS-omission-noun"]
            info["withheld"] = m.group("noun").lower()
        else:
            row = frus_table()["FRUS-omission"]
            if m:
                info["amount"] = m.group("amount")
                info["unit"] = m.group("unit").lower().rstrip("s")
        info.update(code=row["code"], meaning=row["meaning"], basis=row["legal_basis"] or None)
        return info
    if _EDITORIAL.fullmatch(marker.strip()) or code == "FRUS-editorial-omission":
        row = frus_table()["FRUS-editorial-omission"]
        return {"code": row["code"], "meaning": row["meaning"], "basis": None}
    for candidate in (code, marker):
        if candidate:
            found = _describe_review_code(candidate)
            if found:
                return {"code": found.get("code"), "meaning": found.get("meaning"),
                        "basis": found.get("legal_basis") or None}
    return {}


def enrich(doc: Document) -> Document:
    """Complete every `redaction` span; mark FRUS "not declassified" brackets no reader marked."""
    redactions = doc.spans_of("redaction")
    for span in redactions:
        if span.attrs.get("meaning") and "basis" in span.attrs:
            continue
        marker = str(span.attrs.get("marker") or doc.span_text(span))
        for key, value in describe(span.attrs.get("code"), marker).items():
            if span.attrs.get(key) is None:
                span.attrs[key] = value
    covered = [(s.start, s.end) for s in redactions]
    for m in _NOT_DECLASSIFIED.finditer(doc.text):
        if any(s < m.end() and m.start() < e for s, e in covered):
            continue
        doc.add_span(m.start(), m.end(), "redaction", marker=m.group(0), **describe(None, m.group(0)))
    return doc
