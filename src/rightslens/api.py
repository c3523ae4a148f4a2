"""The Python API: what the CLI, the REST API, the web UI and batch jobs all call.

>>> from rightslens import api
>>> store = api.open_store("reports.db")
>>> report = api.ingest(store, ["samples/"])
>>> [d.key for d in api.documents(store)]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightslens.batch import Processed, process_path, process_paths
from rightslens.errors import IngestError, NotFoundError, RightslensError
from rightslens.evaluate import Evaluation, evaluate_report, load_gold
from rightslens.extract import extract_facts
from rightslens.find.brief import Brief, build_brief, write_brief
from rightslens.find.compare import Comparison, compare_reports
from rightslens.find.export import Filters, export_frame, export_rows, to_frame, write_table
from rightslens.find.load import import_file
from rightslens.find.query import parse as parse_query
from rightslens.find.search import (
    SearchFilters,
    SearchHit,
    _full_text,
    make_filters,
    search,
)
from rightslens.find.semantic import embed_documents
from rightslens.find.trend import Trend, trend
from rightslens.ingest.countries import country_code
from rightslens.ingest.read import DEFAULT_MAX_BYTES, read_file
from rightslens.model import (
    FACT_CLASSES,
    DocumentSummary,
    EntitySummary,
    Fact,
    Mention,
    Section,
    StoredDocument,
)
from rightslens.pipeline import Overrides, process
from rightslens.store import AddResult, SQLStore, open_store
from rightslens.store.search import ensure_index

__all__ = [
    "FileOutcome",
    "IngestReport",
    "Overrides",
    "documents",
    "entities",
    "entity_timeline",
    "evaluate",
    "extract",
    "fact_record",
    "facts",
    "find_files",
    "ingest",
    "ingest_file",
    "ingest_data",
    "open_store",
    "sections",
    "text",
    "Comparison",
    "Trend",
    "compare_reports",
    "trend",
    "Brief",
    "Filters",
    "build_brief",
    "export_frame",
    "export_rows",
    "import_file",
    "to_frame",
    "write_brief",
    "write_table",
    "SearchFilters",
    "SearchHit",
    "embed_documents",
    "make_filters",
    "search",
    "entity",
    "entity_years",
    "select_entities",
    "search_count",
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


def _unchanged(store: SQLStore, path: str, overrides: Overrides | None, max_bytes: int) -> bool:
    """Whether these exact bytes are stored already (and nothing is overridden)."""
    if overrides not in (None, Overrides()):
        return False
    try:
        return store.has_source(read_file(path, max_bytes))
    except IngestError:
        return False  # the pipeline reports it


def _store_processed(store: SQLStore, processed: Processed) -> FileOutcome:
    if processed.error:
        return FileOutcome(processed.path, error=processed.error)
    try:
        return FileOutcome(processed.path, results=store.add(processed.documents))
    except Exception as error:  # the transaction rolled back: nothing of this file is stored
        return FileOutcome(processed.path, error=f"{processed.path}: not stored ({error!r})")


def ingest_file(
    store: SQLStore,
    path: str | Path,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extract: bool = True,
) -> FileOutcome:
    """Ingest one file in one transaction; a failure is reported, never raised.

    Entities are not re-resolved here (it spans the whole store): ``ingest``
    does it once at the end, or call ``store.rebuild_entities()``.
    """
    name = str(path)
    if _unchanged(store, name, overrides, max_bytes):
        return FileOutcome(name, skipped=True)
    return _store_processed(store, process_path(name, overrides, max_bytes, extract))


def ingest_data(
    store: SQLStore,
    name: str,
    data: bytes,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extract: bool = True,
) -> FileOutcome:
    """``ingest_file`` for bytes received rather than read (an upload): ``name`` is the file
    name the report is stored and detected under."""
    if len(data) > max_bytes:
        return FileOutcome(name, error=f"{name}: file is over the limit of {max_bytes:,} bytes")
    if overrides in (None, Overrides()) and store.has_source(data):
        return FileOutcome(name, skipped=True)
    try:
        processed = Processed(name, process(name, data, overrides, max_bytes, extract=extract))
    except IngestError as error:
        processed = Processed(name, error=str(error))
    except Exception as error:  # a bug must not take the server down: report it for this file
        processed = Processed(name, error=f"{name}: could not be processed ({error!r})")
    return _store_processed(store, processed)


def ingest(
    store: SQLStore,
    paths: Iterable[str | Path],
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[FileOutcome], None] | None = None,
    extract: bool = True,
    workers: int = 1,
) -> IngestReport:
    """Ingest files and folders, then resolve entities across the store.

    Memory stays flat: files are processed a few at a time (on ``workers``
    processes through Dask when more than one) and each is stored as it comes.
    """
    report = IngestReport()
    todo: list[str] = []
    for path in map(str, find_files(paths)):
        if _unchanged(store, path, overrides, max_bytes):
            report.files.append(FileOutcome(path, skipped=True))
            if on_file:
                on_file(report.files[-1])
        else:
            todo.append(path)
    for processed in process_paths(todo, overrides, max_bytes, extract, workers):
        report.files.append(_store_processed(store, processed))
        if on_file:
            on_file(report.files[-1])
    if extract and any(f.results for f in report.files):
        store.rebuild_entities()
    return report


def documents(
    store: SQLStore, all_versions: bool = False, country: str | None = None
) -> list[DocumentSummary]:
    """Stored reports (latest versions unless ``all_versions``), of one country if given."""
    return store.list_documents(all_versions=all_versions, country=country)


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


def extract(
    store: SQLStore,
    refs: Iterable[str | int] = (),
    on_document: Callable[[DocumentSummary], None] | None = None,
) -> int:
    """Extract facts again from stored reports (all when none named); returns how many."""
    targets = [store.resolve(ref) for ref in refs] or [d.id for d in store.list_documents()]
    for document_id in targets:
        document = store.get_document(document_id)
        summary = document.summary
        store.set_facts(
            document_id,
            extract_facts(document.text, document.paragraphs, summary.year, summary.country),
        )
        if on_document:
            on_document(summary)
    store.rebuild_entities()
    return len(targets)


def facts(
    store: SQLStore, ref: str | int, fact_type: str | None = None, section: str | None = None
) -> list[Fact]:
    if fact_type is not None and fact_type not in FACT_CLASSES:
        raise RightslensError(
            f"unknown fact type {fact_type!r}: use one of {', '.join(FACT_CLASSES)}"
        )
    return store.facts(ref, fact_type, section)


def fact_record(fact: Fact) -> dict[str, Any]:
    """A fact as a flat JSON-ready record: the common fields first, then its type's own."""
    record: dict[str, Any] = {
        "type": fact.type,
        "text": fact.quote.text,
        "start": fact.quote.start,
        "end": fact.quote.end,
        "section": fact.section,
        "sentence": dataclasses.asdict(fact.sentence),
        "confidence": fact.confidence,
        "method": fact.method,
    }
    for name, value in dataclasses.asdict(fact).items():
        record.setdefault(name, value)
    del record["quote"]
    return record


