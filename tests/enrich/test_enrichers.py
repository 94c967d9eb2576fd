"""The enrichers on documents written for the tests (invented content in the papers' style)."""

from __future__ import annotations

import copy

import pytest

from declass import enrich
from declass.enrich import dates, entities, exemptions, file_numbers, judgments
from declass.errors import EnrichError
from declass.model import DateInfo, Document, Footnote

AIRGRAM = (
    "794A.5/3–1456: Circular airgram\n\nThe Secretary of State to Certain Diplomatic Missions\n\n"
    "CA–5123\n\nReports from Peking and Taihoku say Mao Tse-tung met Chou En-lai at Dairen on Oct. 3. "
    "Ambassador Bohlen told Secretary Dulles that Mr. Molotov would probably not attend; the talks at "
    "Port Arthur cannot be confirmed. It is almost certain that Formosa will be discussed. "
    "[2 lines not declassified]\n\nDulles\n"
)


def make_doc(text: str = AIRGRAM, **meta: object) -> Document:
    doc = Document(id="test/airgram", text=text)
    for key, value in meta.items():
        setattr(doc.metadata, key, value)
    return doc


def entity_map(doc: Document) -> dict[str, str]:
    return {doc.span_text(s): s.attrs["id"] for s in doc.spans_of("entity")}


def test_registry_runs_every_enricher_in_order_and_keeps_the_text() -> None:
    assert list(enrich.ENRICHER_MODULES) == ["exemptions", "file_numbers", "dates", "entities", "judgments"]
    doc = enrich.apply(make_doc())
    assert doc.text == AIRGRAM
    kinds = {s.kind for s in doc.spans}
    assert {"entity", "date", "judgment", "file_number", "redaction"} <= kinds
    for span in doc.spans:
        doc.check_span(span)
    assert Document.loads(doc.dumps()).spans == doc.spans  # JSON round trip keeps every span


def test_each_enricher_can_be_switched_off() -> None:
    doc = enrich.apply(make_doc(), skip=["entities", "judgments"])
    assert not doc.spans_of("entity") and not doc.spans_of("judgment")
    assert doc.spans_of("file_number")
    only = enrich.apply(make_doc(), only=["judgments"])
    assert {s.kind for s in only.spans} == {"judgment"}
    with pytest.raises(ValueError, match="unknown enricher"):
        enrich.apply(make_doc(), skip=["entitys"])


def test_entities_canonical_forms_and_titles() -> None:
    doc = entities.enrich(make_doc())
    found = entity_map(doc)
    assert found["Peking"] == "beijing" and found["Taihoku"] == "taipei"
    assert found["Mao Tse-tung"] == "mao-zedong" and found["Chou En-lai"] == "zhou-enlai"
    assert found["Dairen"] == "dalian" and found["Port Arthur"] == "lushun" and found["Formosa"] == "taiwan"
    assert found["Bohlen"] == "charles-bohlen" and found["Molotov"] == "vyacheslav-molotov"
    assert found["Dulles"] == "john-foster-dulles"
    assert "CA" not in found  # the circular-airgram number is not the Office of Chinese Affairs
    span = next(s for s in doc.spans_of("entity") if doc.span_text(s) == "Peking")
    assert span.attrs == {"id": "beijing", "name": "Beijing", "type": "place", "variant": "Peking", "source": "names"}


def test_entities_case_and_word_boundaries() -> None:
    doc = entities.enrich(make_doc("CANADA and the CAN of Peipingese; (CA) drafted; MOSCOW REPORTS; LET US GO."))
    found = entity_map(doc)
    assert found == {"CANADA": "canada", "CA": "ca", "MOSCOW": "moscow"}  # no "CA" in CAN, no "US" in LET US


def test_unlisted_titled_person_gets_an_id_of_its_own() -> None:
    doc = entities.enrich(make_doc("Ambassador Quenby Farrowdale met Mr. Plimsoll (EUR) in Geneva."))
    found = {doc.span_text(s): s.attrs for s in doc.spans_of("entity")}
    assert found["Quenby Farrowdale"]["id"] == "person:quenby-farrowdale"
    assert found["Quenby Farrowdale"]["title"] == "Ambassador"
    assert found["Plimsoll"]["source"] in {"title", "office"}
    assert found["Geneva"]["id"] == "geneva"


def test_reader_entities_are_authoritative() -> None:
    doc = make_doc()
    start = AIRGRAM.index("Peking")
    doc.add_span(start, start + 6, "entity", id="p_BJ1", name="Peking", type="place", source="frus-persons")
    entities.enrich(doc)
    at_peking = [s for s in doc.spans_of("entity") if s.start == start]
    assert len(at_peking) == 1 and at_peking[0].attrs["source"] == "frus-persons"


def test_footnote_entities() -> None:
    doc = make_doc("Text.")
    doc.footnotes.append(Footnote("1", "Drafted by Walter P. McConaughy; cleared by Merchant (EUR).", 4))
    entities.enrich(doc)
    ids = {a["id"] for a in doc.footnotes[0].attrs["entities"]}
    assert {"walter-mcconaughy", "livingston-merchant", "eur"} <= ids


