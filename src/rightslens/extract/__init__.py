"""Extract: facts (people, organizations, places, dates, figures, events, sources, laws),
each tied to the exact span of clean text that supports it.

``extract_facts`` parses the report once with spaCy (``parse.py``) and runs
every extractor over that one parse; events are built last, from the
persons, dates, places and figures of their sentence.
"""

from __future__ import annotations

from rightslens.extract.dates import find_dates
from rightslens.extract.events import find_events
from rightslens.extract.figures import find_figures
from rightslens.extract.laws import find_laws
from rightslens.extract.organizations import find_organizations
from rightslens.extract.parse import ParsedReport, parse_report
from rightslens.extract.people import find_persons
from rightslens.extract.person_roles import roles_from_events
from rightslens.extract.places import find_places
from rightslens.extract.sources import find_sources
from rightslens.model import Fact, Paragraph

__all__ = ["extract_facts", "facts_of_parse"]


def facts_of_parse(report: ParsedReport) -> list[Fact]:
    """Every fact of a parsed report, in text order."""
    persons = find_persons(report)
    dates = find_dates(report)
    places = find_places(report)
    figures = find_figures(report)
    events = find_events(report, persons, dates, places, figures)
    facts: list[Fact] = [
        *roles_from_events(persons, events),
        *find_organizations(report),
        *places,
        *dates,
        *figures,
        *events,
        *find_sources(report),
        *find_laws(report),
    ]
    return sorted(facts, key=lambda fact: (fact.quote.start, fact.quote.end, fact.type))


def extract_facts(
    text: str, paragraphs: list[Paragraph], year: int | None, country: str | None
) -> list[Fact]:
    """Every fact of a report's clean text, each with its quote and sentence offsets."""
    return facts_of_parse(parse_report(text, paragraphs, year, country))
