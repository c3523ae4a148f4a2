"""Commands to find passages: full-text search, and embeddings for search by meaning."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from rich.text import Text

from rightslens.cli import (
    DbOption,
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
from rightslens.find.search import SearchFilters, SearchHit, make_filters, search
from rightslens.store import SQLStore


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, -word, prefix*.')],
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="A country code or name.")] = None,
    year: Annotated[int | None, typer.Option(help="Only reports covering this year.")] = None,
    years: Annotated[
        str | None, typer.Option(help="Only reports covering these years, like 2017-2023.")
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="usdos, hrw or amnesty.")] = None,
    section: Annotated[
        str | None, typer.Option(help="Only this topic (a taxonomy id) and its subtopics.")
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Only paragraphs that mention this person, group or place.")
    ] = None,
    event_type: Annotated[
        str | None, typer.Option(help="Only paragraphs holding an event of this type.")
    ] = None,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Search older versions of reports too.")
    ] = False,
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic", help='Blend in ranking by meaning (pip install "rightslens[semantic]").'
        ),
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many passages.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Passages that answer a query, best first, each with its citation.

    Example: rightslens search '"death in custody" OR tortur*' --country KZ --years 2017-2023
    """
    if year is not None and years is not None:
        fail("use --year or --years, not both")
    store = open_cli_store(db)
    try:
        filters = make_filters(
            store,
            country=country,
            years=(year, year) if year is not None else years,
            publisher=publisher,
            section=section,
            entity=entity,
            event_type=event_type,
            all_versions=all_versions,
        )
        if semantic:
            _embed_missing(store, filters)
        hits = search(store, query, filters, limit=limit, semantic=semantic)
    except RightslensError as error:
        fail(str(error))
    if as_json:
        records = [dataclasses.asdict(hit) for hit in hits]
        print_json(records)
        return
    if not hits:
        err.print("no passage matches", markup=False)
        return
    for hit in hits:
        out.print(_citation(hit), markup=False, style="bold cyan")
        out.print(_highlighted(hit))
        out.print()


def _citation(hit: SearchHit) -> str:
    where = hit.heading or hit.section or "before the first topic"
    return (
        f"{hit.document} v{hit.version} · {where} · paragraph {hit.paragraph}"
        f" · chars {hit.start}-{hit.end} · score {hit.score:.3g}"
    )


def _highlighted(hit: SearchHit) -> Text:
    shown = Text(hit.text)
    for start, end in hit.highlights:
        shown.stylize("bold", start, end)
    return shown


def _embed_missing(store: SQLStore, filters: SearchFilters) -> int:
    """Embed what a semantic search needs first, with a progress bar; returns how many."""
    from rightslens.find.semantic import embed_documents, pending

    missing = pending(store, filters)
    if not missing:
        return 0
    progress = progress_bar()
    with progress:
        task = progress.add_task("embedding", total=len(missing))
        return embed_documents(store, filters, lambda _id: progress.advance(task))


@app.command()
def embed(
    db: DbOption = None,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Embed older versions of reports too.")
    ] = False,
) -> None:
    """Compute the paragraph embeddings that `search --semantic` ranks by.

    Needs the extra: pip install "rightslens[semantic]". Only reports not yet
    embedded are done, so run it after each ingest. Example: rightslens embed
    """
    from rightslens.find.semantic import MODEL_NAME

    store = open_cli_store(db)
    try:
        count = _embed_missing(store, SearchFilters(all_versions=all_versions))
    except RightslensError as error:
        fail(str(error))
    err.print(f"embedded {count} reports with {MODEL_NAME}", markup=False)
