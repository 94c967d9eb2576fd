"""CREST release banners, recognised through OCR noise.

Every page of a CREST scan carries a banner at its head and foot:

    Approved For Release 2003/08/08 : CIA-RDP80R01443R000200010007-3
    Declassified in Part - Sanitized Copy Approved for Release 2012/01/23 : CIA-RDP...
    Sanitized Copy Approved for Release 2011/03/18: CIA-RDP88G00186R001201570007-3
    Approved for Release: 2019/10/23 C03193794

OCR garbles them in many ways (``Approve' or Release``, ``Rejse``, ``2009/0.1/06``,
``CIA-RDP80BO1676ROO2300080001 0``). `find_banners` finds each one with its offsets, the
release date and document number it shows (each None when it cannot be read), and the
release kind its wording states. `vote` takes the majority across a document's banners
and records any disagreement; a number is reported only when the banners support it.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from declass.text.crest_number import FULL_PREFIX_RE, PREFIX_RE, TAIL_WINDOW, read_crest_tail

# The banner's lead words. "Approved" survives OCR as Approve', Approfed, ApproWd, Approd,
# Appro~, pproved; the optional lead says whether the release was sanitized or in part.
_LEAD = (
    r"(?P<lead>(?:Declassified\s+(?:in\s+Part\s*[-–]\s*)?(?:and\s+)?)?(?:Sanitized\s+Copy\s+)?)"
)
_APPROVED = r"(?P<approved>(?<![A-Za-z])(?:[A�]pp?|pp)ro[A-Za-z'~`^4]{0,4}(?![A-Za-z]{3}))"
ANCHOR_RE = re.compile(_LEAD + _APPROVED)

# "For Release" and what OCR makes of it: For-94lease, F,Release, iR Iease, ANWRelease, Rise,
# Rele se, Rejse, Releaasse, Rel$ase, Fielease. Kept short so prose after a bare
# "Approved" is never swallowed.
_RELEASE_WORDS_RE = re.compile(
    r"[ \t]{0,2}(?:[Ff][o0]r?[a-z]?|F|for|ANW|iR|r)?[ \t,.\-'`]{0,2}"
    r"(?:R[A-Za-z0-9$&+~]{0,8}|Rel\w*|Re\w{0,6})?:?"
)

# A release date through OCR: 2003/08/08, 2004/07/Q8, 2009/0.1/06, 1999/08/24, 2001/0 04 (lost).
_D = r"[0-9OoQlI]"
DATE_RE = re.compile(
    rf"(?P<y>(?:19|2[0O]){_D}{_D})\s?/\s?(?P<m>{_D}\.?{_D}?)\s?/\s?(?P<d>{_D}{_D}?)(?![0-9])"
)
_ESDN_AFTER_DATE_RE = re.compile(r"\s?[:.,]?\s?(?:[C0]\s?)?(?P<esdn>\d{8})(?!\d)")
_WORDS_WINDOW = 24
_NUMBER_GAP_RE = re.compile(r"\s{0,3}[:;.,]?\s{0,3}_?")
# A lone fragment of a banner on a line of its own ("Approv", "Appro~", "App").
FRAGMENT_LINE_RE = re.compile(r"(?m)^[ \t]*(?:App|Appro\S{0,5}|Approved\s+Fo\S{0,3})[ \t]*$")
# A banner whose "Approved For" was lost: "REFERENCE Release 2002/02/14: ciA-RDP88...".
_RELEASE_ONLY_RE = re.compile(r"(?<![A-Za-z])Release\s+(?=(?:19|20)\d\d/)")

_DIGIT_MAP = str.maketrans({"O": "0", "o": "0", "Q": "0", "l": "1", "I": "1"})


@dataclass(slots=True)
class Banner:
    """One release banner found in a text, with what could be read from it."""

    start: int
    end: int
    text: str
    release_date: str | None = None
    date_text: str | None = None
    number: str | None = None
    number_text: str | None = None
    kind: str | None = None
    form: str = "approved"

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "release_date": self.release_date,
            "number": self.number,
            "kind": self.kind,
            "form": self.form,
        }


@dataclass(slots=True)
class BannerVerdict:
    """The majority reading of a document's banners, with the evidence for it."""

    number: str | None = None
    release_date: str | None = None
    kind: str | None = None
    marking: str | None = None
    count: int = 0
    numbers: dict[str, int] = field(default_factory=dict)
    dates: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def disagreement(self) -> bool:
        return len(self.numbers) > 1 or len(self.dates) > 1

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "number": self.number,
            "release_date": self.release_date,
            "kind": self.kind,
            "marking": self.marking,
            "numbers": dict(self.numbers),
            "dates": dict(self.dates),
            "kinds": dict(self.kinds),
            "disagreement": self.disagreement,
        }


