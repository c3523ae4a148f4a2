"""Flat tables of the store, written as CSV, JSON Lines or Parquet, and loaded back.

Five tables, their columns fixed and documented in ``TABLES`` (names and
types never change without a new version of this module):

============  ==============================================================
table         one row per
============  ==============================================================
documents     stored report (version), with what rebuilds it: clean text,
              offset map, paragraphs and the source file
sections      topic of a report (taxonomy id, heading as it reads, offsets)
facts         extracted fact; type-specific fields in the JSON ``attributes``
events        event fact, ACLED-style: date, type, perpetrators, victims,
              place (admin1, country, lat/lon from its place fact), figures,
              citation and quote
entities      person, organization or place resolved across reports
============  ==============================================================

Every row of a report's child table names its report by ``document``
(``PUBLISHER/COUNTRY/YEAR``) and ``version``. Offsets (``start``, ``end``) are
into the clean text that ``rightslens text DOC`` prints; ``paragraph`` is the
1-based paragraph number in that text.

Lists are JSON arrays in CSV cells, native in JSON Lines and Parquet; the JSON
column ``attributes`` is JSON text in CSV and Parquet. In CSV an empty cell is
null for columns that may be null, the empty string otherwise.

*Without loss* means: export every table, import the files into an empty
store (documents, then sections, facts, events, entities), export again, and
every file is byte-for-byte the same, except the ``id`` of documents, which is
the store's own number (``document`` + ``version`` is a report's identity).
Columns marked derived (counts, citations, the entity a fact resolves to) are
recomputed on import, never read back. Facts and events follow editors' reviews:
a rejected fact is left out, a corrected one carries its corrected values, and the
``review_*`` columns say who reviewed it and when; an import stores the values as
the facts and restores that latest verdict, not the history of earlier ones
(``rightslens.find.load`` imports; it checks every quote against the report's
text and every source file against its SHA-256).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import sys
import zlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from rightslens.errors import RightslensError
from rightslens.find.search import parse_years
from rightslens.ingest.countries import country_code
from rightslens.model import (
    EVENT_TYPES,
    DocumentSummary,
    EventFact,
    Fact,
    PlaceFact,
    Section,
    StoredDocument,
)
from rightslens.store import bulk

__all__ = [
    "TABLES",
    "Column",
    "Filters",
    "Locator",
    "columns",
    "country_code",
    "describe_columns",
    "export_frame",
    "export_rows",
    "parse_years",
    "to_frame",
    "write_table",
]
from rightslens.store.sql import SQLStore, encode_offsets

Kind = Literal["str", "int", "float", "strs", "ints", "json"]
FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")


@dataclass(frozen=True)
class Column:
    """One exported column: its name, value kind, whether it may be null and what it holds.

    ``derived`` columns are recomputed on import; ``content`` columns (documents
    only) rebuild a report and are left out by ``content=False``.
    """

    name: str
    kind: Kind
    doc: str
    nullable: bool = False
    derived: bool = False
    content: bool = False


def _c(name: str, kind: Kind, doc: str, *flags: str) -> Column:
    return Column(name, kind, doc, "null" in flags, "derived" in flags, "content" in flags)


_REPORT = (
    _c("document", "str", "the report: PUBLISHER/COUNTRY/YEAR"),
    _c("version", "int", "version of the report (1 = first ingested)"),
    _c("publisher", "str", "usdos, hrw, amnesty, ...", "derived"),
    _c("country", "str", "ISO 3166-1 alpha-2 code of the country reported on", "null", "derived"),
    _c("year", "int", "the year the report covers", "null", "derived"),
)
_CITATION = (
    _c("section", "str", "taxonomy id of the topic (e.g. s2.expression)", "null"),
    _c("heading", "str", "the topic's heading as the report words it", "null", "derived"),
    _c("paragraph", "int", "1-based paragraph number in the clean text", "null", "derived"),
)

_REVIEW = (
    _c("review_status", "str", "an editor's verdict: confirmed or corrected (as shown)", "null"),
    _c("reviewed_by", "str", "user name of the editor", "null"),
    _c("reviewed_at", "str", "when it was reviewed (ISO 8601, UTC)", "null"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": (
        _c("id", "int", "the store's own id (a new store assigns its own)", "derived"),
        _c("key", "str", "PUBLISHER/COUNTRY/YEAR", "derived"),
        _c("publisher", "str", "usdos, hrw, amnesty, ..."),
        _c("country", "str", "ISO 3166-1 alpha-2 code", "null"),
        _c("year", "int", "the year the report covers", "null"),
        _c("version", "int", "1 = first ingested; kept when imported in order"),
        _c("title", "str", "title as detected"),
        _c("format", "str", "html, markdown, text or pdf"),
        _c("source_path", "str", "path of the file when ingested"),
        _c("source_sha256", "str", "SHA-256 of the original file (checked on import)"),
        _c("encoding", "str", "text encoding of the file"),
        _c("words", "int", "words of clean text", "derived"),
        _c("sections", "int", "number of topics", "derived"),
        _c("warnings", "strs", "problems met while reading it"),
        _c("text", "str", "the clean text every offset points into", "content"),
        _c("offsets", "str", "clean-to-source offset map: int32 deltas, zlib, base64", "content"),
        _c("paragraphs", "json", "[start, end, section, label] per paragraph", "content"),
        _c("page_starts", "ints", "source offset where each PDF page begins", "content"),
        _c("source_text", "str", "the source text (UTF-8, zlib, base64)", "content"),
        _c("source_data", "str", "the original file's bytes (zlib, base64)", "content"),
    ),
    "sections": (
        *_REPORT,
        _c("position", "int", "0-based order of the topic in the report"),
        _c("section", "str", "taxonomy id"),
        _c("heading", "str", "heading as it reads ('' for an untitled opening)"),
        _c("level", "int", "depth in the taxonomy (1 = top)"),
        _c("start", "int", "offset where the heading begins"),
        _c("end", "int", "offset where the next topic of the same or a higher level begins"),
    ),
    "facts": (
        *_REPORT,
        _c("type", "str", "person, organization, place, date, figure, event, source or law"),
        _c("text", "str", "the words that support the fact (checked on import)"),
        _c("start", "int", "offset of the words"),
        _c("end", "int", "offset after the words"),
        _c("sentence", "str", "the whole sentence", "derived"),
        _c("sentence_start", "int", "offset of the sentence"),
        _c("sentence_end", "int", "offset after the sentence"),
        *_CITATION,
        _c("confidence", "float", "0-1"),
        _c("method", "str", "the rule or model that found it"),
        _c("entity", "str", "name of the entity it resolves to", "null", "derived"),
        _c("attributes", "json", "the type's own fields (name, roles, value, victims, ...)"),
        *_REVIEW,
    ),
    "events": (
        *_REPORT,
        _c("date", "str", "ISO date as precise as the report (2023, 2023-06, 2023-06-07)", "null"),
        _c("event_type", "str", "one of: " + ", ".join(EVENT_TYPES)),
        _c("perpetrators", "strs", "who did it (ACLED's actor1)"),
        _c("victims", "strs", "to whom it was done"),
        _c("place", "str", "where, as the report names it", "null"),
        _c("admin1", "str", "first-level region of the place", "null", "derived"),
        _c("place_country", "str", "ISO alpha-2 code of the place's country", "null", "derived"),
        _c("lat", "float", "latitude of the place", "null", "derived"),
        _c("lon", "float", "longitude of the place", "null", "derived"),
        _c("figures", "strs", "numbers the sentence gives"),
        _c("status", "str", "how the report holds it: reported, or alleged (someone says so)"),
        _c("modifiers", "strs", "the incident filter's cues that reached it (category:words)"),
        *_CITATION,
        _c("quote", "str", "the words reporting the event (checked on import)"),
        _c("start", "int", "offset of the quote"),
        _c("end", "int", "offset after the quote"),
        _c("sentence_start", "int", "offset of the sentence"),
        _c("sentence_end", "int", "offset after the sentence"),
        _c("confidence", "float", "0-1"),
        _c("method", "str", "the rule that found it"),
        *_REVIEW,
    ),
    "entities": (
        _c("id", "int", "entity id (kept on import: facts of other tables do not refer to it)"),
        _c("type", "str", "person, organization or place"),
        _c("name", "str", "display name"),
        _c(
            "country",
            "str",
            "ISO alpha-2 code of the country it belongs to: a place's; the report's for a "
            "national institution (a court, ministry, police); null for people and bodies "
            "known across countries",
            "null",
        ),
        _c(
            "variants",
            "strs",
            "other forms of the name (facts with any form, of the same type and country, "
            "link to it)",
        ),
        _c("mentions", "int", "facts that name it", "derived"),
        _c("reports", "int", "reports that name it", "derived"),
        _c("years", "ints", "years of those reports", "derived"),
    ),
}
# The order files must be imported in: a report before its topics and facts.
IMPORT_ORDER: tuple[str, ...] = tuple(TABLES)


def columns(table: str, content: bool = True) -> list[str]:
    """The column names of a table, in file order."""
    return [c.name for c in spec(table) if content or not c.content]


@dataclass(frozen=True)
class Filters:
    """Which reports to export: all latest versions unless narrowed."""

    countries: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    publishers: tuple[str, ...] = ()
    fact_types: tuple[str, ...] = ()
    entity_type: str | None = None
    all_versions: bool = False

    def select(self, store: SQLStore) -> list[DocumentSummary]:
        chosen = store.list_documents(all_versions=self.all_versions)
        if self.countries:
            codes = {country_code(c) for c in self.countries}
            chosen = [d for d in chosen if d.country in codes]
        if self.publishers:
            chosen = [d for d in chosen if d.publisher in {p.lower() for p in self.publishers}]
        if self.years:
            low, high = self.years
            chosen = [d for d in chosen if d.year is not None and low <= d.year <= high]
        return chosen


class Locator:
    """Where an offset of a report falls: its paragraph number and innermost topic."""

    def __init__(self, document: StoredDocument) -> None:
        self.paragraphs = document.paragraphs
        self.starts = [p.start for p in document.paragraphs]
        self.sections = document.sections

    def paragraph(self, offset: int) -> int | None:
        """1-based number of the paragraph holding the offset (None outside any)."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0 or offset >= self.paragraphs[index].end:
            return None
        return index + 1

    def section(self, offset: int) -> Section | None:
        """The innermost topic holding the offset: the latest opened of those that span it."""
        holding = [s for s in self.sections if s.start <= offset < s.end]
        return max(holding, key=lambda s: s.start) if holding else None


