"""Estimative and evidential language → `judgment` spans.

A clause (a sentence, or a part of one between semicolons) that says how likely
something is — "almost certainly", "probably", "it is doubtful" — or what the evidence
for it is — "cannot be confirmed", "no evidence", "reportedly" — becomes one `judgment`
span with:

- `phrase`: the words that carry the weight, as printed;
- `kent`: the band on Sherman Kent's 1964 scale (certain, almost certain, probable,
  chances about even, probably not, almost certainly not, impossible, or "possible" for
  his general area of possibility, which has no number);
- `icd203`: the band of ICD 203 (almost no chance … almost certain), None where the
  phrase has none (possibility words, "we judge");
- `polarity`: positive or negative (a negative phrase, or "not" next to a positive one:
  "will probably not" → probably not / unlikely), neutral for pure evidential phrases;
- `evidential`: kept apart from probability — unconfirmed, no evidence, no information,
  reported, rumored, alleged, unevaluated, confirmed — or None;
- `phrases`: every estimative or evidential phrase of the clause;
- `sentence`: the clause's words, white space folded;
- `struck`: True when the clause lies in a passage the writer struck out.

The phrases and their bands are data: `data/estimative.csv`.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from declass.data import data_path
from declass.model import Document
from declass.text.automata import AhoCorasick, automaton, find_all

NAME = "judgments"
ASSIGNS = ("judgment",)
REQUIRES: tuple[str, ...] = ()

_NEGATED_KENT = {"certain": "impossible", "almost certain": "almost certainly not", "probable": "probably not",
                 "probably not": "probable", "almost certainly not": "almost certain"}
_NEGATED_ICD = {"almost certain": "almost no chance", "very likely": "very unlikely", "likely": "unlikely",
                "unlikely": "likely", "very unlikely": "very likely", "almost no chance": "almost certain"}
_NEGATION = re.compile(r"\b(?:not|never|no longer|hardly)\b|n't\b", re.IGNORECASE)

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen adm col lt capt maj sgt st no nos pp p cf ibid sec secs jan feb mar apr jun jul aug sep "
    "sept oct nov dec u.s u.k u.n vol op etc vs e.g i.e rev sr jr inc co corp dept govt amb".split()
)
_BOUNDARY = re.compile(r"[.!?]['\"”’)]*\s+(?=[\"“‘(\[]?[A-Z0-9])|;\s+|:\s*\n|\n\s*\n")
_LABEL = re.compile(r"(?:[-•*]\s+|[A-Z]{1,4}\.\s+|\d{1,3}\.\s+|\([a-z0-9]\)\s+)+")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A row of the estimative table."""

    phrase: str
    kent: str | None
    icd203: str | None
    polarity: str
    evidential: str | None


@lru_cache(maxsize=1)
def phrase_table() -> dict[str, Phrase]:
    """The estimative and evidential phrases, lower-case phrase → row."""
    with data_path("estimative.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["phrase"].lower(): Phrase(
                row["phrase"], row["kent"] or None, row["icd203"] or None, row["polarity"], row["evidential"] or None
            )
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=1)
def _phrase_pattern() -> re.Pattern[str]:
    phrases = sorted(phrase_table(), key=len, reverse=True)
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _phrase_automaton() -> tuple[AhoCorasick, list[str]]:
    """The automaton over every phrase of the table, and the phrases in its pattern order."""
    phrases = list(phrase_table())
    return automaton(phrases), phrases


def phrase_matches(text: str) -> list[tuple[int, int, str]]:
    """`(start, end, table key)` of every estimative or evidential phrase as whole words, any case.

    Leftmost-longest: "almost certainly not" is one phrase, not "almost certainly" + "not".
    """
    folded = _folded(text)
    if folded is None:  # a rare letter whose lower case is longer: use the pattern
        return [(m.start(), m.end(), " ".join(m.group(0).lower().split())) for m in _phrase_pattern().finditer(text)]
    return _automaton_matches(folded)


