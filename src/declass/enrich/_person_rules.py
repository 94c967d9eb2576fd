"""People the names table does not list, found by the conventions these papers follow.

Three rules, each a strong sign that the words are a person's name:

- a title before a capitalised name: "Ambassador Bohlen", "Secretary Dulles",
  "Mr. Molotov", "Deputy Under Secretary Robert Murphy";
- a given name, initials and a surname: "Walter P. McConaughy", "U. Alexis Johnson";
- a surname before a State Department office in parentheses, as FRUS drafting lines
  write them: "Merchant (EUR)", "Blake (EE)".

A name found this way is resolved to the table when its full form is a listed spelling,
or when its surname belongs to exactly one listed person; otherwise it gets an id of
its own, `person:<name>`, so that the same spelling is counted together.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from declass.enrich._matcher import NameEntry, fold_accents
from declass.text.automata import AhoCorasick, automaton, find_all

# Longer titles first, so "Deputy Under Secretary" wins over "Secretary".
TITLES = sorted(
    {
        "Secretary of State", "Secretary of Defense", "Secretary of the Treasury", "Under Secretary of State",
        "Under Secretary", "Deputy Under Secretary", "Assistant Secretary of State", "Assistant Secretary",
        "Acting Secretary", "Deputy Secretary", "Secretary General", "Secretary-General", "Secretary",
        "Director of Central Intelligence", "Deputy Director", "Director",
        "Ambassador", "Ambassador-at-Large", "Chargé", "Charge", "Counselor", "Consul General", "Consul",
        "Minister", "Foreign Minister", "Defense Minister", "Prime Minister", "Premier", "Vice Premier",
        "President", "Vice President", "Chairman", "Vice Chairman", "Generalissimo", "Marshal", "Field Marshal",
        "General", "Gen.", "Lieutenant General", "Lt. Gen.", "Major General", "Maj. Gen.", "Brigadier General",
        "Brig. Gen.", "Admiral", "Adm.", "Vice Admiral", "Rear Admiral", "Colonel", "Col.", "Lt. Col.",
        "Lieutenant Colonel", "Major", "Maj.", "Captain", "Capt.", "Commander", "Cdr.", "Lieutenant", "Lt.",
        "Senator", "Congressman", "Representative", "Governor", "Mayor", "Judge", "Justice",
        "Mr.", "Mrs.", "Miss", "Ms.", "Dr.", "Professor", "Prof.", "Madame", "Mme.", "Sir", "Lord",
        "King", "Queen", "Prince", "Princess", "Emperor", "Shah", "Pope", "Cardinal", "Bishop", "Father",
        "Comrade", "Mr", "Mrs", "Dr",
    },
    key=len,
    reverse=True,
)

#: words that end a name: the capitalised words of offices, institutions and sentences
STOP_WORDS = frozenset(
    """
    The This That These Those A An And Or But Of For In On At To By With From As It He She They We I
    State States Defense Treasury Navy Army Air Force Marine Marines Corps Council Department Government
    Embassy Committee Commission Office Bureau Staff Affairs Assembly Nations Union Republic Chiefs Chief
    Secretary President Minister Ministry Mission Delegation Conference General Director Administration
    Agency Board Party Affair Intelligence National Security Foreign Central United Soviet Chinese American
    British French German Japanese Korean Communist Communists Nationalist Nationalists Western Eastern
    Northern Southern Far East West North South Division Branch Section Service Services Group Plan
    Program Project Operations Operation Congress Senate House Court Cabinet Ambassador Consul Deputy
    Assistant Under Acting Special Vice Executive Joint Supreme High Command Headquarters January February
    March April May June July August September October November December Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday Sec Secs Memorandum Telegram Airgram Despatch Letter Note Paper Report
    Subject Source Drafted Cleared Approved Received Sent Repeated Top Secret Confidential Unclassified
    Restricted Eyes Only Official Use Limited Distribution Item Items Annex Tab Page Document Documents
    Treaty Agreement Pact Declaration Communique No Not Yes Also However Moreover Chart Table
    """.split()
)

_TOKEN = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'’][A-Za-z][a-z]+)?"
_INITIALS = r"(?:[A-Z]\.\s?){1,3}"
_NAME = rf"(?:{_INITIALS})?{_TOKEN}(?: (?:[A-Z]\. )?{_TOKEN}){{0,2}}"
_NAME_AFTER_TITLE = re.compile(" (?P<name>" + _NAME + ")")
_FULL_NAME = re.compile(rf"(?P<name>{_TOKEN} (?:[A-Z]\. ){{1,2}}{_TOKEN}|{_INITIALS}{_TOKEN} {_TOKEN})\b")
# An initial found by its point: the engine scans for a literal far quicker than for a capital.
# The match starts at the point; the character before the letter is checked in _full_names.
_INITIAL = re.compile(r"\.(?<=[A-Z]\.) ?")
_OFFICE = re.compile(r"\((?P<office>[A-Z]{1,4}(?:/[A-Z]{1,4})?|Defense|Treasury|Commerce|Budget)\)")
# "The Ambassador in the Soviet Union (Smith) to the Secretary of State": FRUS headings name
# officers by office, then surname in parentheses
_HEADED = re.compile(rf"\( ?(?P<name>{_TOKEN}(?: {_TOKEN})?) ?\)")
_HEADING_OFFICE = re.compile(
    r"\b(?:Ambassador|Chargé|Charge|Minister|Consul General|Consul|Representative|Commissioner|Delegate|"
    r"Counselor|Assistant|Director|Adviser|Advisor|Secretary|Governor|Commander)\b[^\n()]{0,80}$"
)
_TOKEN_BEFORE = re.compile(rf"(?<![\w.'’-])(?P<name>{_TOKEN}) $")


@lru_cache(maxsize=1)
def _title_automaton() -> AhoCorasick:
    """Every title, pattern index = index in `TITLES`."""
    return automaton(TITLES)


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """A person found by a rule: the name's `[start, end)`, the rule, and the title if any."""

    start: int
    end: int
    name: str
    rule: str
    title: str | None = None


