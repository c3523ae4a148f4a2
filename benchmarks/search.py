"""Search latency over a store of many reports.

Builds a store of ``--reports`` reports (default 2,000) by ingesting the bundled
samples once and copying their rows under other country/year keys, then runs
about 200 varied queries (words, phrases, boolean, prefixes, filters) through
``rightslens.find.search.search`` and prints p50/p95/max latency, the store's
size on disk and the resident memory as the queries run.

With ``--semantic`` it then gives every paragraph a random unit vector (no model
needed) and times search by meaning over them (``find.semantic.vector_ranking``:
the usearch index, or the exact scan for narrow scopes) with and without filters,
against the exact scan of the whole store.

    .venv/bin/python benchmarks/search.py [--reports 2000] [--db /tmp/bench.db] [--semantic]
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
from rightslens.find import semantic
from rightslens.find.search import make_filters, search
from rightslens.store.search import copy_document, ensure_index
from rightslens.store.vectors import documents_without_vectors, paragraph_texts, save_vectors

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


def fill_random_vectors(store, seed: int = 0) -> int:
    """A random unit vector for each paragraph of every document without embeddings."""
    import numpy as np

    rng = np.random.default_rng(seed)
    missing = documents_without_vectors(
        store, semantic.MODEL_NAME, api.SearchFilters(all_versions=True)
    )
    for document_id in missing:
        count = len(paragraph_texts(store, document_id))
        vectors = rng.standard_normal((count, semantic.DIMENSIONS)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        save_vectors(
            store, document_id, semantic.MODEL_NAME, semantic.DIMENSIONS, vectors.tobytes()
        )
    return len(missing)


def percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"p50 {statistics.median(ordered):.1f}  p95 {p95:.1f}  max {ordered[-1]:.1f}"


def semantic_benchmark(store, count: int) -> None:
    """Latency of search by meaning over random vectors, by kind of filter."""
    import numpy as np

    started = time.perf_counter()
    filled = fill_random_vectors(store)
    print(f"semantic: random vectors for {filled} reports in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    indexed = len(semantic.vector_index(store).index)
    print(f"semantic: index of {indexed} paragraphs ready in {time.perf_counter() - started:.1f} s")
    semantic._loaded.clear()  # as a new process: the index is read back from the store
    started = time.perf_counter()
    semantic.vector_index(store)
    print(f"semantic: index loaded from the store in {time.perf_counter() - started:.1f} s")
    rng = np.random.default_rng(1)
    wanted = rng.standard_normal((count, semantic.DIMENSIONS)).astype(np.float32)
    wanted /= np.linalg.norm(wanted, axis=1, keepdims=True)
    scopes = {
        "no filter": {},
        "years 2000-2010": {"years": "2000-2010"},
        "section s1": {"section": "s1"},
        "country KZ (exact scan)": {"country": "KZ"},
    }
    for name, options in scopes.items():
        filters = make_filters(store, **options)
        latencies = []
        for vector in wanted:
            started = time.perf_counter()
            semantic.vector_ranking(store, vector, filters, 100)
            latencies.append((time.perf_counter() - started) * 1000)
        print(f"semantic latency ms, {name}: {percentiles(latencies)}")
    latencies = []
    for vector in wanted[: max(count // 10, 3)]:
        started = time.perf_counter()
        semantic.exact_ranking(store, vector, api.SearchFilters(), 100)
        latencies.append((time.perf_counter() - started) * 1000)
    print(f"semantic latency ms, exact scan of every paragraph: {percentiles(latencies)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/rightslens-bench.db"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="Use the store already at --db.")
    parser.add_argument("--semantic", action="store_true", help="Also time search by meaning.")
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
    if args.semantic:
        with api.open_store(str(args.db)) as store:
            semantic_benchmark(store, min(args.queries, 100))


if __name__ == "__main__":
    main()
