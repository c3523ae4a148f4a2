"""Search by meaning: embeddings from the bundled model, fused with BM25.

Skipped where the ``semantic`` extra is not installed.
"""

from __future__ import annotations

import pytest

from rightslens import api
from rightslens.find import semantic
from rightslens.find.search import search
from tests.conftest import CORPUS, needs_corpus

pytestmark = [
    needs_corpus,
    pytest.mark.skipif(not semantic.available(), reason="the semantic extra is not installed"),
]
CHAPTER = CORPUS / "hrw" / "kazakhstan-2012.md"


def test_semantic_finds_a_passage_by_meaning_without_its_words(store):
    api.ingest(store, [CHAPTER], extract=False)
    assert semantic.embed_documents(store) == 1
    assert semantic.embed_documents(store) == 0  # stored: nothing to do again
    hits = search(store, "a prisoner died after being beaten by officers", limit=3, semantic=True)
    assert any("died" in h.text and "custody" in h.text for h in hits), [h.text[:80] for h in hits]


def test_semantic_vectors_are_unit_length_and_similar_for_paraphrases():
    vectors = semantic.embed_texts(
        ["Police detained protesters.", "Demonstrators were arrested by police.", "Wheat yields"]
    )
    assert vectors.shape == (3, 384)
    assert abs(float((vectors[0] ** 2).sum()) - 1) < 1e-4
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
