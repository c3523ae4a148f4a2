"""The command line: a thin layer over ``rightslens.api``.

Every command takes ``--db`` (a SQLite file or a database URL); the
``RIGHTSLENS_DB`` environment variable sets the default, else ``./rightslens.db``.
This module holds the app and what its commands share; each module beside it
registers the commands of one part of the work (``ingest.py``: ingest, documents,
sections, text; ``facts.py``: extract, facts, entities, entity, evaluate).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import make_url

from rightslens import __version__, api
from rightslens.errors import RightslensError
from rightslens.store import SQLStore, default_target
from rightslens.store.sql import database_url

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


def open_cli_store(db: str | None, create: bool = False) -> SQLStore:
    """The store a command works on. Only commands that add reports may create one: a
    mistyped --db must not leave an empty file behind and answer "not found"."""
    target = db or default_target()
    if not create and "://" not in target and not Path(target).expanduser().is_file():
        fail(f"no store at {target}: add reports first (rightslens ingest --db {target} FILES)")
    try:
        return api.open_store(target)
    except RightslensError as error:
        fail(str(error))
    except Exception as error:  # a URL SQLAlchemy cannot use, an unreachable server
        shown = make_url(database_url(target)).render_as_string(hide_password=True)
        fail(f"cannot open store {shown}: {type(error).__name__}")


def print_json(value: object) -> None:
    """What --json prints: indented, non-ASCII letters as they are (names, places)."""
    out.print(json.dumps(value, indent=1, ensure_ascii=False), markup=False)


def fail(message: str) -> NoReturn:
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(1)


def check_writable(path: Path | None) -> None:
    """Fail at once, naming the file, when an output file cannot be made where asked."""
    if path is None:
        return
    folder = path.parent
    if not folder.is_dir():
        fail(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        fail(f"cannot write {path}: it is a folder")


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


def progress_bar(quiet: bool = False) -> Progress:
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


# The command modules register themselves on ``app`` when imported: ingest first, so
# `rightslens --help` lists the commands in the order of the work.
from rightslens.cli import ingest, facts, evaluate, serve, compare, export, search  # noqa: E402, F401, I001
