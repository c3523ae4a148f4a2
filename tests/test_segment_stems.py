"""Stems from many threads at once: the web server stems on every request thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from rightslens.segment.stems import stem
from rightslens.segment.topics import words
from tests.conftest import SAMPLES


def test_stems_words_of_a_report_alike_from_eight_threads():
    text = sorted(SAMPLES.glob("*"))[0].read_text(encoding="utf-8")[:200_000]
    stem.cache_clear()  # so the threads stem for real, not from the cache
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(words, [text] * 16))
    stem.cache_clear()
    alone = words(text)
    assert all(found == alone for found in together)
