"""``rightslens evaluate``: extraction quality against gold answers or an incident set."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from rightslens import api
from rightslens.cli import (
    DbOption,
    JsonOption,
    app,
    fail,
    open_cli_store,
    out,
    print_json,
    progress_bar,
)
from rightslens.errors import RightslensError
from rightslens.evaluate import Miss, Score

DEFAULT_CORPUS = "../shared/corpus"


@app.command()
def evaluate(
    gold: Annotated[
        Path | None,
        typer.Option(help="Folder of gold fact files (publisher-country-year.json)."),
    ] = None,
    incidents: Annotated[
        Path | None,
        typer.Option(
            help="An incident set (a folder with splits.toml and sections/): score the "
            "extraction as incidents, running the pipeline on each section's report."
        ),
    ] = None,
    split: Annotated[
        str, typer.Option(help="With --incidents: dev, test (read its totals only) or all.")
    ] = "dev",
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="With --incidents: the folder the sections' source files are in "
            "(default: $RIGHTSLENS_CORPUS or ../shared/corpus)."
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="With --incidents: reports processed at once.")
    ] = 1,
    agreement: Annotated[
        bool,
        typer.Option(
            "--agreement",
            help="With --incidents: score the set's second annotations against the first "
            "(agreement between annotators) instead of the extraction.",
        ),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
    misses: Annotated[
        bool,
        typer.Option(
            "--misses",
            help="Also list each gold item missed, spurious prediction, role or field "
            "differing (incidents: dev split only).",
        ),
    ] = False,
) -> None:
    """Precision, recall and F1 of extracted facts against hand-made answers.

    With --gold: the stored facts against gold files (publisher-country-year.json,
    or a folder holding them in facts/), per fact and event type; only stored
    reports with a gold file are scored.

    With --incidents: events scored as incidents on a split of an incident set
    (tests/data/incidents): incidents found (type and a victim right), and of the
    paired ones the share with type, victims, date and perpetrators right, per
    event type; persons too. The pipeline runs on each section's whole report.

    Matching is one-to-one: each gold item pairs with at most one prediction.

    Examples:
      rightslens evaluate --gold ../shared/gold --misses
      rightslens evaluate --incidents tests/data/incidents --split dev --misses
      rightslens evaluate --incidents tests/data/incidents --split test
      rightslens evaluate --incidents tests/data/incidents --agreement
    """
    if (gold is None) == (incidents is None):
        fail("give one of --gold (gold fact files) or --incidents (an incident set)")
    if incidents is not None:
        corpus = corpus or Path(os.environ.get("RIGHTSLENS_CORPUS", DEFAULT_CORPUS))
        _evaluate_incidents(incidents, split, corpus, workers, agreement, misses, as_json)
        return
    assert gold is not None
    result = api.evaluate(open_cli_store(db), gold)
    if not result.reports:
        fail(f"no stored report matches a gold file in {gold}")
    by_type = {**result.by_type, "event": result.events}
    rows = [("fact", kind, score) for kind, score in sorted(by_type.items())] + [
        ("event", kind, score) for kind, score in sorted(result.by_event_type.items())
    ]
    if as_json:
        payload = {
            "reports": result.reports,
            "exact_span_share": result.exact_span_share,
            "scores": [_score_json(group, kind, s) for group, kind, s in rows],
        }
        if misses:
            payload["misses"] = [dataclasses.asdict(miss) for miss in result.misses]
        print_json(payload)
        return
    out.print(_score_table(f"{len(result.reports)} reports: {', '.join(result.reports)}", rows))
    out.print(
        f"facts whose span text equals their quote: {result.exact_span_share:.1%} "
        f"of {result.facts}",
        markup=False,
    )
    _print_misses(result.misses if misses else [])


def _score_json(group: str, kind: str, s: Score) -> dict:
    return {
        "group": group,
        "name": kind,
        "precision": s.precision if s.predicted else None,
        "recall": s.recall if s.gold else None,
        "f1": s.f1,
        "predicted": s.predicted,
        "gold": s.gold,
    }


def _score_table(title: str, rows: list[tuple[str, str, Score]]) -> Table:
    """Precision, recall and F1 per row; n/a where nothing was predicted or is gold."""
    table = Table(title=title)
    for column in ("", "type", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(column, justify="left" if column in ("", "type") else "right")
    for group, kind, s in rows:
        table.add_row(
            group,
            kind,
            f"{s.precision:.3f}" if s.predicted else "n/a",
            f"{s.recall:.3f}" if s.gold else "n/a",
            f"{s.f1:.3f}" if s.predicted and s.gold else "n/a",
            str(s.predicted),
            str(s.gold),
        )
    return table


def _print_misses(misses: list[Miss]) -> None:
    for miss in misses:
        out.print(f"{miss.report}\t{miss.kind}\t{miss.side}\t{miss.what}", markup=False)


def _evaluate_incidents(
    folder: Path,
    split: str,
    corpus: Path,
    workers: int,
    agreement: bool,
    misses: bool,
    as_json: bool,
) -> None:
    from rightslens import evaluate_incidents as scorer  # runs the pipeline: loads spaCy

    try:
        if agreement:
            result = scorer.agreement(folder)
            title = f"agreement of {len(result.sections)} doubly annotated sections"
        else:
            with progress_bar(quiet=as_json) as bar:
                task = bar.add_task("reports", total=scorer.sources_of(folder, split))
                result = scorer.evaluate_incidents(
                    folder,
                    corpus,
                    split,
                    misses=misses,
                    workers=workers,
                    progress=lambda done: bar.advance(task, done),
                )
            title = f"{split} split: {len(result.sections)} sections"
    except RightslensError as error:
        fail(str(error))
    rows = [
        ("incidents", "type + victim", result.incidents),
        ("incidents", "all four right", result.all_four),
        ("persons", "named individuals", result.persons),
    ] + [("event", kind, s) for kind, s in sorted(result.by_event_type.items())]
    shares = {name: result.share(name) for name in scorer.FIELDS}
    if as_json:
        payload = {
            "split": "agreement" if agreement else split,
            "sections": result.sections,
            "paired": result.pairs,
            "right_of_paired": shares,
            "scores": [_score_json(group, kind, s) for group, kind, s in rows],
        }
        if misses:
            payload["misses"] = [dataclasses.asdict(miss) for miss in result.misses]
        print_json(payload)
        return
    out.print(_score_table(title, rows))
    out.print(
        f"of {result.pairs} paired incidents, right: "
        + ", ".join(f"{name} {share:.1%}" for name, share in shares.items()),
        markup=False,
    )
    _print_misses(result.misses)
