"""Commands that read across reports: `compare` (two reports, topic by topic) and `trend`."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from rightslens.cli import DbOption, JsonOption, app, err, fail, open_cli_store, out, print_json
from rightslens.errors import RightslensError
from rightslens.find.compare import (
    Comparison,
    PersonItem,
    QuoteCitation,
    TopicComparison,
    compare_reports,
    comparison_record,
)
from rightslens.find.trend import Trend, trend

SENTENCE_WIDTH = 240


@app.command()
def compare(
    doc_a: Annotated[str, typer.Argument(help="First report: PUBLISHER/COUNTRY/YEAR or id.")],
    doc_b: Annotated[str, typer.Argument(help="Second report: PUBLISHER/COUNTRY/YEAR or id.")],
    db: DbOption = None,
    section: Annotated[
        str | None, typer.Option(help="Only this topic (a taxonomy id) and its subtopics.")
    ] = None,
    themes: Annotated[
        int, typer.Option(help="Themes to show per topic and report (0: none, faster).")
    ] = 8,
    as_json: JsonOption = False,
) -> None:
    """What changed between two reports, topic by topic: figures, persons, events, themes.

    Works for two years of one publisher or two publishers on one year (a report
    with itself, or reports on two countries, are compared with a warning). Every
    item cites its report, topic, paragraph (¶) and offsets (@start-end) into
    `rightslens text REPORT`.

    Example: rightslens compare usdos/KZ/2019 usdos/KZ/2023 --section s1.torture
    """
    store = open_cli_store(db)
    try:
        comparison = compare_reports(store, doc_a, doc_b, section, max_themes=max(themes, 0))
    except RightslensError as error:
        fail(str(error))
    for warning in comparison.warnings:
        err.print(f"warning: {warning}", markup=False, style="yellow")
    if as_json:
        payload = comparison_record(comparison)
        print_json(payload)
        return
    _print_comparison(comparison)


@app.command(name="trend")
def trend_command(
    country: Annotated[str, typer.Argument(help="A country name or ISO code (KZ, Kazakhstan).")],
    db: DbOption = None,
    event_type: Annotated[
        str | None, typer.Option(help="Count events of this type (killing, arrest_or_detention…).")
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Count mentions of this person, organization or place.")
    ] = None,
    section: Annotated[
        str | None,
        typer.Option(help="A topic id: count its paragraphs, or narrow events and mentions to it."),
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="Only this publisher's reports.")] = None,
    first_year: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    last_year: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the trend to FILE.png, FILE.svg or FILE.html.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Counts per year for one country: events by type, an entity's mentions, a topic's paragraphs.

    With no option, events of every type (a column each, a row per report). A
    year with a report but nothing found counts 0; "-" means no report that year.

    Examples: rightslens trend KZ --event-type conviction_or_sentence --plot convictions.png;
    rightslens trend Kazakhstan --section s1.torture; rightslens trend KZ --entity Zhovtis
    """
    store = open_cli_store(db)
    try:
        found = trend(store, country, event_type, entity, section, publisher, first_year, last_year)
        if plot is not None:
            from rightslens.find.plot import plot_trend

            err.print(f"wrote {plot_trend(found, plot)}", markup=False)
    except RightslensError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {plot}: {error.strerror or error}")
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    _print_trend(found)


# -- rendering -----------------------------------------------------------------


def _where(citation: QuoteCitation) -> str:
    """A short citation: topic (when not the block's), paragraph and offsets."""
    paragraph = f"¶{citation.paragraph}" if citation.paragraph else "¶-"
    return f"{paragraph}@{citation.start}-{citation.end}"


