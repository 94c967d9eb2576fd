"""Stable document identifiers."""

from __future__ import annotations

import hashlib


def content_id(data: str | bytes) -> str:
    """A content-hash id, used only when the source names nothing better: `sha-` + 16 hex."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return "sha-" + hashlib.sha256(raw).hexdigest()[:16]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
