"""The extraction on the incident set (tests/data/incidents), both splits, in one run:
incidents found, all four fields right, the fields of paired incidents, persons.

With ``--record`` the test split's totals are added as a row of docs/incident-scores.md
with today's date and the commit, so a drop shows. Run it at the end of a piece of work
and read only the test split's totals.

    python benchmarks/incidents.py [--workers 2] [--record]
"""

from __future__ import annotations

import argparse
import subprocess
from datetime import date
from pathlib import Path

from rightslens.evaluate_incidents import IncidentEvaluation, evaluate_incidents

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "tests" / "data" / "incidents"
CORPUS = ROOT.parent / "shared" / "corpus"
TABLE = ROOT / "docs" / "incident-scores.md"


def figures(result: IncidentEvaluation) -> list[str]:
    """The cells of one row: incidents P/R, all four P/R, per-field shares, persons P/R."""
    i, a, p = result.incidents, result.all_four, result.persons
    fields = [f"{result.share(name):.1%}" for name in ("type", "victims", "date", "perpetrators")]
    return [
        f"{i.precision:.3f} / {i.recall:.3f}",
        f"{a.precision:.3f} / {a.recall:.3f}",
        *fields,
        f"{p.precision:.3f} / {p.recall:.3f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--record", action="store_true", help="add the test row to the table")
    options = parser.parse_args()
    rows = {}
    for split in ("dev", "test"):
        result = evaluate_incidents(SET, CORPUS, split, workers=options.workers)
        rows[split] = figures(result)
        print(f"{split}: {len(result.sections)} sections, {result.pairs} pairs")
        print("  incidents P/R, all four P/R, type, victims, date, perpetrators, persons P/R:")
        print("  " + " | ".join(rows[split]))
    if options.record:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        row = " | ".join([date.today().isoformat(), commit, *rows["test"]])
        with TABLE.open("a") as table:
            table.write(f"| {row} |\n")
        print(f"recorded in {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