def export_rows(
    store: SQLStore, table: str, filters: Filters = Filters(), content: bool = True
) -> Iterator[dict[str, Any]]:
    """The rows of one table, report by report (memory stays flat except for entities).

    Checks the table and filters at once; rows come as the iterator is read.
    """
    spec(table)
    chosen = filters.select(store)
    if table == "entities":
        narrowed = filters.countries or filters.years or filters.publishers
        ids = [d.id for d in chosen] if narrowed else None
        return _entity_rows(store, ids, filters.entity_type)
    return _report_rows(store, table, chosen, filters.fact_types, content)


def _entity_rows(
    store: SQLStore, ids: list[int] | None, entity_type: str | None
) -> Iterator[dict[str, Any]]:
    for entity in store.entities(entity_type, ids):
        yield {
            "id": entity.id,
            "type": entity.type,
            "name": entity.name,
            "country": entity.country,
            "variants": list(entity.variants),
            "mentions": entity.mentions,
            "reports": entity.reports,
            "years": list(entity.years),
        }


def _report_rows(
    store: SQLStore,
    table: str,
    chosen: list[DocumentSummary],
    fact_types: Sequence[str],
    content: bool,
) -> Iterator[dict[str, Any]]:
    for summary in chosen:
        document = store.get_document(summary.id)
        if table == "documents":
            yield _document_row(store, document, content)
        elif table == "sections":
            for position, s in enumerate(document.sections):
                yield {
                    **_report_cells(summary),
                    "position": position,
                    "section": s.id,
                    "heading": s.heading,
                    "level": s.level,
                    "start": s.start,
                    "end": s.end,
                }
        else:
            yield from _fact_rows(store, document, table, fact_types)


