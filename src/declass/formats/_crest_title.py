"""A CREST document's title from its own words, for pages whose catalogue gives none.

Tried in order, each only in the head of the reading text:

1. a ``TITLE:`` line (Studies in Intelligence reprints);
2. the ``SUBJECT:`` line of a memo — in OCR bodies joined into one long line the subject
   runs on into the first sentence, so it is cut at the first numbered paragraph, label or
   sentence start;
3. the first heading-like line: mostly capitals, 2 to 14 words, not a release banner,
   classification marking, control or copy number, review marking, letterhead, date or
   newspaper masthead; a heading wrapped over consecutive lines is joined. A line that only
   names the document type ("CENTRAL INTELLIGENCE BULLETIN") is used when no better heading
   follows it;
4. in one-line OCR bodies, the capitalised words that follow a type heading
   ("MEMORANDUM FOR THE RECORD Morning Meeting of 24 January 1969 DD/I noted ...").

Nothing is invented: the title is the page's words (an all-capitals heading put in title
case), and `TitleFinding.evidence` says which words, read where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from declass.formats._crest_fields import title_case
from declass.text.banners import find_banners
from declass.text.dates import find_dates

_HEAD_CHARS = 4000
_HEAD_LINES = 45
#: A "line" longer than this is a page of OCR joined by spaces, not a printed line.
_RUN_IN_LINE = 200
_MAX_WORDS = 14
_MAX_SUBJECT_WORDS = 20

#: Phrases that name a document's type or series: a title only when nothing better follows.
TYPE_PHRASES = (
    "MEMORANDUM FOR THE RECORD",
    "CENTRAL INTELLIGENCE BULLETIN",
    "CURRENT INTELLIGENCE BULLETIN",
    "CURRENT INTELLIGENCE WEEKLY SUMMARY",
    "CURRENT INTELLIGENCE WEEKLY REVIEW",
    "SPECIAL NATIONAL INTELLIGENCE ESTIMATE",
    "NATIONAL INTELLIGENCE ESTIMATE",
    "CURRENT INTELLIGENCE MEMORANDUM",
    "INTELLIGENCE MEMORANDUM",
    "INFORMATION REPORT",
    "NSC BRIEFING",
    "DCI BRIEFING",
    "WEEKLY REPORT",
    "MEMORANDUM",
)
#: The type phrases that are also the title the archive gives such papers.
SERIES_PHRASES = frozenset(
    {
        "CENTRAL INTELLIGENCE BULLETIN",
        "CURRENT INTELLIGENCE BULLETIN",
        "CURRENT INTELLIGENCE WEEKLY SUMMARY",
        "CURRENT INTELLIGENCE WEEKLY REVIEW",
        "WEEKLY REPORT",
    }
)
_SMALL_WORDS = frozenset("of the and in on for to a an at by with from or de del la le des".split())

_TITLE_LABEL_RE = re.compile(r"(?im)^[ \t]*TITLE[ \t]*:[ \t]*(?P<value>\S[^\n]*)$")
_SUBJECT_RE = re.compile(r"(?i)(?<![A-Za-z])SUBJ(?:ECT)?[ \t]*:[ \t]*(?P<value>[^\n]*)")
# where a run-on subject stops: a numbered paragraph, another label, a review marking
_SUBJECT_STOP_RE = re.compile(
    r"\s(?:\d{1,2}\.\s|\(\d{1,2}\)\s|REF(?:ERENCE)?S?\s*:|FROM\s*:|TO\s*:|ATTACHMENT|ENCLOSURE|25X\d|STAT\b|SG1)"
    r"|[.;]\s"
)
_LABEL_RE = re.compile(
    r"^(?:MEMORANDUM\s+FOR|TO|FROM|SUBJ(?:ECT)?|REF(?:ERENCE)?S?|THROUGH|VIA|ATTN|ATTENTION|ATTACHMENT|ENCLOSURE"
    r"|DISTRIBUTION|CC|INFO|ACTION|DATE|TITLE|AUTHOR|VOLUME|ISSUE)\b\s*:?",
    re.IGNORECASE,
)
# words that mark a line as page furniture rather than a heading
_FURNITURE_RE = re.compile(
    r"APPROVED|RELEASE|CIA-RDP|COPY\s+NO|DOCUMENT\s+NO|NO\W+OF\s+PAGES|REPORT\s+NO|CD\s+NO|OCI\s+NO|\bNO\.\s*\d"
    r"|CLASSIF|DECLASS|SANITIZED|NEXT\s+REVIEW|REVIEWER|AUTH\s*:|HR\s+70|25X\d|\bSTAT(?:INTL)?\b|SG1|\(B\)\s*\(\d"
    r"|3\.[35]\(|EXECUTIVE\s+REGISTRY|ROUTING|CONTROL\s+NO|TABLE\s+OF\s+CONTENTS|^CONTENTS\b|ARTICLE\W+APPEARED"
    r"|ON\s+PAGE|PAGE\s+\d|\bPAGES?\b\s*\d|CONTINUED|ATTACHMENT|ENCLOSURE|DISTRIBUTION|FOIA|MORI|\bDOC\s*ID"
    r"|\bCLASS\b|STATI\s*NTL|DO\s+NOT\b|CIRCULATE|DESTROY|RETURN\s+TO|ROUTING|TRANSMITTAL|SLIP\b|SECRETARIAT"
    r"|THIS\s+MATERIAL|THIS\s+DOCUMENT|ESPIONAGE|U\.\s?S\.\s+CODE|AS\s+AMENDED|TRANSMISSION|REVELATION|UNAUTHORI"
    r"|INTELLIGENCE\s+(?:AGENCY|GROUP)|OPTIONAL|MAGAZINE|NEWSDAY|NATIONAL\s+DEFENSE|UNEVALUATED|ENCLS",
    re.IGNORECASE,
)
_MARKING_WORDS = frozenset(
    "TOP SECRET CONFIDENTIAL UNCLASSIFIED RESTRICTED NOFORN NO FOREIGN DISSEM DISSEMINATION EYES ONLY INTERNAL USE "
    "OFFICIAL LIMITED SECURITY INFORMATION SENSITIVE CONTROLLED ORCON NOCONTRACT WNINTEL WARNING NOTICE CODEWORD "
    "INTELLIGENCE SOURCES AND METHODS INVOLVED CONTAINS HANDLE VIA CHANNELS JOINTLY COMINT FOR SPECIAL".split()
)
_LETTERHEAD_RE = re.compile(
    r"^(?:\S{1,3}\s+)?(?:THE\s+)?(?:CENTRAL\s+INTELLIGENCE(?:\s+AGENCY)?|OFFICE\s+OF\b.*|DIRECTORATE\s+OF\b.*|DEPUTY\s+DIRECTOR\b.*"
    r"|(?:UNITED\s+STATES\s+)?DEPARTMENT\s+OF\b.*|FEDERAL\s+BUREAU\s+OF\s+INVESTIGATION|WHITE\s+HOUSE"
    r"|EXECUTIVE\s+OFFICE\b.*|WASHINGTON\b.*|NATIONAL\s+SECURITY\s+COUNCIL|UNITED\s+STATES\s+INTELLIGENCE\s+BOARD"
    r"|INTELLIGENCE\s+ADVISORY\s+COMMITTEE|THE\s+DIRECTOR(?:\s+OF\s+CENTRAL\s+INTELLIGENCE)?)$",
    re.IGNORECASE,
)
_LEADING_NON_STARTERS = frozenset("AND OR OF TO IN ON BY WITH FOR AT BUT NOR".split())
_MASTHEAD_WORDS = frozenset("TIMES POST JOURNAL TRIBUNE HERALD NEWS MONITOR STAR SUN GLOBE NEWSWEEK WEEK DAILY".split())
_LEADERS_RE = re.compile(r"(?:\.\s?){4,}\s*\d*\s*$")
_WORD_RE = re.compile(r"^[\"'(“‘]*[A-Za-z][A-Za-z'’.-]*[\"')”’:,]*$")


@dataclass(slots=True)
class TitleFinding:
    """A title read from the text and the words it was read from (for `evidence["title"]`)."""

    title: str
    evidence: str


def find_title(text: str) -> TitleFinding | None:
    """The document's title from its own words, or None when the head of the text names none."""
    head = text[:_HEAD_CHARS]
    return _title_label(head) or _subject(head) or _heading_line(head) or _run_in_after_type(head)


