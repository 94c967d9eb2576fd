"""Checks on HTML the tests receive: elements well nested, visible text, no live script."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        else:
            self.text.append(data)


def check(html: str) -> _Checker:
    """Parse `html`; the result has `errors` (bad nesting), `stack` (unclosed), `text`, `tags`."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker


def assert_well_formed(html: str) -> _Checker:
    c = check(html)
    assert not c.errors, c.errors[:5]
    assert not c.stack, f"unclosed: {c.stack}"
    return c


def script_tags(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in check(html).tags if tag == "script"]


def event_handler_attributes(html: str) -> list[tuple[str, str]]:
    """Every on*= attribute in the page (the reader never writes any)."""
    found = []
    for tag, attrs in check(html).tags:
        for name in attrs:
            if name.lower().startswith("on"):
                found.append((tag, name))
    return found
