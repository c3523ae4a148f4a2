"""The command line: a thin layer over ``rightslens.api``.

Every command takes ``--db`` (a SQLite file or a database URL); the
``RIGHTSLENS_DB`` environment variable sets the default, else ``./rightslens.db``.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rightslens import __version__, api
from rightslens.errors import RightslensError
from rightslens.ingest.read import DEFAULT_MAX_BYTES
from rightslens.model import DocumentSummary
from rightslens.store import SQLStore, default_target

app = typer.Typer(
    help=(
        "rightslens: turn human rights reports into structured, evidence-linked data.\n\n"
        "Start with `rightslens ingest samples/`, then `rightslens documents`, "
        "`rightslens sections usdos/KZ/2023` and "
        "`rightslens text usdos/KZ/2023 --section s2.expression`."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or database URL (postgresql+psycopg://...). "
        "Default: $RIGHTSLENS_DB, else ./rightslens.db.",
        show_default=False,
    ),
]
DocArgument = Annotated[
    str,
    typer.Argument(
        help="A stored report: PUBLISHER/COUNTRY/YEAR (for example usdos/KZ/2023) or its id."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _store(db: str | None) -> SQLStore:
    try:
        return api.open_store(db or default_target())
    except RightslensError as error:
        _fail(str(error))
    except Exception as error:  # a URL SQLAlchemy cannot use, an unreachable server
        _fail(f"cannot open store {db or default_target()}: {error}")


def _fail(message: str) -> NoReturn:
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        out.print(f"rightslens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """rightslens: turn human rights reports into structured, evidence-linked data."""


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders (searched recursively) of reports: HTML, Markdown, PDF or "
            "plain text, each also as .gz.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    publisher: Annotated[
        str | None, typer.Option(help="Publisher, instead of detecting it: usdos, hrw, amnesty.")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="Country as ISO 3166-1 alpha-2 code, instead of detecting it."),
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="The year the report covers, instead of detecting it.")
    ] = None,
    max_mb: Annotated[
        float, typer.Option(help="Refuse files larger than this many megabytes.")
    ] = DEFAULT_MAX_BYTES / 1024 / 1024,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    extract: Annotated[
        bool,
        typer.Option(
            "--extract/--no-extract",
            help="Extract facts (people, places, dates, figures, events, ...) while ingesting. "
            "--no-extract is much faster; run `rightslens extract` later.",
        ),
    ] = True,
) -> None:
    """Read, clean, segment and extract facts from reports, and store them.

    Publisher, country and covered year are detected from the content. The same
    bytes ingested again change nothing; other bytes for the same report are kept
    as a new version. A file that fails is named with the reason and skipped;
    the exit status is 1 if any file failed.

    Example: rightslens ingest samples/ reports/amnesty-2013.pdf
    """
    store = _store(db)
    overrides = api.Overrides(publisher=publisher, country=country, year=year)
    files = list(api.find_files(paths))
    progress = _progress(quiet)

    def report_file(outcome: api.FileOutcome) -> None:
        progress.advance(task)
        if outcome.error:
            err.print(f"error: {outcome.error}", markup=False)
        elif not quiet:
            for result in outcome.results:
                summary = result.summary
                warn = f" ({len(summary.warnings)} warnings)" if summary.warnings else ""
                progress.console.print(
                    f"{result.outcome:11} {summary.key} v{summary.version} "
                    f"[{summary.sections} sections, {summary.words:,} words]{warn}  {outcome.path}",
                    markup=False,
                )

    with progress:
        task = progress.add_task("ingesting", total=len(files))
        report = api.ingest(
            store, files, overrides, int(max_mb * 1024 * 1024), report_file, extract=extract
        )
    if not quiet:
        err.print(
            f"{len(report.files)} files: {report.count('added')} reports added, "
            f"{report.count('new version')} new versions, "
            f"{sum(f.skipped for f in report.files) + report.count('unchanged')} unchanged, "
            f"{len(report.failed)} failed",
            markup=False,
        )
    if report.failed:
        raise typer.Exit(1)


def _progress(quiet: bool = False) -> Progress:
    """A progress bar on a terminal's stderr; nothing when piped or quiet."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )


def _summary_row(summary: DocumentSummary) -> dict:
    row = dataclasses.asdict(summary)
    row["warnings"] = list(summary.warnings)
    row["key"] = summary.key
    return row


