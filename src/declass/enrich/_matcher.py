"""Fast, case-aware matching of the names table (Aho-Corasick over every spelling).

The table `data/names.csv` gives each person, place and organisation one canonical id
and name and lists its period spellings. From each spelling the matcher also derives
the forms the papers print: upper case (cable and briefing headings), the curly
apostrophe and the apostrophe dropped (`Ch'en` = `Chen`), a hyphen read as a space
(`Mao Tse-tung` = `Mao Tse tung`), and accents folded (`Lüshun` = `Lushun`).

Matches must stand alone as words. Abbreviations are held to stricter rules, so that
"CA" is never found inside "CAN" nor in the circular-airgram number "CA–3400":

- a spelling written in the table inside parentheses, like `(CA)`, is matched only where
  the text itself has it in parentheses — the FRUS drafting convention "Osborne (CA)";
- an abbreviation followed by a dash and a digit, or by "-RDP", is part of a code;
- abbreviations that are also English words in capitals (US, ONE, AID) are skipped
  inside a run of capitalised words, where they are more likely the word.

Overlapping matches are resolved leftmost-longest.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from declass.data import data_path
from declass.errors import EnrichError
from declass.text.automata import automaton, find_all

ENTITY_TYPES = ("person", "place", "organization")
NAMES_COLUMNS = ("id", "name", "type", "variants", "notes", "source")

#: abbreviations that are also words when printed in capitals
WORDLIKE_ABBREVIATIONS = frozenset({"US", "ONE", "AID", "MAP", "CAN", "NO", "SAC", "ORE", "CPR"})

_ABBREVIATION = re.compile(r"^[A-Z][A-Z./&]*[A-Z.]$")
_CODE_AFTER = re.compile(r"\s?[-\u2013\u2014]\s?(?:\d|RDP)")
_CAPS_WORD = re.compile(r"[A-Z][A-Z'’.-]+")


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One row of the names table: a canonical entity and its listed spellings."""

    id: str
    name: str
    type: str
    variants: tuple[str, ...]
    notes: str
    source: str

    def spellings(self) -> list[str]:
        """The canonical name and every listed variant, parentheses removed, no repeats."""
        seen: dict[str, None] = {}
        for raw in (self.name, *self.variants):
            seen.setdefault(_strip_parens(raw), None)
        return list(seen)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A table spelling found in a text: `[start, end)` with the entry and the words seen."""

    start: int
    end: int
    entry: NameEntry
    variant: str


def load_names(path: Path | None = None) -> list[NameEntry]:
    """Read the names table; EnrichError naming the file and row for a malformed one."""
    path = path or data_path("names.csv")
    entries: list[NameEntry] = []
    seen: set[str] = set()
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != NAMES_COLUMNS:
                raise EnrichError(f"{path}: columns must be {', '.join(NAMES_COLUMNS)}; found {reader.fieldnames}")
            for row in reader:
                line = reader.line_num
                if None in row or any(row[c] is None for c in NAMES_COLUMNS):
                    raise EnrichError(f"{path}:{line}: row does not have {len(NAMES_COLUMNS)} columns")
                entry_id, name, kind = row["id"].strip(), row["name"].strip(), row["type"].strip()
                if not entry_id or not name:
                    raise EnrichError(f"{path}:{line}: id and name are required")
                if kind not in ENTITY_TYPES:
                    raise EnrichError(f"{path}:{line}: type {kind!r} is not one of {', '.join(ENTITY_TYPES)}")
                if entry_id in seen:
                    raise EnrichError(f"{path}:{line}: id {entry_id!r} is listed twice")
                seen.add(entry_id)
                variants = tuple(v.strip() for v in row["variants"].split("|") if v.strip())
                entries.append(NameEntry(entry_id, name, kind, variants, row["notes"].strip(), row["source"].strip()))
    except OSError as exc:
        raise EnrichError(f"{path}: cannot read the names table: {exc.strerror or exc}") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise EnrichError(f"{path}: not a readable CSV table: {exc}") from exc
    return entries


def _strip_parens(text: str) -> str:
    return text[1:-1] if text.startswith("(") and text.endswith(")") else text


def fold_accents(text: str) -> str:
    """`Lüshun` → `Lushun`: drop combining marks after Unicode decomposition."""
    if text.isascii():  # nothing to decompose: the usual case, and a quick one
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def surface_forms(spelling: str) -> set[str]:
    """Every printed form derived from one spelling of the table (itself included)."""
    forms = {spelling}
    if "'" in spelling or "’" in spelling:
        plain = spelling.replace("’", "'")
        forms |= {plain, plain.replace("'", "’"), plain.replace("'", "")}
    if "-" in spelling and " " in spelling:  # Wade-Giles given names: "Tse-tung" = "Tse tung"
        forms |= {f.replace("-", " ") for f in list(forms)}
    forms |= {fold_accents(f) for f in list(forms)}
    if any(ch.islower() for ch in spelling) and len(spelling) >= 3:
        forms |= {f.upper() for f in list(forms)}
    return forms


def is_abbreviation(form: str) -> bool:
    return len(form) <= 7 and bool(_ABBREVIATION.match(form)) and " " not in form


class NameMatcher:
    """Finds every spelling of the table in a text, leftmost-longest, as whole words."""

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        self.entries = list(entries)
        # form -> (entry, parenthesised-only)
        keys: dict[str, tuple[NameEntry, bool]] = {}
        for entry in self.entries:
            for raw in (entry.name, *entry.variants):
                paren_only = raw.startswith("(") and raw.endswith(")")
                for form in surface_forms(_strip_parens(raw)):
                    if len(form) < 2:
                        continue
                    previous = keys.get(form)
                    # a plain listing beats a parenthesised one; the first entry keeps a form
                    if previous is None or (previous[0] is entry and previous[1] and not paren_only):
                        keys[form] = (entry, paren_only)
        self._forms = list(keys)
        # per form, in the automaton's pattern order: (entry, parenthesised-only, abbreviation, word-like)
        self._values: list[tuple[NameEntry, bool, bool, bool]] = []
        for form in self._forms:
            entry, paren_only = keys[form]
            abbreviation = is_abbreviation(form)
            self._values.append((entry, paren_only, abbreviation, abbreviation and form in WORDLIKE_ABBREVIATIONS))
        self._automaton = automaton(self._forms) if keys else None

    def find(self, text: str) -> list[NameMatch]:
        """The table's names in `text`, as non-overlapping matches in text order."""
        if self._automaton is None or not text:
            return []
        # (start, -length, end, entry); most candidates are turned away by the whole-word test,
        # written out here because it runs for every candidate the automaton reports
        candidates: list[tuple[int, int, int, NameEntry]] = []
        size = len(text)
        values = self._values
        for index, start, end in find_all(self._automaton, text):
            if (start and text[start - 1].isalnum()) or (end < size and text[end].isalnum()):
                continue
            entry, paren_only, abbreviation, wordlike = values[index]
            if (paren_only or abbreviation) and not self._accept(text, start, end, paren_only, wordlike):
                continue
            candidates.append((start, start - end, end, entry))
        candidates.sort()  # leftmost, then longest (one span is one form, so no two tie)
        chosen: list[NameMatch] = []
        last_end = -1
        for start, _, end, entry in candidates:
            if start >= last_end:
                chosen.append(NameMatch(start, end, entry, text[start:end]))
                last_end = end
        return chosen

    @staticmethod
    def _accept(text: str, start: int, end: int, paren_only: bool, wordlike: bool) -> bool:
        """The stricter rules for parenthesised spellings and abbreviations (the match is a whole word)."""
        before = text[start - 1] if start > 0 else " "
        if paren_only:
            return before == "(" and text[end : end + 1] == ")"
        if _CODE_AFTER.match(text, end) or (before in "-\u2013" and text[start - 2 : start - 1].isdigit()):
            return False
        if wordlike and _in_capitals_run(text, start, end):
            return False
        return True


def _in_capitals_run(text: str, start: int, end: int) -> bool:
    """True when the word before or after the match is also printed in capitals."""
    left = text[max(0, start - 30) : start].split()
    right = text[end : end + 30].split()
    neighbours = ([left[-1]] if left else []) + ([right[0]] if right else [])
    return any(_CAPS_WORD.fullmatch(word.strip(",.;:()\"'")) for word in neighbours)


@lru_cache(maxsize=1)
def default_matcher() -> NameMatcher:
    """The matcher over the shipped names table, built once per process."""
    return NameMatcher(load_names())
