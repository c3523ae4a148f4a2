"""Bulk reads and writes for export, import and briefs: whole tables, one transaction per file.

Reads return model objects (``Source``, ``Fact``, ``EntitySummary``); writes
replace what a file holds for the documents it names, so loading the same
file twice leaves the store as loading it once.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from rightslens.errors import RightslensError
from rightslens.model import Fact, Section, Source
from rightslens.store.facts import (
    RESOLVED_TYPES,
    entity_country,
    fact_from_row,
    fact_row,
    rebuild_entities,
)
from rightslens.store.reviews import latest_reviews, reviewed
from rightslens.store.schema import documents, entities, facts, sections, sources
from rightslens.store.sql import SQLStore

DocumentVersion = tuple[str, str | None, int | None, int]


@dataclass(frozen=True)
class EntityRecord:
    """An entity as a file gives it: its id, type, display name, other name forms and the
    country it belongs to (see ``store.facts.entity_country``)."""

    id: int
    type: str
    name: str
    variants: tuple[str, ...]
    country: str | None = None


def document_source(store: SQLStore, document_id: int) -> Source:
    """The file a stored report came from: original bytes and the text offsets point into."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(sources)
            .join(documents, documents.c.source_hash == sources.c.hash)
            .where(documents.c.id == document_id)
        ).one()
    return Source(
        path=row.path,
        data=row.data,
        format=row.format,
        text=zlib.decompress(row.text).decode("utf-8"),
        encoding=row.encoding,
        page_starts=tuple(row.page_starts),
    )


def document_ids(store: SQLStore) -> dict[DocumentVersion, int]:
    """Every stored report's id by (publisher, country, year, version)."""
    columns = (documents.c.publisher, documents.c.country, documents.c.year, documents.c.version)
    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, *columns)).all()
    return {(r.publisher, r.country, r.year, r.version): r.id for r in rows}


def document_facts(
    store: SQLStore, document_id: int, text: str, types: Collection[str] = ()
) -> list[tuple[Fact, str | None]]:
    """A report's facts with the name of the entity each resolves to.

    Ordered by start, then type, then storage order: replacing one type's facts
    (an events import) keeps the order of every other fact.
    """
    query = (
        select(facts, entities.c.name.label("entity_name"))
        .outerjoin(entities, entities.c.id == facts.c.entity_id)
        .where(facts.c.document_id == document_id)
        .order_by(facts.c.start, facts.c.type, facts.c.id)
    )
    if types:
        query = query.where(facts.c.type.in_(list(types)))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        reviews = latest_reviews(conn, document_id)
    found = [(fact_from_row(row, text), row.entity_name) for row in rows]
    kept = reviewed((fact for fact, _ in found), reviews, keep_rejected=True)
    return [
        (fact, entity)
        for fact, (_, entity) in zip(kept, found, strict=True)
        if not (fact.review and fact.review.status == "rejected")
    ]


def replace_sections(store: SQLStore, by_document: Mapping[int, Sequence[Section]]) -> None:
    """Replace the topics of each report named, all in one transaction."""
    with store.engine.begin() as conn:
        for document_id, found in by_document.items():
            conn.execute(delete(sections).where(sections.c.document_id == document_id))
            if found:
                conn.execute(
                    insert(sections),
                    [
                        {
                            "document_id": document_id,
                            "position": position,
                            "topic": s.id,
                            "heading": s.heading,
                            "level": s.level,
                            "start": s.start,
                            "end": s.end,
                        }
                        for position, s in enumerate(found)
                    ],
                )


def replace_facts(
    store: SQLStore, by_document: Mapping[int, Sequence[Fact]], types: Collection[str]
) -> None:
    """Replace each named report's facts of these types, then regroup entities."""
    with store.engine.begin() as conn:
        for document_id, found in by_document.items():
            conn.execute(
                delete(facts).where(
                    (facts.c.document_id == document_id) & facts.c.type.in_(list(types))
                )
            )
            if found:
                conn.execute(insert(facts), [fact_row(document_id, fact) for fact in found])
        rebuild_entities(conn)


def replace_entities(store: SQLStore, records: Sequence[EntityRecord]) -> int:
    """Make the store's entities exactly these, ids kept; link facts by name; returns links.

    A fact links to the entity of its type and country (``entity_country``, as
    ``rebuild_entities`` groups it) whose name or a variant is the fact's name;
    names no entity lists stay unresolved.
    """
    owner: dict[tuple[str, str, str | None], int] = {}
    for record in records:
        for form in (record.name, *record.variants):
            key = (record.type, form, record.country)
            if owner.setdefault(key, record.id) != record.id:
                where = f" of {record.country}" if record.country else ""
                raise RightslensError(
                    f"the {record.type} name {form!r}{where} belongs to two entities "
                    f"({owner[key]} and {record.id})"
                )
    linked = 0
    with store.engine.begin() as conn:
        conn.execute(update(facts).values(entity_id=None))
        conn.execute(delete(entities))
        if records:
            conn.execute(
                insert(entities),
                [
                    {
                        "id": r.id,
                        "type": r.type,
                        "name": r.name,
                        "variants": list(r.variants),
                        "country": r.country,
                    }
                    for r in records
                ],
            )
        by_entity: dict[int, list[int]] = {}
        rows = conn.execute(
            select(facts.c.id, facts.c.type, facts.c.attributes, documents.c.country)
            .join(documents, documents.c.id == facts.c.document_id)
            .where(facts.c.type.in_(RESOLVED_TYPES))
        )
        for row in rows:
            country = entity_country(row.type, row.attributes, row.country)
            entity_id = owner.get((row.type, row.attributes.get("name") or "", country))
            if entity_id is not None:
                by_entity.setdefault(entity_id, []).append(row.id)
        for entity_id, fact_ids in by_entity.items():
            conn.execute(update(facts).where(facts.c.id.in_(fact_ids)).values(entity_id=entity_id))
            linked += len(fact_ids)
        if conn.dialect.name == "postgresql" and records:
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('entities', 'id'), "
                "(SELECT max(id) FROM entities))"
            )
    return linked
