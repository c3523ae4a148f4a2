"""Commands that put reports in the store and read them back."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
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
from rightslens.ingest.read import DEFAULT_MAX_BYTES
from rightslens.model import DocumentSummary
from rightslens.segment.topics import topic_descriptions


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
        float, typer.Option(min=0.001, help="Refuse files larger than this many megabytes.")
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
    workers: Annotated[
        int,
        typer.Option(
            help="Worker processes for big folders (Dask; needs `pip install rightslens[batch]`)."
        ),
    ] = 1,
) -> None:
    """Read, clean, segment and extract facts from reports, and store them.

    Publisher, country and covered year are detected from the content. The same
    bytes ingested again change nothing; other bytes for the same report are kept
    as a new version. A file that fails is named with the reason and skipped;
    the exit status is 1 if any file failed.

    Example: rightslens ingest samples/ reports/amnesty-2013.pdf
    """
    try:
        overrides = api.Overrides(publisher=publisher, country=country, year=year)
    except RightslensError as error:
        fail(str(error))
    files = list(api.find_files(paths))
    if not files:
        suffixes = " ".join(api.REPORT_SUFFIXES)
        fail(f"no report files in {', '.join(map(str, paths))} (looked for {suffixes}, also .gz)")
    store = open_cli_store(db, create=True)
    progress = progress_bar(quiet)

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
        try:
            report = api.ingest(
                store,
                files,
                overrides,
                int(max_mb * 1024 * 1024),
                report_file,
                extract=extract,
                workers=workers,
            )
        except RightslensError as error:
            fail(str(error))
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
    """List stored reports: publisher, country, year, title, sections, words, warnings.

    A report is named PUBLISHER/COUNTRY/YEAR in every other command ("-" for what
    is not known), or by its id.

    Example: rightslens documents --json
    """
    summaries = api.documents(open_cli_store(db), all_versions=all_versions)
    if as_json:
        print_json([_summary_row(s) for s in summaries])
        return
    table = Table(title=f"{len(summaries)} reports")
    columns = ("id", "publisher", "country", "year", "version", "title", "sections", "words")
    for column in (*columns, "warnings"):
        table.add_column(
            column,
            justify="right" if column in ("id", "version", "sections", "words") else "left",
        )
    for s in summaries:
        table.add_row(
            str(s.id),
            s.publisher,
            s.country or "-",
            str(s.year or "-"),
            str(s.version),
            s.title,
            str(s.sections),
            f"{s.words:,}",
            "; ".join(s.warnings),
        )
    out.print(table)


@app.command()
def topics(as_json: JsonOption = False) -> None:
    """The reference topic ids that sections map onto (and that --section takes).

    Example: rightslens topics
    """
    rows = topic_descriptions()
    if as_json:
        records = [{"id": i, "level": level, "about": about} for i, level, about in rows]
        print_json(records)
        return
    for topic_id, level, about in rows:
        out.print(f"{'  ' * (level - 1)}{topic_id:<{34 - 2 * level}} {about}", markup=False)


@app.command()
def sections(doc: DocArgument, db: DbOption = None, as_json: JsonOption = False) -> None:
    """A report's topics in document order, with offsets into `rightslens text DOC`.

    Each topic has its taxonomy id (see `rightslens topics`), its heading as the
    report words it, its level, and where it starts and ends in the clean text.

    Example: rightslens sections usdos/KZ/2023 --json
    """
    try:
        found = api.sections(open_cli_store(db), doc)
    except RightslensError as error:
        fail(str(error))
    if as_json:
        rows = [dataclasses.asdict(s) for s in found]
        print_json(rows)
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
    """Print a report's clean body text, or one topic's (with its subtopics).

    Offsets printed by `sections`, `facts` and `search` point into this text.

    Example: rightslens text usdos/KZ/2023 --section s1.torture.prisons
    """
    try:
        body = api.text(open_cli_store(db), doc, section)
    except RightslensError as error:
        fail(str(error))
    sys.stdout.write(body + "\n")