def _document_row(store: SQLStore, document: StoredDocument, content: bool) -> dict[str, Any]:
    summary = document.summary
    source = bulk.document_source(store, summary.id)
    row: dict[str, Any] = {
        "id": summary.id,
        "key": summary.key,
        "publisher": summary.publisher,
        "country": summary.country,
        "year": summary.year,
        "version": summary.version,
        "title": summary.title,
        "format": summary.format,
        "source_path": summary.path,
        "source_sha256": document.source_hash,
        "encoding": source.encoding,
        "words": summary.words,
        "sections": summary.sections,
        "warnings": list(summary.warnings),
    }
    if content:
        row["text"] = document.text
        row["offsets"] = base64.b64encode(encode_offsets(document.offsets)).decode("ascii")
        row["paragraphs"] = [[p.start, p.end, p.section, p.label] for p in document.paragraphs]
        row["page_starts"] = list(source.page_starts)
        row["source_text"] = _pack(source.text.encode("utf-8"))
        row["source_data"] = _pack(source.data)
    return row


def _report_cells(summary: DocumentSummary) -> dict[str, Any]:
    return {
        "document": summary.key,
        "version": summary.version,
        "publisher": summary.publisher,
        "country": summary.country,
        "year": summary.year,
    }


def _fact_rows(
    store: SQLStore, document: StoredDocument, table: str, fact_types: Sequence[str]
) -> Iterator[dict[str, Any]]:
    wanted = ("event", "place") if table == "events" else fact_types
    found = bulk.document_facts(store, document.summary.id, document.text, wanted)
    locator = Locator(document)
    places = _places_by_sentence(fact for fact, _ in found)
    for fact, entity in found:
        if table == "events" and not isinstance(fact, EventFact):
            continue
        section = locator.section(fact.quote.start)
        citation = {
            "section": fact.section,
            "heading": section.heading if section else None,
            "paragraph": locator.paragraph(fact.quote.start),
        }
        common = {
            "start": fact.quote.start,
            "end": fact.quote.end,
            "sentence_start": fact.sentence.start,
            "sentence_end": fact.sentence.end,
        }
        if isinstance(fact, EventFact) and table == "events":
            place = _place_of(fact, places)
            yield {
                **_report_cells(document.summary),
                "date": fact.date,
                "event_type": fact.event_type,
                "perpetrators": list(fact.perpetrators),
                "victims": list(fact.victims),
                "place": fact.place,
                "admin1": place.admin1 if place else None,
                "place_country": place.country if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "figures": list(fact.figures),
                "status": fact.status,
                "modifiers": list(fact.modifiers),
                **citation,
                "quote": fact.quote.text,
                **common,
                "confidence": fact.confidence,
                "method": fact.method,
                **review_cells(fact),
            }
            continue
        yield {
            **_report_cells(document.summary),
            "type": fact.type,
            "text": fact.quote.text,
            "start": common["start"],
            "end": common["end"],
            "sentence": fact.sentence.text,
            "sentence_start": common["sentence_start"],
            "sentence_end": common["sentence_end"],
            **citation,
            "confidence": fact.confidence,
            "method": fact.method,
            "entity": entity,
            "attributes": fact_attributes(fact),
            **review_cells(fact),
        }