@app.command()
def documents(
    db: DbOption = None,
    as_json: JsonOption = False,
    all_versions: Annotated[bool, typer.Option(help="List old versions too.")] = False,
) -> None:
    """List stored reports: publisher, country, year, title, sections, words, warnings."""
    summaries = api.documents(_store(db), all_versions=all_versions)
    if as_json:
        out.print(json.dumps([_summary_row(s) for s in summaries], indent=1), markup=False)
        return
    table = Table(title=f"{len(summaries)} reports")
    for column in ("id", "publisher", "country", "year", "title", "sections", "words", "warnings"):
        table.add_column(
            column, justify="right" if column in ("id", "sections", "words") else "left"
        )
    for s in summaries:
        table.add_row(
            str(s.id),
            s.publisher,
            s.country or "-",
            str(s.year or "-"),
            s.title,
            str(s.sections),
            f"{s.words:,}",
            "; ".join(s.warnings),
        )
    out.print(table)


@app.command()
def sections(doc: DocArgument, db: DbOption = None, as_json: JsonOption = False) -> None:
    """A report's topics in document order, with offsets into `rightslens text DOC`."""
    try:
        found = api.sections(_store(db), doc)
    except RightslensError as error:
        _fail(str(error))
    if as_json:
        rows = [dataclasses.asdict(s) for s in found]
        out.print(json.dumps(rows, indent=1, ensure_ascii=False), markup=False)
        return
    table = Table(title=doc)
    for column in ("id", "heading", "level", "start", "end"):
        table.add_column(column)
    for s in found:
        table.add_row(s.id, s.heading, str(s.level), str(s.start), str(s.end))
    out.print(table)


@app.command()
def text(
    doc: DocArgument,
    db: DbOption = None,
    section: Annotated[
        str | None,
        typer.Option(
            help="Only this topic (a taxonomy id such as s1.torture), with its subtopics."
        ),
    ] = None,
) -> None:
    """Print a report's clean body text, or one topic's."""
    try:
        body = api.text(_store(db), doc, section)
    except RightslensError as error:
        _fail(str(error))
    sys.stdout.write(body + "\n")


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
    """
    store = _store(db)
    try:
        targets = [store.resolve(ref) for ref in docs or []] or [
            d.id for d in store.list_documents()
        ]
    except RightslensError as error:
        _fail(str(error))
    progress = _progress()
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
    """A report's facts, each with the words that support it and their offsets."""
    try:
        found = api.facts(_store(db), doc, fact_type, section)
    except RightslensError as error:
        _fail(str(error))
    records = [api.fact_record(fact) for fact in found]
    if as_json:
        out.print(json.dumps(records, indent=1, ensure_ascii=False), markup=False)
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
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """People, organizations and places resolved across every stored report."""
    found = api.entities(_store(db), entity_type)[:limit]
    if as_json:
        rows = [dataclasses.asdict(e) for e in found]
        out.print(json.dumps(rows, indent=1, ensure_ascii=False), markup=False)
        return
    table = Table(title=f"{len(found)} entities")
    for column in ("type", "name", "variants", "reports", "mentions", "years"):
        table.add_column(column)
    for e in found:
        table.add_row(
            e.type,
            e.name,
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
    as_json: JsonOption = False,
) -> None:
    """One person, organization or place across reports: every mention, year by year."""
    try:
        found, mentions = api.entity_timeline(_store(db), name)
    except RightslensError as error:
        _fail(str(error))
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
        out.print(json.dumps(payload, indent=1, ensure_ascii=False), markup=False)
        return
    variants = f" (also: {', '.join(found.variants)})" if found.variants else ""
    out.print(
        f"{found.name} [{found.type}]{variants}: {found.mentions} mentions in "
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


@app.command()
def evaluate(
    gold: Annotated[
        Path, typer.Option(help="Folder of gold fact files (publisher-country-year.json).")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Precision, recall and F1 of the stored facts against gold files, per fact and event type."""
    result = api.evaluate(_store(db), gold)
    if not result.reports:
        _fail(f"no stored report matches a gold file in {gold}")
    by_type = {**result.by_type, "event": result.events}
    rows = [("fact", kind, score) for kind, score in sorted(by_type.items())] + [
        ("event", kind, score) for kind, score in sorted(result.by_event_type.items())
    ]
    if as_json:
        payload = {
            "reports": result.reports,
            "exact_span_share": result.exact_span_share,
            "scores": [
                {
                    "group": group,
                    "name": kind,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "predicted": s.predicted,
                    "gold": s.gold,
                }
                for group, kind, s in rows
            ],
        }
        out.print(json.dumps(payload, indent=1), markup=False)
        return
    table = Table(title=f"{len(result.reports)} reports: {', '.join(result.reports)}")
    for column in ("", "type", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(column, justify="left" if column in ("", "type") else "right")
    for group, kind, s in rows:
        table.add_row(
            group,
            kind,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            str(s.predicted),
            str(s.gold),
        )
    out.print(table)
    out.print(
        f"facts whose span text equals their quote: {result.exact_span_share:.1%} "
        f"of {result.facts}",
        markup=False,
    )
