"""Corpus-scale work: the pure per-report pipeline mapped over many files with Dask.

Worker processes read and process files; the calling process, the store's one
writer, stores each file's reports in one transaction as they come back.
Files go out in waves of a few per worker, so memory stays bounded however
large the corpus is. With one worker nothing is started: files are processed
in this process, one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from rightslens.errors import IngestError, RightslensError
from rightslens.ingest.read import read_file
from rightslens.model import Document
from rightslens.pipeline import Overrides, process

FILES_PER_WORKER_PER_WAVE = 4


@dataclass
class Processed:
    """One file through the pipeline: its reports, or the one-line reason it failed."""

    path: str
    documents: list[Document] = field(default_factory=list)
    error: str | None = None


def process_path(
    path: str, overrides: Overrides | None, max_bytes: int, extract: bool
) -> Processed:
    """Read and process one file; a failure is returned, never raised."""
    try:
        data = read_file(path, max_bytes)
        return Processed(path, process(path, data, overrides, max_bytes, extract=extract))
    except IngestError as error:
        return Processed(path, error=str(error))
    except Exception as error:  # a bug must not stop a batch: report it as this file's failure
        return Processed(path, error=f"{path}: could not be processed ({error!r})")


def process_paths(
    paths: Sequence[str],
    overrides: Overrides | None,
    max_bytes: int,
    extract: bool,
    workers: int = 1,
) -> Iterator[Processed]:
    """Process files in order, on ``workers`` processes through Dask when more than one."""
    if workers <= 1:
        for path in paths:
            yield process_path(path, overrides, max_bytes, extract)
        return
    try:
        import dask  # an optional extra: rightslens[batch]
    except ImportError as error:
        raise RightslensError(
            "--workers needs Dask: pip install 'rightslens[batch]' (or use --workers 1)"
        ) from error

    wave = workers * FILES_PER_WORKER_PER_WAVE
    with ProcessPoolExecutor(workers) as pool, dask.config.set(pool=pool):
        for start in range(0, len(paths), wave):
            tasks = [
                dask.delayed(process_path)(path, overrides, max_bytes, extract)
                for path in paths[start : start + wave]
            ]
            yield from dask.compute(*tasks, scheduler="processes", num_workers=workers)
