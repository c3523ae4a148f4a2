"""Routes that read across reports: two reports compared, counts per year, a brief."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from rightslens.find.brief import Brief, build_brief
from rightslens.find.compare import Comparison, comparison_record, remembered_comparison
from rightslens.find.trend import Trend, trend
from rightslens.ingest.countries import country_code
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import StoreDep, YearsQuery, checked, year_range

router = APIRouter(tags=["compare"], responses=ERROR_RESPONSES)

DocumentQuery = Query(description="A report: PUBLISHER/COUNTRY/YEAR or its id.")
SectionQuery = Query(description="Only this topic (a taxonomy id) and its subtopics.")


@router.get(
    "/compare",
    response_model=None,
    responses={200: {"model": Comparison, "description": "The comparison, topic by topic."}},
)
def compare(
    store: StoreDep,
    a: Annotated[str, DocumentQuery],
    b: Annotated[str, DocumentQuery],
    section: Annotated[str | None, SectionQuery] = None,
    themes: Annotated[
        int,
        Query(ge=0, le=50, description="Phrases per topic found only in one report (0: skip)."),
    ] = 8,
) -> dict[str, Any]:
    """What differs between two reports, topic by topic: people, events, figures, themes.

    Each figure pair also says whether it ``changed``. ``warnings`` is not empty when
    the differences cannot be read as changes: a report compared with itself, or
    reports on two different countries.
    """
    first, second = checked("a", store.resolve, a), checked("b", store.resolve, b)
    return comparison_record(remembered_comparison(store, first, second, section, themes))


@router.get("/trend", response_model=Trend)
def trend_counts(
    store: StoreDep,
    country: Annotated[str, Query(description="A country code or name.")],
    event_type: Annotated[str | None, Query(description="Count events of this type.")] = None,
    entity: Annotated[str | None, Query(description="Count mentions of this entity.")] = None,
    section: Annotated[str | None, SectionQuery] = None,
    publisher: Annotated[str | None, Query(description="usdos, hrw or amnesty.")] = None,
    years: YearsQuery = None,
) -> Trend:
    """Counts per year for one country: events by type, mentions of an entity, or paragraphs
    on a topic. A year without a report is null, never 0."""
    first, last = year_range(years) or (None, None)
    code = checked("country", country_code, country)
    return trend(store, code, event_type, entity, section, publisher, first, last)


@router.get("/brief", response_model=None, responses={200: {"model": Brief}})
def brief(
    store: StoreDep,
    country: Annotated[str, Query(description="A country code or name.")],
    topic: Annotated[str, Query(description="A taxonomy id (s2.expression) or words.")],
    years: Annotated[str, Query(description="2019 or 2012-2019.")],
    publisher: Annotated[list[str] | None, Query(description="Only these publishers.")] = None,
) -> dict[str, Any]:
    """A country-of-origin brief on one topic, year by year: passages quoted with their
    citations, the events they report, and the persons they name."""
    code = checked("country", country_code, country)
    made = build_brief(store, code, topic, year_range(years), tuple(publisher or ()))
    return asdict(made)