def _release_kind(lead: str) -> tuple[str | None, str]:
    """The release kind and banner form stated by the banner's lead words."""
    lead = " ".join(lead.split()).lower()
    if "in part" in lead:
        return "in part", "declassified-in-part"
    if "sanitized" in lead:
        return "sanitized", "sanitized-copy"
    if lead.startswith("declassified"):
        return "full", "declassified-and-approved"
    return None, "approved"


def read_release_date(raw_y: str, raw_m: str, raw_d: str) -> str | None:
    """An ISO date from the banner's year/month/day as OCR left them; None when impossible."""
    y = raw_y.translate(_DIGIT_MAP)
    m = raw_m.replace(".", "").translate(_DIGIT_MAP)
    d = raw_d.translate(_DIGIT_MAP)
    if not (y.isdigit() and m.isdigit() and d.isdigit()) or len(m) != 2 or len(d) != 2:
        return None
    try:
        value = date(int(y), int(m), int(d))
    except ValueError:
        return None
    # CREST releases began in the 1990s; a banner date outside that is a misreading
    if not (1990 <= value.year <= 2035):
        return None
    return value.isoformat()


def _read_number_at(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """Read a CREST number starting at `pos` (after optional punctuation).

    Returns (number or None, the raw words, end offset). When the ``CIA-RDP`` prefix is
    there but the rest is unreadable, the unreadable word is still returned as part of the
    banner so it does not linger in the reading text.
    """
    gap = _NUMBER_GAP_RE.match(text, pos)
    at = gap.end() if gap else pos
    prefix = PREFIX_RE.match(text, at)
    if not prefix:
        return None, None, pos
    result = read_crest_tail(text[prefix.end() : prefix.end() + TAIL_WINDOW])
    if result:
        number, used = result
        end = prefix.end() + used
        return number.text, text[at:end], end
    end = prefix.end()
    while end < len(text) and not text[end].isspace():
        end += 1
    return None, text[at:end], end


def find_banners(text: str) -> list[Banner]:
    """Every release banner in `text`, in order, with what could be read from each."""
    banners: list[Banner] = []
    taken_until = 0
    for anchor in ANCHOR_RE.finditer(text):
        if anchor.start() < taken_until:
            continue
        banner = _banner_at(text, anchor)
        if banner:
            banners.append(banner)
            taken_until = banner.end
    claimed = _Claimed(banners)
    for match in _RELEASE_ONLY_RE.finditer(text):
        if claimed.covers(match.start()):
            continue
        banner = _banner_from_release(text, match)
        if banner:
            banners.append(banner)
            claimed.add(banner)
    for match in FULL_PREFIX_RE.finditer(text):
        # a number standing without its "Approved For Release" words
        if claimed.covers(match.start()):
            continue
        number, number_text, end = _read_number_at(text, match.start())
        if number_text is not None:
            banner = Banner(match.start(), end, text[match.start() : end], None, None, number, number_text,
                            None, "number-only")
            banners.append(banner)
            claimed.add(banner)
    for match in FRAGMENT_LINE_RE.finditer(text):
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        end = match.start() + len(match.group(0).rstrip())
        if claimed.covers(start):
            continue
        banner = Banner(start, end, text[start:end], form="fragment")
        banners.append(banner)
        claimed.add(banner)
    banners.sort(key=lambda b: b.start)
    return banners


class _Claimed:
    """The stretches of text already taken by a banner, asked "is this offset inside one?".

    Kept sorted by start so a lookup is a bisection, not a scan: an OCR text can hold
    thousands of banners. Stretches may overlap, so the lookup walks back over every
    stretch that starts close enough (within the longest one's length) to reach it.
    """

    def __init__(self, banners: list[Banner]) -> None:
        self._spans = sorted((b.start, b.end) for b in banners)
        self._longest = max((end - start for start, end in self._spans), default=0)

    def add(self, banner: Banner) -> None:
        insort(self._spans, (banner.start, banner.end))
        self._longest = max(self._longest, banner.end - banner.start)

    def covers(self, offset: int) -> bool:
        i = bisect_right(self._spans, (offset, float("inf"))) - 1
        while i >= 0 and self._spans[i][0] > offset - self._longest:
            start, end = self._spans[i]
            if start <= offset < end:
                return True
            i -= 1
        return False


def _banner_at(text: str, anchor: re.Match[str]) -> Banner | None:
    start = anchor.start()
    lead = anchor.group("lead")
    approved = anchor.group("approved")
    pos = anchor.end()
    number = number_text = None
    release_date = date_text = None
    # the date follows within a few garbled words ("For-94lease", "iR Iease", "ANWRelease")
    date_match = DATE_RE.search(text, pos, min(len(text), pos + _WORDS_WINDOW + 12))
    if date_match and (date_match.start() - pos > _WORDS_WINDOW or text.count(" ", pos, date_match.start()) > 6):
        date_match = None
    if date_match:
        release_date = read_release_date(date_match.group("y"), date_match.group("m"), date_match.group("d"))
        date_text = date_match.group(0)
        end = date_match.end()
        esdn = _ESDN_AFTER_DATE_RE.match(text, end)
        if esdn:
            number, number_text, end = esdn.group("esdn"), esdn.group(0).strip(" :.,"), esdn.end()
        else:
            number, number_text, number_end = _read_number_at(text, end)
            if number_text is not None:
                end = number_end
    else:
        words = _RELEASE_WORDS_RE.match(text, pos)
        end = words.end() if words and words.end() - pos <= _WORDS_WINDOW else pos
        prefix = PREFIX_RE.search(text, pos, min(len(text), pos + _WORDS_WINDOW + 8))
        if prefix:
            number, number_text, number_end = _read_number_at(text, prefix.start())
            if number_text is not None:
                end = number_end
    release_words = text[pos:end]
    strong_words = bool(re.match(r"[ \t]*(?:For\b|for\s+Release|F\S{0,2}\s*Rel)", release_words))
    if not date_match and number_text is None and not strong_words:
        # "Approved" alone is prose unless the banner's lead words came with it
        if not (lead.strip() and "Approved" in approved):
            return None
    if approved[:1].islower() and not (date_match or number_text):
        return None
    end = _trim_end(text, start, end)
    kind, form = _release_kind(lead)
    if number and number.isdigit():
        form = "foia-esdn" if form == "approved" else form
    return Banner(start, end, text[start:end], release_date, date_text, number, number_text, kind, form)


def _banner_from_release(text: str, match: re.Match[str]) -> Banner | None:
    date_match = DATE_RE.match(text, match.end())
    if not date_match:
        return None
    number, number_text, end = _read_number_at(text, date_match.end())
    if number_text is None:
        return None  # "Release 2002/02/14" alone may be prose
    release_date = read_release_date(date_match.group("y"), date_match.group("m"), date_match.group("d"))
    return Banner(
        match.start(), end, text[match.start() : end], release_date, date_match.group(0), number, number_text,
        None, "release-only",
    )


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def vote(banners: list[Banner]) -> BannerVerdict:
    """The majority number, release date and kind across `banners`, with the tallies.

    A number is reported only when more banners show it than any other reading; a tie
    between different readings yields no number (and a warning), never a pick.
    """
    verdict = BannerVerdict(count=len(banners))
    numbers = Counter(b.number for b in banners if b.number)
    dates = Counter(b.release_date for b in banners if b.release_date)
    kinds = Counter(b.kind for b in banners if b.kind)
    verdict.numbers, verdict.dates, verdict.kinds = dict(numbers), dict(dates), dict(kinds)
    verdict.number = _majority(numbers)
    if numbers and verdict.number is None:
        verdict.number = _per_character_consensus([b.number for b in banners if b.number])
        if verdict.number is None:
            verdict.warnings.append(
                "banners disagree on the document number (" + ", ".join(f"{n} ×{c}" for n, c in numbers.items())
                + "); none is reported"
            )
    elif len(numbers) > 1:
        verdict.warnings.append(
            "banners disagree on the document number; the majority reading "
            f"{verdict.number} is used ({', '.join(f'{n} ×{c}' for n, c in numbers.items())})"
        )
    verdict.release_date = _majority(dates)
    if dates and verdict.release_date is None:
        verdict.warnings.append("banners disagree on the release date; none is reported")
    verdict.kind = _majority(kinds)
    readable = [b for b in banners if b.number == verdict.number and b.release_date == verdict.release_date]
    clean = [b for b in readable if b.number and b.release_date]
    if clean:
        # cite a banner that shows the number as read, if any does, rather than a garbled one
        exact = [b for b in clean if b.number_text and b.number and b.number in b.number_text.replace("C", "", 1)
                 or (b.number_text or "").endswith(b.number or "\0")]
        verdict.marking = " ".join((exact or clean)[0].text.split())
    return verdict


def _majority(counter: Counter[str]) -> str | None:
    if not counter:
        return None
    ranked = counter.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _per_character_consensus(readings: list[str]) -> str | None:
    """A position-by-position majority over three or more same-length readings."""
    if len(readings) < 3 or len({len(r) for r in readings}) != 1:
        return None
    out = []
    for chars in zip(*readings, strict=True):
        ranked = Counter(chars).most_common()
        if len(ranked) > 1 and ranked[0][1] * 2 <= len(chars):
            return None
        out.append(ranked[0][0])
    consensus = "".join(out)
    return consensus if consensus in readings else None


def page_boundaries(text: str, banners: list[Banner]) -> list[tuple[int, int]]:
    """Group banners separated only by white space; each group is one page boundary.

    Returns the (start, end) of each group, in order.
    """
    groups: list[tuple[int, int]] = []
    for banner in banners:
        if groups and not text[groups[-1][1] : banner.start].strip():
            groups[-1] = (groups[-1][0], banner.end)
        else:
            groups.append((banner.start, banner.end))
    return groups
