"""Ingest throughput and memory: the bundled samples, then every State Department web page.

Prints MB/s and reports/s for each corpus, the peak resident memory, and the
resident memory at each quarter of the run, which must stay flat as the number
of files grows (files are read, processed and stored one at a time). The
samples are ingested with and without fact extraction; the 1,748 web pages
without it (read, clean, detect, segment, store), unless --extract is given.

    python benchmarks/ingest.py                 # samples + ../shared/corpus/usdos-web if present
    python benchmarks/ingest.py --limit 200     # only the first 200 web pages
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from rightslens import api

REPO = Path(__file__).resolve().parents[1]
WEB_CORPUS = REPO.parent / "shared" / "corpus" / "usdos-web"


def resident_mb() -> float:
    """Current resident memory of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(name: str, files: list[Path], extract: bool) -> None:
    total_bytes = sum(f.stat().st_size for f in files)
    checkpoints = {max(1, len(files) * q // 4): f"{q * 25}%" for q in (1, 2, 3, 4)}
    memory: list[str] = []
    reports = failed = 0
    with tempfile.TemporaryDirectory() as folder, api.open_store(f"{folder}/bench.db") as store:
        started = time.perf_counter()
        for done, path in enumerate(files, 1):
            outcome = api.ingest_file(store, path, extract=extract)
            reports += len(outcome.results)
            failed += outcome.error is not None
            if done in checkpoints:
                memory.append(f"{checkpoints[done]}: {resident_mb():.0f} MB")
        elapsed = time.perf_counter() - started
    print(
        f"{name} ({'with' if extract else 'without'} extraction): {len(files)} files, "
        f"{total_bytes / 1e6:.1f} MB in {elapsed:.1f} s -> "
        f"{total_bytes / 1e6 / elapsed:.2f} MB/s, {reports / elapsed:.1f} reports/s "
        f"({reports} reports, {failed} failed)"
    )
    print(f"  resident memory at {', '.join(memory)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="web pages to ingest at most")
    parser.add_argument("--extract", action="store_true", help="extract facts from web pages too")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}")
    samples = sorted((REPO / "samples").iterdir())
    run("samples", samples, extract=False)
    run("samples", samples, extract=True)
    if WEB_CORPUS.is_dir():
        pages = sorted(WEB_CORPUS.glob("*/*.html.gz"))[: args.limit]
        run("usdos-web", pages, extract=args.extract)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