def _folded(text: str) -> str | None:
    """The text in lower case with plain spaces for white space; None if that changes its length."""
    # str.replace is far quicker than str.translate
    folded = text.replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("\u00a0", " ").lower()
    return folded if len(folded) == len(text) else None


def _joins_word(ch: str) -> bool:
    """A character that would make a phrase next to it part of a longer word."""
    return ch.isalnum() or ch in "-_"


def _automaton_matches(folded: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    finder, phrases = _phrase_automaton()
    size = len(folded)
    for index, start, end in find_all(finder, folded):
        if not ((start and _joins_word(folded[start - 1])) or (end < size and _joins_word(folded[end]))):
            found.append((start, end, phrases[index]))
    found.sort(key=lambda f: (f[0], -f[1]))
    chosen: list[tuple[int, int, str]] = []
    for match in found:
        if not chosen or match[0] >= chosen[-1][1]:
            chosen.append(match)
    return chosen


def _matches_within(
    matches: list[tuple[int, int, str]], folded: str, start: int, end: int
) -> list[tuple[int, int, str]] | None:
    """What `phrase_matches(text[start:end])` gives, taken from the whole text's matches.

    None when the two might differ: a word runs on over an edge of the stretch, or a phrase
    of the whole text crosses one.
    """
    if (start and _joins_word(folded[start - 1])) or (end < len(folded) and _joins_word(folded[end])):
        return None
    first = bisect.bisect_left(matches, (start,))
    if first and matches[first - 1][1] > start:
        return None
    inside: list[tuple[int, int, str]] = []
    for match_start, match_end, key in matches[first:]:
        if match_start >= end:
            break
        if match_end > end:
            return None
        inside.append((match_start - start, match_end - start, key))
    return inside


def clause_around(text: str, pos: int, reach: int = 800) -> tuple[int, int]:
    """The clause holding offset `pos`, found by reading at most `reach` characters each way."""
    start = clause_start(text, pos, reach)
    end = min(len(text), pos + reach)
    for m in _BOUNDARY.finditer(text, pos, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        end = m.start() + (1 if text[m.start()] in ".!?" else 0)
        break
    return _trim(text, start, end)


#: most clauses open within this many characters before a phrase: read that far first
_NEAR = 200


def clause_start(text: str, pos: int, reach: int = 800) -> int:
    """Where the clause holding `pos` opens: after the last true boundary at most `reach` before it."""
    start = _last_boundary(text, pos, _NEAR) if reach > _NEAR else None
    if start is None:
        start = _last_boundary(text, pos, reach, fallback=True)
    return start


def _last_boundary(text: str, pos: int, reach: int, *, fallback: bool = False) -> int | None:
    """The end of the last true boundary within `reach` before `pos`.

    The boundaries are read from the end, so that only the last few are tested for an
    abbreviation's point. A boundary is trusted only if it is not the first one found: the
    first may be the cut-off end of a longer one that opens before the stretch read. When
    none is trusted, None, unless `fallback` (the whole reach was read): then the stretch's start.
    """
    lo = max(0, pos - reach)
    found = list(_BOUNDARY.finditer(text, lo, min(len(text), pos + 3)))  # the look-ahead needs the next letters
    for index in range(len(found) - 1, -1, -1):
        m = found[index]
        if m.end() <= pos and not (text[m.start()] == "." and _is_abbreviation(text, m.start())):
            return m.end() if index or fallback or lo == 0 else None
    return lo if fallback or lo == 0 else None


def clauses(text: str) -> list[tuple[int, int]]:
    """Split text into clauses: sentences, parts between semicolons, paragraphs."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        bounds.append((start, m.start() + (1 if text[m.start()] in ".!?" else 0)))
        start = m.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in bounds) if e > s]


_WORD_BEFORE_POINT = re.compile(r"[\w.]+$")
_INITIALISM = re.compile(r"[a-z]|(?:[a-z]\.)+[a-z]")  # "p", "u.s", "e.g"


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _WORD_BEFORE_POINT.search(text, max(0, dot - 12), dot)
    if not word:
        return False
    token = word.group(0).lower()
    return token in _ABBREVIATIONS or _INITIALISM.fullmatch(token) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space and an outline label ("N. ", "- ") from the ends of a clause."""
    while start < end and text[start].isspace():
        start += 1
    label = _LABEL.match(text, start, end)
    if label:
        start = label.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_month(text: str, start: int, end: int) -> bool:
    """'May' the month ("May 5", "5 May 1954"), not the verb."""
    if text[start:end] != "May":
        return False
    return bool(re.match(r"\s+\d", text[end : end + 3]) or re.search(r"\d\s+$", text[max(0, start - 4) : start]))


def _in_heading(clause: str, start: int) -> bool:
    """A capitalised phrase inside a title-case line ("Counteracting Possible Misinterpretation")."""
    if start == 0 or not clause[start].isupper():
        return False
    words = [w for w in clause.split() if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) > 1 and capitalised / len(words) > 0.6


def _negated(clause: str, start: int, end: int) -> bool:
    """A negation within two words before or after the phrase ("will probably not", "is not likely")."""
    before = " ".join(clause[:start].split()[-2:])
    after = " ".join(clause[end:].split()[:2])
    return bool(_NEGATION.search(before) or _NEGATION.search(after))


def judge(clause: str, matches: list[tuple[int, int, str]] | None = None) -> dict[str, object] | None:
    """The judgment attributes of one clause, or None when it carries no estimative language.

    `matches` are the clause's `phrase_matches` when the caller has them already.
    """
    table = phrase_table()
    likelihood: tuple[Phrase, str, bool] | None = None
    evidential: Phrase | None = None
    seen: list[str] = []
    for start, end, key in phrase_matches(clause) if matches is None else matches:
        if _is_month(clause, start, end) or _in_heading(clause, start):
            continue
        words = clause[start:end]
        row = table[key]
        seen.append(" ".join(words.split()))
        if row.evidential:
            evidential = evidential or row
            continue
        negated = row.polarity == "positive" and _negated(clause, start, end)
        # a quantified band is more telling than a bare possibility word
        if likelihood is None or (likelihood[0].kent == "possible" and row.kent != "possible"):
            likelihood = (row, " ".join(words.split()), negated)
    if likelihood is None and evidential is None:
        return None
    attrs: dict[str, object] = {"phrase": None, "kent": None, "icd203": None, "polarity": "neutral",
                                "evidential": evidential.evidential if evidential else None}
    if likelihood is not None:
        row, words, negated = likelihood
        attrs["phrase"] = words
        attrs["kent"] = _NEGATED_KENT.get(row.kent or "", row.kent) if negated else row.kent
        attrs["icd203"] = _NEGATED_ICD.get(row.icd203 or "", row.icd203) if negated else row.icd203
        attrs["polarity"] = "negative" if negated else row.polarity
    elif evidential is not None:
        attrs["phrase"] = next(p for p in seen if phrase_table()[p.lower()].evidential)
        attrs["polarity"] = evidential.polarity
    attrs["phrases"] = seen
    attrs["sentence"] = " ".join(clause.split())
    return attrs


def enrich(doc: Document) -> Document:
    """Add a `judgment` span over every clause with estimative or evidential language."""
    text = doc.text
    folded = _folded(text)
    matches = phrase_matches(text) if folded is None else _automaton_matches(folded)
    if not matches:
        return doc
    existing = {(s.start, s.end) for s in doc.spans if s.kind == "judgment"}
    deletions = sorted((s.start, s.end) for s in doc.spans if s.kind == "deletion")
    last_end = -1
    for hit, _, _ in matches:
        if hit < last_end:  # already judged with its clause
            continue
        start, end = clause_around(text, hit)
        last_end = max(end, hit + 1)
        if end <= start or (start, end) in existing:
            continue
        # the clause's phrases are the whole text's, where they are sure to be the same
        attrs = judge(text[start:end], _matches_within(matches, folded, start, end) if folded is not None else None)
        if attrs is None:
            continue
        if deletions and any(s <= start and end <= e for s, e in deletions):
            attrs["struck"] = True
        doc.add_span(start, end, "judgment", **attrs)
    return doc
