"""Counts per year for one country: events by type, mentions of an entity, paragraphs on a topic.

A trend reads the latest version of every stored report on the country. A year
with a report counts 0 when nothing matched; a year without one stays empty, so
a gap in coverage never reads as "no abuses". Publishers are kept apart (a
column each) because their reports differ in length and scope.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

from rightslens.errors import NotFoundError, RightslensError
from rightslens.extract.event_rules import TRIGGERS
from rightslens.ingest.countries import country_code, country_name
from rightslens.model import DocumentSummary
from rightslens.segment.topics import topic_tree
from rightslens.store.sql import SQLStore
from rightslens.store.trends import event_counts, mention_counts, paragraph_counts

# What an event count counts: incidents, one per act, not the victims of each.
_ONCE = "(each act counted once, however many victims)"

Measure = Literal["events", "mentions", "paragraphs"]


@dataclass(frozen=True)
class TrendRow:
    """One year (and, counting all event types, one publisher): a count per column.

    A value is None where the row's year has no report for that column's publisher.
    """

    year: int
    publisher: str | None
    documents: tuple[str, ...]
    values: dict[str, int | None]


@dataclass
class Trend:
    """A table of counts: rows by year, one column per publisher or per event type."""

    country: str
    country_name: str
    measure: Measure
    title: str
    columns: list[str]
    rows: list[TrendRow] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)


def trend(
    store: SQLStore,
    country: str,
    event_type: str | None = None,
    entity: str | None = None,
    section: str | None = None,
    publisher: str | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> Trend:
    """Counts per year for one country.

    With ``entity``: mentions of that person, organization or place. Else with
    ``event_type``, or with nothing at all: events (all types, a column each, when
    none is named). With only ``section``: paragraphs on that topic. ``section``
    also narrows events and mentions to a topic and its subtopics.
    """
    if first_year is not None and last_year is not None and first_year > last_year:
        raise RightslensError(f"bad year range: {first_year} is after {last_year}")
    if section is not None and section not in topic_tree().topics:
        close = difflib.get_close_matches(section, list(topic_tree().topics), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise RightslensError(f"unknown topic {section!r}{hint}: see the taxonomy ids")
    if event_type is not None and event_type not in TRIGGERS:
        raise RightslensError(
            f"unknown event type {event_type!r}: use one of {', '.join(sorted(TRIGGERS))}"
        )
    code = country_code(country)
    reports = _reports(store, code, publisher, first_year, last_year)
    name = country_name(code)
    publishers = sorted({r.publisher for r in reports})
    filters = {
        key: value
        for key, value in (
            ("event_type", event_type),
            ("entity", entity),
            ("section", section),
            ("publisher", publisher),
        )
        if value
    }
    where = f" in {section}" if section else ""
    if entity is not None:
        found = store.entity_named(entity, code)
        counts = mention_counts(store, [r.id for r in reports], found.id, section)
        filters["entity"] = found.name
        title = f"Mentions of {found.name}{where} per year, {name}"
        return Trend(code, name, "mentions", title, publishers, _by_year(reports, counts), filters)
    if event_type is not None or section is None:
        by_type = event_counts(store, [r.id for r in reports], event_type, section)
        if event_type is not None:
            counts = {doc: n for (doc, _kind), n in by_type.items()}
            title = f"Incidents of type {event_type}{where} per year, {name} {_ONCE}"
            rows = _by_year(reports, counts)
            return Trend(code, name, "events", title, publishers, rows, filters)
        title = f"Incidents by type{where} per year, {name} {_ONCE}"
        columns = sorted({kind for _doc, kind in by_type}, key=lambda k: (-_total(by_type, k), k))
        rows = [
            TrendRow(
                r.year or 0, r.publisher, (r.key,), {k: by_type.get((r.id, k), 0) for k in columns}
            )
            for r in reports
        ]
        return Trend(code, name, "events", title, columns, rows, filters)
    counts = paragraph_counts(store, [r.id for r in reports], section)
    title = f"Paragraphs on {section} per year, {name}"
    return Trend(code, name, "paragraphs", title, publishers, _by_year(reports, counts), filters)


def _reports(
    store: SQLStore,
    code: str,
    publisher: str | None,
    first_year: int | None,
    last_year: int | None,
) -> list[DocumentSummary]:
    """The latest version of each stored report on the country, by year then publisher."""
    everything = store.list_documents()
    on_country = [d for d in everything if d.country == code and d.year is not None]
    if not on_country:
        stored = sorted({d.country for d in everything if d.country})
        raise NotFoundError(
            f"no stored report on {code} (stored countries: {', '.join(stored) or 'none'})"
        )
    if publisher is not None:
        wanted = publisher.casefold()
        known = sorted({d.publisher for d in on_country})
        on_country = [d for d in on_country if d.publisher == wanted]
        if not on_country:
            raise NotFoundError(
                f"no stored report by {publisher!r} on {code} (publishers: {', '.join(known)})"
            )
    chosen = [
        d
        for d in on_country
        if (first_year is None or d.year >= first_year)
        and (last_year is None or d.year <= last_year)
    ]
    if not chosen:
        years = sorted({d.year for d in on_country})
        raise NotFoundError(
            f"no stored report on {code} in those years (years stored: "
            f"{', '.join(map(str, years))})"
        )
    return sorted(chosen, key=lambda d: (d.year, d.publisher))


def _by_year(reports: list[DocumentSummary], counts: dict[int, int]) -> list[TrendRow]:
    """A row per year, a column per publisher: the count, 0 when nothing matched."""
    publishers = sorted({r.publisher for r in reports})
    rows: list[TrendRow] = []
    for year in sorted({r.year or 0 for r in reports}):
        of_year = {r.publisher: r for r in reports if r.year == year}
        values: dict[str, int | None] = {
            p: counts.get(of_year[p].id, 0) if p in of_year else None for p in publishers
        }
        rows.append(TrendRow(year, None, tuple(r.key for r in of_year.values()), values))
    return rows


def _total(counts: dict[tuple[int, str], int], kind: str) -> int:
    return sum(n for (_doc, k), n in counts.items() if k == kind)
