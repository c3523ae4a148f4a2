"""Commands that take data out of the store and back in: export, import, brief."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer

from rightslens.cli import (
    DbOption,
    JsonOption,
    app,
    check_writable,
    err,
    fail,
    open_cli_store,
    out,
    print_json,
)
from rightslens.errors import RightslensError
from rightslens.find.brief import BRIEF_FORMATS, build_brief, write_brief
from rightslens.find.export import (
    FORMATS,
    IMPORT_ORDER,
    TABLES,
    Filters,
    describe_columns,
    export_rows,
    parse_years,
    write_table,
)
from rightslens.find.load import file_format, import_file, peek_table

CountryOption = Annotated[
    list[str] | None,
    typer.Option("--country", help="Only reports on this country (ISO code or name); repeatable."),
]
YearsOption = Annotated[
    str | None,
    typer.Option("--years", "--year", help="Only reports covering this year or range: 2017-2023."),
]


@app.command("export")
def export_table(
    table: Annotated[
        str, typer.Argument(help=f"The table: {', '.join(TABLES)}.", show_default=False)
    ],
    db: DbOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: standard output)."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="csv, jsonl or parquet (default: from the -o suffix, else csv). "
            "Parquet needs polars: pip install 'rightslens[frames]'.",
            show_default=False,
        ),
    ] = None,
    country: CountryOption = None,
    years: YearsOption = None,
    publisher: Annotated[
        list[str] | None,
        typer.Option(help="Only this publisher's reports (usdos, hrw, amnesty); repeatable."),
    ] = None,
    fact_type: Annotated[
        list[str] | None,
        typer.Option("--type", help="facts: only this fact type; entities: only this type."),
    ] = None,
    all_versions: Annotated[
        bool, typer.Option(help="Old versions of reports too (default: the latest).")
    ] = False,
    content: Annotated[
        bool,
        typer.Option(
            "--content/--no-content",
            help="documents: include text, offsets, paragraphs and the source file "
            "(needed to import them back).",
        ),
    ] = True,
    show_columns: Annotated[
        bool, typer.Option("--columns", help="Describe the table's columns and stop.")
    ] = False,
) -> None:
    """Export a table of the store as CSV, JSON Lines or Parquet.

    One row per report (documents), topic (sections), fact (facts), event (events:
    date, type, perpetrators, victims, place, admin1, figures, citation, quote and
    offsets, in the spirit of ACLED) or entity (entities). Column names are
    stable: see them with --columns. `rightslens import` loads the files back.

    Example: rightslens export events --country KZ --years 2017-2023 -o events.csv
    """
    if table not in TABLES:
        fail(f"unknown table {table!r}: use one of {', '.join(TABLES)}")
    if show_columns:
        out.print(describe_columns(table), markup=False, end="")
        return
    check_writable(output)
    try:
        chosen_format = fmt or (file_format(output) if output else "csv")
        if chosen_format not in FORMATS:
            fail(f"unknown format {chosen_format!r}: use csv, jsonl or parquet")
        types = tuple(fact_type or ())
        filters = Filters(
            countries=tuple(country or ()),
            years=parse_years(years) if years else None,
            publishers=tuple(publisher or ()),
            fact_types=types if table == "facts" else (),
            entity_type=types[0] if table == "entities" and types else None,
            all_versions=all_versions,
        )
        rows = export_rows(open_cli_store(db), table, filters, content)
        count = write_table(rows, table, chosen_format, output, content)
    except RightslensError as error:
        fail(str(error))
    if output:
        err.print(f"{count} {table} rows written to {output}", markup=False)


@app.command("import")
def import_files(
    files: Annotated[
        list[Path], typer.Argument(help="Files written by `rightslens export`.", show_default=False)
    ],
    db: DbOption = None,
    table: Annotated[
        str | None,
        typer.Option(help="The table the files hold (default: told by their columns)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Load exported files into a store, each file in one transaction.

    Files are loaded in the order documents, sections, facts, events, entities,
    whatever order they are named in. Documents are added as if ingested; a
    report's sections, facts or events replace what it had; entities replace the
    store's grouping of names. Every quote is checked against the report's text.

    Example: rightslens import --db copy.db documents.csv sections.csv facts.csv
    """
    store = open_cli_store(db, create=True)
    try:
        tables = {path: table or peek_table(path) for path in files}
        ordered = sorted(files, key=lambda path: IMPORT_ORDER.index(tables[path]))
        results = []
        for path in ordered:
            results.append(import_file(store, path, tables[path]))
            if not as_json:
                result = results[-1]
                notes = "".join(f"; {note}" for note in result.notes)
                err.print(f"{path}: {result.rows} {result.table} rows{notes}", markup=False)
    except (RightslensError, OSError, ValueError) as error:
        fail(str(error))
    if as_json:
        print_json([dataclasses.asdict(r) for r in results])


@app.command()
def brief(
    country: Annotated[str, typer.Option(help="The country: ISO code or name.")],
    topic: Annotated[
        str,
        typer.Option(help="A taxonomy id (s2.expression) or words to search for."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    years: Annotated[str, typer.Option(help="The years: 2019 or 2017-2023.")],
    db: DbOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="md, html or docx (default: from the -o suffix). DOCX needs python-docx.",
            show_default=False,
        ),
    ] = None,
    publisher: Annotated[
        list[str] | None, typer.Option(help="Only this publisher's reports; repeatable.")
    ] = None,
) -> None:
    """Write a country-of-origin brief on one topic, year by year.

    For each year: the paragraphs on the topic from every stored report on the
    country, quoted word for word with their citation (report, heading, paragraph
    number, offsets), and the events they report; then the persons they name.

    Example: rightslens brief --country KZ --topic s2.expression --years 2012-2023 -o kz.md
    """
    check_writable(output)
    suffix = output.suffix.lower().lstrip(".")
    chosen = fmt or {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    if chosen not in BRIEF_FORMATS:
        fail(f"unknown brief format {chosen!r}: use md, html or docx (--format)")
    try:
        made = build_brief(
            open_cli_store(db), country, topic, parse_years(years), tuple(publisher or ())
        )
        write_brief(made, output, chosen)
    except (RightslensError, OSError) as error:
        fail(str(error))
    err.print(
        f"{output}: {len(made.passages)} passages, "
        f"{sum(len(c.events) for c in made.chapters)} events, {len(made.persons)} persons",
        markup=False,
    )
