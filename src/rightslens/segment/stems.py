"""Word stems that are safe to take from many threads at once (the web server's).

A snowball stemmer keeps state while it stems a word, so one stemmer shared by
two threads corrupts both words: each thread gets its own. Stems are cached,
since the same words recur in every report.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

_local = threading.local()


def _stemmer(algorithm: str) -> snowballstemmer.stemmer:
    stemmers: dict[str, snowballstemmer.stemmer] = _local.__dict__.setdefault("stemmers", {})
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm]


@lru_cache(maxsize=65536)
def stem(word: str, algorithm: str = "english") -> str:
    """The stem of a lower-case word under a snowball algorithm ("english", "porter")."""
    return _stemmer(algorithm).stemWord(word)
