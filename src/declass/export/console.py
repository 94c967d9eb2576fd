"""A plain-text rendering of one document for people (`declass show`).

Editorial layers are drawn inline so the page reads as it was marked:
`[-struck-]` for a deletion, `{+written in+}` for an insertion, `[■ 25X1 ■]` for a
withheld passage, `[^n]` for a footnote reference and a rule for each new page.
"""

from __future__ import annotations

from collections import defaultdict

from declass.model import Document, Span

_OPEN = {"deletion": "[-", "insertion": "{+", "marginal_note": "<<"}
_CLOSE = {"deletion": "-]", "insertion": "+}", "marginal_note": ">>"}


def render_document(doc: Document, *, width: int = 88) -> str:
    """Metadata block, marked-up text and footnotes as one string."""
    lines = [_rule(doc.id + (f" — {doc.title}" if doc.title else ""), width)]
    lines.extend(_metadata_lines(doc))
    lines.append(_rule("text", width))
    lines.append(render_marked_text(doc, width=width))
    if doc.footnotes:
        lines.append(_rule("footnotes", width))
        for note in doc.footnotes:
            lines.append(f"[{note.n}] {note.text}")
    if doc.warnings:
        lines.append(_rule("warnings", width))
        lines.extend(f"! {w}" for w in doc.warnings)
    return "\n".join(lines).rstrip() + "\n"


def render_marked_text(doc: Document, *, width: int = 88) -> str:
    """The text with deletions, insertions, redactions, notes and pages drawn inline."""
    before: dict[int, list[str]] = defaultdict(list)
    after: dict[int, list[str]] = defaultdict(list)
    replaced: list[tuple[int, int, str]] = []
    for span in doc.spans_of("deletion", "insertion", "marginal_note", "redaction", "footnote_ref", "page"):
        if span.kind in _OPEN:
            before[span.start].append(_OPEN[span.kind])
            after[span.end].append(_CLOSE[span.kind])
        elif span.kind == "redaction":
            label = _redaction_label(span)
            if span.end > span.start:
                replaced.append((span.start, span.end, label))
            else:
                before[span.start].append(label)
        elif span.kind == "footnote_ref":
            after[span.end].append(f"[^{span.attrs.get('n', '?')}]")
        elif span.kind == "page" and span.start > 0:
            before[span.start].append(f"\n{_rule('page ' + str(span.attrs.get('n', '?')), width)}\n")
    replaced.sort()
    out: list[str] = []
    pos = 0
    text = doc.text
    cut_starts = {s: (e, label) for s, e, label in replaced}
    offsets = sorted(set(before) | set(after) | set(cut_starts) | {len(text)})
    for offset in offsets:
        if offset < pos:
            continue
        out.append(text[pos:offset])
        out.extend(after.get(offset, []))
        out.extend(before.get(offset, []))
        pos = offset
        if offset in cut_starts:
            end, label = cut_starts[offset]
            out.append(label)
            pos = max(pos, end)
    out.append(text[pos:])
    return "".join(out)


def _redaction_label(span: Span) -> str:
    code = span.attrs.get("code") or span.attrs.get("marker") or "withheld"
    return f"[■ {code} ■]"


def _metadata_lines(doc: Document) -> list[str]:
    m = doc.metadata
    rows: list[tuple[str, str | None]] = [
        ("collection", doc.collection),
        ("format", doc.format),
        ("type", m.doc_type),
        ("number", m.doc_number),
        ("volume", m.volume),
        ("date", _date(doc)),
        ("place", m.place),
        ("from", m.from_),
        ("to", m.to),
        ("subject", m.subject),
        ("classification", _classification(doc)),
        ("handling", ", ".join(m.handling) or None),
        ("file numbers", ", ".join(m.file_numbers) or None),
        ("pages", _pages(doc)),
        ("release", _release(doc)),
        ("drafted by", "; ".join(m.drafted_by) or None),
        ("cleared by", "; ".join(m.cleared_by) or None),
        ("approved by", "; ".join(m.approved_by) or None),
        ("signed", "; ".join(m.signers) or None),
        ("source", doc.source.path),
    ]
    counts = _layer_counts(doc)
    if counts:
        rows.append(("layers", counts))
    return [f"{label:>15}: {value}" for label, value in rows if value]


def _date(doc: Document) -> str | None:
    d = doc.metadata.date
    if not d.start:
        return "unknown"
    span = d.start if not d.end or d.end == d.start else f"{d.start} – {d.end}"
    source = f", from {d.source}" if d.source else ""
    said = f' "{d.text}"' if d.text else ""
    return f"{span} ({d.precision}{source}){said}"


def _classification(doc: Document) -> str | None:
    c = doc.metadata.classification
    if c.level == "unknown" and not c.marking:
        return None
    return c.level + (f' (marked "{c.marking}")' if c.marking else "")


def _pages(doc: Document) -> str | None:
    p = doc.metadata.pages
    if p.first is None:
        return None
    return p.first if p.last in (None, p.first) else f"{p.first}–{p.last}"


def _release(doc: Document) -> str | None:
    r = doc.metadata.release
    parts = [x for x in (r.date, r.kind, r.decision) if x]
    return ", ".join(parts) or None


def _layer_counts(doc: Document) -> str:
    names = ("redaction", "deletion", "insertion", "marginal_note", "footnote_ref", "page")
    counts = {k: sum(1 for s in doc.spans if s.kind == k) for k in names}
    return ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n)


def _rule(label: str, width: int) -> str:
    head = f"── {label} "
    return head + "─" * max(0, width - len(head))