# -- labelled lines --------------------------------------------------------------------------


def _title_label(head: str) -> TitleFinding | None:
    match = _TITLE_LABEL_RE.search(head)
    if not match:
        return None
    value = _clean(match.group("value"))
    return TitleFinding(value, f"TITLE line: {match.group(0).strip()}") if _words(value) >= 2 else None


def _subject(head: str) -> TitleFinding | None:
    """The subject line; a subject run on into the body is cut where the body begins."""
    match = _SUBJECT_RE.search(head)
    if not match:
        return None
    value = match.group("value").strip()
    if len(value) > _RUN_IN_LINE or len(value.split()) > _MAX_SUBJECT_WORDS:
        value = _cut_run_on(value)
    value = _clean(value)
    if not plausible_subject(value):
        return None
    return TitleFinding(value, f"SUBJECT line: {match.group(0).strip()[:200]}")


def plausible_subject(value: str) -> bool:
    """Whether a subject line's words can title the paper: two words or more, not OCR debris.

    A routing slip's blank "SUBJECT: (Optional)" names no subject.
    """
    return _words(value) >= 2 and _mostly_words(value) and not re.fullmatch(r"\(.*\)", value.strip())


def _cut_run_on(value: str) -> str:
    """The subject's own words from a subject that runs on into the body of the memo."""
    stop = _SUBJECT_STOP_RE.search(value)
    if stop:
        value = value[: stop.start()]
    return _heading_run(value.split()) or ""