@pytest.mark.parametrize(
    ("term", "expected"),
    [("Peiping", {"Beijing", "Peking", "Peiping"}), ("formosa", {"Taiwan", "Formosa"}),
     ("Mao Zedong", {"Mao Tse-tung", "Mao Zedong"}), ("Sinkiang", {"Xinjiang", "Sinkiang"})],
)
def test_expand_variants(term: str, expected: set[str]) -> None:
    spellings = entities.expand_variants(term)
    assert spellings[0] == term and expected <= set(spellings)


def test_expand_variants_unknown() -> None:
    assert entities.expand_variants("Atlantis") == []


def test_file_numbers_fill_meaning_date_and_metadata() -> None:
    doc = file_numbers.enrich(make_doc())
    (span,) = doc.spans_of("file_number")
    assert span.attrs["meaning"].startswith("Internal political and national defense affairs: Taiwan")
    assert span.attrs["date"] == "1956-03-14"
    assert doc.metadata.file_numbers == ["794A.5/3–1456"]
    assert doc.metadata.date.start == "1956-03-14" and doc.metadata.date.source == "file-number"


def test_file_numbers_do_not_overwrite_a_reader_date() -> None:
    reader_date = DateInfo("1956-03-13", "1956-03-13", "day", "March 13, 1956", "dateline")
    doc = file_numbers.enrich(make_doc(date=reader_date))
    assert doc.metadata.date is reader_date


def test_dates_spans_and_inferred_year() -> None:
    doc = dates.enrich(file_numbers.enrich(make_doc()))
    (span,) = doc.spans_of("date")
    assert doc.span_text(span) == "Oct. 3"
    # a yearless date after the document moves to the year before: papers cite the past
    assert span.attrs["start"] == "1955-10-03" and span.attrs["year"] == "inferred"


def test_dates_fill_document_date_from_the_heading_only() -> None:
    head = dates.enrich(make_doc("NSC BRIEFING\n\n4 November 1953\n\nText about 1948 to mid-1951."))
    assert head.metadata.date.start == "1953-11-04" and head.metadata.date.source == "text"
    body = dates.enrich(make_doc("x " * 300 + "On 4 November 1953 they met."))
    assert not body.metadata.date.known
    assert body.spans_of("date")[0].attrs["precision"] == "day"


def test_judgments_bands_polarity_and_evidence() -> None:
    doc = judgments.enrich(make_doc())
    found = {s.attrs["phrase"]: s.attrs for s in doc.spans_of("judgment")}
    assert found["probably not"]["kent"] == "probably not" and found["probably not"]["icd203"] == "unlikely"
    assert found["probably not"]["polarity"] == "negative"
    unconfirmed = next(a for a in found.values() if a["evidential"] == "unconfirmed")
    assert unconfirmed["sentence"] == "the talks at Port Arthur cannot be confirmed."
    assert found["almost certain"]["kent"] == "almost certain"


def test_judgment_negation_and_the_month_may() -> None:
    doc = judgments.enrich(make_doc("They will not likely move. The talks opened May 5, 1955. They may move."))
    phrases = [s.attrs["phrase"] for s in doc.spans_of("judgment")]
    assert phrases == ["not likely", "may"]


def test_exemptions_fill_meaning_on_reader_spans_and_frus_brackets() -> None:
    text = "Withheld 25X1 here. " + "[2 lines not declassified] and [name not declassified]."
    doc = make_doc(text)
    doc.add_span(9, 13, "redaction", code="25X1", marker="25X1")
    exemptions.enrich(doc)
    spans = doc.spans_of("redaction")
    assert len(spans) == 3
    assert spans[0].attrs["basis"] and "intelligence" in spans[0].attrs["meaning"]
    assert spans[1].attrs["amount"] == "2" and spans[1].attrs["unit"] == "line"
    assert spans[1].attrs["code"] == "FRUS-omission" and spans[1].attrs["basis"]
    assert spans[2].attrs["withheld"] == "name"


def test_exemptions_keep_reader_values() -> None:
    doc = make_doc("STAT")
    doc.add_span(0, 4, "redaction", code="STAT", marker="STAT", meaning="as the reader said")
    exemptions.enrich(doc)
    span = doc.spans_of("redaction")[0]
    assert span.attrs["meaning"] == "as the reader said" and span.attrs["basis"]


@pytest.mark.parametrize(
    "text", ["", " ", "\x00" * 100, "Peiping" * 20_000, "é" * 5000 + "İ" * 10, "Peiping \ud800 probably 1954"]
)
def test_hostile_text_is_enriched_without_error(text: str) -> None:
    doc = enrich.apply(make_doc(text))
    assert doc.text == text


def test_enrichment_is_idempotent() -> None:
    once = enrich.apply(make_doc())
    twice = enrich.apply(copy.deepcopy(once))
    assert len(twice.spans) == len(once.spans)


def test_broken_names_table_names_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from declass.enrich._matcher import load_names

    bad = tmp_path / "names.csv"
    bad.write_text("id,name,type,variants,notes,source\nx,X,planet,,,\n", encoding="utf-8")
    with pytest.raises(EnrichError, match="names.csv:2: type 'planet'"):
        load_names(bad)
    bad.write_text("id;name\n", encoding="utf-8")
    with pytest.raises(EnrichError, match="columns must be"):
        load_names(bad)
