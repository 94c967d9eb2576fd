"""The reader and enricher registries hold exactly the checked-in list, each module complete."""

from __future__ import annotations

import json

from declass import enrich, formats
from tests.conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "registrations.json").read_text(encoding="utf-8"))


def test_every_registered_reader_imports_and_is_listed() -> None:
    assert formats.available() == EXPECTED["formats"]
    for name in formats.available():
        reader = formats.get_reader(name)
        assert reader.NAME == name
        assert reader.VERSION
        assert callable(reader.sniff) and callable(reader.read)


def test_every_registered_enricher_imports_and_declares_what_it_assigns() -> None:
    assert enrich.available() == EXPECTED["enrichers"]
    assigned: set[str] = set()
    for name in enrich.available():
        module = enrich.get_enricher(name)
        assert module.NAME == name
        assert module.ASSIGNS, f"{name} declares nothing it assigns"
        missing = [kind for kind in module.REQUIRES if kind not in assigned]
        assert not missing, f"{name} requires {missing}, which no earlier enricher assigns"
        assigned.update(module.ASSIGNS)