def review_cells(fact: Fact) -> dict[str, Any]:
    """The ``review_*`` columns of a fact: its latest verdict, or nulls."""
    review = fact.review
    return {
        "review_status": review.status if review else None,
        "reviewed_by": review.reviewer if review else None,
        "reviewed_at": review.at if review else None,
    }


def fact_attributes(fact: Fact) -> dict[str, Any]:
    """A fact's type-specific fields, in declaration order."""
    common = {"quote", "sentence", "section", "confidence", "method", "type", "id", "review"}
    return {
        name: list(value) if isinstance(value, list) else value
        for name, value in vars(fact).items()
        if name not in common
    }


def _places_by_sentence(found: Iterable[Fact]) -> dict[int, list[PlaceFact]]:
    places: dict[int, list[PlaceFact]] = defaultdict(list)
    for fact in found:
        if isinstance(fact, PlaceFact):
            places[fact.sentence.start].append(fact)
    return places


def _place_of(event: EventFact, places: dict[int, list[PlaceFact]]) -> PlaceFact | None:
    """The place fact of the event's sentence that names the event's place."""
    if not event.place:
        return None
    for place in places.get(event.sentence.start, []):
        if event.place in (place.name, place.text):
            return place
    return None


# -- files -----------------------------------------------------------------------