def entities(store: SQLStore, entity_type: str | None = None) -> list[EntitySummary]:
    return store.entities(entity_type)


def entity_timeline(
    store: SQLStore, name: str, country: str | None = None
) -> tuple[EntitySummary, list[Mention]]:
    """The entity a name refers to (within ``country`` when two countries' institutions share
    it) and every mention of it, by year."""
    found = store.entity_named(name, country)
    return found, store.mentions(found.id)


def evaluate(store: SQLStore, gold_dir: str | Path) -> Evaluation:
    """Compare the facts of stored reports with gold files (see ``rightslens.evaluate``)."""
    evaluation = Evaluation()
    for (publisher, country, year), gold in load_gold(Path(gold_dir)):
        try:
            document = store.get_document(f"{publisher}/{country}/{year}")
        except NotFoundError:
            continue
        document_facts = store.facts(document.summary.id)
        evaluate_report(
            evaluation, document_facts, document.text, document.sections, gold, publisher
        )
        evaluation.reports.append(document.summary.key)
    return evaluation


def select_entities(
    store: SQLStore,
    entity_type: str | None = None,
    name: str | None = None,
    country: str | None = None,
) -> list[EntitySummary]:
    """Entities, those in the most reports first, narrowed to a type, to those whose name or
    a variant contains ``name`` (any case), and to one country (a code or a name)."""
    found = store.entities(entity_type)
    wanted = name.casefold().strip() if name else ""
    if wanted:
        found = [e for e in found if any(wanted in n.casefold() for n in (e.name, *e.variants))]
    if country and country.strip():
        code = country_code(country)
        found = [e for e in found if e.country == code]
    return found


def entity(store: SQLStore, entity_id: int) -> tuple[EntitySummary, list[Mention]]:
    """The entity with this id and every mention of it, by year (``NotFoundError`` if none)."""
    return store.entity(entity_id), store.mentions(entity_id)


def entity_years(mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """Mentions counted by year (``year``, ``mentions``, ``reports``), years in order and the
    undated last: what a timeline draws."""
    by_year: dict[int | None, list[Mention]] = {}
    for mention in mentions:
        by_year.setdefault(mention.year, []).append(mention)
    return [
        {"year": year, "mentions": len(group), "reports": len({m.document for m in group})}
        for year, group in sorted(by_year.items(), key=lambda item: (item[0] is None, item[0]))
    ]


def search_count(
    store: SQLStore, query: str, filters: SearchFilters | None = None, cap: int = 1000
) -> int:
    """How many passages a full-text query matches, counting up to ``cap``: a result count
    for paging, without loading or highlighting the passages (as ``search`` would)."""
    tree = parse_query(query)
    if tree is None:
        return 0
    ensure_index(store)
    return len(_full_text(store, query, tree, filters or SearchFilters(), cap))
