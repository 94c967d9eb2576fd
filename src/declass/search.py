"""The declass query language: parse a query string into a small tree the stores compile.

    >>> q = parse('"Sino-Soviet" Peiping -Formosa year:1953..1954', expander=None)
    >>> q.root
    And(items=(Text(words=('Sino-Soviet',), ...

Words are ANDed; `"a phrase"`; `a OR b`; `-word` (or `NOT word`) excludes; `pref*` is a
prefix; `( ... )` groups; `field:value` filters (see FIELDS and docs/query.md). The parser
never touches a database: backends turn the tree into parameterised SQL, so no part of a
query is ever pasted into SQL. A malformed query raises QueryError saying where and why.

Names across spellings: when an expander is given (by default
`declass.enrich.entities.expand_variants`, when that module is installed), a word or a run
of words naming a known entity is widened to all its spellings (Beijing -> Peiping, Peking).
"""

from __future__ import annotations

import calendar
import html
import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from declass.errors import QueryError
from declass.model import CLASSIFICATION_LEVELS

Expander = Callable[[str], list[str]]

#: field name -> what it filters (for error messages and docs/query.md)
FIELDS: dict[str, str] = {
    "collection": "collection name (frus, crest, ...)",
    "type": "document type (memorandum, telegram, ...)",
    "format": "input format (frus-text, crest, ...)",
    "classification": "classification level (secret, top-secret, ...)",
    "from": "words of the sender",
    "to": "words of the recipient",
    "volume": "FRUS volume id (frus1952-54v08)",
    "entity": "entity id, name or spelling",
    "year": "year or range: 1953, 1953..1954, 1953.., ..1954, unknown",
    "date": "date or range: 1953-11, 1953-11..1954-02, 1954-11-23, unknown",
    "has": "redactions or revisions",
    "id": "document id",
}
HAS_VALUES = ("redactions", "revisions")
SORTS = ("relevance", "date", "-date")
MAX_QUERY_CHARS = 2000
MAX_EXPANSION_WORDS = 4

_WORDCHAR = re.compile(r"\w", re.UNICODE)


# -- the tree ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Words that must occur together, in order (one word, or a phrase); `prefix` on the last."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Filter:
    """A field filter. `value` is normalised: a string, or a `(low, high)` pair for ranges.

    For `year` and `date`, low/high are ISO dates `YYYY-MM-DD` (either may be None for an open
    end) or the value is the string "unknown".
    """

    name: str
    value: str | tuple[str | None, str | None]


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Text | Filter | And | Or | Not


@dataclass(slots=True)
class ParsedQuery:
    """A parsed query: the tree (None = every document) and what a snippet should highlight."""

    source: str
    root: Node | None
    highlight: list[Text] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.highlight) or _has_text(self.root)

    @property
    def has_date_filter(self) -> bool:
        return any(isinstance(n, Filter) and n.name in ("year", "date") for n in walk(self.root))


def walk(node: Node | None) -> Iterable[Node]:
    if node is None:
        return
    yield node
    if isinstance(node, (And, Or)):
        for item in node.items:
            yield from walk(item)
    elif isinstance(node, Not):
        yield from walk(node.item)


def _has_text(node: Node | None) -> bool:
    return any(isinstance(n, Text) for n in walk(node))


def is_pure_text(node: Node) -> bool:
    """True when a subtree holds only words and phrases (so one full-text match can answer it)."""
    return all(not isinstance(n, Filter) for n in walk(node))


# -- tokens --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    kind: str  # word, phrase, field, lparen, rparen, or, and, not, minus
    value: str
    pos: int
    field_name: str | None = None
    quoted: bool = False


_FIELD = re.compile(r"([A-Za-z_]+):")


