"""Extraction speed: words per second for spaCy's pipeline alone, the extraction rules alone,
and the whole per-report pipeline, on the same sample reports in one run.

The whole pipeline should cost no more than 1.5 times spaCy's pipeline alone.

    python benchmarks/extract.py
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

from rightslens.extract import dates, events, figures, laws, organizations, people, places, sources
from rightslens.extract.parse import load_nlp, parse_report
from rightslens.pipeline import process

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def main() -> None:
    nlp = load_nlp()
    places.gazetteer()  # built once per process, like the model: not part of a report's cost
    files = sorted(SAMPLES.iterdir())
    totals: dict[str, float] = defaultdict(float)
    words = 0
    for path in files:
        data = path.read_bytes()
        started = time.perf_counter()
        [document] = process(str(path), data)
        totals["whole pipeline"] += time.perf_counter() - started
        words += document.words
        paragraphs = document.paragraphs
        texts = [document.text[p.start : p.end] for p in paragraphs]

        started = time.perf_counter()
        list(nlp.pipe(texts, batch_size=64))
        totals["spaCy alone"] += time.perf_counter() - started

        report = parse_report(document.text, paragraphs, document.meta.year, document.meta.country)
        steps = {
            "persons": people.find_persons,
            "organizations": organizations.find_organizations,
            "places": places.find_places,
            "dates": dates.find_dates,
            "figures": figures.find_figures,
            "sources": sources.find_sources,
            "laws": laws.find_laws,
        }
        found = {}
        for name, step in steps.items():
            started = time.perf_counter()
            found[name] = step(report)
            elapsed = time.perf_counter() - started
            totals[f"  {name}"] += elapsed
            totals["extraction alone"] += elapsed
        started = time.perf_counter()
        events.find_events(
            report, found["persons"], found["dates"], found["places"], found["figures"]
        )
        elapsed = time.perf_counter() - started
        totals["  events"] += elapsed
        totals["extraction alone"] += elapsed

    print(f"python {sys.version.split()[0]}, {len(files)} reports, {words:,} words")
    for name in ("spaCy alone", "extraction alone", "whole pipeline"):
        print(f"{name:>18}: {words / totals[name]:8,.0f} words/s  ({totals[name]:.1f} s)")
    print(f"whole pipeline / spaCy alone: {totals['whole pipeline'] / totals['spaCy alone']:.2f}")
    for name, seconds in sorted(totals.items()):
        if name.startswith("  "):
            print(f"{name:>18}: {seconds:6.2f} s")


if __name__ == "__main__":
    main()
