"""The SQL behind `compare` and `trend`: fact counts per report, and entity links of facts.

Counting happens in the database (one grouped query per measure), so a trend over
decades of reports reads a few rows, not every fact. Counts follow editors' reviews:
rejected facts are left out, a corrected event type counts as corrected. Every
function takes an open ``SQLStore`` and works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select

from rightslens.store.reviews import latest_review_rows, without_rejected
from rightslens.store.schema import entities, facts, paragraphs
from rightslens.store.sql import SQLStore

EntityRef = tuple[int, str]


def _in_topic(column: ColumnElement, section: str) -> ColumnElement[bool]:
    """A topic and its subtopics: ``s1.torture`` also matches ``s1.torture.prisons``."""
    return (column == section) | column.startswith(section + ".", autoescape=True)


def event_counts(
    store: SQLStore,
    document_ids: Sequence[int],
    event_type: str | None = None,
    section: str | None = None,
) -> dict[tuple[int, str], int]:
    """How many event facts each report has, per event type: ``{(document id, type): n}``
    (rejected events left out, corrected types counted as corrected)."""
    if not document_ids:
        return {}
    verdicts = latest_review_rows()
    kind = func.coalesce(
        verdicts.c.changes["event_type"].as_string(), facts.c.attributes["event_type"].as_string()
    )
    query = without_rejected(
        select(facts.c.document_id, kind.label("kind"), func.count().label("n")).select_from(facts),
        verdicts,
    )
    query = query.where((facts.c.type == "event") & facts.c.document_id.in_(document_ids))
    query = query.group_by(facts.c.document_id, kind)
    if event_type:
        query = query.where(kind == event_type)
    if section:
        query = query.where(_in_topic(facts.c.section, section))
    with store.engine.connect() as conn:
        return {(row.document_id, row.kind or ""): row.n for row in conn.execute(query)}


def mention_counts(
    store: SQLStore, document_ids: Sequence[int], entity_id: int, section: str | None = None
) -> dict[int, int]:
    """How many facts of each report are linked to one entity: ``{document id: n}``
    (rejected facts left out)."""
    if not document_ids:
        return {}
    query = without_rejected(
        select(facts.c.document_id, func.count().label("n")).select_from(facts),
        latest_review_rows(),
    )
    query = query.where(
        (facts.c.entity_id == entity_id) & facts.c.document_id.in_(document_ids)
    ).group_by(facts.c.document_id)
    if section:
        query = query.where(_in_topic(facts.c.section, section))
    with store.engine.connect() as conn:
        return {row.document_id: row.n for row in conn.execute(query)}


def paragraph_counts(store: SQLStore, document_ids: Sequence[int], section: str) -> dict[int, int]:
    """How many paragraphs of each report are on a topic or its subtopics: ``{document id: n}``."""
    if not document_ids:
        return {}
    query = (
        select(paragraphs.c.document_id, func.count().label("n"))
        .where(paragraphs.c.document_id.in_(document_ids) & _in_topic(paragraphs.c.topic, section))
        .group_by(paragraphs.c.document_id)
    )
    with store.engine.connect() as conn:
        return {row.document_id: row.n for row in conn.execute(query)}


def fact_entities(
    store: SQLStore, document_id: int, fact_type: str
) -> dict[tuple[int, int], EntityRef]:
    """The entity each fact of one type in a report is linked to, keyed by the fact's span."""
    query = (
        select(facts.c.start, facts.c.end, entities.c.id, entities.c.name)
        .join(entities, entities.c.id == facts.c.entity_id)
        .where((facts.c.document_id == document_id) & (facts.c.type == fact_type))
    )
    with store.engine.connect() as conn:
        return {(row.start, row.end): (row.id, row.name) for row in conn.execute(query)}


def entity_names(store: SQLStore, entity_types: Sequence[str]) -> dict[str, EntityRef]:
    """Every name and variant of the entities of these types, casefolded, to its entity."""
    query = select(entities.c.id, entities.c.name, entities.c.variants).where(
        entities.c.type.in_(entity_types)
    )
    found: dict[str, EntityRef] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(query.order_by(entities.c.id)):
            for name in (row.name, *row.variants):
                found.setdefault(name.casefold(), (row.id, row.name))
    return found