def _trim(name: str) -> str:
    """Cut the name at its first stop word; '' when nothing of a name is left."""
    kept: list[str] = []
    for token in name.split(" "):
        if token.rstrip(".") in STOP_WORDS and not re.fullmatch(r"[A-Z]\.", token):
            break
        kept.append(token)
    while kept and re.fullmatch(r"[A-Z]\.", kept[-1]):  # a name does not end on an initial
        kept.pop()
    return " ".join(kept)


def find_persons(text: str) -> Iterator[PersonMatch]:
    """Names standing after titles, in full-name form, or before an office in parentheses."""
    yield from _titled(text)
    yield from _full_names(text)
    for m in _HEADED.finditer(text):
        name = m.group("name")
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _trim(name) == name and _HEADING_OFFICE.search(text, max(line_start, m.start() - 120), m.start()):
            yield PersonMatch(m.start("name"), m.end("name"), name, "heading")
    for m in _OFFICE.finditer(text):
        before = _TOKEN_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before and _trim(before.group("name")) == before.group("name"):
            yield PersonMatch(before.start("name"), before.end("name"), before.group("name"), "office")


def _titled(text: str) -> Iterator[PersonMatch]:
    """Names after a title; where titles nest ("Under Secretary"), the longest names the person."""
    best: dict[int, PersonMatch] = {}
    for index, start, end in find_all(_title_automaton(), text):
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".-"):
            continue
        if text[end : end + 1] != " ":  # what `_NAME_AFTER_TITLE` opens with, tested without a call
            continue
        title = TITLES[index]
        m = _NAME_AFTER_TITLE.match(text, end)
        if not m:
            continue
        name = _trim(m.group("name"))
        previous = best.get(m.start("name"))
        if name and (previous is None or len(title) > len(previous.title or "")):
            best[m.start("name")] = PersonMatch(m.start("name"), m.start("name") + len(name), name, "title", title)
    yield from best.values()


def _full_names(text: str) -> Iterator[PersonMatch]:
    """"Walter P. McConaughy", "U. Alexis Johnson": a name with initials, read where an initial stands."""
    seen: set[int] = set()
    for initial in _INITIAL.finditer(text):
        letter = initial.start() - 1
        if letter and (text[letter - 1].isalnum() or text[letter - 1] in "._"):
            continue
        candidates = [letter]
        word = _TOKEN_BEFORE.search(text, max(0, letter - 30), letter)
        if word:
            candidates.insert(0, word.start("name"))
        for start in candidates:
            if start in seen:
                continue
            m = _FULL_NAME.match(text, start)
            if not m:
                continue
            seen.add(start)
            name = m.group("name")
            if _trim(name) == name and not (name[1] == "." and _opens_item(text, m.start())):
                yield PersonMatch(m.start("name"), m.end("name"), name, "full-name")
            break


def _opens_item(text: str, start: int) -> bool:
    """True when a capital and point open a line or list item ("A. Sino-Soviet ..."), an outline label."""
    before = text[max(0, start - 12) : start].rstrip(" \t")
    return not before or before[-1] in "\n-•*(" or before.endswith("\n")


class PersonResolver:
    """Maps a rule-found name to a listed person when that is unambiguous."""

    def __init__(self, entries: list[NameEntry]) -> None:
        self._by_spelling: dict[str, NameEntry] = {}
        surnames: dict[str, set[str]] = defaultdict(set)
        self._by_id: dict[str, NameEntry] = {}
        for entry in entries:
            if entry.type != "person":
                continue
            self._by_id[entry.id] = entry
            for spelling in entry.spellings():
                self._by_spelling.setdefault(_key(spelling), entry)
                words = spelling.split()
                if len(words) > 1 and not words[-1].endswith("."):
                    surnames[_key(words[-1])].add(entry.id)
        self._by_surname = {k: self._by_id[next(iter(v))] for k, v in surnames.items() if len(v) == 1}

    def resolve(self, name: str) -> NameEntry | None:
        entry = self._by_spelling.get(_key(name))
        if entry is not None:
            return entry
        return self._by_surname.get(_key(name.split()[-1]))


def _key(text: str) -> str:
    return fold_accents(text).replace("’", "'").lower()


def person_id(name: str) -> str:
    """The id of a person the table does not list: `person:` and the name, lower-case, hyphenated."""
    slug = re.sub(r"[^a-z0-9]+", "-", _key(name)).strip("-")
    return f"person:{slug}"