def _tokenize(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            tokens.append(_Token("lparen", ch, i))
            i += 1
            continue
        if ch == ")":
            tokens.append(_Token("rparen", ch, i))
            i += 1
            continue
        if ch == "-" and i + 1 < n and not query[i + 1].isspace() and (not tokens or _boundary(query, i)):
            tokens.append(_Token("minus", ch, i))
            i += 1
            continue
        if ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError(f'unclosed quote: the phrase starting at character {i + 1} has no closing "')
            tokens.append(_Token("phrase", query[i + 1 : end], i, quoted=True))
            i = end + 1
            if i < n and query[i] == "*":
                tokens[-1].value += "*"
                i += 1
            continue
        m = _FIELD.match(query, i)
        if m and m.group(1).lower() in FIELDS:
            name = m.group(1).lower()
            j = m.end()
            if j < n and query[j] == '"':
                end = query.find('"', j + 1)
                if end < 0:
                    raise QueryError(f"unclosed quote in {name}: at character {i + 1}")
                tokens.append(_Token("field", query[j + 1 : end], i, field_name=name, quoted=True))
                i = end + 1
            else:
                end = j
                while end < n and not query[end].isspace() and query[end] not in "()":
                    end += 1
                tokens.append(_Token("field", query[j:end], i, field_name=name))
                i = end
            continue
        if m and m.group(1).isalpha() and m.end() < n and not query[m.end()].isspace():
            known = ", ".join(f"{f}:" for f in FIELDS)
            raise QueryError(
                f"unknown field {m.group(1)!r} at character {i + 1}; known fields: {known} "
                f'(put the words in quotes to search for them: "{query[i : m.end() + 10].split()[0]}")'
            )
        end = i
        while end < n and not query[end].isspace() and query[end] not in '()"':
            end += 1
        word = query[i:end]
        kind = {"OR": "or", "AND": "and", "NOT": "not"}.get(word, "word")
        tokens.append(_Token(kind, word, i))
        i = end
    return tokens


def _boundary(query: str, i: int) -> bool:
    return i == 0 or query[i - 1].isspace() or query[i - 1] == "("


# -- parser --------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Token], source: str) -> None:
        self.tokens = tokens
        self.i = 0
        self.source = source

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse_sequence(self, closing: bool) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "rparen":
                if not closing:
                    raise QueryError(f"unbalanced parenthesis: ')' at character {tok.pos + 1} has no '('")
                break
            if tok.kind == "and":
                self.take()
                continue
            if tok.kind == "or":
                raise QueryError(f"OR at character {tok.pos + 1} has nothing before it")
            node = self.parse_or()
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_or(self) -> Node | None:
        first = self.parse_unary()
        options = [first] if first is not None else []
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in ("rparen", "or"):
                raise QueryError(f"OR at character {tok.pos + 1} has nothing after it")
            node = self.parse_unary()
            if node is not None:
                options.append(node)
        if not options:
            return None
        return options[0] if len(options) == 1 else Or(tuple(options))

    def parse_unary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok.kind in ("minus", "not"):
            self.take()
            if self.peek() is None:
                if tok.kind == "not":
                    raise QueryError(f"NOT at character {tok.pos + 1} has nothing after it")
                return None
            inner = self.parse_unary()
            return None if inner is None else Not(inner)
        return self.parse_atom()

    def parse_atom(self) -> Node | None:
        tok = self.take()
        if tok.kind == "lparen":
            inner = self.parse_sequence(closing=True)
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise QueryError(f"unbalanced parenthesis: '(' at character {tok.pos + 1} is never closed")
            self.take()
            return inner
        if tok.kind == "field":
            return parse_filter(tok.field_name or "", tok.value, tok.pos)
        if tok.kind == "phrase":
            return _text(tok.value)
        if tok.kind in ("or", "and", "not", "minus"):  # pragma: no cover - handled by callers
            raise QueryError(f"unexpected {tok.value!r} at character {tok.pos + 1}")
        return _text(tok.value)


def _text(raw: str) -> Text | None:
    prefix = raw.endswith("*")
    raw = raw.rstrip("*")
    words = tuple(w for w in raw.split() if _WORDCHAR.search(w))
    if not words:  # punctuation alone (";", "--") searches for nothing: ignore it
        return None
    return Text(words, prefix)


def parse(query: str, *, expander: Expander | None | str = "default") -> ParsedQuery:
    """Parse `query`; raise QueryError with the position and reason when it is malformed.

    `expander` maps a name to all its spellings; "default" uses the installed names table,
    None turns expansion off (`--exact`).
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    if "\x00" in query:
        raise QueryError("query contains a NUL character")
    tokens = _tokenize(query)
    root = _Parser(tokens, query).parse_sequence(closing=False)
    highlight = [n for n in walk(root) if isinstance(n, Text) and not _negated(root, n)]
    if expander == "default":
        expander = default_expander()
    if expander is not None and root is not None:
        assert callable(expander)
        root = _expand(root, expander)
        highlight = [n for n in walk(root) if isinstance(n, Text) and not _negated(root, n)]
    return ParsedQuery(query, root, _unique(highlight))


def _negated(root: Node | None, target: Node) -> bool:
    def visit(node: Node | None, under_not: bool) -> bool | None:
        if node is None:
            return None
        if node is target:
            return under_not
        if isinstance(node, Not):
            return visit(node.item, True)
        if isinstance(node, (And, Or)):
            for item in node.items:
                found = visit(item, under_not)
                if found is not None:
                    return found
        return None

    return bool(visit(root, False))


def _unique(items: list[Text]) -> list[Text]:
    seen: set[Text] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# -- filters -------------------------------------------------------------------------------

_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_LEVEL_ALIASES = {
    "ts": "top secret",
    "s": "secret",
    "c": "confidential",
    "u": "unclassified",
    "lou": "limited official use",
    "ouo": "official use only",
    "r": "restricted",
}


def parse_filter(name: str, value: str, pos: int) -> Filter:
    """Check and normalise one `name:value` filter."""
    value = value.strip()
    where = f"{name}: at character {pos + 1}"
    if not value:
        raise QueryError(f"{where} has no value ({FIELDS[name]})")
    if name == "year":
        return Filter(name, _range(value, where, _year_bounds))
    if name == "date":
        return Filter(name, _range(value, where, _date_bounds))
    if name == "has":
        v = value.lower()
        if v not in HAS_VALUES:
            raise QueryError(f"{where}: has:{value} is not known; use has:redactions or has:revisions")
        return Filter(name, v)
    if name == "classification":
        v = value.lower().replace("-", " ").replace("_", " ")
        v = _LEVEL_ALIASES.get(v, v)
        if v not in CLASSIFICATION_LEVELS:
            levels = ", ".join(lv.replace(" ", "-") for lv in CLASSIFICATION_LEVELS)
            raise QueryError(f"{where}: {value!r} is not a classification level; known: {levels}")
        return Filter(name, v)
    if name in ("from", "to"):
        if not _WORDCHAR.search(value):
            raise QueryError(f"{where}: {value!r} has no letters or digits to look for")
        return Filter(name, value)
    if name in ("collection", "type", "format"):
        return Filter(name, value.lower())
    return Filter(name, value)


def _range(
    value: str, where: str, bounds: Callable[[str, str], tuple[str, str]]
) -> tuple[str | None, str | None] | str:
    if value.lower() == "unknown":
        return "unknown"
    if ".." in value:
        low_text, _, high_text = value.partition("..")
        if not low_text and not high_text:
            raise QueryError(f"{where}: a range needs at least one end, as in 1953..1954")
        low = bounds(low_text, where)[0] if low_text else None
        high = bounds(high_text, where)[1] if high_text else None
        if low and high and low > high:
            raise QueryError(f"{where}: the range {value} ends before it starts")
        return (low, high)
    first, last = bounds(value, where)
    return (first, last)


def _year_bounds(text: str, where: str) -> tuple[str, str]:
    if not _YEAR.match(text):
        raise QueryError(f"{where}: {text!r} is not a year (four digits, as in 1953)")
    return f"{text}-01-01", f"{text}-12-31"


def _date_bounds(text: str, where: str) -> tuple[str, str]:
    m = _DATE.match(text)
    if not m:
        raise QueryError(f"{where}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        mo = int(month)
        last_day = calendar.monthrange(year, mo)[1]
        if day is None:
            return f"{year:04d}-{mo:02d}-01", f"{year:04d}-{mo:02d}-{last_day:02d}"
        d = int(day)
        if not 1 <= d <= last_day:
            raise ValueError
        return f"{year:04d}-{mo:02d}-{d:02d}", f"{year:04d}-{mo:02d}-{d:02d}"
    except (ValueError, calendar.IllegalMonthError):
        raise QueryError(f"{where}: {text!r} is not a real date") from None


# -- name expansion ------------------------------------------------------------------------


def default_expander() -> Expander | None:
    """The names table's `expand_variants`, or None when that module is not installed."""
    try:
        module = importlib.import_module("declass.enrich.entities")
    except ModuleNotFoundError as exc:
        if exc.name not in ("declass.enrich.entities", "declass.enrich"):
            raise
        return None
    fn = getattr(module, "expand_variants", None)
    return fn if callable(fn) else None


def _expand(node: Node, expander: Expander) -> Node:
    if isinstance(node, Text):
        return _expand_text(node, expander)
    if isinstance(node, Not):
        return Not(_expand(node.item, expander))
    if isinstance(node, Or):
        return Or(tuple(_expand(item, expander) for item in node.items))
    if isinstance(node, And):
        return _expand_and(node, expander)
    return node


def _variants(words: tuple[str, ...], expander: Expander) -> list[str]:
    spellings = expander(" ".join(words)) or []
    own = " ".join(words).lower()
    return [s for s in dict.fromkeys(spellings) if s and s.lower() != own and _WORDCHAR.search(s)]


def _expand_text(node: Text, expander: Expander) -> Node:
    if node.prefix:
        return node
    variants = _variants(node.words, expander)
    if not variants:
        return node
    return Or((node, *(Text(tuple(v.split())) for v in variants)))


def _expand_and(node: And, expander: Expander) -> Node:
    """Expand single words and runs of adjacent plain words (`Mao Zedong`) that name an entity."""
    items = list(node.items)
    out: list[Node] = []
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, Text) and len(item.words) == 1 and not item.prefix:
            run_end = i
            while (
                run_end + 1 < len(items)
                and run_end + 1 - i < MAX_EXPANSION_WORDS
                and isinstance(items[run_end + 1], Text)
                and len(items[run_end + 1].words) == 1  # type: ignore[union-attr]
                and not items[run_end + 1].prefix  # type: ignore[union-attr]
            ):
                run_end += 1
            for end in range(run_end, i, -1):  # longest run first
                run = tuple(t.words[0] for t in items[i : end + 1])  # type: ignore[union-attr]
                variants = _variants(run, expander)
                if variants:
                    words_and = And(tuple(items[i : end + 1]))
                    out.append(Or((words_and, *(Text(tuple(v.split())) for v in variants))))
                    i = end + 1
                    break
            else:
                out.append(_expand_text(item, expander))
                i += 1
            continue
        out.append(_expand(item, expander))
        i += 1
    return out[0] if len(out) == 1 else And(tuple(out))


