"""Read a FRUS source note into its parts, keeping every word.

A FRUS source note (footnote 1 of most documents) says where the editors found the
document, how it was marked, and how it was made:

    Source: Department of State, Central Files, 611.93/1–2756. Confidential. Drafted by
    Walter P. McConaughy; cleared by Robertson and Merchant (EUR); approved by Murphy.

`parse_source_note` splits it into sentences and gives each a role:

- the **citation** (the sentences before the classification marking): repository,
  collection path, record group, lot, job, box, folder and State Department file numbers;
- the **marking**: the classification level with the page's own words, and the handling
  and precedence words after it ("Secret; Immediate; Nodis.");
- the **drafting chain**: drafted / cleared / approved / sent by, as lists of names;
- the **remainder**: every other sentence, as text.

Nothing is dropped: `segments` holds every piece of the note in order with its role, so
joining their texts gives back the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: Repositories named at the head of a citation. Longer names first, so the most specific wins.
REPOSITORIES = (
    "National Archives and Records Administration",
    "Washington National Records Center",
    "National Archives",
    "Department of State Bulletin",
    "Department of State",
    "Department of Defense",
    "Central Intelligence Agency",
    "National Security Council",
    "Library of Congress",
    "Joint Chiefs of Staff",
    "Federal Bureau of Investigation",
    "White House",
    "Public Papers",
)

_PUBLICATIONS = ("Public Papers", "Department of State Bulletin")

_LEVELS = {
    "top secret": "top secret",
    "secret": "secret",
    "confidential": "confidential",
    "restricted": "restricted",
    "limited official use": "limited official use",
    "official use only": "official use only",
    "unclassified": "unclassified",
}

#: "Secret; Nodis." / "Top Secret; [codeword not declassified]; Noforn." / "No classification marking."
_MARKING = re.compile(
    r"^(?P<level>Top Secret|Secret|Confidential|Restricted|Limited Official Use|Official Use Only|Unclassified)"
    r"(?P<rest>(?:\s*;\s*[^;.]+)*)\.?$",
    re.IGNORECASE,
)
_NO_MARKING = re.compile(r"^No classification marking\.?$", re.IGNORECASE)
#: a marking run into the end of a citation without its full stop (older mirrors)
_TRAILING_MARKING = re.compile(
    r"\s(?P<marking>(?:Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified)"
    r"(?:\s*;\s*[^;.]+)*)\.?$"
)

# State Department file numbers: decimal (1910–1963) and subject-numeric (1963–1973).
_DECIMAL_FILE = re.compile(
    r"(?<![\w/.])\d{3}[A-Z]?(?:\.\d[\dA-Z]*)?(?:[–-][A-Z]{2,4}| [A-Z]{2})?/\d{1,2}[–-]\d{3,4}[a-z]?(?![\w–-])"
    r"|(?<![\w/.])\d{3}[A-Z]?\.\d[\dA-Z]*/\d+[a-z]?(?![\w–-])"
)
_SUBJECT_CODES = (
    "POL", "DEF", "CSM", "INT", "FT", "STR", "AID", "ORG", "SP", "UN", "E", "FN", "INCO", "PET",
    "SOC", "CUL", "ECIN", "AV", "PS", "CR", "PER", "ECON", "FSE", "TEL", "SCI", "AE", "LAB", "ED", "IT",
)
_SUBJECT_FILE = re.compile(
    r"^(?:" + "|".join(_SUBJECT_CODES) + r")(?: \([A-Z]+\))?(?: \d+(?:[–-]\d+)*)?"
    r"(?: [A-Z][A-Z.]*(?:[ –/-][A-Z][A-Z.]*)*)?$"
)
_SOURCE_LABEL = re.compile(r"\bSource:\s*")
_PAGES = re.compile(r"\bpp?\. \d")
_RECORD_GROUP = re.compile(r"^RG \d+$")
_LOT = re.compile(r"\bLot \d+ [DF] \d+\b")
_JOB = re.compile(r"\bJob \d+[–-]?[A-Z]?\d+[A-Z]?\b")
_BOX = re.compile(r"^Box (?P<n>[\dA-Z–-]+)$")
_FOLDER = re.compile(r"^Folder (?P<n>[\dA-Z–-]+)$")

# Sentence ends: a full stop (or ? !) with a closing quote or bracket allowed, then space.
_ABBREVIATIONS = frozenset(
    "vol vols no nos nr p pp ch mr mrs ms dr jr sr st gen adm col lt capt maj sgt amb dept sec secy "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s a.m p.m e.g i.e cf ca etc esp approx "
    "mt ft rev hon messrs gov sen rep ibid op cit".split()
)
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")
_LOWER_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")
#: the characters `split_sentences` acts on: brackets, curly double quotes, stops
_SENTENCE_MARKS = re.compile(r"[()\[\]“”.?!]")
#: the characters `_split_parts` acts on
_PART_MARKS = re.compile(r"[(),:.]")

#: verbs of the drafting chain that take names after "by" / "with"
_CHAIN = re.compile(
    r"\b(?P<verbs>(?:(?:drafted|cleared|approved|initialed|rewritten|revised|signed|sent|transmitted|"
    r"concurred in|prepared)(?:,? and | )?)+)(?P<how>(?:for transmission |with changes |in substance |in [A-Z/]+ )*)"
    r"(?P<prep>by|with)\s",
    re.IGNORECASE,
)
#: what every match of `_CHAIN` holds: a cheap test that rules most sentences out
_CHAIN_HINT = re.compile(r"(?:by|with)\s", re.IGNORECASE)
_VERB = re.compile(r"drafted|cleared|approved|initialed|rewritten|revised|signed|sent|transmitted|concurred|prepared")
_AND_BY = re.compile(r"(?:,\s*|\s)and (?:also )?by\s")
_SENT_FOR = re.compile(r"\bSent for (?P<what>action|information)\b", re.IGNORECASE)
_SENT_PERSON = re.compile(
    r"(?P<who>(?:[A-Z][\w’'.-]+ )*[A-Z][\w’'-]+) sent (?:the|this) "
    r"(?:memorandum|letter|telegram|paper|minutes|note|report)"
)


@dataclass(slots=True)
class SourceNote:
    """A parsed FRUS source note. Lists are empty and fields None when the note does not say."""

    text: str
    label: str | None = None
    preamble: str | None = None
    citation: str | None = None
    repository: str | None = None
    kind: str | None = None
    collection: list[str] = field(default_factory=list)
    record_group: str | None = None
    lot: str | None = None
    job: str | None = None
    box: str | None = None
    folder: str | None = None
    file_numbers: list[str] = field(default_factory=list)
    classification: str | None = None
    marking: str | None = None
    handling: list[str] = field(default_factory=list)
    drafted_by: list[str] = field(default_factory=list)
    cleared_by: list[str] = field(default_factory=list)
    approved_by: list[str] = field(default_factory=list)
    sent_by: list[str] = field(default_factory=list)
    sent_for: str | None = None
    drafting: list[str] = field(default_factory=list)
    remainder: str = ""
    segments: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            if name == "segments":
                value = [{"role": role, "text": text} for role, text in value]
            elif isinstance(value, list):
                value = list(value)
            out[name] = value
        return out

    @property
    def words(self) -> list[str]:
        """Every word the parsed parts hold, to check that none was lost."""
        return _words(" ".join(text for _, text in self.segments))


def parse_source_note(text: str) -> SourceNote:
    """Parse one source note ("Source: …") into a `SourceNote`; never raises on odd input."""
    note = SourceNote(text=text)
    body = " ".join(text.split())
    if not body:
        return note
    m = _SOURCE_LABEL.search(body)
    if m:
        if m.start():
            note.preamble = body[: m.start()].strip()
            note.segments.append(("preamble", note.preamble))
        note.label = "Source:"
        note.segments.append(("label", "Source:"))
        body = body[m.end() :]
    sentences = split_sentences(body)
    marking_at = _find_marking(sentences)
    if marking_at is None and sentences:
        # an old mirror runs the marking into the citation: "POL 27 S VIET Top Secret; Immediate."
        tail = _TRAILING_MARKING.search(sentences[0])
        if tail and m:
            head = sentences[0][: tail.start()].strip()
            sentences[0:1] = [head, tail.group("marking") + "."]
            marking_at = 1
    if marking_at is not None and marking_at <= 3 and m:
        citation_sentences, rest = sentences[:marking_at], sentences[marking_at:]
    elif m and sentences:
        citation_sentences, rest = sentences[:1], sentences[1:]
    else:
        citation_sentences, rest = [], sentences
    if citation_sentences:
        note.citation = " ".join(citation_sentences)
        note.segments.append(("citation", note.citation))
        _read_citation(note, note.citation)
    remainder: list[str] = []
    for i, sentence in enumerate(rest):
        if i == 0 and marking_at is not None and citation_sentences and _read_marking(note, sentence):
            note.segments.append(("marking", sentence))
            continue
        if not citation_sentences and note.marking is None and _read_marking(note, sentence):
            note.segments.append(("marking", sentence))
            continue
        if _read_chain(note, sentence):
            note.drafting.append(sentence)
            note.segments.append(("drafting", sentence))
            continue
        remainder.append(sentence)
        note.segments.append(("remainder", sentence))
    note.remainder = " ".join(remainder)
    _read_sent(note, " ".join(rest))
    # a file number named later in the note ("Ibid., 611.93/1–2756") still belongs to the record
    for number in find_file_numbers(note.remainder):
        if number not in note.file_numbers:
            note.file_numbers.append(number)
    return note


def parse_citation(text: str) -> SourceNote:
    """Read an archival citation on its own ("Eisenhower Library, Eisenhower papers, Whitman file")."""
    body = " ".join(text.split())
    note = SourceNote(text=text)
    if body:
        note.citation = body
        note.segments.append(("citation", body))
        _read_citation(note, body)
    return note


# -- sentences -----------------------------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    """Split note text into sentences, not at abbreviations, initials, or inside () or quotes."""
    sentences: list[str] = []
    depth = 0
    quoted = False
    start = 0
    # only brackets, quotes and stops change anything: the scan jumps from one to the next
    for match in _SENTENCE_MARKS.finditer(text):
        i = match.start()
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "“":
            quoted = True
        elif ch == "”":
            quoted = False
            if i > 0 and text[i - 1] in ".?!" and depth == 0 and _next_starts_sentence(text, i + 1):
                sentences.append(text[start : i + 1].strip())
                start = i + 1
        elif depth == 0 and not quoted:  # a stop
            j = i + 1
            while j < len(text) and text[j] in ")]’'\"":
                j += 1
            if _next_starts_sentence(text, j) and not _is_abbreviation(text, start, i):
                sentences.append(text[start:j].strip())
                start = j
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def _next_starts_sentence(text: str, j: int) -> bool:
    if j >= len(text):
        return True
    if text[j] != " ":
        return False
    rest = text[j + 1 : j + 3]
    return bool(rest) and (rest[0].isupper() or rest[0] in "“\"([" or rest[0].isdigit())


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    word_start = dot
    while word_start > start and not text[word_start - 1].isspace() and text[word_start - 1] not in "(“":
        word_start -= 1
    word = text[word_start:dot]
    bare = word.lstrip("(").lower()
    if not bare:
        return False
    if bare in _ABBREVIATIONS or bare.rstrip(".") in _ABBREVIATIONS:
        return True
    # initials: "W.", "E.V", "C.D" and one capital letter ("Walter P. McConaughy")
    return bool(_INITIALS.fullmatch(word.lstrip("(")))


# -- citation ------------------------------------------------------------------------------


def find_file_numbers(text: str) -> list[str]:
    """State Department decimal file numbers in running text, as printed."""
    if "/" not in text:  # every file number has one; the test is far quicker than the search
        return []
    return _DECIMAL_FILE.findall(text)  # the pattern has no capturing group: whole matches


def _split_parts(citation: str) -> list[str]:
    """Split a citation at top-level commas and colons (not inside parentheses)."""
    parts: list[str] = []
    depth = 0
    start = 0  # where the part being read begins
    end = len(citation)
    # only brackets and punctuation matter: the scan jumps from one to the next
    for match in _PART_MARKS.finditer(citation):
        i = match.start()
        ch = citation[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (i + 1 == end or citation[i + 1] == " "):
            if ch == ".":
                word = citation[start:i].rsplit(" ", 1)[-1].lower()
                if word in _ABBREVIATIONS or _LOWER_INITIALS.fullmatch(word):
                    continue
            parts.append(citation[start:i].strip())
            start = i + 1  # the comma, colon or full stop itself is dropped
    parts.append(citation[start:].strip())
    return [p for p in parts if p]


def _read_citation(note: SourceNote, citation: str) -> None:
    parts = _split_parts(citation.rstrip("."))
    if not parts:
        return
    first = parts[0]
    for repo in REPOSITORIES:
        if first == repo or first.startswith(repo + " "):
            note.repository = repo
            rest = first[len(repo) :].strip()
            parts = ([rest] if rest else []) + parts[1:]
            break
    else:
        if first[:1].isupper() and not _DECIMAL_FILE.fullmatch(first):
            # "Eisenhower Library", "Carter Library", "Kennedy Library", a private collection
            note.repository = first
            parts = parts[1:]
    published = bool(_PAGES.search(citation)) or note.repository in _PUBLICATIONS
    note.kind = "publication" if published else "archive"
    after_box = False
    folder_parts: list[str] = []
    after_central = False
    for part in parts:
        numbers = find_file_numbers(part)
        if numbers and "".join(numbers) == part.replace(" ", "") or (numbers and part in numbers):
            note.file_numbers.extend(numbers)
            continue
        if after_central and _SUBJECT_FILE.match(part):
            note.file_numbers.append(part)
            continue
        if part.startswith("Central Files"):
            after_central = True
        box = _BOX.match(part)
        if box:
            note.box = box.group("n")
            after_box = True
            continue
        folder = _FOLDER.match(part)
        if folder:
            note.folder = folder.group("n")
            continue
        if _RECORD_GROUP.match(part):
            note.record_group = part
        # each search needs its word in the part; the test is far quicker than the search
        lot = _LOT.search(part) if "Lot " in part else None
        if lot and note.lot is None:
            note.lot = lot.group(0)
        job = _JOB.search(part) if "Job " in part else None
        if job and note.job is None:
            note.job = job.group(0)
        if numbers:
            note.file_numbers.extend(numbers)
        if after_box and note.folder is None:
            folder_parts.append(part)
        else:
            note.collection.append(part)
    if folder_parts:
        # the folder title as printed, separators and all
        start = citation.find(folder_parts[0], max(0, citation.find(f"Box {note.box}")))
        note.folder = citation[start:].rstrip(".") if start >= 0 else ", ".join(folder_parts)


# -- marking -------------------------------------------------------------------------------


def _find_marking(sentences: list[str]) -> int | None:
    for i, sentence in enumerate(sentences):
        if _MARKING.match(sentence) or _NO_MARKING.match(sentence):
            return i
    return None


def _read_marking(note: SourceNote, sentence: str) -> bool:
    if _NO_MARKING.match(sentence):
        note.marking = sentence.rstrip(".")
        note.classification = "unknown"
        return True
    m = _MARKING.match(sentence)
    if not m:
        return False
    note.marking = m.group("level")
    note.classification = _LEVELS[m.group("level").lower()]
    note.handling = [w.strip() for w in m.group("rest").split(";") if w.strip()]
    return True


# -- drafting chain ------------------------------------------------------------------------


_ROLE_OF_VERB = {"drafted": "drafted_by", "cleared": "cleared_by", "approved": "approved_by", "sent": "sent_by"}


def _read_chain(note: SourceNote, sentence: str) -> bool:
    """Fill drafted/cleared/approved/sent-by from one sentence; True when it named anyone."""
    if not _CHAIN_HINT.search(sentence):
        return False
    markers: list[tuple[int, int, list[str]]] = []
    for m in _CHAIN.finditer(sentence):
        verbs = _VERB.findall(m.group("verbs").lower())
        roles = [_ROLE_OF_VERB[v] for v in verbs if v in _ROLE_OF_VERB]
        if "sent" in verbs and m.group("prep").lower() == "with":
            roles = [r for r in roles if r != "sent_by"]
        markers.append((m.start(), m.end(), roles))
    if not markers:
        return False
    for m in _AND_BY.finditer(sentence):
        if not any(s <= m.start() < e for s, e, _ in markers):
            markers.append((m.start(), m.end(), []))
    markers.sort()
    found = False
    previous: list[str] = []
    for i, (_, end, roles) in enumerate(markers):
        stop = markers[i + 1][0] if i + 1 < len(markers) else len(sentence)
        if not roles and sentence[markers[i][0] : end].strip(" ,").startswith("and"):
            roles = previous
        previous = roles
        segment = sentence[end:stop]
        names = names_in_list(segment)
        for role in roles:
            bucket: list[str] = getattr(note, role)
            for name in names:
                if name not in bucket:
                    bucket.append(name)
                    found = True
    return found


def _read_sent(note: SourceNote, text: str) -> None:
    # `_SENT_FOR` needs "for " in some letter case, which `lower()` turns into "for ": far quicker than the search
    m = _SENT_FOR.search(text) if "for " in text.lower() else None
    if m:
        note.sent_for = m.group("what").lower()
    if " sent " not in text:  # `_SENT_PERSON` needs these words; the test is far quicker than the search
        return
    for m in _SENT_PERSON.finditer(text):
        who = names_in_list(m.group("who"))
        for name in who:
            if name not in note.sent_by:
                note.sent_by.append(name)


# -- names ---------------------------------------------------------------------------------

#: words that name an office, a rank or an organisation, not a person
_TITLE_WORDS = frozenset(
    "Secretary Under Deputy Assistant Acting Special Executive Director Ambassador Minister Counselor "
    "President Vice Chairman Chief Staff Officer Office Bureau Division Department State Affairs Agency "
    "Council Committee Commission Board Embassy Mission Legation Consul Consulate General Adviser Advisor "
    "Administrator Attorney Admiral Major Colonel Captain Lieutenant Commander Mr. Mrs. Ms. Dr. Governor "
    "Senator Representative Force Army Navy Air Marine Corps Group Section Desk Staff's Branch House White "
    "Defense Treasury Commerce Intelligence Security National Central Foreign Service Legal Public "
    "Political Economic Military Policy Planning Operations Research Representative Coordinator "
    "Gen. Adm. Col. Lt. Capt. Maj. Amb. Sen. Gov. Messrs. Ambassador-at-Large Chargé Chairman, "
    "January February March April May June July August September October November December".split()
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-zA-Z’'\-]*[a-z][a-zA-Z’'\-]*|(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]|Mc[A-Z]\w+|Jr\.?|Sr\.?|II|III|IV)$"
)
_ROLE_NAME = re.compile(r"^the ((?:Vice |Acting )?(?:President|Secretary(?: of State| of Defense)?|Under Secretary))\b")
#: in a list of names: an aside in brackets (unless it hides a name), "on <date>", the separators
_ASIDE = re.compile(r"\((?![^)]*not declassified)[^)]*\)")
_ON_DATE = re.compile(r"\s+on (?:[A-Z][a-z]+ \d{1,2}(?:, \d{4})?)")
_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|;\s*")
_NOT_DECLASSIFIED = re.compile(r"\[[^\]]*not declassified\]")
_PARTICLES = frozenset({"de", "van", "von", "du", "da", "la", "le", "del", "der", "di"})


def names_in_list(segment: str) -> list[str]:
    """The persons named in a list such as "X and Y (EUR), Director of Z, and the President".

    Titles and offices before a name are left out ("Deputy Under Secretary Robert Murphy" gives
    "Robert Murphy"); descriptions after it are too ("Martin, Director of CA" gives "Martin").
    "[name not declassified]" and "the President" are kept as written.
    """
    segment = _ASIDE.sub(" ", segment)
    segment = _ON_DATE.sub(" ", segment)
    segment = segment.strip().rstrip(".;,")
    names: list[str] = []
    for item in _LIST_SEPARATOR.split(segment):
        item = item.strip()
        if not item:
            continue
        if " by " in item:
            item = item.rsplit(" by ", 1)[1]
        if "not declassified]" in item:
            bracket = _NOT_DECLASSIFIED.search(item)
            if bracket:
                names.append(bracket.group(0))
            continue
        the = _ROLE_NAME.match(item)
        if the:
            names.append("the " + the.group(1))
            continue
        if not item[:1].isupper():
            continue
        name = _name_in(item)
        if name:
            names.append(name)
    return names


def _name_in(item: str) -> str | None:
    """The first run of name-like words in `item`, after any title words before it."""
    tokens = item.replace("\u00a0", " ").split()
    run: list[str] = []
    for token in tokens + [""]:
        bare = token.rstrip(",;:")
        if bare and (_NAME_TOKEN.match(bare) or (run and bare in _PARTICLES)) and bare not in _TITLE_WORDS:
            if bare.isupper() and "." not in bare and len(bare) > 1 and bare not in ("II", "III", "IV"):
                # an acronym (CIA, EUR) is an office, not a person
                run = []
                continue
            run.append(bare)
            continue
        if bare in _TITLE_WORDS:
            run = []
            continue
        if run:
            while run and run[-1] in _PARTICLES:
                run.pop()
            if run and not all(len(t.rstrip(".")) <= 2 and t.endswith(".") for t in run):
                return " ".join(run)
            run = []
        if bare and bare[:1].islower() and bare not in _PARTICLES:
            # a lower-case word ends the name part: "Heavner on November 14"
            continue
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'/–-]+", text)
