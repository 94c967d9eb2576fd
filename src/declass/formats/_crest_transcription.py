"""Transcriptions of CREST scans with their handwritten revisions, into text and spans.

The transcription convention (as in the collection's seed briefing):

- ``~~struck text~~`` — typed words struck through: a `deletion` span;
- ``^{written in}`` — words written in above the line: an `insertion` span;
- ``[^]`` — a caret with nothing legible beside it: an empty `caret` span where it stands;
- ``*words*`` (or a line ending in a lone ``*``) — handwriting: a `marginal_note` span;
- ``- `` at a line's start — the transcriber's list bullet, not part of the page;
- banner lines — removed; each run of banners marks a page boundary.

Both the struck and the written-in words stay in the text, so the original and the revised
readings are derived from it (`Document.reading`).
"""

from __future__ import annotations

import re

from declass.text.banners import Banner, find_banners
from declass.text.builder import TextBuilder

_BULLET_RE = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+(?=\S)")
# An insertion's words stop at the next "^{": an opening mark that is never closed then costs
# one short scan, not a scan to the end of the text for every later mark.
_TOKEN_RE = re.compile(
    r"~~(?P<deletion>.+?)~~"
    r"|\^\{(?P<insertion>(?:[^}^]|\^(?!\{))*)\}"
    r"|(?P<caret>\[\^\])"
    r"|(?<![*\w])\*(?P<hand>[^*\n]+?)\*(?![*\w])"
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!$~^])",
    re.DOTALL,
)
_BOUNDARY = "\x00"
_MARKUP_HINTS = ("~~", "^{", "[^]")


def looks_like_transcription(text: str) -> bool:
    """True when the text uses the revision markup (struck, inserted or caret marks)."""
    head = text[:65536]
    return sum(head.count(hint) for hint in _MARKUP_HINTS) >= 2


def _is_banner_line(line: str, banners: list[Banner]) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    covered = sum(b.end - b.start for b in banners)
    return bool(banners) and covered >= 0.6 * len(stripped)


def _logical_lines(text: str) -> tuple[str, list[Banner]]:
    """Drop bullets and banner lines (leaving a boundary mark); close a lone trailing ``*``."""
    out: list[str] = []
    all_banners: list[Banner] = []
    for line in text.split("\n"):
        banners = find_banners(line)
        if _is_banner_line(line, banners):
            all_banners.extend(banners)
            out.append(_BOUNDARY)
            continue
        bullet = _BULLET_RE.match(line)
        if bullet and not line.lstrip().startswith(("**", "*[")) and not _closes_italic(line):
            line = bullet.group("indent") + line[bullet.end() :]
        stripped = line.rstrip()
        if stripped.endswith("*") and not stripped.endswith("\\*") and stripped.count("*") % 2 == 1:
            # "professed*": a handwritten word whose opening mark the transcriber left out
            body = stripped[:-1]
            lead = len(body) - len(body.lstrip())
            line = body[:lead] + "*" + body[lead:] + "*"
        out.append(line)
    return "\n".join(out), all_banners


def _closes_italic(line: str) -> bool:
    """A line like ``*under extension.*`` whose leading star opens handwriting, not a bullet."""
    stripped = line.strip()
    return stripped.startswith("*") and stripped.endswith("*") and not stripped.startswith("* ")


def build_transcription(text: str) -> tuple[TextBuilder, list[int], list[Banner]]:
    """Turn transcription markup into reading text and spans.

    Returns the builder (text + deletion/insertion/caret/marginal_note spans), the offsets
    where page boundaries fall, and the banners that were removed.
    """
    logical, banners = _logical_lines(text)
    b = TextBuilder()
    boundaries: list[int] = []
    pos = 0
    for match in _TOKEN_RE.finditer(logical):
        _append_plain(b, logical[pos : match.start()], boundaries)
        pos = match.end()
        if match.group("deletion") is not None:
            b.add(match.group("deletion"), "deletion", marker="~~")
        elif match.group("insertion") is not None:
            b.add(match.group("insertion"), "insertion", marker="^{}", hand="handwriting")
        elif match.group("caret") is not None:
            at = len(b)
            b.mark(at, at, "caret", marker="[^]")
        elif match.group("hand") is not None:
            b.add(match.group("hand"), "marginal_note", hand="handwriting", marker="*")
        else:
            b.append(match.group("escaped"))
    _append_plain(b, logical[pos:], boundaries)
    return b, boundaries, banners


def _append_plain(b: TextBuilder, piece: str, boundaries: list[int]) -> None:
    """Append untagged text; a boundary mark becomes a paragraph break and a page boundary."""
    parts = piece.split(_BOUNDARY)
    for i, part in enumerate(parts):
        if i:
            b.ensure_break("\n\n")
            if not boundaries or boundaries[-1] != len(b):
                boundaries.append(len(b))
            part = part.lstrip("\n")
        # (asked only when it matters: the builder joins its whole text to answer)
        if part.startswith("\n") and b.ends_with("\n\n"):
            part = part.lstrip("\n")
        b.append(re.sub(r"\n{3,}", "\n\n", part))
