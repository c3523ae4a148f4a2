"""The Python API: what the CLI, the REST API, the web UI and batch jobs all call.

>>> from rightslens import api
>>> store = api.open_store("reports.db")
>>> report = api.ingest(store, ["samples/"])
>>> [d.key for d in api.documents(store)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rightslens.errors import IngestError, NotFoundError
from rightslens.ingest.read import DEFAULT_MAX_BYTES
from rightslens.model import DocumentSummary, Section, StoredDocument
from rightslens.pipeline import Overrides, process
from rightslens.store import AddResult, SQLStore, open_store

__all__ = [
    "FileOutcome",
    "IngestReport",
    "Overrides",
    "documents",
    "find_files",
    "ingest",
    "ingest_file",
    "open_store",
    "sections",
    "text",
]

# Files a folder walk picks up; anything named explicitly is tried whatever its name.
REPORT_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt", ".text", ".pdf")


@dataclass
class FileOutcome:
    """What ingesting one file did: stored reports, or the one-line reason it failed."""

    path: str
    results: list[AddResult] = field(default_factory=list)
    error: str | None = None
    skipped: bool = False


@dataclass
class IngestReport:
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.error]

    def count(self, outcome: str) -> int:
        return sum(r.outcome == outcome for f in self.files for r in f.results)


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named, and the report files under the folders named, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                name = child.name.lower().removesuffix(".gz")
                if child.is_file() and name.endswith(REPORT_SUFFIXES):
                    yield child
        else:
            yield path


def ingest_file(
    store: SQLStore,
    path: str | Path,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FileOutcome:
    """Ingest one file in one transaction; a failure is reported, never raised."""
    name = str(path)
    try:
        data = _read_bytes(name, max_bytes)
        if (overrides is None or overrides == Overrides()) and store.has_source(data):
            return FileOutcome(name, skipped=True)
        return FileOutcome(name, results=store.add(process(name, data, overrides, max_bytes)))
    except IngestError as error:
        return FileOutcome(name, error=str(error))
    except Exception as error:  # a bug must not stop a batch: report it as this file's failure
        return FileOutcome(name, error=f"{name}: could not be processed ({error!r})")


def ingest(
    store: SQLStore,
    paths: Iterable[str | Path],
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> IngestReport:
    """Ingest files and folders one file at a time (memory stays flat)."""
    report = IngestReport()
    for path in find_files(paths):
        outcome = ingest_file(store, path, overrides, max_bytes)
        report.files.append(outcome)
        if on_file:
            on_file(outcome)
    return report


def documents(store: SQLStore, all_versions: bool = False) -> list[DocumentSummary]:
    return store.list_documents(all_versions=all_versions)


def sections(store: SQLStore, ref: str | int) -> list[Section]:
    return store.get_document(ref).sections


def text(store: SQLStore, ref: str | int, section: str | None = None) -> str:
    """A report's clean text, or one topic's (its heading and everything under it)."""
    document: StoredDocument = store.get_document(ref)
    if section is None:
        return document.text
    for found in document.sections:
        if found.id == section:
            return document.text[found.start : found.end]
    topics = ", ".join(dict.fromkeys(s.id for s in document.sections)) or "none"
    raise NotFoundError(f"{document.summary.key} has no topic {section!r} (it has: {topics})")


def _read_bytes(path: str, max_bytes: int) -> bytes:
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
