"""Search latency over a store of many reports.

Builds a store of ``--reports`` reports (default 2,000) by ingesting the bundled
samples once and copying their rows under other country/year keys, then runs
about 200 varied queries (words, phrases, boolean, prefixes, filters) through
``rightslens.find.search.search`` and prints p50/p95/max latency, the store's
size on disk and the resident memory as the queries run.

    .venv/bin/python benchmarks/search.py [--reports 2000] [--db /tmp/bench.db]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import resource
import statistics
import time
from pathlib import Path

import pycountry

from rightslens import api
from rightslens.find.search import make_filters, search
from rightslens.store.search import copy_document, ensure_index

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def build_store(path: Path, reports: int) -> None:
    """Ingest the samples, then copy them under fresh keys until ``reports`` are stored."""
    if path.exists():
        path.unlink()
    with api.open_store(str(path)) as store:
        api.ingest(store, [SAMPLES], extract=False)
        originals = [d.id for d in api.documents(store)]
        keys = itertools.product(sorted(c.alpha_2 for c in pycountry.countries), range(1990, 2030))
        taken = {d.country for d in api.documents(store)}
        stored = len(originals)
        for original, (country, year) in zip(itertools.cycle(originals), keys, strict=False):
            if stored >= reports:
                break
            if country not in taken:
                copy_document(store, original, country, year)
                stored += 1
        started = time.perf_counter()
        ensure_index(store)
        print(f"indexed {reports} reports in {time.perf_counter() - started:.1f} s")


def queries(store, count: int, seed: int = 0) -> list[tuple[str, dict]]:
    """Varied queries: common and rare words, phrases, OR/NOT, prefixes, some with filters."""
    rng = random.Random(seed)
    text = " ".join(api.text(store, d.id) for d in api.documents(store)[:4])
    words = [w for w in re.findall(r"[A-Za-z]{4,}", text)]
    sentences = re.findall(r"[A-Za-z]+ [a-z]+ [a-z]+", text)
    shapes = [
        lambda: rng.choice(words),
        lambda: f"{rng.choice(words)} {rng.choice(words)}",
        lambda: f'"{rng.choice(sentences)}"',
        lambda: f"{rng.choice(words)} OR {rng.choice(words)}",
        lambda: f"{rng.choice(words)} -{rng.choice(words)}",
        lambda: f"{rng.choice(words)[:4]}*",
        lambda: f"({rng.choice(words)} OR {rng.choice(words)}) {rng.choice(words)}",
    ]
    filters = [
        {},
        {},
        {"country": "KZ"},
        {"years": "2000-2010"},
        {"section": "s1"},
        {"publisher": "usdos", "years": "2015-2020"},
    ]
    return [(rng.choice(shapes)(), rng.choice(filters)) for _ in range(count)]


def rss_mb() -> float:
    """Resident memory now, from /proc (the peak from getrusage as a fallback)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/rightslens-bench.db"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="Use the store already at --db.")
    args = parser.parse_args()
    if not args.reuse:
        started = time.perf_counter()
        build_store(args.db, args.reports)
        print(f"built the store in {time.perf_counter() - started:.0f} s")
    with api.open_store(str(args.db)) as store:
        ensure_index(store)
        workload = queries(store, args.queries)
        latencies, memory = [], []
        for query, options in workload:
            filters = make_filters(store, **options)
            started = time.perf_counter()
            search(store, query, filters, limit=10)
            latencies.append((time.perf_counter() - started) * 1000)
            memory.append(rss_mb())
        reports = len(api.documents(store, all_versions=True))
    slowest = sorted(zip(latencies, workload, strict=True), key=lambda item: -item[0])[:5]
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    size = sum(p.stat().st_size for p in args.db.parent.glob(args.db.name + "*"))
    print(f"{reports} reports, {len(latencies)} queries, store {size / 2**20:.0f} MiB on disk")
    print(
        f"latency ms: p50 {statistics.median(latencies):.1f}  p95 {p95:.1f}  "
        f"max {latencies[-1]:.1f}"
    )
    print(f"resident memory MiB: after 10 queries {memory[9]:.0f}, after all {memory[-1]:.0f}")
    for latency, (query, options) in slowest:
        print(f"  slow: {latency:.0f} ms  {query!r} {options or ''}")


if __name__ == "__main__":
    main()
