"""Routes on one fact: read it with its citation and review history; editors review it.

A fact is named by its id in the store (``id`` of every fact record). Re-running
extraction gives facts new ids, but reviews stay with the words they were about.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel, Field

from rightslens import api
from rightslens.model import Fact, ReviewStatus, StoredDocument
from rightslens.model import Review as ReviewRecord
from rightslens.server.auth import Editor
from rightslens.server.cite import Citer
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import StoreDep
from rightslens.server.schemas import FactOut, ReviewOut
from rightslens.store import SQLStore
from rightslens.store.trends import fact_entities

router = APIRouter(prefix="/facts", tags=["facts"], responses=ERROR_RESPONSES)

FactId = Annotated[int, Path(ge=1, description="A fact's id (the `id` of a fact record).")]


@dataclass(frozen=True)
class FactView:
    """One fact as reviewed, with what a page or an API answer shows beside it."""

    document: StoredDocument
    fact: Fact
    history: list[ReviewRecord]
    cite: dict[str, Any]
    entity_id: int | None


def fact_view(store: SQLStore, fact_id: int) -> FactView:
    """A fact by id, its report, citation, review history (oldest first) and entity."""
    document_id, fact, history = store.fact(fact_id)
    document = store.get_document(document_id)
    span = (fact.quote.start, fact.quote.end)
    entity = fact_entities(store, document_id, fact.type).get(span)
    return FactView(
        document, fact, history, Citer(document)(fact.quote.start), entity[0] if entity else None
    )


class FactDetail(BaseModel):
    """One fact (its reviewed values), where it stands, and every review of it."""

    document: str = Field(description="PUBLISHER/COUNTRY/YEAR")
    document_id: int
    entity_id: int | None = Field(description="The entity it resolves to, if any.")
    fact: FactOut  # type: ignore[valid-type]
    history: list[ReviewOut] = Field(description="Every verdict on the fact, oldest first.")


class ReviewIn(BaseModel):
    """An editor's verdict: ``corrected`` needs ``changes`` (field -> corrected value)."""

    status: ReviewStatus
    changes: dict[str, Any] = Field(
        default_factory=dict, examples=[{"roles": ["journalist", "detainee"]}]
    )
    note: str = Field("", max_length=2000)


def fact_detail(view: FactView) -> dict[str, Any]:
    return {
        "document": view.document.summary.key,
        "document_id": view.document.summary.id,
        "entity_id": view.entity_id,
        "fact": {**api.fact_record(view.fact), "cite": view.cite},
        "history": [dataclasses.asdict(review) for review in view.history],
    }


@router.get("/{fact_id}", response_model=FactDetail)
def get_fact(store: StoreDep, fact_id: FactId) -> dict[str, Any]:
    """One fact with editors' corrections applied, its citation and its review history."""
    return fact_detail(fact_view(store, fact_id))


@router.post("/{fact_id}/review", response_model=FactDetail)
def review_fact(
    store: StoreDep, user: Editor, fact_id: FactId, verdict: Annotated[ReviewIn, Body()]
) -> dict[str, Any]:
    """Confirm, correct or reject a fact (editors). Kept with who and when; a rejected fact
    leaves exports and counts, a corrected one shows its corrections everywhere."""
    store.review_fact(fact_id, verdict.status, user.name, verdict.changes, verdict.note)
    return fact_detail(fact_view(store, fact_id))
