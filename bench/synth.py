"""Seeded synthetic documents shaped like the real ones, in any number, fast.

    python -m bench.synth 1000 --out /tmp/synth.jsonl        # Document JSON lines
    python -m bench.synth 1000 --text-dir /tmp/synth-txt     # one plain-text file per document

Two kinds, mixed 60/40 like a FRUS-and-CREST corpus: FRUS-like documents (volume ids,
telegrams and memoranda between named offices, day dates, footnotes with drafting
chains) and CREST-like ones (CIA-RDP document numbers, 25X1 redactions, handwritten
deletions and insertions, OCR-noisy vocabulary). About 3% are undated, 5% dated to the
month and 2% to the year. Words follow a Zipf-like law over a fixed vocabulary of
English function words, historical names and places (with their old spellings, so
name searches have something to find) and generated rare words, so that common words
match most documents and rare ones few, as in a real corpus. The same seed gives the
same documents.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from declass.model import Document, Footnote

COMMON = (
    "the of and to in a that is was for on by with as it be at this from which not are or have has been would "
    "government soviet united states minister foreign policy president embassy department secretary military "
    "meeting question position report support situation talks agreement economic political relations "
    "communist western forces security council party leaders proposal discussion official view time"
).split()
NAMES = (
    "Peiping Peking Beijing Moscow Formosa Taiwan Mao Tse-tung Chou En-lai Khrushchev Dulles Eisenhower "
    "Kennedy Saigon Hanoi Berlin Bonn Paris London Tokyo Seoul Djakarta Rangoon Canton Mukden Nanking "
    "Sino-Soviet Vietminh Kremlin NATO SEATO Politburo Quemoy Matsu Laos Cambodia Indochina"
).split()
OFFICES = [
    "Department of State", "Embassy in Moscow", "Embassy in Paris", "Embassy in London",
    "Consulate General at Hong Kong",
    "Secretary of State", "President", "National Security Council", "Director of Central Intelligence",
    "Joint Chiefs of Staff", "Mission at the United Nations", "Embassy in Tokyo", "Legation in Saigon",
]  # fmt: skip
FRUS_TYPES = [
    ("telegram", 30), ("memorandum", 25), ("memorandum of conversation", 12), ("letter", 10),
    ("editorial note", 5), ("airgram", 8), ("national security council report", 5), ("minutes", 5),
]  # fmt: skip
CREST_TYPES = [("intelligence memorandum", 40), ("briefing", 20), ("current intelligence bulletin", 25), ("report", 15)]
LEVELS = [("secret", 40), ("top secret", 12), ("confidential", 25), ("unclassified", 10), ("unknown", 13)]
SYLLABLES = "ka lo mi ter san vel dor ish an ru pe tov gra nik sel ost ba ren chu li mar zen ov al".split()


def _vocabulary(rng: random.Random, rare: int = 20_000) -> tuple[list[str], list[float]]:
    words: list[str] = list(COMMON) + NAMES
    seen = set(words)
    while len(words) < len(COMMON) + len(NAMES) + rare:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1.0 / (rank + 8) ** 1.05 for rank in range(len(words))]
    cumulative = list(itertools.accumulate(weights))
    return words, cumulative


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class Generator:
    """Documents from a seed: `Generator(seed).documents(n)`."""

    def __init__(self, seed: int = 1953, mean_words: int = 320, sentences: int = 60_000) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative = _vocabulary(self.rng)
        self.mean_words = mean_words
        # documents are drawn from a large pool of sentences: fast, and still Zipf-like in words
        self.sentences = [self._sentence() for _ in range(sentences)]

    def _sentence(self) -> str:
        chunk = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(8, 22))
        chunk[0] = chunk[0].capitalize()
        return " ".join(chunk) + "."

    def _sentence_text(self, n_words: int) -> str:
        return " ".join(self.rng.choices(self.sentences, k=max(1, n_words // 15)))

    def _date(self, doc: Document, low: int, high: int) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:
            return  # undated
        year = rng.randint(low, high)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        date = doc.metadata.date
        if roll < 0.05:
            date.start, date.precision, date.text = f"{year}", "year", str(year)
        elif roll < 0.10:
            date.start, date.precision, date.text = f"{year}-{month:02d}", "month", f"{month}/{year}"
        else:
            iso = f"{year}-{month:02d}-{day:02d}"
            date.start, date.precision, date.text = iso, "day", iso

    def frus(self, n: int) -> Document:
        rng = self.rng
        year = rng.randint(1945, 1978)
        volume = f"frus{year}-{str(year + 2)[-2:]}v{rng.randint(1, 24):02d}"
        doc_type = _weighted(rng, FRUS_TYPES)
        sender, recipient = rng.sample(OFFICES, 2)
        text = self._sentence_text(max(40, int(rng.gauss(self.mean_words, self.mean_words / 3))))
        doc = Document(
            id=f"{volume}/d{n}", text=text, collection="frus", format="frus-text",
            title=f"{doc_type.title()} From the {sender} to the {recipient}",
        )  # fmt: skip
        meta = doc.metadata
        meta.doc_type, meta.volume, meta.from_, meta.to = doc_type, volume, sender, recipient
        meta.classification.level = _weighted(rng, LEVELS)
        self._date(doc, year, year + 2)
        drafter = rng.choice(self.words[len(COMMON) + len(NAMES) :]).capitalize()
        doc.footnotes.append(Footnote("1", f"Source: Department of State, Central Files. Drafted by {drafter}.", 0))
        return doc

    def crest(self, n: int) -> Document:
        rng = self.rng
        number = f"CIA-RDP79T00975A{n:09d}-{n % 10}"
        doc_type = _weighted(rng, CREST_TYPES)
        body = self._sentence_text(max(40, int(rng.gauss(self.mean_words, self.mean_words / 3))))
        banner = f"Approved For Release 2003/08/08 : {number}\n"
        text = banner + body
        doc = Document(
            id=number, text=text, collection="crest", format="crest",
            title=f"{doc_type.title()}: {' '.join(body.split()[:6])}",
        )  # fmt: skip
        doc.metadata.doc_type = doc_type
        doc.metadata.classification.level = _weighted(rng, LEVELS)
        self._date(doc, 1950, 1985)
        if rng.random() < 0.4:  # 25X1 redactions stand in the text where the passage was withheld
            for _ in range(rng.randint(1, 3)):
                pos = text.find(" ", rng.randint(len(banner), max(len(banner), len(text) - 10)))
                if pos > 0:
                    doc.text = text = text[:pos] + " 25X1" + text[pos:]
                    doc.add_span(pos + 1, pos + 5, "redaction", code="25X1")
        if rng.random() < 0.05:  # a struck word and a handwritten insertion
            words = [(i, w) for i, w in enumerate(text.split(" ")) if w.isalpha()]
            if words:
                start = text.find(" " + words[len(words) // 2][1] + " ")
                if start > 0:
                    doc.add_span(start + 1, start + 1 + len(words[len(words) // 2][1]), "deletion")
        return doc

    def documents(self, count: int, start: int = 0) -> Iterator[Document]:
        for n in range(start, start + count):
            yield self.frus(n) if self.rng.random() < 0.6 else self.crest(n)


def raw_bytes(doc: Document) -> bytes:
    """What the document's file would hold: a short heading and the text."""
    head = f"{doc.title}\n{doc.metadata.date.text or ''}\n\n"
    return (head + doc.text).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1953)
    parser.add_argument("--out", type=Path, help="write Document JSON lines here")
    parser.add_argument("--text-dir", type=Path, help="write one text file per document here")
    args = parser.parse_args(argv)
    gen = Generator(args.seed)
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    for i, doc in enumerate(gen.documents(args.count)):
        if args.text_dir:
            folder = args.text_dir / f"{i // 1000:05d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{i:08d}.txt").write_bytes(raw_bytes(doc))
        else:
            out.write(doc.dumps() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
