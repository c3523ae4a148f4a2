"""Routes on entities: people, organizations and places resolved across every report."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from rightslens import api
from rightslens.errors import NotFoundError
from rightslens.model import EntitySummary, Mention
from rightslens.server.cite import Citer
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import Limit, Offset, StoreDep, UnknownValueError
from rightslens.server.schemas import EntityDetail, EntityPage
from rightslens.store import SQLStore
from rightslens.store.facts import RESOLVED_TYPES

router = APIRouter(prefix="/entities", tags=["entities"], responses=ERROR_RESPONSES)

EntityType = Literal[RESOLVED_TYPES]  # type: ignore[valid-type]


def entity_record(entity: EntitySummary) -> dict[str, Any]:
    return {
        **{name: getattr(entity, name) for name in EntitySummary.__dataclass_fields__},
        "url": f"/api/entities/{entity.id}",
    }


def _named(entity: EntitySummary, wanted: str) -> bool:
    return any(wanted in name.casefold() for name in (entity.name, *entity.variants))


@router.get("", response_model=EntityPage)
def entities(
    store: StoreDep,
    entity_type: Annotated[EntityType | None, Query(alias="type")] = None,
    name: Annotated[
        str | None, Query(description="Only entities whose name or a variant contains this.")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Entities, those in the most reports first."""
    found = api.entities(store, entity_type)
    if name and name.strip():
        found = [e for e in found if _named(e, name.casefold().strip())]
    return {
        "total": len(found),
        "limit": limit,
        "offset": offset,
        "items": [entity_record(e) for e in found[offset : offset + limit]],
    }


@router.get("/{entity_id}", response_model=EntityDetail)
def entity(
    store: StoreDep,
    entity_id: Annotated[int, Path(ge=1, description="An entity id from /api/entities.")],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """One entity: its mentions counted year by year, and a page of the mentions with citations."""
    found = next((e for e in api.entities(store) if e.id == entity_id), None)
    if found is None:
        raise UnknownValueError("entity_id", f"no entity {entity_id} (see /api/entities)")
    mentions = store.mentions(entity_id)
    return {
        **entity_record(found),
        "timeline": _timeline(mentions),
        "mention_page": {
            "total": len(mentions),
            "limit": limit,
            "offset": offset,
            "items": _mention_records(store, mentions[offset : offset + limit]),
        },
    }


def _timeline(mentions: list[Mention]) -> list[dict[str, Any]]:
    by_year: dict[int | None, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_year[mention.year].append(mention)
    return [
        {"year": year, "mentions": len(group), "reports": len({m.document for m in group})}
        for year, group in sorted(by_year.items(), key=lambda item: (item[0] is None, item[0]))
    ]


def _mention_records(store: SQLStore, mentions: list[Mention]) -> list[dict[str, Any]]:
    """Mentions as records, each fact cited in its report (each report read once)."""
    citers: dict[str, Citer | None] = {}
    records = []
    for mention in mentions:
        if mention.document not in citers:
            try:
                citers[mention.document] = Citer(store.get_document(mention.document))
            except NotFoundError:  # a report whose country or year is unknown has no key
                citers[mention.document] = None
        citer = citers[mention.document]
        to_record = citer.fact_record if citer else api.fact_record
        records.append(
            {
                "document": mention.document,
                "year": mention.year,
                "section": mention.section,
                "fact": to_record(mention.fact),
                "events": [to_record(event) for event in mention.events],
            }
        )
    return records
