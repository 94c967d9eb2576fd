"""Build a reading text piece by piece while recording spans over it.

Readers walk their input once, appending the words a person reads and marking ranges as
they go, so offsets are right by construction:

    >>> b = TextBuilder()
    >>> start = b.append("Soviet propaganda ")
    >>> with b.span("deletion", hand="ink"):
    ...     _ = b.append("has begun to insist")
    >>> b.text, b.spans[0].kind, b.spans[0].start
    ('Soviet propaganda has begun to insist', 'deletion', 18)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from declass.model import Span


class TextBuilder:
    """Accumulates text and standoff spans; `text` joins the pieces on demand."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.spans: list[Span] = []

    def __len__(self) -> int:
        return self._length

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def append(self, piece: str) -> int:
        """Append `piece`; return the offset where it starts."""
        start = self._length
        if piece:
            self._parts.append(piece)
            self._length += len(piece)
        return start

    def ends_with(self, suffix: str) -> bool:
        """Whether the text ends with `suffix`; only the last pieces are looked at."""
        if not self._length:
            return suffix == ""
        return self._tail(len(suffix)).endswith(suffix)

    def ensure_break(self, sep: str = "\n\n") -> None:
        """Make the text end with `sep` (unless empty), without doubling newlines.

        Trailing blanks (spaces, tabs) before the break are dropped unless a span ends among
        them. Only the pieces at the end are touched, so calling this after every paragraph
        costs nothing that grows with the text.
        """
        if not self._length:
            return
        blanks = self._trailing(" \t")
        if blanks:
            cut = self._length - blanks
            # trailing blanks before a break are noise; drop them unless a span ends there
            if not any(s.end > cut for s in self.spans):
                self._drop_last(blanks)
        have = self._trailing("\n", limit=sep.count("\n"))
        want = sep.count("\n")
        if have < want:
            self.append("\n" * (want - have))

    def _tail(self, size: int) -> str:
        """At least the last `size` characters (fewer only when the text is shorter)."""
        if size <= 0:
            return ""
        taken: list[str] = []
        length = 0
        for piece in reversed(self._parts):
            taken.append(piece)
            length += len(piece)
            if length >= size:
                break
        return "".join(reversed(taken))

    def _trailing(self, chars: str, limit: int | None = None) -> int:
        """How many of the last characters are in `chars` (counting stops once past `limit`)."""
        count = 0
        for piece in reversed(self._parts):
            kept = piece.rstrip(chars)
            count += len(piece) - len(kept)
            if kept or (limit is not None and count >= limit):
                break
        return count

    def _drop_last(self, count: int) -> None:
        """Remove the last `count` characters (which lie in the last pieces)."""
        self._length -= count
        while count:
            piece = self._parts.pop()
            if len(piece) > count:
                self._parts.append(piece[: len(piece) - count])
                return
            count -= len(piece)

    def mark(self, start: int, end: int, kind: str, **attrs: Any) -> Span:
        """Record a span over an already appended range."""
        if not (0 <= start <= end <= self._length):
            raise ValueError(f"span {kind} [{start}, {end}) outside text of {self._length}")
        span = Span(start, end, kind, attrs)
        self.spans.append(span)
        return span

    def add(self, piece: str, kind: str, **attrs: Any) -> Span:
        """Append `piece` and record a span over exactly it."""
        start = self.append(piece)
        return self.mark(start, self._length, kind, **attrs)

    @contextmanager
    def span(self, kind: str, **attrs: Any) -> Iterator[Span]:
        """Record a span over everything appended inside the `with` block."""
        span = Span(self._length, self._length, kind, attrs)
        self.spans.append(span)
        try:
            yield span
        finally:
            span.end = self._length