# -- snippets ------------------------------------------------------------------------------

SNIPPET_CHARS = 240


def _pattern(terms: list[Text]) -> re.Pattern[str] | None:
    parts = []
    for term in terms:
        tokens = [t for w in term.words for t in re.findall(r"\w+", w)]
        if not tokens:
            continue
        body = r"\W+".join(re.escape(t) for t in tokens)
        parts.append(rf"\b{body}\w*" if term.prefix else rf"\b{body}\b")
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)


def snippet(text: str, terms: list[Text], *, width: int = SNIPPET_CHARS) -> str:
    """A window of `text` around the first match, HTML-escaped, matches in `<mark>...</mark>`.

    With no match (a filter-only query) it is the opening of the text.
    """
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    if first is None:
        start = 0
    else:
        start = max(0, first.start() - width // 3)
        space = text.rfind(" ", 0, start)
        if start and space >= 0 and start - space < 30:
            start = space + 1
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + width // 2:
            end = space
    window = text[start:end]
    pieces: list[str] = []
    pos = 0
    if pattern is not None:
        for m in pattern.finditer(window):
            pieces.append(html.escape(window[pos : m.start()], quote=False))
            pieces.append("<mark>" + html.escape(m.group(0), quote=False) + "</mark>")
            pos = m.end()
    pieces.append(html.escape(window[pos:], quote=False))
    out = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + out + ("…" if end < len(text) else "")