def _heading_run(words: list[str]) -> str | None:
    """The leading run of capitalised words (small words and numbers allowed) before a sentence starts.

    "Historical Farm Traces on Campus I had a call" -> "Historical Farm Traces on Campus": the
    run stops at "had", and its last capitalised word ("I") opened the sentence, so it goes too.
    """
    run: list[str] = []
    for word in words[: _MAX_SUBJECT_WORDS + 1]:
        core = word.strip("\"'()“”‘’,:;")
        if not core:
            continue
        if core[0].isupper() or core[0].isdigit() or core.lower() in _SMALL_WORDS:
            run.append(word)
            continue
        if run:
            run.pop()  # the capitalised word that began the sentence
        break
    else:
        if len(words) > _MAX_SUBJECT_WORDS:
            return None  # no end in sight: not a heading
    while run and run[-1].strip(",:;").lower() in _SMALL_WORDS:
        run.pop()
    text = " ".join(run).strip(" ,:;-")
    return text if sum(1 for w in run if len(w.strip(",.:;")) >= 3) >= 2 else None


# -- heading lines --------------------------------------------------------------------------


def _heading_line(head: str) -> TitleFinding | None:
    """The first heading-like line (wrapped headings joined); a bare type name only as a fallback."""
    lines = head.split("\n")[:_HEAD_LINES]
    fallback: TitleFinding | None = None
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if len(line) > _RUN_IN_LINE or not is_heading_like(line) or _in_contents(lines, i - 1):
            continue
        joined = [line]
        while i < len(lines) and len(joined) < 3 and is_heading_like(lines[i].strip()):
            joined.append(lines[i].strip())
            i += 1
        words = _clean(" ".join(joined))
        if _type_phrase(words):
            if _is_series(words):
                fallback = fallback or TitleFinding(title_case(words), f"type heading: {words}")
            continue
        return TitleFinding(title_case(words) if words.isupper() else words, f"heading line: {words}")
    return fallback


