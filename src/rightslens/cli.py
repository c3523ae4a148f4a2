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
) -> None:
    """Read, clean and segment reports, and store them.

    Publisher, country and covered year are detected from the content. The same
    bytes ingested again change nothing; other bytes for the same report are kept
    as a new version. A file that fails is named with the reason and skipped;
    the exit status is 1 if any file failed.

    Example: rightslens ingest samples/ reports/amnesty-2013.pdf
    """
    store = _store(db)
    overrides = api.Overrides(publisher=publisher, country=country, year=year)
    files = list(api.find_files(paths))
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )

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
        report = api.ingest(store, files, overrides, int(max_mb * 1024 * 1024), report_file)
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
