"""Facts and entities in the store: rows to typed facts and back, and entity resolution runs."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from rightslens.model import FACT_CLASSES, EntitySummary, Fact, Quote
from rightslens.resolve.names import NameGroup, group_person_names, group_plain_names
from rightslens.store.reviews import without_rejected
from rightslens.store.schema import documents, entities, facts

COMMON_FIELDS = {"quote", "sentence", "section", "confidence", "method", "type", "id", "review"}
RESOLVED_TYPES = ("person", "organization", "place")


def fact_row(document_id: int, fact: Fact) -> dict[str, Any]:
    attributes = {
        f.name: getattr(fact, f.name)
        for f in dataclasses.fields(fact)
        if f.name not in COMMON_FIELDS
    }
    return {
        "document_id": document_id,
        "type": fact.type,
        "text": fact.quote.text,
        "start": fact.quote.start,
        "end": fact.quote.end,
        "sentence_start": fact.sentence.start,
        "sentence_end": fact.sentence.end,
        "section": fact.section,
        "confidence": fact.confidence,
        "method": fact.method,
        "attributes": attributes,
    }


def fact_from_row(row: Any, text: str) -> Fact:
    """A typed fact from its row: the quote as extracted and stored, the sentence cut again
    from the document text (so a check of quote against text means something)."""
    cls = FACT_CLASSES[row.type]
    return cls(
        quote=Quote(row.start, row.end, row.text),
        sentence=Quote(
            row.sentence_start, row.sentence_end, text[row.sentence_start : row.sentence_end]
        ),
        section=row.section,
        confidence=row.confidence,
        method=row.method,
        id=row.id,
        **row.attributes,
    )


def replace_facts(conn: Connection, document_id: int, new_facts: Sequence[Fact]) -> None:
    conn.execute(delete(facts).where(facts.c.document_id == document_id))
    if new_facts:
        conn.execute(insert(facts), [fact_row(document_id, fact) for fact in new_facts])


# Organizations of these kinds exist once per country under names any state may use
# ("Supreme Court", "Ministry of Internal Affairs", "Social Democratic Party"). The kind is
# read from the name's head words, so names any state uses (ministry, parliament, police,
# prosecutor, ombudsman) carry one of these kinds.
NATIONAL_KINDS = frozenset(
    {"government body", "security force", "court", "political party", "union"}
)


def entity_country(
    fact_type: str, attributes: dict[str, Any], report_country: str | None
) -> str | None:
    """The country within which a mention's name is resolved: a place's own country (else
    the report's), the report's for a national institution, none (the whole store) for
    people and for bodies that keep one name across countries (OSCE, Human Rights Watch)."""
    if fact_type == "place":
        return attributes.get("country") or report_country
    if fact_type == "organization" and attributes.get("kind") in NATIONAL_KINDS:
        return report_country
    return None


def _scope_order(item: tuple[tuple[str, str | None], Any]) -> tuple[int, str]:
    """People, organizations, places; store-wide names before each country's: stable ids."""
    (kind, country), _ = item
    return RESOLVED_TYPES.index(kind), country or ""


def rebuild_entities(conn: Connection) -> int:
    """Group every person, organization and place mention of the latest reports into
    entities, each type within its country (``entity_country``); returns their count."""
    conn.execute(update(facts).values(entity_id=None))
    conn.execute(delete(entities))
    names: dict[tuple[str, str | None], dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    # Only the latest version of each report speaks for it (versions grow with ids).
    latest = select(func.max(documents.c.id)).group_by(
        documents.c.publisher, documents.c.country, documents.c.year
    )
    rows = conn.execute(
        select(facts.c.id, facts.c.type, facts.c.attributes, documents.c.country)
        .join(documents, documents.c.id == facts.c.document_id)
        .where(facts.c.type.in_(RESOLVED_TYPES) & facts.c.document_id.in_(latest))
    )
    for row in rows:
        name = row.attributes.get("name") or ""
        if name:
            scope = (row.type, entity_country(row.type, row.attributes, row.country))
            names[scope][name].append(row.id)
    count = 0
    for (kind, country), by_name in sorted(names.items(), key=_scope_order):
        grouper = group_person_names if kind == "person" else group_plain_names
        groups: list[NameGroup] = grouper(
            name for name, ids in by_name.items() for _ in range(len(ids))
        )
        for group in groups:
            entity_id = conn.execute(
                insert(entities).values(
                    type=kind, name=group.name, variants=group.variants, country=country
                )
            ).inserted_primary_key[0]
            fact_ids = [fact_id for form in group.forms for fact_id in by_name[form]]
            conn.execute(update(facts).where(facts.c.id.in_(fact_ids)).values(entity_id=entity_id))
            count += 1
    return count


def summarize_entities(
    conn: Connection,
    entity_type: str | None = None,
    document_ids: Collection[int] | None = None,
    entity_ids: Collection[int] | None = None,
) -> list[EntitySummary]:
    """Entities with how often, in how many reports and which years they are mentioned
    (counted within ``document_ids`` when given, rejected facts left out), most widely
    reported first."""
    query = (
        select(
            entities.c.id,
            entities.c.type,
            entities.c.name,
            entities.c.variants,
            entities.c.country,
            facts.c.document_id,
            documents.c.year,
        )
        .join(facts, facts.c.entity_id == entities.c.id)
        .join(documents, documents.c.id == facts.c.document_id)
    )
    query = without_rejected(query)
    if document_ids is not None:
        query = query.where(facts.c.document_id.in_(list(document_ids)))
    if entity_type:
        query = query.where(entities.c.type == entity_type)
    if entity_ids is not None:
        query = query.where(entities.c.id.in_(list(entity_ids)))
    grouped: dict[int, list] = {}
    for row in conn.execute(query):
        grouped.setdefault(row.id, []).append(row)
    found = [
        EntitySummary(
            id=entity_id,
            type=rows[0].type,
            name=rows[0].name,
            variants=tuple(rows[0].variants),
            mentions=len(rows),
            reports=len({r.document_id for r in rows}),
            years=tuple(sorted({r.year for r in rows if r.year is not None})),
            country=rows[0].country,
        )
        for entity_id, rows in grouped.items()
    ]
    return sorted(found, key=lambda e: (-e.reports, -e.mentions, e.name, e.type, e.id))
