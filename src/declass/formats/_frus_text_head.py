"""Read the heading block of a FRUS document rendered as text.

Three heading styles occur, by era of the volume:

- 1910s: ``File No. 763.72112/474`` then ``The French Ambassador (Jusserand) to the Secretary
  of State``, perhaps ``[Translation]`` and the despatch number ``No. 5527``;
- 1930s–1950s: a file-number caption ``661.93/11–2354: Circular airgram`` (or an archive line
  such as ``Eisenhower Library, Eisenhower papers, Whitman file``), the document number
  ``No. 632``, the sender-to-recipient line, classification and handling words in small
  capitals (``confidential``, ``top secret   us urgent``), the message's own number
  (``CA–3400``) and ``Subject:``;
- 1950s on: ``470. Circular Telegram 500`` or ``56. Memorandum From … to …`` with the source
  note's number glued to it, then a dateline, then SUBJECT / PARTICIPANTS lists.

`read_head` marks which of the first lines are heading lines and what each says; the body
starts after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from declass.formats._frus_text_lines import Line
from declass.text.source_note import REPOSITORIES

_FILE_NO = re.compile(r"^File No\. (?P<fn>\S.*?)\.?$")
_CAPTION = re.compile(r"^(?P<fn>\d{3}[^:]{0,80}?): (?P<type>[A-Za-z][A-Za-z -]*?)\.?$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,4})\. (?P<title>\S.*)$")
_NO_LINE = re.compile(r"^No\. (?P<n>\d+[A-Za-z]?)\.?$")
_MESSAGE_LINE = re.compile(r"^(?P<n>[A-Z]{1,6}[–-]\d{1,6})\.?$")
_SUBJECT_LABEL = re.compile(r"^(?:Subject|SUBJECT)\s*:?\s*(?P<rest>.*)$")
_PARTICIPANTS_LABEL = re.compile(r"^(?:PARTICIPANTS|Participants|PRESENT|Present)\s*:?$")
_EDITORIAL_LINE = re.compile(r"^\[(?:Translation|Extract|Paraphrase|Telegram|Circular)[^\]]*\]$")
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w.’' -]*(?:, [A-Z][\w.’' -]*){{0,2}}), (?P<date>{_MONTHS} \d{{1,2}}, \d{{4}}(?P<time>.*))$"
)
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

_LEVEL_WORDS = {
    "top secret": "top secret",
    "secret": "secret",
    "confidential": "confidential",
    "restricted": "restricted",
    "limited official use": "limited official use",
    "official use only": "official use only",
    "unclassified": "unclassified",
}
_HANDLING_WORDS = (
    "eyes only", "us urgent", "urgent", "niact", "priority", "operational immediate", "immediate", "flash",
    "routine", "nodis", "exdis", "limdis", "noforn", "personal and confidential", "personal", "sensitive",
    "security information", "limit distribution", "limited distribution", "official–informal",
    "official-informal", "for the secretary", "for the president", "strictly confidential",
)

#: editorial document types, longest first, matched at the start of a numbered title
DOC_TYPES = tuple(
    sorted(
        (
            "Memorandum of Discussion", "Memorandum of Conversation", "Memorandum of a Conversation",
            "Memorandum for the Record", "Memorandum for the File", "Memorandum", "Telegram", "Circular Telegram",
            "Circular Airgram", "Airgram", "Circular Instruction", "Instruction", "Despatch", "Dispatch",
            "Letter", "Minutes", "Verbatim Minutes", "Summary Minutes", "Editorial Note", "Note",
            "National Intelligence Estimate", "Special National Intelligence Estimate", "Intelligence Memorandum",
            "Intelligence Report", "Intelligence Note", "Paper", "Report", "Draft Telegram", "Draft Memorandum",
            "Message", "Backchannel Message", "Briefing Paper", "Notes", "Summary", "Transcript",
            "Record of Meeting", "Record of a Meeting", "Current Intelligence Bulletin", "Study", "Aide-Mémoire",
            "Draft Paper", "Position Paper", "Action Memorandum", "Information Memorandum", "Diary Entry",
            "Notes of Meeting", "Notes of a Meeting", "Summary of Conclusions", "Minutes of Meeting",
            "Minutes of a Meeting", "Paper Prepared", "Statement", "Address",
        ),
        key=len,
        reverse=True,
    )
)


@dataclass(slots=True)
class Head:
    """What the heading block says. Fields are None (or empty) when it does not say."""

    roles: dict[int, str] = field(default_factory=dict)
    body_start: int = 0
    title_line: int | None = None  # the heading line that carries the first note's number
    mask: dict[int, int] = field(default_factory=dict)  # line -> characters not searched for notes
    title: str | None = None
    file_number: str | None = None
    doc_type: str | None = None
    doc_number: str | None = None
    from_: str | None = None
    to: str | None = None
    from_person: str | None = None
    to_person: str | None = None
    level: str | None = None
    marking: str | None = None
    handling: list[str] = field(default_factory=list)
    message_number: str | None = None
    subject: str | None = None
    place: str | None = None
    date_text: str | None = None
    date_source: str | None = None
    participants: list[str] = field(default_factory=list)
    source_line: str | None = None


def read_head(lines: list[Line], *, file_doc: str | None = None) -> Head:
    """Read the heading lines at the top of `lines`; `file_doc` is the number in the file name."""
    head = Head()
    if not lines:
        return head
    first = lines[0].text
    i = 0
    numbered = _NUMBERED.match(first)
    if m := _FILE_NO.match(first):
        head.file_number = m.group("fn")
        head.roles[0] = "file_number"
        i = _read_addressed(lines, 1, head, file_doc)
    elif m := _CAPTION.match(first):
        head.file_number = m.group("fn")
        head.doc_type = m.group("type")
        head.roles[0] = "file_number"
        i = _read_addressed(lines, 1, head, file_doc)
    elif numbered and _looks_like_title(numbered.group("title")):
        head.doc_number = numbered.group("n")
        head.roles[0] = "title"
        head.title_line = 0
        head.mask[0] = len(numbered.group("n")) + 2
        head.title = numbered.group("title")
        i = _read_after_title(lines, 1, head)
    elif _is_source_line(first):
        head.source_line = first
        head.roles[0] = "source_line"
        i = _read_addressed(lines, 1, head, file_doc)
    head.body_start = i
    return head


def _looks_like_title(title: str) -> bool:
    return title[:1].isupper() and len(title) < 400 and not title.rstrip().endswith(":")


def _is_source_line(text: str) -> bool:
    if len(text) > 160 or text.endswith("."):
        return False
    start = text.split(",", 1)[0]
    return start in REPOSITORIES or bool(re.fullmatch(r"[A-Z][a-z]+ Library", start))


def _read_addressed(lines: list[Line], i: int, head: Head, file_doc: str | None) -> int:
    """The lines after a file-number caption: No., sender to recipient, marking, number, subject."""
    seen_address = False
    while i < len(lines) and i < 14:
        line = lines[i]
        text = line.text
        if line.kind == "text" and (m := _NO_LINE.match(text)):
            if not seen_address and (file_doc is None or m.group("n") == file_doc or head.doc_number is None):
                head.doc_number = m.group("n")
                head.roles[i] = "doc_number"
            else:
                head.message_number = "No. " + m.group("n")
                head.roles[i] = "message_number"
        elif not seen_address and line.kind == "text" and _is_address(text):
            head.title = text
            head.title_line = i
            head.roles[i] = "title"
            head.from_, head.to = split_from_to(_strip_note_digits(text))
            head.from_person, head.to_person = _person(head.from_), _person(head.to)
            seen_address = True
        elif not seen_address and head.source_line and line.kind == "text" and _looks_like_title(text):
            head.title = text
            head.title_line = i
            head.roles[i] = "title"
            _read_title(head, text, numbered=False)
            seen_address = True
        elif line.kind == "text" and _EDITORIAL_LINE.match(text):
            head.roles[i] = "note"
        elif line.kind == "text" and _read_marking_line(head, text):
            head.roles[i] = "classification"
        elif line.kind == "text" and (m := _MESSAGE_LINE.match(text)):
            head.message_number = m.group("n")
            head.roles[i] = "message_number"
        elif line.kind == "text" and (m := _dateline(text)):
            _set_dateline(head, m)
            head.roles[i] = "dateline"
        elif _read_lists(lines, i, head):
            i = _read_lists(lines, i, head)
            continue
        else:
            break
        i += 1
    return i


def _read_after_title(lines: list[Line], i: int, head: Head) -> int:
    _read_title(head, head.title or "", numbered=True)
    while i < len(lines) and i < 60:
        line = lines[i]
        text = line.text
        if line.kind == "text" and (m := _dateline(text)) and "dateline" not in head.roles.values():
            _set_dateline(head, m)
            head.roles[i] = "dateline"
        elif line.kind == "text" and _read_marking_line(head, text):
            head.roles[i] = "classification"
        elif nxt := _read_lists(lines, i, head):
            i = nxt
            continue
        else:
            break
        i += 1
    return i


def _read_lists(lines: list[Line], i: int, head: Head) -> int:
    """SUBJECT / PARTICIPANTS labels and the list items of the heading; 0 when none start at i."""
    line = lines[i]
    if line.kind == "text" and (m := _SUBJECT_LABEL.match(line.text)) and len(line.text) < 200:
        head.roles[i] = "subject_label"
        if m.group("rest"):
            head.subject = m.group("rest").strip()
            return i + 1
        if i + 1 < len(lines) and lines[i + 1].kind in ("item", "text") and lines[i + 1].text:
            head.subject = lines[i + 1].text
            head.roles[i + 1] = "subject"
            return i + 2
        return i + 1
    if line.kind == "text" and _PARTICIPANTS_LABEL.match(line.text):
        head.roles[i] = "participants_label"
        return _read_participants(lines, i + 1, head)
    if line.kind == "item":
        j = i
        while j < len(lines) and lines[j].kind == "item":
            j += 1
        for k in range(i + 1, j):
            if lines[k].gap >= 2:  # a wide gap parts the subject from the participants
                j = k
                break
        group = lines[i:j]
        if len(group) == 1 and head.subject is None and not head.participants:
            head.subject = group[0].text
            head.roles[i] = "subject"
            return j
        return _read_participants(lines, i, head)
    return 0


def _read_participants(lines: list[Line], i: int, head: Head) -> int:
    while i < len(lines) and lines[i].kind == "item":
        nested = i + 1 < len(lines) and lines[i + 1].kind == "item" and lines[i + 1].level > lines[i].level
        head.roles[i] = "participant_group" if nested else "participant"
        if not nested:
            head.participants.append(lines[i].text)
        i += 1
    return i


def _read_marking_line(head: Head, text: str) -> bool:
    """Classification and handling words on a line of their own ("top secret   us urgent")."""
    if len(text) > 60 or not text.strip() or any(ch.isdigit() for ch in text):
        return False
    words = text.lower().split()
    levels: list[str] = []
    handling: list[str] = []
    marking_words: list[str] = []
    original = text.split()
    k = 0
    while k < len(words):
        for size in (3, 2, 1):
            phrase = " ".join(words[k : k + size])
            if len(words) - k >= size and (phrase in _LEVEL_WORDS or phrase in _HANDLING_WORDS):
                as_written = " ".join(original[k : k + size])
                if phrase in _LEVEL_WORDS and not levels:
                    levels.append(_LEVEL_WORDS[phrase])
                    marking_words.append(as_written)
                else:
                    handling.append(as_written)
                k += size
                break
        else:
            return False
    if levels and head.level is None:
        head.level = levels[0]
        head.marking = marking_words[0]
    head.handling.extend(handling)
    return True


# -- titles --------------------------------------------------------------------------------


def _read_title(head: Head, title: str, *, numbered: bool) -> None:
    """Doc type, sender and recipient, message number, and a place and date in the title."""
    text = _strip_note_digits(title)
    doc_type = None
    for known in DOC_TYPES:
        if text == known or text.startswith((known + " ", known + ",")):
            doc_type = known
            break
    if doc_type is None:
        words: list[str] = []
        for word in text.split():
            if not word[:1].isupper() or word in ("From", "Prepared", "Between", "To") or word[:1].isdigit():
                break
            words.append(word.rstrip(","))
            if word.endswith(","):
                break
        doc_type = " ".join(words) or None
    if doc_type == "Paper Prepared":
        doc_type = "Paper"
    if head.doc_type is None:
        head.doc_type = doc_type
    rest = text[len(doc_type) :].strip() if doc_type and text.startswith(doc_type) else text
    if m := re.match(r"^(?P<num>(?:No\. )?[A-Z]{0,6}[–-]?\d{1,7})\b(?P<rest>.*)$", rest):
        if head.message_number is None and doc_type and re.search(r"Telegram|Airgram|Message|Despatch|Instruction",
                                                                doc_type):
            head.message_number = m.group("num")
            rest = m.group("rest").strip()
    place_date = _title_place_date(rest)
    if place_date:
        rest, place, date_text = place_date
        if head.place is None:
            head.place = place
        if head.date_text is None:
            head.date_text, head.date_source = date_text, "title"
    if m := re.match(r"^(?:From|Prepared by|Prepared in|by)\s+(?P<parties>.+)$", rest):
        sender, recipient = split_from_to(m.group("parties"))
        head.from_, head.to = _drop_article(sender), _drop_article(recipient)
    elif m := re.match(r"^to\s+(?P<to>.+)$", rest):
        head.to = _drop_article(m.group("to"))
    head.from_person, head.to_person = _person(head.from_), _person(head.to)


def _title_place_date(rest: str) -> tuple[str, str | None, str] | None:
    """", Washington, January 5, 1955, 2:40 p.m." at the end of a title → (rest, place, date)."""
    m = re.search(rf"(?:,| on) (?P<date>(?:(?:{'|'.join(_WEEKDAYS)}), )?{_MONTHS} \d{{1,2}}, \d{{4}}.*)$", rest)
    if not m:
        return None
    before = rest[: m.start()]
    parts = [p.strip() for p in before.split(",")]
    place_parts: list[str] = []
    while len(parts) > 1 and parts[-1][:1].isupper() and len(parts[-1].split()) <= 4:
        place_parts.insert(0, parts.pop())
    place = ", ".join(p for p in place_parts if p not in _WEEKDAYS) or None
    return ", ".join(parts), place, m.group("date")


def split_from_to(phrase: str) -> tuple[str | None, str | None]:
    """Split "X to Y" into sender and recipient, at the " to " after a name in parentheses if any.

    "The Special Assistant to the President (Bundy) to President Johnson" splits after
    "(Bundy)"; without parentheses the first " to " is taken.
    """
    phrase = phrase.strip().rstrip(".")
    after_paren = re.search(r"\)\s+to\s+", phrase)
    if after_paren:
        return phrase[: after_paren.start() + 1].strip(), phrase[after_paren.end() :].strip()
    parts = re.split(r"\s+to\s+", phrase, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip() or None, parts[1].strip() or None
    return phrase or None, None


def _is_address(text: str) -> bool:
    """A "Sender to Recipient" line of the older volumes."""
    stripped = _strip_note_digits(text)
    return (
        len(stripped) < 300
        and bool(re.match(r"^(?:The |Mr\. |Mrs\. |President |Secretary |Ambassador |General |[A-Z][a-z]+ )", stripped))
        and bool(re.search(r"\s+to\s+", stripped))
        and not stripped.endswith((".", ":"))
    )


def _strip_note_digits(text: str) -> str:
    """The text without a note number glued (or spaced) at its end: "Missions1" → "Missions"."""
    return re.sub(r"(?<=[^\d\s])\d{1,3}$|(?<=[A-Za-z)]) [01]$|(?<=, \d{4})\d{1,2}$", "", text.rstrip()).rstrip()


def _drop_article(party: str | None) -> str | None:
    if party and party.startswith("the "):
        return party[4:]
    return party


def _person(party: str | None) -> str | None:
    """The surname the editors put in parentheses: "the Ambassador in Iran (Henderson)" → Henderson."""
    if not party:
        return None
    m = re.search(r"\(\s*([^()]+?)\s*\)\s*$", party)
    return m.group(1) if m else None


def _dateline(text: str) -> re.Match[str] | None:
    """A dateline ("Saigon, September 1, 1963, 7 p.m."): a short place, a date, perhaps a time."""
    m = _DATELINE.match(text)
    if not m or len(text) > 120 or len(m.group("place")) > 45:
        return None
    if any(len(part.split()) > 4 for part in m.group("place").split(",")):
        return None
    return m


def _set_dateline(head: Head, m: re.Match[str]) -> None:
    head.place = m.group("place")
    head.date_text = re.sub(r"(?<![ap]\.m)\.$", "", m.group("date"))  # keep the stop of "p.m."
    head.date_source = "dateline"