def _excerpt(citation: QuoteCitation) -> str:
    """The cited sentence, cut around the quote when it is long."""
    sentence = " ".join(citation.sentence.split())
    if len(sentence) <= SENTENCE_WIDTH:
        return sentence
    at = max(sentence.find(citation.quote), 0)
    start = max(0, min(at - SENTENCE_WIDTH // 2, len(sentence) - SENTENCE_WIDTH))
    cut = sentence[start : start + SENTENCE_WIDTH]
    return ("…" if start else "") + cut + ("…" if start + SENTENCE_WIDTH < len(sentence) else "")


def _person(person: PersonItem, other: str) -> str:
    also = f" ({other} names them in {', '.join(person.elsewhere)})" if person.elsewhere else ""
    return f"{person.name} {_where(person.citation)}{also}"


def _print_comparison(comparison: Comparison) -> None:
    key_a, key_b = comparison.a.key, comparison.b.key
    counts = comparison.presence_counts()
    out.print(Text(f"{key_a} (A) compared with {key_b} (B)", style="bold"))
    out.print(
        f"{counts['both']} topics in both, {counts['a']} only in A, {counts['b']} only in B. "
        f"Citations: ¶paragraph@start-end in `rightslens text REPORT`.",
        markup=False,
    )
    quiet = comparison.quiet_topics()
    for topic in comparison.topics:
        if topic.has_news:
            _print_topic(topic, key_a, key_b)
    if quiet:
        out.print(f"\nNo differences found in: {', '.join(quiet)}", markup=False)


def _print_topic(topic: TopicComparison, key_a: str, key_b: str) -> None:
    out.print()
    header = Text(topic.id, style="bold cyan")
    if topic.presence == "both":
        headings = dict.fromkeys(h for h in (topic.heading_a, topic.heading_b) if h)
        header.append("  " + " | ".join(headings))
    else:
        only = key_a if topic.presence == "a" else key_b
        heading = topic.heading_a if topic.presence == "a" else topic.heading_b
        header.append(f"  {heading or ''}  ").append(f"[only in {only}]", style="yellow")
    out.print(header)
    for side, folded in (("A", topic.folded_a), ("B", topic.folded_b)):
        if folded:
            out.print(f"  (includes {side}'s {', '.join(folded)})", markup=False, style="dim")
    changed = [f for f in topic.figures if f.changed]
    if changed:
        out.print("  Figures that changed", style="bold")
    for pair in changed:
        label = f"{pair.counts} ({pair.unit})" if pair.unit else pair.counts
        out.print(
            f"    {label}: {pair.a.quote} in {key_a} → {pair.b.quote} in {key_b}", markup=False
        )
        out.print(f"      A {_where(pair.a)}: {_excerpt(pair.a)}", markup=False, style="dim")
        out.print(f"      B {_where(pair.b)}: {_excerpt(pair.b)}", markup=False, style="dim")
    same = [f for f in topic.figures if not f.changed]
    if same:
        listed = "; ".join(f"{f.counts} {f.a.quote}" for f in same)
        out.print(f"  Figures unchanged: {listed}", markup=False, style="dim")
    for side, other, key, persons in (
        ("A", "B", key_a, topic.persons_only_a),
        ("B", "A", key_b, topic.persons_only_b),
    ):
        if persons:
            items = ", ".join(_person(person, other) for person in persons)
            out.print(f"  Persons only in {side} ({key}): {items}", markup=False)
    if topic.persons_both:
        out.print(f"  Persons in both: {', '.join(topic.persons_both)}", markup=False)
    for side, key, events in (("A", key_a, topic.events_only_a), ("B", key_b, topic.events_only_b)):
        if events:
            out.print(f"  Events only in {side} ({key}):", markup=False)
        for event in events:
            victims = ", ".join(event.victims) or "no victim named"
            date = f", {event.date}" if event.date else ""
            out.print(
                f"    {event.event_type}: {victims}{date} {_where(event.citation)}", markup=False
            )
    for side, key, themes in (("A", key_a, topic.themes_only_a), ("B", key_b, topic.themes_only_b)):
        if themes:
            items = ", ".join(f"{t.phrase} ×{t.count} {_where(t.citation)}" for t in themes)
            out.print(f"  Themes only in {side} ({key}): {items}", markup=False)


def _print_trend(found: Trend) -> None:
    """Counts by year and publisher; all event types print a type per row, a report per column
    (a type per column would not fit a terminal)."""
    table = Table(title=found.title)
    if any(row.publisher for row in found.rows):
        table.add_column("event type")
        for row in found.rows:
            table.add_column(f"{row.year}\n{row.publisher}", justify="right")
        for column in found.columns:
            table.add_row(column, *(str(row.values[column]) for row in found.rows))
    else:
        table.add_column("year")
        for column in found.columns:
            table.add_column(column, justify="right")
        for row in found.rows:
            cells = ["-" if row.values[c] is None else str(row.values[c]) for c in found.columns]
            table.add_row(str(row.year), *cells)
    out.print(table)
