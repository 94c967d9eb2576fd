"""Source notes: every part read, no word lost, on invented notes and every note in the corpus."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from lxml import etree

from declass.formats import frus_text
from declass.text.source_note import (
    find_file_numbers,
    names_in_list,
    parse_citation,
    parse_source_note,
    split_sentences,
)
from tests.conftest import corpus_path

TEI = "{http://www.tei-c.org/ns/1.0}"


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def assert_nothing_dropped(text: str) -> None:
    note = parse_source_note(text)
    assert words(" ".join(t for _, t in note.segments)) == words(text), text
    assert " ".join(t for _, t in note.segments) == " ".join(text.split())


def test_central_files_note_with_drafting_chain() -> None:
    text = (
        "Source: Department of State, Central Files, 611.99/1–2756. Confidential. Drafted by Ambrose T. "
        "Pennywhistle; cleared by Voss and Oakhollow (EUR); approved by Quince."
    )
    note = parse_source_note(text)
    assert note.repository == "Department of State" and note.collection == ["Central Files"]
    assert note.file_numbers == ["611.99/1–2756"]
    assert (note.classification, note.marking, note.handling) == ("confidential", "Confidential", [])
    assert note.drafted_by == ["Ambrose T. Pennywhistle"]
    assert note.cleared_by == ["Voss", "Oakhollow"] and note.approved_by == ["Quince"]
    assert note.remainder == ""
    assert_nothing_dropped(text)


def test_presidential_materials_note_with_box_and_handling() -> None:
    text = (
        "Source: National Archives, Nixon Presidential Materials, NSC Files, Box 711, Country Files, Europe, "
        "Freedonia, Vol. VI. Secret; Sensitive. Sent for action. Brandt sent the memorandum to the President "
        "under a June 3 covering note."
    )
    note = parse_source_note(text)
    assert note.repository == "National Archives"
    assert note.collection == ["Nixon Presidential Materials", "NSC Files"]
    assert note.box == "711" and note.folder == "Country Files, Europe, Freedonia, Vol. VI"
    assert (note.classification, note.handling) == ("secret", ["Sensitive"])
    assert note.sent_for == "action" and note.sent_by == ["Brandt"]
    assert note.remainder.startswith("Sent for action.")
    assert_nothing_dropped(text)


def test_lots_jobs_record_groups_and_subject_numeric_files() -> None:
    note = parse_source_note(
        "Source: National Archives, RG 59, Central Files 1967–69, POL 33–6 FREEDONIA–US. Secret; Immediate; "
        "Nodis. Drafted and approved by Halloway; cleared by Brandt and cleared with changes by Ostrander."
    )
    assert note.record_group == "RG 59" and note.file_numbers == ["POL 33–6 FREEDONIA–US"]
    assert note.handling == ["Immediate", "Nodis"]
    assert note.drafted_by == ["Halloway"] and note.approved_by == ["Halloway"]
    assert note.cleared_by == ["Brandt", "Ostrander"]
    lot = parse_source_note("Source: Department of State, S/P Files: Lot 67 D 548, Harbor. Top Secret; Eyes Only.")
    assert lot.lot == "Lot 67 D 548" and lot.classification == "top secret" and lot.handling == ["Eyes Only"]
    job = parse_source_note("Source: Central Intelligence Agency, DCI Files, Job 80–B01285A, Box 9, Folder 12. Secret.")
    assert (job.job, job.box, job.folder) == ("Job 80–B01285A", "9", "12")


def test_marks_and_odd_notes() -> None:
    none = parse_source_note("Source: Library of Congress, Invented Papers. No classification marking.")
    assert (none.classification, none.marking) == ("unknown", "No classification marking")
    run_in = parse_source_note("Source: Department of State, Central Files, POL 27 S FREEDONIA Top Secret; Immediate.")
    assert run_in.file_numbers == ["POL 27 S FREEDONIA"] and run_in.classification == "top secret"
    published = parse_source_note("Source: Public Papers: Invented, 1978, pp. 1–5. The speech was given at noon.")
    assert published.kind == "publication" and published.repository == "Public Papers"
    summary = parse_source_note("Summary: An invented summary. Source: Carter Library, NSA Files, Box 1. Secret.")
    assert summary.preamble == "Summary: An invented summary." and summary.box == "1"
    assert parse_source_note("").segments == [] and parse_source_note("   ").repository is None
    citation = parse_citation("Eisenhower Library, Dulles Papers, Harbor file")
    assert citation.collection == ["Dulles Papers", "Harbor file"]


def test_names_and_sentences() -> None:
    assert names_in_list("Assistant Secretary of State for Harbor Affairs Walter S. Quince and Voss (EUR)") == [
        "Walter S. Quince", "Voss"
    ]
    found = names_in_list("E.V. Halloway, Director of the Office, and the President")
    assert found == ["E.V. Halloway", "the President"]
    assert names_in_list("[name not declassified] on May 3") == ["[name not declassified]"]
    assert split_sentences("Box 9, Vol. VI. Secret. Drafted by W.B. Smith on Jan. 4. Copies (Ibid. p. 4) sent.") == [
        "Box 9, Vol. VI.", "Secret.", "Drafted by W.B. Smith on Jan. 4.", "Copies (Ibid. p. 4) sent."
    ]
    assert find_file_numbers("see 751K.00/11–1160 and 110.11–DU/3–2456 and 854.51/391") == [
        "751K.00/11–1160", "110.11–DU/3–2456", "854.51/391"
    ]


def test_sentence_and_part_splitting_around_brackets_quotes_and_abbreviations() -> None:
    # the splitters jump between punctuation marks: a stop inside brackets or quotes, after an
    # abbreviation or an initial, or followed by a closing quote, is handled as before
    text = "He said “Go.” Then he left. (See p. 3. Also p. 4.) Next [sic.] one. Mr. W. Smith came? Yes!"
    assert split_sentences(text) == [
        "He said “Go.”", "Then he left.", "(See p. 3. Also p. 4.) Next [sic.] one.", "Mr. W. Smith came?", "Yes!",
    ]
    assert split_sentences("Ends with a quote.” Then “a quoted sentence.” (Bracketed. Still bracketed.) Done.") == [
        "Ends with a quote.”", "Then “a quoted sentence.”", "(Bracketed. Still bracketed.) Done.",
    ]
    citation = parse_citation("Eisenhower Library, Dulles Papers, Vol. 3, Box 12, Misc. Memos: J.F.D., Folder 7.")
    assert citation.repository == "Eisenhower Library" and citation.collection == ["Dulles Papers", "Vol. 3"]
    assert (citation.box, citation.folder) == ("12", "Misc. Memos: J.F.D., Folder 7")


def test_quick_tests_before_the_searches_miss_nothing() -> None:
    assert find_file_numbers("no numbers here, 611.93 and 1-2756") == []
    assert find_file_numbers("see 611.93/1–2756 and 711.5/3-1456.") == ["611.93/1–2756", "711.5/3-1456"]
    note = parse_source_note(
        "Source: Department of State, Central Files, 611.93/1–2756. Secret. SENT FOR ACTION to Paris. "
        "Smith sent the memorandum to Jones on May 3."
    )
    assert (note.sent_for, note.sent_by, note.classification) == ("action", ["Smith"], "secret")
    assert parse_source_note("Source: Ibid. Secret. Drafted BY Ames; cleared WITH Lee.").drafted_by == ["Ames"]


def test_to_json_keeps_every_field() -> None:
    data = parse_source_note("Source: Department of State, Central Files, 611.99/1–2756. Secret.").to_json()
    assert data["file_numbers"] == ["611.99/1–2756"] and data["segments"][0] == {"role": "label", "text": "Source:"}


def _corpus_notes() -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    for path in sorted(corpus_path("frus_text").glob("*.txt")) + [corpus_path("seeds", "frus1952-54v08_d632.txt")]:
        for doc in frus_text.read(path):
            notes.extend((path.name, f.text) for f in doc.footnotes if "Source:" in f.text)
    other = corpus_path("other")
    for path in sorted(other.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(r"^/\d+/(Source:.*)$", line.strip())
            if m:
                notes.append((path.name, m.group(1)))
    for path in sorted(corpus_path("frus_tei").glob("*.xml")):
        for _, element in etree.iterparse(str(path), tag=(f"{TEI}note", f"{TEI}p")):
            text = " ".join("".join(element.itertext()).split())
            if element.tag == f"{TEI}note" and element.get("type") == "source":
                notes.append((path.name, text))
            elif element.tag == f"{TEI}p" and text.startswith("[Source:"):
                notes.append((path.name, text.strip("[]")))
    return notes


@pytest.mark.corpus
def test_every_source_note_in_the_corpus() -> None:
    notes = _corpus_notes()
    assert len(notes) >= 45
    counts = Counter()
    for where, text in notes:
        note = parse_source_note(text)
        assert note.repository or note.file_numbers or note.classification, (where, text)
        assert_nothing_dropped(text)
        counts["repository"] += bool(note.repository)
        counts["file_numbers"] += bool(note.file_numbers)
        counts["classification"] += bool(note.classification)
        counts["drafting"] += bool(note.drafted_by or note.cleared_by or note.approved_by)
    print(f"\nsource notes: {len(notes)}; with", dict(counts))
    assert counts["repository"] == len(notes)
