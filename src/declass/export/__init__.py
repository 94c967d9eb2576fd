"""Renderings and exports of documents: console view, JSON lines, CSV, text, citations."""
