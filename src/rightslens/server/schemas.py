"""Response schemas: pydantic models mirroring the dataclasses of ``rightslens.model``.

They exist so the OpenAPI page (``/api/docs``) documents every field a client gets.
Fact models are built from the fact dataclasses themselves, so a field added to a
fact type in ``model.py`` shows up here without a second edit.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import typing
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, create_model

from rightslens.model import FACT_CLASSES, Fact

Item = TypeVar("Item")


class ErrorOut(BaseModel):
    """Every 4xx and 5xx answer: one line that says what is wrong, and which parameter."""

    error: str = Field(examples=["no stored document 'usdos/KZ/1999' (see /api/documents)"])
    parameter: str | None = Field(None, description="The query or path parameter at fault.")


class Page(BaseModel, Generic[Item]):
    """A slice of a longer list: ``items[offset : offset + limit]`` of ``total``."""

    total: int
    limit: int
    offset: int
    items: list[Item]


class DocumentOut(BaseModel):
    """A stored report as listed (``model.DocumentSummary``)."""

    id: int
    key: str = Field(description="PUBLISHER/COUNTRY/YEAR, the reference the CLI takes.")
    publisher: str
    country: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    year: int | None = Field(description="The year the report covers.")
    version: int
    title: str
    format: str
    path: str = Field(description="The file it was ingested from.")
    sections: int = Field(description="How many topics the segmenter found.")
    words: int
    warnings: list[str]
    url: str = Field(description="This report in the API.")


class SectionOut(BaseModel):
    """One topic of a report (``model.Section``): offsets into the report's clean text."""

    id: str = Field(description="Taxonomy id, for example s2.expression.")
    heading: str
    level: int
    start: int
    end: int


class DocumentDetail(DocumentOut):
    """A report with its topics."""

    topics: list[SectionOut]


class TextOut(BaseModel):
    """A report's clean text, or one topic's; ``start``/``end`` place it in the whole text."""

    document: str
    section: str | None
    heading: str | None
    start: int
    end: int
    text: str


class QuoteOut(BaseModel):
    """Words of a report's clean text: ``text == clean_text[start:end]``."""

    start: int
    end: int
    text: str


class FactCitation(BaseModel):
    """Where a fact stands: enough to find it again in the report."""

    document: str = Field(description="PUBLISHER/COUNTRY/YEAR")
    publisher: str
    country: str | None
    year: int | None
    section: str | None
    heading: str | None = Field(description="The heading of the innermost topic around it.")
    paragraph: int | None = Field(description="1-based paragraph number in the report.")


class ReviewOut(BaseModel):
    """An editor's verdict on a fact: confirmed, corrected (``changes`` applied) or rejected."""

    status: str
    reviewer: str
    at: str
    changes: dict[str, Any]
    note: str


class FactBase(BaseModel):
    """The fields every fact has (the flat record of ``rightslens.api.fact_record``)."""

    type: str
    text: str = Field(description="The words that support the fact.")
    start: int
    end: int
    section: str | None
    sentence: QuoteOut
    confidence: float
    method: str = Field(description="The rule or model that produced the fact.")
    id: int | None = Field(default=None, description="The fact's id in the store.")
    review: ReviewOut | None = Field(
        default=None, description="An editor's verdict, applied to the fields shown."
    )
    cite: FactCitation | None = None


def _fact_model(type_name: str, fact_class: type[Fact]) -> type[FactBase]:
    """A response model for one fact dataclass: the common fields plus its own."""
    common = {f.name for f in dataclasses.fields(Fact)}
    hints = typing.get_type_hints(fact_class)
    own: dict[str, Any] = {
        f.name: (hints[f.name], ...) for f in dataclasses.fields(fact_class) if f.name not in common
    }
    return create_model(
        fact_class.__name__,
        __base__=FactBase,
        __doc__=fact_class.__doc__,
        type=(Literal[type_name], ...),
        **own,
    )


FACT_MODELS: dict[str, type[FactBase]] = {
    name: _fact_model(name, cls) for name, cls in FACT_CLASSES.items()
}
FactOut = Annotated[
    functools.reduce(operator.or_, FACT_MODELS.values()),  # type: ignore[valid-type]
    Field(discriminator="type"),
]
EventOut = FACT_MODELS["event"]


class EntityOut(BaseModel):
    """One person, organization or place across every stored report (``model.EntitySummary``)."""

    id: int
    type: str
    name: str
    variants: list[str]
    mentions: int
    reports: int
    years: list[int]
    country: str | None = Field(
        description="ISO alpha-2 code of the country it belongs to (a place, a national "
        "institution); null for people and bodies known across countries."
    )
    url: str


class MentionOut(BaseModel):
    """One mention of an entity (``model.Mention``) and the events of its sentence."""

    document: str
    year: int | None
    section: str | None
    fact: FactOut
    events: list[EventOut]  # type: ignore[valid-type]


class FactPage(Page[FactOut]):  # type: ignore[valid-type]
    """A page of facts."""


class EntityPage(Page[EntityOut]):
    """A page of entities."""


class MentionPage(Page[MentionOut]):
    """A page of mentions."""


class YearCount(BaseModel):
    year: int | None
    mentions: int
    reports: int


class EntityDetail(EntityOut):
    """An entity, its mentions counted year by year, and a page of the mentions themselves."""

    timeline: list[YearCount]
    mention_page: MentionPage