def _in_contents(lines: list[str], i: int) -> bool:
    """A line of a table of contents: a neighbour runs out to a page number over dot leaders."""
    near = lines[max(0, i - 1) : i + 2]
    return any(len(line) <= _RUN_IN_LINE and _LEADERS_RE.search(line) for line in near)


def is_heading_like(line: str) -> bool:
    """A short line mostly in capitals that is none of the page's furniture."""
    line = line.strip().rstrip(":").strip()
    words = line.split()
    if not 2 <= len(words) <= _MAX_WORDS:
        return False
    letters = [c for c in line if c.isalpha()]
    visible = [c for c in line if not c.isspace()]
    if len(letters) < 8 or len(letters) < 0.75 * len(visible):
        return False
    if sum(1 for c in letters if c.isupper()) < 0.8 * len(letters):
        return False
    if not _mostly_words(line) or _garbled(words):
        return False
    if _LABEL_RE.match(line) or _FURNITURE_RE.search(line) or _LETTERHEAD_RE.match(line):
        return False
    if find_banners(line):
        return False
    plain = [w.strip(".,;:()-/").upper() for w in words]
    if sum(1 for w in plain if w and w not in _MARKING_WORDS) < 2:
        return False  # a classification or handling marking
    if len(words) <= 4 and plain[-1] in _MASTHEAD_WORDS:
        return False  # a newspaper's name over a clipping
    return not any(d.offset <= 2 and d.end_offset >= len(line) - 2 for d in find_dates(line))


def _garbled(words: list[str]) -> bool:
    """OCR debris: starts in lower case, mixes cases inside a word, or is mostly single letters."""
    first = next((c for c in " ".join(words) if c.isalpha()), "")
    if first.islower() or any(re.search(r"[a-z][A-Z]", w) for w in words):
        return True
    if words[0].strip("\"'(").upper() in _LEADING_NON_STARTERS:
        return True  # a heading does not begin with "AND" or "OF": this is the middle of a sentence
    singles = sum(1 for w in words if sum(c.isalpha() for c in w) <= 1)
    if len(words) == 2 and min(sum(c.isalpha() for c in w) for w in words) < 4:
        return True  # "OAT VIEWER": two short words are more often a torn stamp than a heading
    return singles > len(words) / 4


def _is_series(words: str) -> bool:
    """A series name ("CENTRAL INTELLIGENCE BULLETIN") titles a paper; a kind ("MEMORANDUM") does not."""
    return re.sub(r"\s+", " ", words.upper()).strip(" .:") in SERIES_PHRASES


def _type_phrase(words: str) -> bool:
    squeezed = re.sub(r"\s+", " ", words.upper()).strip(" .:")
    return squeezed in TYPE_PHRASES


# -- one-line OCR bodies ----------------------------------------------------------------------


def _run_in_after_type(head: str) -> TitleFinding | None:
    """In a body joined into one line: the capitalised words after a type heading, else the heading."""
    for phrase in TYPE_PHRASES:
        match = re.search(rf"(?<![A-Z]){phrase}(?![A-Z])(?!\s*FOR\b)", head)
        if not match:
            continue
        # only the rest of the heading's own line: a printed line below it is another matter
        after = head[match.end() :].split("\n", 1)[0].split()
        run = _heading_run(after)
        if run and not run.isupper() and not _FURNITURE_RE.search(run) and _mostly_words(run):
            return TitleFinding(run, f"words after the type heading: {phrase} {run}")
        if _is_series(phrase):
            return TitleFinding(title_case(phrase), f"type heading: {phrase}")
    return None


# -- helpers ---------------------------------------------------------------------------------


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip(" :;,-")


def _words(value: str) -> int:
    return sum(1 for w in value.split() if sum(c.isalpha() for c in w) >= 2)


def _mostly_words(value: str) -> bool:
    """Whether the tokens read as words (OCR garbage does not): four in five at least."""
    tokens = value.split()
    if not tokens:
        return False
    good = sum(1 for t in tokens if _WORD_RE.match(t) or t.strip(",.;:()").isdigit() or t in {"-", "--", "&"})
    return good >= 0.8 * len(tokens)
