"""Entity precision and recall against hand labels of 30 corpus documents.

The labels (tests/data/entity_labels/) were made by reading the documents; see the README
there for the conventions. A prediction matches a label of the same document when the
surfaces contain one another (white space folded) and the canonical id agrees — or the
type, for an entity the names table does not list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declass import enrich, formats
from tests.conftest import FIXTURES, corpus_path

LABELS = FIXTURES / "entity_labels"
MIN_PRECISION, MIN_RECALL = 0.90, 0.80

Mention = tuple[str, str, str | None]


def load_labels() -> dict[str, dict[str, object]]:
    labels: dict[str, dict[str, object]] = {}
    for path in sorted(LABELS.glob("labels_*.json")):
        labels.update(json.loads(path.read_text(encoding="utf-8")))
    return labels


def _fold(text: str) -> str:
    return " ".join(text.split())


def predicted_mentions(path: Path) -> set[Mention]:
    """Distinct (surface, type, id) the enricher finds in a file's documents and their footnotes."""
    found: set[Mention] = set()
    for doc in formats.read_path(path):
        doc = enrich.apply(doc, only=["entities"])
        for span in doc.spans_of("entity"):
            found.add((_fold(doc.span_text(span)), span.attrs["type"], span.attrs["id"]))
        for note in doc.footnotes:
            for a in note.attrs.get("entities", []):
                found.add((_fold(note.text[a["start"] : a["end"]]), a["type"], a["id"]))
    return found


def _matches(pred: Mention, gold: Mention) -> bool:
    p_text, p_type, p_id = pred
    g_text, g_type, g_id = gold
    if not (p_text in g_text or g_text in p_text):
        return False
    return p_id == g_id if g_id is not None else p_type == g_type


def score(labels: dict[str, dict[str, object]]) -> tuple[int, int, int, int, list[str]]:
    """(true predictions, predictions, found labels, labels, notes on each miss and false hit)."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    notes: list[str] = []
    for key, entry in labels.items():
        path = corpus_path(str(entry["file"]))
        gold = {(_fold(m[0]), m[1], m[2]) for m in entry["mentions"]}  # type: ignore[union-attr]
        pred = predicted_mentions(path)
        n_pred += len(pred)
        n_gold += len(gold)
        for p in sorted(pred, key=str):
            if any(_matches(p, g) for g in gold):
                tp_pred += 1
            else:
                notes.append(f"{key}: false {p}")
        for g in sorted(gold, key=str):
            if any(_matches(p, g) for p in pred):
                tp_gold += 1
            else:
                notes.append(f"{key}: missed {g}")
    return tp_pred, n_pred, tp_gold, n_gold, notes


def test_labels_cover_thirty_documents() -> None:
    labels = load_labels()
    assert len(labels) >= 30
    assert len({entry["file"] for entry in labels.values()}) == len(labels)
    for entry in labels.values():
        for surface, kind, entity_id in entry["mentions"]:  # type: ignore[union-attr]
            assert surface and kind in {"person", "place", "organization"}
            assert entity_id is None or isinstance(entity_id, str)


def test_label_ids_exist_in_names_table() -> None:
    from declass.enrich._matcher import load_names

    ids = {entry.id for entry in load_names()}
    unknown = {m[2] for e in load_labels().values() for m in e["mentions"] if m[2] and m[2] not in ids}  # type: ignore[union-attr]
    assert not unknown


@pytest.mark.corpus
def test_entity_precision_and_recall() -> None:
    tp_pred, n_pred, tp_gold, n_gold, notes = score(load_labels())
    precision, recall = tp_pred / n_pred, tp_gold / n_gold
    print(f"\nentity precision {precision:.1%} ({tp_pred}/{n_pred}), recall {recall:.1%} ({tp_gold}/{n_gold})")
    print("\n".join(notes))
    assert precision >= MIN_PRECISION, f"precision {precision:.1%} below {MIN_PRECISION:.0%}"
    assert recall >= MIN_RECALL, f"recall {recall:.1%} below {MIN_RECALL:.0%}"
