"""Loading exported files back into a store (``rightslens import``).

What an import does, per table: documents are added as if ingested (the same
file twice: unchanged; other bytes for a stored report: its next version); a
report's sections replace its sections; a facts file replaces, in each report
it names, the facts of the types it holds (an events file: the events); an
entities file replaces the store's grouping of names into entities. Derived
columns are ignored; quotes are checked against the report's text and source
files against their SHA-256, so a file edited by hand cannot break the
evidence chain. Facts and events that carry a review get their verdict back
(``store.reviews.restore_reviews``): a corrected fact's values are imported as
the fact and kept as its correction. See ``rightslens.find.export`` for the
columns and what "without loss" means.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightslens.errors import RightslensError
from rightslens.find.export import FORMATS, TABLES, Column, columns, spec
from rightslens.model import (
    FACT_CLASSES,
    Document,
    EventFact,
    Fact,
    Paragraph,
    Quote,
    ReportMeta,
    Review,
    Section,
    Source,
)
from rightslens.store import bulk
from rightslens.store.reviews import restore_reviews
from rightslens.store.sql import SQLStore, decode_offsets


def read_table(path: str | Path, table: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    """A file written by ``write_table``: its table (named, else told by its columns) and rows."""
    path = Path(path)
    fmt = file_format(path)
    if fmt == "parquet":
        import polars as pl

        frame = pl.read_parquet(path)
        names, raw = frame.columns, frame.to_dicts()
    elif fmt == "jsonl":
        with open(path, encoding="utf-8") as handle:
            raw = [json.loads(line) for line in handle if line.strip()]
        names = list(raw[0]) if raw else columns(table) if table else []
    else:
        csv.field_size_limit(2**31 - 1)
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            names = next(reader, [])
            raw = [dict(zip(names, cells, strict=True)) for cells in reader]
    table = table or _table_of(names, path)
    by_name = {c.name: c for c in spec(table)}
    unknown = [name for name in names if name not in by_name]
    missing = [c.name for c in by_name.values() if c.name not in names and not c.content]
    if unknown or missing:
        raise RightslensError(
            f"{path}: not a {table} file (unknown columns: {', '.join(unknown) or 'none'}; "
            f"missing: {', '.join(missing) or 'none'})"
        )
    return table, [{name: _decode(row[name], by_name[name], fmt) for name in names} for row in raw]


def peek_table(path: str | Path) -> str:
    """The table a file holds, told by its columns, without reading its rows."""
    path = Path(path)
    fmt = file_format(path)
    if fmt == "parquet":
        import polars as pl

        names = list(pl.read_parquet_schema(path))
    else:
        with open(path, encoding="utf-8", newline="") as handle:
            first = handle.readline()
        if fmt == "jsonl":
            names = list(json.loads(first)) if first.strip() else []
        else:
            names = next(csv.reader([first]), [])
    return _table_of(names, path)


def file_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    fmt = {"ndjson": "jsonl", "pq": "parquet"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise RightslensError(f"{path}: cannot tell the format; name it .csv, .jsonl or .parquet")
    return fmt


def _table_of(names: Sequence[str], path: Path) -> str:
    for table in TABLES:
        if set(columns(table, content=False)) <= set(names) <= set(columns(table)):
            return table
    raise RightslensError(f"{path}: its columns match no table; name it with --table")


def _decode(value: Any, column: Column, fmt: str) -> Any:
    if fmt == "csv":
        if value == "":
            return None if column.nullable else ("" if column.kind == "str" else None)
        if column.kind in ("strs", "ints", "json"):
            return json.loads(value)
        return {"int": int, "float": float}.get(column.kind, str)(value)
    if column.kind == "json" and isinstance(value, str):
        return json.loads(value)
    return value


# -- import ----------------------------------------------------------------------


@dataclass
class ImportResult:
    """What loading one file did."""

    path: str
    table: str
    rows: int
    documents: int = 0
    notes: list[str] = field(default_factory=list)


def import_file(store: SQLStore, path: str | Path, table: str | None = None) -> ImportResult:
    """Load an exported file into the store, in one transaction.

    Documents are added (the same file twice: unchanged); a report's sections,
    facts or events replace the ones it had; entities replace the store's
    grouping. A facts file replaces, in each report it names, the facts of the
    types it holds. Reports must be imported before their sections and facts.
    """
    table, rows = read_table(path, table)
    result = ImportResult(str(path), table, len(rows))
    if table == "documents":
        _import_documents(store, rows, result)
    elif table == "entities":
        records = [
            bulk.EntityRecord(r["id"], r["type"], r["name"], tuple(r["variants"]), r["country"])
            for r in rows
        ]
        linked = bulk.replace_entities(store, records)
        result.notes.append(f"{linked} facts linked to {len(records)} entities")
    else:
        grouped = _rows_by_document(store, rows, path)
        result.documents = len(grouped)
        if table == "sections":
            by_section = {i: [_section(r) for r in found] for i, (_, found) in grouped.items()}
            bulk.replace_sections(store, by_section)
        else:
            by_document = {
                document_id: [_fact(row, text, table, path) for row in found]
                for document_id, (text, found) in grouped.items()
            }
            types = {"event"} if table == "events" else {r["type"] for r in rows}
            bulk.replace_facts(store, by_document, types)
            restored = _restore_reviews(store, grouped, by_document)
            if restored:
                result.notes.append(f"{restored} reviews restored")
    return result


def _restore_reviews(
    store: SQLStore,
    grouped: dict[int, tuple[str, list[dict[str, Any]]]],
    by_document: dict[int, list[Fact]],
) -> int:
    """The verdicts of the rows that carry one, put back on the facts imported from them."""
    verdicts = {
        document_id: [
            (fact, Review(row["review_status"], row["reviewed_by"] or "", row["reviewed_at"]))
            for fact, row in zip(by_document[document_id], found, strict=True)
            if row["review_status"]
        ]
        for document_id, (_, found) in grouped.items()
    }
    return restore_reviews(store.engine, verdicts)


def _import_documents(store: SQLStore, rows: list[dict[str, Any]], result: ImportResult) -> None:
    if rows and "text" not in rows[0]:
        raise RightslensError(
            f"{result.path}: exported without content (--no-content); export documents "
            "with their content to import them"
        )
    built: list[Document] = []
    for row in rows:
        data = _unpack(row["source_data"])
        if hashlib.sha256(data).hexdigest() != row["source_sha256"]:
            raise RightslensError(f"{result.path}: {row['key']}: source data fails its SHA-256")
        source = Source(
            path=row["source_path"],
            data=data,
            format=row["format"],
            text=_unpack(row["source_text"]).decode("utf-8"),
            encoding=row["encoding"],
            page_starts=tuple(row["page_starts"]),
        )
        offsets = decode_offsets(base64.b64decode(row["offsets"]))
        if len(offsets) != len(row["text"]) or (
            len(offsets) and not 0 <= min(offsets) <= max(offsets) <= len(source.text)
        ):
            raise RightslensError(
                f"{result.path}: {row['key']}: offsets do not map its text onto its source"
            )
        built.append(
            Document(
                meta=ReportMeta(row["publisher"], row["country"], row["year"], row["title"]),
                source=source,
                text=row["text"],
                offsets=offsets,
                version=row["version"],
                paragraphs=[Paragraph(*p) for p in row["paragraphs"]],
                warnings=list(row["warnings"]),
            )
        )
    for row, added in zip(rows, store.add(built), strict=True):
        result.documents += added.outcome != "unchanged"
        if added.summary.version != row["version"]:
            result.notes.append(
                f"{row['key']} version {row['version']} is version {added.summary.version} here"
            )


def _rows_by_document(
    store: SQLStore, rows: list[dict[str, Any]], path: str | Path
) -> dict[int, tuple[str, list[dict[str, Any]]]]:
    ids = bulk.document_ids(store)
    grouped: dict[int, tuple[str, list[dict[str, Any]]]] = {}
    for row in rows:
        publisher, country, year = row["document"].split("/")
        key = (
            publisher,
            None if country == "-" else country,
            int(year) if year.isdigit() else None,
        )
        document_id = ids.get((*key, row["version"]))
        if document_id is None:
            raise RightslensError(
                f"{path}: no stored report {row['document']} version {row['version']}: "
                "import its documents file first"
            )
        if document_id not in grouped:
            grouped[document_id] = (store.get_document(document_id).text, [])
        grouped[document_id][1].append(row)
    return grouped


def _section(row: dict[str, Any]) -> Section:
    return Section(row["section"], row["heading"], row["level"], row["start"], row["end"])


def _fact(row: dict[str, Any], text: str, table: str, path: str | Path) -> Fact:
    words = row["quote" if table == "events" else "text"]
    if text[row["start"] : row["end"]] != words:
        raise RightslensError(
            f"{path}: {row['document']} {row['start']}-{row['end']}: the quote "
            f"{words[:60]!r} is not the report's text there"
        )
    quote = Quote(row["start"], row["end"], words)
    sentence = Quote(
        row["sentence_start"],
        row["sentence_end"],
        text[row["sentence_start"] : row["sentence_end"]],
    )
    common = dict(quote=quote, sentence=sentence, section=row["section"])
    common.update(confidence=row["confidence"], method=row["method"])
    if table == "events":
        fields = ("event_type", "victims", "perpetrators", "date", "place", "figures")
        # Exports written before the incident filter have no status or modifiers.
        told = {"status": row.get("status") or "reported", "modifiers": row.get("modifiers") or []}
        return EventFact(**common, **{name: row[name] for name in fields}, **told)
    if row["type"] not in FACT_CLASSES:
        raise RightslensError(f"{path}: unknown fact type {row['type']!r}")
    return FACT_CLASSES[row["type"]](**common, **row["attributes"])


def _unpack(text: str) -> bytes:
    return zlib.decompress(base64.b64decode(text))
