"""Read a file as published: unwrap gzip, refuse what is not a report file, decode, sniff format.

Every refusal is an ``IngestError`` whose message names the file and says what
is wrong in one line; nothing is stored for that file.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from pathlib import Path, PurePath

from charset_normalizer import from_bytes

from rightslens.errors import IngestError
from rightslens.model import Source, SourceFormat

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# Control characters that never occur in text files (tab, newline, form feed and CR do).
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HTML_MARKERS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]|<p[\s>]|<div[\s>]", re.IGNORECASE
)
_MARKDOWN_MARKERS = re.compile(
    r"^#{1,6} \S|\]\([^)\s]*\)|\\[$*_#\[\]()`>-]|^\s*[*-] \[|\*\*\S", re.MULTILINE
)
# Legacy single-byte encodings that reports arrive in; tried when UTF-8 fails.
_LEGACY_ENCODINGS = ("cp1252", "cp1251", "latin_1")


def read_source(path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Turn a file's bytes into a ``Source``, or raise ``IngestError`` saying why not."""
    if len(data) > max_bytes:
        raise IngestError(path, f"file is {len(data):,} bytes, over the limit of {max_bytes:,}")
    gzipped = data[:2] == b"\x1f\x8b"
    if not gzipped and PurePath(path).name.lower().endswith(".gz"):
        raise IngestError(path, "named .gz but not gzip-compressed (rename it or compress it)")
    payload = _gunzip(path, data, max_bytes) if gzipped else data
    if not payload.strip():
        raise IngestError(path, "empty file")
    name = _inner_name(path)
    if payload[:5] == b"%PDF-" or name.endswith(".pdf"):
        from rightslens.ingest.pdf import pdf_source  # pdfplumber is slow to import: PDFs only

        extracted = pdf_source(path, payload)
        return Source(
            path=path,
            data=data,
            format="pdf",
            text=extracted.text,
            encoding=extracted.encoding,
            page_starts=extracted.page_starts,
            warnings=extracted.warnings,
        )
    if _looks_binary(payload):
        raise IngestError(path, "binary file that is not a PDF or a text document")
    text, encoding = decode_text(path, payload)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(
        path=path, data=data, format=sniff_format(name, text), text=text, encoding=encoding
    )


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, or ``IngestError`` when it is missing, unreadable or too large."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise IngestError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        return file.read_bytes()
    except FileNotFoundError as error:
        raise IngestError(path, "no such file") from error
    except IsADirectoryError as error:
        raise IngestError(path, "is a folder") from error
    except PermissionError as error:
        raise IngestError(path, "permission denied") from error


def decode_text(path: str, payload: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 when they are, else as the legacy encoding they most likely are."""
    if payload.startswith(b"\xef\xbb\xbf"):
        payload = payload[3:]
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(payload, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is None:
        raise IngestError(path, "text in an encoding that could not be recognized")
    return str(best), best.encoding


def sniff_format(name: str, text: str) -> SourceFormat:
    """HTML, Markdown or plain text, from the content; the file name breaks ties."""
    head = text[:20000]
    if _HTML_MARKERS.search(head) and head.count("<") > 10:
        return "html"
    if name.endswith((".md", ".markdown")):
        return "markdown"
    if len(_MARKDOWN_MARKERS.findall(head)) >= 3:
        return "markdown"
    if name.endswith((".html", ".htm")) and head.count("<") > 10:
        return "html"
    return "text"


def _inner_name(path: str) -> str:
    name = PurePath(path).name.lower()
    return name[: -len(".gz")] if name.endswith(".gz") else name


def _gunzip(path: str, data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            payload = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise IngestError(path, f"broken gzip file ({error})") from error
    if len(payload) > max_bytes:
        raise IngestError(path, f"unpacks to over the limit of {max_bytes:,} bytes")
    return payload


def _looks_binary(payload: bytes) -> bool:
    sample = payload[:8192]
    if b"\x00" in sample:
        return True
    return len(_BINARY_CONTROLS.findall(sample)) > len(sample) // 100
