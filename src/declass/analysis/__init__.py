"""Corpus-level views: timelines, redaction statistics, networks, judgments."""
