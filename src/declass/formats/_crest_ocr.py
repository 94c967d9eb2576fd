"""OCR text of CREST scans into reading text: banners out, page boundaries in.

OCR bodies come either one line per printed line or, on some reading-room pages, as one
long line with the page's words joined by spaces. Either way the banners are cut out of
the text (each run of banners is one page boundary) and the rest is kept as it was read.
"""

from __future__ import annotations

import re

from declass.text.banners import Banner, find_banners, page_boundaries
from declass.text.builder import TextBuilder

_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def append_ocr_text(b: TextBuilder, raw: str, boundaries: list[int]) -> list[Banner]:
    """Append `raw` without its banners; record each banner run's offset in `boundaries`.

    Returns the banners found (offsets relative to `raw`).
    """
    banners = find_banners(raw)
    pos = 0
    for start, end in page_boundaries(raw, banners):
        _append_piece(b, raw[pos:start])
        if len(b) and b.text.strip():
            b.ensure_break("\n\n")
            if not boundaries or boundaries[-1] != len(b):
                boundaries.append(len(b))
        pos = end
    _append_piece(b, raw[pos:])
    return banners


def _append_piece(b: TextBuilder, piece: str) -> None:
    piece = _BLANK_RUN.sub("\n\n", piece)
    if not b.text.strip():
        piece = piece.lstrip()
    elif b.ends_with("\n"):
        piece = piece.lstrip(" \t\n")
    else:
        # a banner cut out of a space-joined line leaves a gap of its own; keep one space
        if b.ends_with(" ") or b.ends_with("\n"):
            piece = piece.lstrip(" \t")
    b.append(piece.rstrip(" \t") if piece.endswith((" ", "\t")) else piece)
