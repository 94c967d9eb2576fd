"""Fields read from the words of a FRUS document: title, kind, parties, omission brackets.

These work on text already taken out of the XML, so the same rules apply to a heading
however it was marked up.
"""

from __future__ import annotations

import re
from typing import Any

_NUMBERED_HEAD = re.compile(r"^\s*(\d+[A-Za-z]?)\.\s+")
_EDITORIAL_NOTE = re.compile(r"^\s*(?:\d+[A-Za-z]?\.\s+)?Editorial Note\b", re.IGNORECASE)

# where the kind of document ends and its parties begin ("... From X to Y", "... by X")
_PARTY_BOUNDARY = re.compile(r"\s+(?:From|from|to|by|By|Between|between|Prepared|Sent|for(?! the (?:Record|Files)))\s")

#: nouns that name a kind of document; the kind runs up to the last of them before the parties
_GENRE_NOUNS = frozenset(
    """memorandum memo letter telegram airgram message minutes report estimate directive note notes paper
    study record records files release statement address remarks transcript conversation summary conclusions
    instruction despatch dispatch cable agreement communiqué communique speech testimony briefing analysis
    assessment points aide-mémoire aide-memoire circular diary entry editorial outline draft order
    proclamation resolution declaration toast interview
    """.split()
)

_WORDS_TO_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                     "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_UNITS = {"lines": "line", "paragraphs": "paragraph", "pages": "page", "names": "name", "words": "word",
          "sentences": "sentence", "documents": "document", "tables": "table", "items": "item",
          "numbers": "number", "places": "place", "columns": "column", "attachments": "attachment"}

#: a declassification gap: a bracket whose words end with "not declassified"
OMISSION = re.compile(r"\[([^\[\]]{0,600}?)\s*\bnot\s+declassified\.?\s*\]", re.IGNORECASE)
#: an editors' omission: "[Omitted here is ...]" / "[Here follows ...]"
EDITORIAL_OMISSION = re.compile(r"\[(?:Omitted here|Here follows?|Omitted from this)[^\[\]]{0,600}\]")
_QUANTITY = re.compile(
    r"(?:(?P<less>less than)\s+)?(?P<num>\d+(?:\.\d+)?[½¼¾⅓⅔]?|[½¼¾⅓⅔]|\d+/\d+|a|an|one|two|three|four|five|"
    r"six|seven|eight|nine|ten)?\s*(?P<unit>[A-Za-z][A-Za-z -]*?)\s*(?:\((?P<detail>[^()]*)\))?\s*"
    r"(?:of (?:the )?source text\s*)?$",
    re.IGNORECASE,
)


def split_head(head_text: str) -> tuple[str | None, str]:
    """(`"113"`, title) from a head such as `113. Memorandum From ...`; number None when absent."""
    match = _NUMBERED_HEAD.match(head_text)
    if match:
        return match.group(1), head_text[match.end():].strip()
    return None, head_text.strip()


def is_editorial_note(subtype: str | None, head_text: str) -> bool:
    """True for `subtype="editorial-note"`, or (older volumes) a head reading "N. Editorial Note"."""
    if subtype:
        return subtype == "editorial-note"
    return bool(_EDITORIAL_NOTE.match(head_text))


def document_kind(title: str) -> str | None:
    """The kind of document a FRUS title names: "Telegram", "Memorandum of Conversation", ...

    The kind is the title's opening words up to where the parties begin, cut after the
    last noun that names a kind of document ("Minutes of the First Meeting of ..." is
    "Minutes"; "Director of Central Intelligence Directive 15/1" keeps the whole phrase).
    """
    if not title:
        return None
    boundary = _PARTY_BOUNDARY.search(title)
    prefix = title[: boundary.start()] if boundary else title
    words = prefix.split()
    last = None
    for index, word in enumerate(words):
        if word.strip(",.;:()").lower() in _GENRE_NOUNS:
            last = index
    if last is None:
        return " ".join(words[:6]) or None
    return " ".join(words[: last + 1]).strip(",;:") or None


_AFTER_TITLE_WORDS = re.compile(
    r"(?:Ambassador|Representative|Delegate|Delegation|Mission|Minister|Envoy|Adviser|Assistant|"
    r"Counselor|Liaison|Embassy|Consul|Attaché|Secretary|Commissioner|Observer)$"
)

#: the pieces of a title that `parties_from_title` looks for (compiled once: it runs for every document)
_BETWEEN = re.compile(r"\sBetween\s+(.+)$")
_AND = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_BY = re.compile(r"\s(?:by|By)\s+(.+)$")
_FROM = re.compile(r"\s(?:From|from)\s+(.+)$")
_TO = re.compile(r"\s+to\s+")
_LEADING_TO = re.compile(r"^\s*to\s+")


def parties_from_title(title: str) -> dict[str, Any]:
    """Sender and recipient as the title words them: `From X to Y`, `by X`, `Between X and Y`.

    A " to " that ends an office ("Ambassador to the Soviet Union") is not taken as the
    split; the first " to " after a closing parenthesis is preferred.
    """
    out: dict[str, Any] = {}
    between = _BETWEEN.search(title)
    if between:
        out["between"] = [p.strip() for p in _AND.split(between.group(1)) if p.strip()]
        return out
    by = _BY.search(title)
    match = _FROM.search(title)
    if match is None:
        if by:
            out["from"] = by.group(1).strip()
        return out
    rest = match.group(1)
    cuts = [m.start() for m in _TO.finditer(rest)]
    chosen = next((c for c in cuts if rest[:c].rstrip().endswith(")")), None)
    if chosen is None:
        chosen = next((c for c in cuts if not _AFTER_TITLE_WORDS.search(rest[:c].rstrip())), None)
    if chosen is None:
        out["from"] = rest.strip()
        return out
    out["from"] = rest[:chosen].strip()
    out["to"] = _LEADING_TO.sub("", rest[chosen:]).strip()
    return out


def parse_omission(inside: str) -> dict[str, Any]:
    """Quantity, unit and detail of an omission marker's words (the text inside the brackets).

    "1 paragraph (7 lines)" -> quantity 1.0, unit "paragraph", detail "7 lines";
    "name" -> quantity None (no number is stated), unit "name". A long statement such as
    "Source: ... Top Secret. 1 page" is read from its last sentence.
    """
    words = re.sub(r"\s+", " ", inside).strip()
    last = re.split(r"(?<=[.;])\s+", words)[-1] if words else ""
    match = _QUANTITY.search(last)
    out: dict[str, Any] = {"quantity": None, "unit": None}
    if match is None:
        return out
    unit = (match.group("unit") or "").strip().lower()
    out["unit"] = _UNITS.get(unit, unit) or None
    number = match.group("num")
    if number:
        out["quantity"] = _number(number)
    if match.group("less"):
        out["less_than"] = True
    if match.group("detail"):
        out["detail"] = match.group("detail").strip()
    return out


def _number(word: str) -> float | None:
    word = word.lower()
    if word in _WORDS_TO_NUMBERS:
        return float(_WORDS_TO_NUMBERS[word])
    if word in _FRACTIONS:
        return _FRACTIONS[word]
    if "/" in word:
        top, _, bottom = word.partition("/")
        return int(top) / int(bottom) if bottom != "0" else None
    fraction = 0.0
    if word[-1] in _FRACTIONS:
        fraction, word = _FRACTIONS[word[-1]], word[:-1]
    try:
        return float(word) + fraction
    except ValueError:
        return None
