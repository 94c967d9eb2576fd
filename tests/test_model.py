from __future__ import annotations

import pytest

from declass.errors import ModelError
from declass.model import Classification, DateInfo, Document, Footnote, Metadata, Span


def _revised_doc() -> Document:
    text = "Soviet propaganda has begun to insist presents that as China is a world power"
    doc = Document(id="t/1", text=text)
    for word, kind in (("has begun to insist", "deletion"), ("presents", "insertion"), ("that", "deletion"),
                       (" as", "insertion"), ("is", "deletion")):
        start = text.index(word, 0 if kind != "deletion" or word != "is" else text.index("China"))
        doc.add_span(start, start + len(word), kind)
    return doc


def test_readings_drop_the_other_layer() -> None:
    doc = _revised_doc()
    assert doc.reading("original") == "Soviet propaganda has begun to insist that China is a world power"
    assert doc.reading("revised") == "Soviet propaganda presents as China a world power"
    assert doc.reading("text") == doc.text


def test_unknown_reading_is_refused() -> None:
    with pytest.raises(ModelError):
        _revised_doc().reading("final")


def test_span_outside_text_is_refused() -> None:
    doc = Document(id="x", text="abc")
    with pytest.raises(ModelError):
        doc.add_span(2, 4, "page")
    with pytest.raises(ModelError):
        doc.add_span(2, 1, "page")


def test_json_round_trip_keeps_everything() -> None:
    doc = _revised_doc()
    doc.collection = "crest"
    doc.footnotes.append(Footnote("1", "A note.", 5))
    doc.metadata = Metadata(
        date=DateInfo("1953-11-04", "1953-11-04", "day", "4 November 1953", "dateline"),
        from_="The Director",
        classification=Classification("secret", "SECRET"),
        file_numbers=["661.93/11–2354"],
    )
    again = Document.loads(doc.dumps())
    assert again.to_json() == doc.to_json()
    assert again.to_json()["metadata"]["from"] == "The Director"
    assert again.metadata.date.precision == "day"


def test_bad_json_document_is_a_model_error() -> None:
    with pytest.raises(ModelError):
        Document.from_json({"text": "no id"})
    with pytest.raises(ModelError):
        Document.from_json({"id": "x", "text": "ab", "spans": [{"start": 0, "end": 9, "kind": "page"}]})


def test_invalid_precision_and_level_are_refused() -> None:
    with pytest.raises(ModelError):
        DateInfo(precision="week")
    with pytest.raises(ModelError):
        Classification(level="sekret")


def test_span_json() -> None:
    span = Span(1, 2, "redaction", {"code": "25X1"})
    assert Span.from_json(span.to_json()) == span
