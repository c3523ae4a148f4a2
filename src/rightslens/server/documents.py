"""Routes on stored reports: the list, one report, its topics, text and facts.

A report is named ``/api/documents/PUBLISHER/COUNTRY/YEAR`` (its latest version)
or ``/api/documents/ID`` (any version, and reports whose country or year is unknown).
"""

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from rightslens import api
from rightslens.model import FACT_CLASSES, DocumentSummary, Section, StoredDocument
from rightslens.server.cite import Citer
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import (
    Limit,
    Offset,
    StoreDep,
    UnknownValueError,
    YearsQuery,
    year_range,
)
from rightslens.server.schemas import (
    DocumentDetail,
    DocumentOut,
    FactPage,
    SectionOut,
    TextOut,
)

router = APIRouter(prefix="/documents", tags=["documents"], responses=ERROR_RESPONSES)

FactType = Literal[tuple(FACT_CLASSES)]  # type: ignore[valid-type]


def document_url(summary: DocumentSummary) -> str:
    if summary.country and summary.year:
        return f"/api/documents/{summary.key}"
    return f"/api/documents/{summary.id}"


def document_record(summary: DocumentSummary) -> dict[str, Any]:
    return {
        **{name: getattr(summary, name) for name in DocumentSummary.__dataclass_fields__},
        "key": summary.key,
        "url": document_url(summary),
    }


def topic(document: StoredDocument, section_id: str) -> Section:
    """The report's first topic with this id, or a 404 that lists the topics it has."""
    for section in document.sections:
        if section.id == section_id:
            return section
    topics = ", ".join(dict.fromkeys(s.id for s in document.sections)) or "none"
    raise UnknownValueError(
        "section", f"{document.summary.key} has no topic {section_id!r} (it has: {topics})"
    )


@router.get("", response_model=list[DocumentOut])
def documents(
    store: StoreDep,
    publisher: Annotated[str | None, Query(description="usdos, hrw, amnesty, ...")] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code.")] = None,
    years: YearsQuery = None,
    all_versions: Annotated[bool, Query(description="Every version, not just the latest.")] = False,
) -> list[dict[str, Any]]:
    """Stored reports by publisher, country and year."""
    wanted = year_range(years)
    return [
        document_record(summary)
        for summary in api.documents(store, all_versions=all_versions)
        if (publisher is None or summary.publisher == publisher.lower())
        and (country is None or (summary.country or "") == country.upper())
        and (
            wanted is None or (summary.year is not None and wanted[0] <= summary.year <= wanted[1])
        )
    ]


def _by_key(
    publisher: Annotated[str, Path(description="usdos, hrw, amnesty, ...")],
    country: Annotated[str, Path(description="ISO 3166-1 alpha-2 code, for example KZ.")],
    year: Annotated[int, Path(description="The year the report covers.")],
) -> str:
    return f"{publisher}/{country}/{year}"


def _by_id(document_id: Annotated[int, Path(ge=1, description="A document id.")]) -> int:
    return document_id


def _add_document_routes(path: str, reference: Callable[..., str | int]) -> None:
    """The routes on one report, for one way of naming it."""
    Ref = Annotated[str | int, Depends(reference)]

    @router.get(path, response_model=DocumentDetail)
    def document(store: StoreDep, ref: Ref) -> dict[str, Any]:
        """One report and its topics."""
        found = store.get_document(ref)
        return {**document_record(found.summary), "topics": found.sections}

    @router.get(f"{path}/sections", response_model=list[SectionOut])
    def sections(store: StoreDep, ref: Ref) -> list[Section]:
        """A report's topics, in order: taxonomy id, heading, level, clean-text offsets."""
        return api.sections(store, ref)

    @router.get(f"{path}/text", response_model=TextOut)
    def text(
        store: StoreDep,
        ref: Ref,
        section: Annotated[
            str | None, Query(description="Only this topic (a taxonomy id, e.g. s2.expression).")
        ] = None,
    ) -> dict[str, Any]:
        """A report's clean text, or one topic's; every fact's offsets point into it."""
        found = store.get_document(ref)
        chosen = topic(found, section) if section else None
        start, end = (chosen.start, chosen.end) if chosen else (0, len(found.text))
        return {
            "document": found.summary.key,
            "section": section,
            "heading": chosen.heading if chosen else None,
            "start": start,
            "end": end,
            "text": found.text[start:end],
        }

    @router.get(f"{path}/facts", response_model=FactPage)
    def facts(
        store: StoreDep,
        ref: Ref,
        fact_type: Annotated[FactType | None, Query(alias="type")] = None,
        section: Annotated[
            str | None, Query(description="Only this topic and its subtopics (a taxonomy id).")
        ] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """A report's facts in text order, each with the words that support it and a citation."""
        found = store.get_document(ref)
        if section:
            topic(found, section)
        selected = api.facts(store, found.summary.id, fact_type, section)
        citer = Citer(found)
        return {
            "total": len(selected),
            "limit": limit,
            "offset": offset,
            "items": [citer.fact_record(fact) for fact in selected[offset : offset + limit]],
        }


_add_document_routes("/{publisher}/{country}/{year}", _by_key)
_add_document_routes("/{document_id}", _by_id)
