"""Commands on extracted facts and the entities resolved from them."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from rich.table import Table

from rightslens import api
from rightslens.cli import (
    DbOption,
    DocArgument,
    JsonOption,
    app,
    err,
    fail,
    open_cli_store,
    out,
    print_json,
    progress_bar,
)
from rightslens.errors import RightslensError
from rightslens.ingest.countries import country_code

CountryOption = Annotated[
    str | None,
    typer.Option(
        help="A country (ISO code or name): its places and national institutions "
        "(people and international bodies belong to none)."
    ),
]


def _country(name: str | None) -> str | None:
    """An ISO code from what was typed, or a clear error."""
    try:
        return country_code(name) if name else None
    except RightslensError as error:
        fail(str(error))


@app.command()
def extract(
    docs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Reports (PUBLISHER/COUNTRY/YEAR or id); all when none are named.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Extract facts again from stored reports, without ingesting them again.

    Use it after an upgrade of rightslens, or for reports ingested with --no-extract.

    Example: rightslens extract usdos/KZ/2023
    """
    store = open_cli_store(db)
    try:
        targets = [store.resolve(ref) for ref in docs or []] or [
            d.id for d in store.list_documents()
        ]
    except RightslensError as error:
        fail(str(error))
    progress = progress_bar()
    with progress:
        task = progress.add_task("extracting", total=len(targets))
        count = api.extract(store, targets, lambda _summary: progress.advance(task))
    err.print(f"extracted facts from {count} reports", markup=False)


@app.command()
def facts(
    doc: DocArgument,
    db: DbOption = None,
    fact_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="Only facts of this type: person, organization, place, "
            "date, figure, event, source, law.",
        ),
    ] = None,
    section: Annotated[
        str | None, typer.Option(help="Only facts of this topic (a taxonomy id) and its subtopics.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """A report's facts, each with the words that support it and their offsets.

    Types: person, organization, place, date, figure, event, source, law. Events
    have an event_type: killing, death_in_custody, torture_or_ill_treatment,
    disappearance, arrest_or_detention, conviction_or_sentence, release_or_acquittal,
    attack_on_journalist_or_activist, blocking_or_censorship, fine, raid_or_search,
    travel_ban, deportation_or_extradition, registration_denied_or_banned,
    protest_dispersed, official_prosecuted.

    Example: rightslens facts usdos/KZ/2023 --type event --section s1.torture --json
    """
    try:
        found = api.facts(open_cli_store(db), doc, fact_type, section)
    except RightslensError as error:
        fail(str(error))
    records = [api.fact_record(fact) for fact in found]
    if as_json:
        print_json(records)
        return
    table = Table(title=f"{doc}: {len(records)} facts")
    for column in ("type", "text", "details", "section", "start"):
        table.add_column(column)
    common = {"type", "text", "start", "end", "section", "sentence", "confidence", "method"}
    for record in records:
        details = ", ".join(
            f"{k}={v}" for k, v in record.items() if k not in common and v not in (None, "", [])
        )
        table.add_row(
            record["type"], record["text"], details, record["section"] or "", str(record["start"])
        )
    out.print(table)


@app.command()
def entities(
    db: DbOption = None,
    entity_type: Annotated[
        str | None, typer.Option("--type", help="person, organization or place.")
    ] = None,
    country: CountryOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """People, organizations and places resolved across every stored report.

    Spellings of one name ("Aliyev", "Aliev") are one entity; people who
    only share a surname are not. National institutions ("Supreme Court",
    "Ministry of Internal Affairs") and places are resolved within their
    country, shown in the country column. Most widely reported first.

    Example: rightslens entities --type organization --country KZ --limit 20
    """
    if entity_type not in (None, "person", "organization", "place"):
        fail(f"unknown entity type {entity_type!r}: use person, organization or place")
    code = _country(country)
    everything = api.entities(open_cli_store(db), entity_type)
    found = [e for e in everything if code in (None, e.country)][:limit]
    if as_json:
        rows = [dataclasses.asdict(e) for e in found]
        print_json(rows)
        return
    table = Table(title=f"{len(found)} entities")
    for column in ("type", "name", "country", "variants", "reports", "mentions", "years"):
        table.add_column(column)
    for e in found:
        table.add_row(
            e.type,
            e.name,
            e.country or "",
            "; ".join(e.variants),
            str(e.reports),
            str(e.mentions),
            ", ".join(map(str, e.years)),
        )
    out.print(table)


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="A name as written in a report, or part of it.")],
    db: DbOption = None,
    country: CountryOption = None,
    as_json: JsonOption = False,
) -> None:
    """One person, organization or place across reports: every mention, year by year.

    Where two countries' institutions share a name, --country picks one.

    Example: rightslens entity "Zhovtis"; rightslens entity "Supreme Court" --country KG
    """
    store = open_cli_store(db)
    try:
        found, mentions = api.entity_timeline(store, name, _country(country))
    except RightslensError as error:
        fail(str(error))
    if as_json:
        payload = {
            **dataclasses.asdict(found),
            "mentions": [
                {
                    "document": m.document,
                    "year": m.year,
                    "section": m.section,
                    "fact": api.fact_record(m.fact),
                    "events": [api.fact_record(e) for e in m.events],
                }
                for m in mentions
            ],
        }
        print_json(payload)
        return
    variants = f" (also: {', '.join(found.variants)})" if found.variants else ""
    where = f", {found.country}" if found.country else ""
    out.print(
        f"{found.name} [{found.type}{where}]{variants}: {found.mentions} mentions in "
        f"{found.reports} reports",
        markup=False,
    )
    year = None
    for mention in mentions:
        if mention.year != year:
            year = mention.year
            out.print(f"\n{year}", markup=False, style="bold")
        events = "; ".join(sorted({e.event_type for e in mention.events}))
        tail = f"  [events: {events}]" if events else ""
        out.print(
            f"  {mention.document} {mention.section or '-'}: {mention.fact.sentence.text}{tail}",
            markup=False,
        )
