"""Turn a file's bytes into text, or say clearly why that cannot be done.

Archive downloads arrive as UTF-8, UTF-8 with a byte-order mark, UTF-16 (Windows
"Unicode" saves) or Latin-1/Windows-1252 (older mirrors). The encoding found is kept on the
document's source, and a fallback is recorded as a warning rather than guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from declass.errors import ReadError
from declass.ids import sha256_hex

#: A single-document text file larger than this is refused: such a file is a dump of many
#: documents or not a document at all, and holding it whole would break flat memory.
MAX_TEXT_BYTES = 20 * 1024 * 1024

_PRINTABLE_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}


@dataclass(slots=True)
class DecodedText:
    path: Path
    data: bytes
    text: str
    encoding: str
    sha256: str
    warnings: list[str] = field(default_factory=list)


def read_bytes(path: Path, *, limit: int = MAX_TEXT_BYTES) -> bytes:
    """Read a whole file, refusing one over `limit` bytes with a clear reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from exc
    if size > limit:
        raise ReadError(
            path,
            f"file is {size / 1_048_576:.1f} MB, over the {limit / 1_048_576:.0f} MB limit for a "
            "single text document (split it, or use a streaming format such as a TEI volume)",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of a file; ReadError when it cannot be opened or is empty."""
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from exc
    if not head:
        raise ReadError(path, "file is empty")
    return head


def decode(path: Path, data: bytes) -> DecodedText:
    """Decode `data` read from `path`; raise ReadError for empty or binary input."""
    if not data.strip():
        raise ReadError(path, "file is empty" if not data else "file holds only white space")
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        text = _strict(path, data, "utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
        text = _strict(path, data, "utf-8-sig")
    elif _looks_utf16_without_bom(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        text = _strict(path, data, encoding)
    else:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise ReadError(path, "binary data, not text (NUL bytes, not valid UTF-8)") from None
            encoding = "cp1252"
            text = data.decode("cp1252", errors="replace")
            warnings.append("not valid UTF-8; decoded as Windows-1252/Latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        # a byte-order mark, or UTF-16 blanks, with nothing after them
        raise ReadError(path, f"file holds no text: only a byte-order mark or white space ({encoding})")
    if _mostly_binary(text):
        raise ReadError(path, "binary data, not text (mostly control characters)")
    return DecodedText(path, data, text, encoding, sha256_hex(data), warnings)


def load_text(path: Path, *, limit: int = MAX_TEXT_BYTES) -> DecodedText:
    """Read and decode a single-document text file."""
    return decode(path, read_bytes(path, limit=limit))


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"looks like {encoding} but does not decode: {exc.reason} at byte {exc.start}") from exc


def looks_utf16(data: bytes) -> str | None:
    """The UTF-16 codec name if `data` starts like UTF-16 text (with or without a BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if _looks_utf16_without_bom(data):
        return "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    return None


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > 0.4 * half and min(even_nuls, odd_nuls) < 0.05 * half


def _mostly_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _PRINTABLE_CONTROLS) or ch == "\ufffd")
    return bad > 0.1 * len(sample)
