"""Acceptance on the real documents: the two seeds, then every document of the corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from declass import enrich, formats
from declass.cli import app
from declass.model import Document
from tests.conftest import CORPUS, corpus_path

pytestmark = pytest.mark.corpus


def read_one(*parts: str) -> Document:
    (doc,) = list(formats.read_path(corpus_path(*parts)))
    return enrich.apply(doc)


def mentions(doc: Document) -> dict[str, str]:
    found = {doc.span_text(s): s.attrs["id"] for s in doc.spans_of("entity")}
    for note in doc.footnotes:
        found.update({note.text[a["start"] : a["end"]]: a["id"] for a in note.attrs.get("entities", [])})
    return found


def test_briefing_seed_names_and_judgments() -> None:
    doc = read_one("seeds", "CIA-RDP80R01443R000200010007-3.md")
    found = mentions(doc)
    expected = {"Peiping": "beijing", "Peking": "beijing", "Mao Tse-tung": "mao-zedong", "Port Arthur": "lushun",
                "Dairen": "dalian", "Sinkiang": "xinjiang", "Malenkov": "georgy-malenkov", "Stalin": "joseph-stalin",
                "Manchuria": "manchuria", "Moscow": "moscow", "Inner Mongolia": "inner-mongolia", "Tibet": "tibet"}
    assert {k: found.get(k) for k in expected} == expected
    judged = {s.attrs["sentence"]: s.attrs for s in doc.spans_of("judgment")}
    aid = next(a for s, a in judged.items() if "Soviet aid and credits have almost certainly been sufficient to deter "
               "Peiping from contemplating defection" in s)
    assert aid["kent"] == "almost certain" and aid["icd203"] == "almost certain"
    rumor = next(a for s, a in judged.items() if "Rumors of Sino-Soviet disagreement on Korean issues cannot be "
                 "confirmed" in s)
    assert rumor["evidential"] == "unconfirmed" and rumor["kent"] is None
    assert all(s.attrs.get("meaning") for s in doc.spans_of("redaction"))


def test_airgram_seed_names_file_number_and_judgment() -> None:
    doc = read_one("seeds", "frus1952-54v08_d632.txt")
    found = mentions(doc)
    expected = {"Formosa": "taiwan", "Dulles": "john-foster-dulles", "Walter S. Robertson": "walter-robertson",
                "Robert Murphy": "robert-murphy", "Moscow": "moscow", "Communist China": "prc",
                "Walter P. McConaughy": "walter-mcconaughy", "Merchant": "livingston-merchant"}
    assert {k: found.get(k) for k in expected} == expected
    (number,) = doc.spans_of("file_number")
    assert number.attrs["meaning"] == "Political relations: USSR – China"
    assert [c["code"] for c in number.attrs["countries"]] == ["61", "93"]
    assert number.attrs["date"] == "1954-11-23"
    probable = [s.attrs for s in doc.spans_of("judgment") if "it was probably in the interest of both powers"
                in s.attrs["sentence"]]
    assert probable and probable[0]["kent"] == "probable" and probable[0]["icd203"] == "likely"


def test_whole_corpus_enriches_cleanly() -> None:
    if not CORPUS.is_dir():
        pytest.skip("development corpus not available")
    count = 0
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        for doc in formats.read_path(path):
            text = doc.text
            doc = enrich.apply(doc)
            count += 1
            assert doc.text == text
            for span in doc.spans_of("date"):
                if not re.search(r"\d{4}", span.attrs["text"]):  # a two-digit or inferred year
                    assert span.attrs["start"] < "2000", span.attrs
                assert span.attrs["precision"] in {"day", "month", "year", "decade"}
            for span in doc.spans_of("entity", "judgment", "file_number"):
                doc.check_span(span)
    assert count >= 150


def test_cli_entities_and_judgments_json() -> None:
    runner = CliRunner()
    seeds = str(corpus_path("seeds"))
    result = runner.invoke(app, ["entities", seeds, "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert rows["beijing"]["variants"] == {"Peiping": 25, "Peking": 2} or set(rows["beijing"]["variants"]) == {
        "Peiping", "Peking"}
    result = runner.invoke(app, ["judgments", seeds, "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert any(r["kent"] == "almost certain" and r["date"] == "1953-11-04" for r in rows)
    text = runner.invoke(app, ["judgments", seeds]).output
    assert "CIA-RDP80R01443R000200010007-3  1953-11-04  [unconfirmed]" in text


def test_cli_entities_reports_bad_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["entities", str(empty)])
    assert "empty.txt" in result.output
    assert CliRunner().invoke(app, ["entities"]).exit_code == 2
