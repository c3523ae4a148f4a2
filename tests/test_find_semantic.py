"""Search by meaning: embeddings from the bundled model, an ANN index, fused with BM25.

Skipped where the ``semantic`` extra is not installed. The model is loaded once per
process (``semantic.load_model`` is cached); the stores here hold Human Rights Watch
chapters only (a few dozen paragraphs each) so that embedding them stays quick.
"""

from __future__ import annotations

import pytest

from rightslens import api
from rightslens.find import semantic
from rightslens.find.search import make_filters, search
from rightslens.store.search import SearchFilters
from rightslens.store.vectors import index_stamp
from tests.conftest import CORPUS, needs_corpus

pytestmark = [
    needs_corpus,
    pytest.mark.skipif(not semantic.available(), reason="the semantic extra is not installed"),
]
CHAPTER = CORPUS / "hrw" / "kazakhstan-2012.md"
CHAPTERS = [
    CHAPTER,
    *(
        CORPUS / "hrw" / name
        for name in ("kazakhstan-2001.html", "kyrgyzstan-2002.html", "venezuela-2000.html")
    ),
]
QUERIES = [
    "a prisoner died after being beaten by officers",
    "journalists were prosecuted for what they published",
    "police fired on striking workers",
    "elections were neither free nor fair",
]
CUSTODY_DEATH = "died from wounds he sustained in police custody"


@pytest.fixture(scope="module")
def chapters(tmp_path_factory):
    """A SQLite store of four chapters (three countries, four years), embedded."""
    path = tmp_path_factory.mktemp("semantic") / "chapters.db"
    with api.open_store(str(path)) as store:
        api.ingest(store, CHAPTERS, extract=False)
        assert semantic.embed_documents(store) == len(CHAPTERS)
        yield store


@pytest.fixture
def index_only(monkeypatch):
    """Every semantic search goes through the index: the exact scan fails if called."""
    monkeypatch.setattr(semantic, "EXACT_SCAN_MAX", 0)

    def refuse(*_args, **_kwargs):
        raise AssertionError("the exact scan ran")

    monkeypatch.setattr(semantic, "exact_ranking", refuse)


def _keys(ranking):
    return [(document_id, position) for document_id, position, _ in ranking]


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


def test_semantic_index_returns_the_exact_scans_top_passages(chapters):
    paragraphs = sum(len(chapters.get_document(d.id).paragraphs) for d in api.documents(chapters))
    assert len(semantic.vector_index(chapters).index) == paragraphs
    scopes = [
        SearchFilters(),
        make_filters(chapters, country="Kazakhstan"),
        make_filters(chapters, years="2000-2002"),
    ]
    for query in QUERIES:
        wanted = semantic.embed_texts([query])[0]
        for filters in scopes:
            exact = semantic.exact_ranking(chapters, wanted, filters, 5)
            indexed = semantic.indexed_ranking(chapters, wanted, filters, 5)
            assert _keys(indexed) == _keys(exact), (query, filters)
            for (_, _, approximate), (_, _, cosine) in zip(indexed, exact, strict=True):
                assert approximate == pytest.approx(cosine, abs=2e-3)


def test_semantic_search_uses_the_index_and_keeps_the_filters(chapters, index_only):
    hits = search(chapters, QUERIES[0], limit=5, semantic=True)
    assert any(CUSTODY_DEATH in h.text for h in hits)
    kyrgyzstan = make_filters(chapters, country="KG")
    hits = search(chapters, QUERIES[0], kyrgyzstan, limit=5, semantic=True)
    assert hits and {h.country for h in hits} == {"KG"}
    early = make_filters(chapters, years="2000-2001")
    assert {h.year for h in search(chapters, QUERIES[2], early, limit=8, semantic=True)} <= {
        2000,
        2001,
    }
    kazakhstan = chapters.get_document("hrw/KZ/2012")
    topic = next(p.section for p in kazakhstan.paragraphs if p.section)
    on_topic = search(chapters, QUERIES[1], make_filters(chapters, section=topic), semantic=True)
    assert on_topic and all(h.section.split(".")[0] == topic.split(".")[0] for h in on_topic)


def test_semantic_index_survives_reopening_the_store(store, monkeypatch):
    api.ingest(store, [CHAPTER], extract=False)
    semantic.embed_documents(store)
    stamp = index_stamp(store, semantic.MODEL_NAME)
    assert stamp is not None
    wanted = semantic.embed_texts([QUERIES[0]])[0]
    exact = semantic.exact_ranking(store, wanted, SearchFilters(), 5)
    semantic._loaded.clear()  # as in a new process

    def refuse(*_args, **_kwargs):
        raise AssertionError("the index was rebuilt from the vectors")

    monkeypatch.setattr(semantic, "document_vectors", refuse)
    with api.open_store(store.url) as reopened:
        indexed = semantic.indexed_ranking(reopened, wanted, SearchFilters(), 5)
        assert index_stamp(reopened, semantic.MODEL_NAME) == stamp
    assert _keys(indexed) == _keys(exact)


def test_semantic_new_version_does_not_return_stale_paragraphs(store, tmp_path, index_only):
    api.ingest(store, [CHAPTER], extract=False)
    semantic.embed_documents(store)
    revised = tmp_path / CHAPTER.name  # the same report with the custody death left out
    lines = CHAPTER.read_text(encoding="utf-8").splitlines(keepends=True)
    revised.write_text("".join(line for line in lines if CUSTODY_DEATH not in line), "utf-8")
    assert api.ingest(store, [revised], extract=False).count("new version") == 1
    assert semantic.embed_documents(store) == 1
    latest = search(store, QUERIES[0], limit=10, semantic=True)
    assert latest and {h.version for h in latest} == {2}
    assert not any(CUSTODY_DEATH in h.text for h in latest)
    every = search(store, QUERIES[0], SearchFilters(all_versions=True), limit=10, semantic=True)
    assert any(CUSTODY_DEATH in h.text and h.version == 1 for h in every)
