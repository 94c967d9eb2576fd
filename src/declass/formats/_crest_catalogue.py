"""The CIA reading room's catalogue block, in each of the layouts a saved page shows.

A reading-room page opens with a title, then labelled fields ("Document Number (FOIA)
/ESDN (CREST):", "Release Decision:", ...) each followed by its value on the next line, a
"File:" attachment block, and "Body:" before the OCR text. Four layouts occur: values on
their own lines with a markdown attachment table; the same with an "AttachmentSize / PDF
icon" block; a layout where several values are not rendered (blank) and the body follows
the "PDF icon" line with no "Body:" label; and a minimal print layout with only the number
and the body. `split_page` returns the fields exactly as shown (blank ones as None), the
title, and where the body starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The catalogue's labels as the reading room prints them.
LABELS = (
    "Document Type",
    "Collection",
    "Document Number (FOIA) /ESDN (CREST)",
    "Release Decision",
    "Original Classification",
    "Document Page Count",
    "Document Creation Date",
    "Document Release Date",
    "Sequence Number",
    "Case Number",
    "Publication Date",
    "Content Type",
    "File",
)
_LABEL_RE = re.compile(r"^(?P<label>" + "|".join(re.escape(label) for label in LABELS) + r"):[ \t]*(?P<value>.*)$")
_BODY_RE = re.compile(r"^Body:[ \t]*(?P<value>.*)$")
_FILE_LINE_RE = re.compile(r"^(?:PDF icon |AttachmentSize$|Attachment \| Size \|$)")
#: Enough of these labels in a file's head means it is a reading-room page.
SIGNATURE = "Document Number (FOIA) /ESDN (CREST)"

#: Original Classification letter -> level (domain notes §1.4). K is "not determined".
CLASSIFICATION_LETTERS = {
    "U": "unclassified",
    "C": "confidential",
    "S": "secret",
    "T": "top secret",
    "R": "restricted",
    "K": "unknown",
}

#: Release Decision -> release kind. Only the first three letters carry the kind.
DECISION_KINDS = {"RIP": "in part", "RIF": "full"}


@dataclass(slots=True)
class CataloguePage:
    """A reading-room page split into its catalogue fields, title and body."""

    fields: dict[str, str | None] = field(default_factory=dict)
    title: str | None = None
    body_start: int = 0
    layout: str = "unknown"

    def get(self, label: str) -> str | None:
        return self.fields.get(label)


def looks_like_catalogue(text: str) -> bool:
    return SIGNATURE in text[:8192]


def split_page(text: str) -> CataloguePage:
    """Split a reading-room page into catalogue fields, title and the body's start offset."""
    page = CataloguePage()
    lines = text.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    title_lines: list[str] = []
    i = 0
    seen_label = False
    body_start: int | None = None
    while i < len(lines):
        line = lines[i].rstrip()
        body = _BODY_RE.match(line)
        if body and seen_label:
            inline = body.group("value")
            if inline.strip():
                body_start = offsets[i] + (len(lines[i]) - len(lines[i].lstrip())) + line.index(inline)
            else:
                body_start = offsets[i + 1] if i + 1 < len(lines) else len(text)
            page.layout = "labelled-body"
            break
        match = _LABEL_RE.match(line)
        if match:
            seen_label = True
            label, value = match.group("label"), match.group("value").strip()
            if label == "File":
                value_lines = [value] if value else []
                j = i + 1
                while j < len(lines) and not _BODY_RE.match(lines[j].rstrip()) and not _LABEL_RE.match(lines[j]):
                    value_lines.append(lines[j].rstrip())
                    j += 1
                page.fields[label] = "\n".join(value_lines).strip() or None
                i = j
                continue
            if not value and i + 1 < len(lines):
                nxt = lines[i + 1].rstrip()
                is_other = _LABEL_RE.match(nxt) or _BODY_RE.match(nxt) or _FILE_LINE_RE.match(nxt)
                if nxt.strip() and not is_other:
                    value = nxt.strip()
                    i += 1
            page.fields[label] = value or None
            i += 1
            continue
        if seen_label and _FILE_LINE_RE.match(line):
            # the blank-values layout: an unlabelled "PDF icon" line, then the body
            page.fields.setdefault("File", line.strip())
            body_start = offsets[i + 1] if i + 1 < len(lines) else len(text)
            page.layout = "unlabelled-file-line"
            break
        if not seen_label:
            if line.strip() and not line.startswith("Published on CIA FOIA"):
                title_lines.append(line.strip())
        elif line.strip():
            # text after the labels with neither "Body:" nor a file line: the body itself
            body_start = offsets[i]
            page.layout = "unlabelled-body"
            break
        i += 1
    page.title = " ".join(title_lines) or None
    page.body_start = len(text) if body_start is None else min(body_start, len(text))
    return page


def classification_level(letter: str | None) -> str | None:
    """The level for an Original Classification letter; None for blank or unknown letters."""
    if not letter:
        return None
    return CLASSIFICATION_LETTERS.get(letter.strip().upper())


def decision_kind(decision: str | None) -> str | None:
    if not decision:
        return None
    return DECISION_KINDS.get(decision.strip().upper()[:3])
