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
        return self.text.endswith(suffix) if self._length else suffix == ""

    def ensure_break(self, sep: str = "\n\n") -> None:
        """Make the text end with `sep` (unless empty), without doubling newlines."""
        if not self._length:
            return
        text = self.text
        stripped = text.rstrip(" \t")
        if len(stripped) != len(text):
            # trailing blanks before a break are noise; drop them unless a span ends there
            cut = len(stripped)
            if not any(s.end > cut for s in self.spans):
                self._parts = [stripped]
                self._length = cut
                text = stripped
        have = len(text) - len(text.rstrip("\n"))
        want = sep.count("\n")
        if have < want:
            self.append("\n" * (want - have))

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