def write_table(
    rows: Iterable[dict[str, Any]],
    table: str,
    fmt: str,
    target: str | Path | IO[str] | None = None,
    content: bool = True,
) -> int:
    """Write rows to a file (or stdout for CSV and JSON Lines); returns how many."""
    names = columns(table, content)
    if fmt == "parquet":
        if target is None or not isinstance(target, str | Path):
            raise RightslensError("Parquet is binary: name an output file with -o FILE.parquet")
        frame = to_frame(rows, "polars", table, content)
        frame.write_parquet(target)
        return frame.height
    if fmt not in FORMATS:
        raise RightslensError(f"unknown format {fmt!r}: use csv, jsonl or parquet")
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            return _write_text(rows, table, names, fmt, handle)
    return _write_text(rows, table, names, fmt, target or sys.stdout)


def _write_text(
    rows: Iterable[dict[str, Any]], table: str, names: list[str], fmt: str, handle: IO[str]
) -> int:
    kinds = {c.name: c.kind for c in spec(table)}
    count = 0
    if fmt == "jsonl":
        for row in rows:
            cells = {name: row[name] for name in names}
            handle.write(json.dumps(cells, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_cell(row[name], kinds[name]) for name in names])
        count += 1
    return count


def _csv_cell(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind in ("strs", "ints", "json"):
        return json.dumps(value, ensure_ascii=False)
    return repr(value) if kind == "float" else str(value)


def to_frame(
    rows: Iterable[dict[str, Any]],
    kind: Literal["polars", "pandas"] = "polars",
    table: str | None = None,
    content: bool = True,
):
    """Rows as a data frame (polars or pandas, imported only when asked).

    With ``table`` the frame has that table's columns and types even when empty;
    JSON columns hold JSON text.
    """
    rows = list(rows)
    names = columns(table, content) if table else list(rows[0]) if rows else []
    kinds = {c.name: c.kind for c in spec(table)} if table else {}
    data = {
        name: [
            json.dumps(row[name], ensure_ascii=False) if kinds.get(name) == "json" else row[name]
            for row in rows
        ]
        for name in names
    }
    if kind == "pandas":
        pandas = _optional("pandas")
        return pandas.DataFrame(data, columns=names)
    if kind != "polars":
        raise RightslensError(f"unknown frame kind {kind!r}: use polars or pandas")
    pl = _optional("polars")
    types = {
        "str": pl.String,
        "json": pl.String,
        "int": pl.Int64,
        "float": pl.Float64,
        "strs": pl.List(pl.String),
        "ints": pl.List(pl.Int64),
    }
    schema = {name: types[kinds[name]] for name in names} if table else None
    return pl.DataFrame(data, schema=schema)


def export_frame(
    store: SQLStore,
    table: str,
    kind: Literal["polars", "pandas"] = "polars",
    filters: Filters = Filters(),
    content: bool = True,
):
    """A table of the store as a data frame.

    >>> events = export_frame(store, "events", "pandas", Filters(countries=("KZ",)))
    """
    return to_frame(export_rows(store, table, filters, content), kind, table, content)


def _optional(module: str):
    try:
        return __import__(module)
    except ImportError as error:
        raise RightslensError(
            f"this needs {module}: pip install 'rightslens[frames]' (or pip install {module})"
        ) from error


def spec(table: str) -> tuple[Column, ...]:
    if table not in TABLES:
        raise RightslensError(f"unknown table {table!r}: use one of {', '.join(TABLES)}")
    return TABLES[table]


def _pack(data: bytes) -> str:
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def describe_columns(table: str) -> str:
    """A table's columns as a plain-text list (for --help and docs)."""
    buffer = io.StringIO()
    for column in spec(table):
        flags = [f for f, on in (("derived", column.derived), ("content", column.content)) if on]
        suffix = f" [{', '.join(flags)}]" if flags else ""
        buffer.write(f"{column.name} ({column.kind}{', null' if column.nullable else ''}): ")
        buffer.write(f"{column.doc}{suffix}\n")
    return buffer.getvalue()
