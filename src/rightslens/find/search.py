"""Search passages: full text ranked by BM25, optionally blended with meaning.

A passage is one stored paragraph, returned with its citation (publisher,
country, year, section heading, paragraph number, offsets into the clean text
``rightslens text DOC`` prints) and where the query's words match inside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.exc import DBAPIError

from rightslens.errors import NotFoundError, RightslensError
from rightslens.find.query import (
    WORD,
    Node,
    Phrase,
    Term,
    bag_of_words,
    highlight_terms,
    parse,
    plain_text,
    to_fts5,
    to_tsquery,
)
from rightslens.ingest.countries import country_code
from rightslens.model import EVENT_TYPES, PUBLISHERS
from rightslens.segment.stems import stem as stem_word
from rightslens.segment.topics import topic_tree
from rightslens.store.search import (
    PassageRow,
    SearchFilters,
    ensure_index,
    full_text,
    is_sqlite,
    passages,
)
from rightslens.store.sql import SQLStore

__all__ = ["SearchFilters", "SearchHit", "make_filters", "parse_years", "search"]

# How many candidates each ranking contributes before reciprocal rank fusion.
FUSION_DEPTH = 100
# The constant of reciprocal rank fusion (Cormack et al. 2009): damps the top ranks.
FUSION_K = 60
YEARS = re.compile(r"\s*(\d{4})\s*(?:[-–:]|\.\.)\s*(\d{4})\s*|\s*(\d{4})\s*")


@dataclass(frozen=True)
class SearchHit:
    """One passage found, with its citation and the matched words.

    ``start``/``end`` are offsets into the document's clean text; ``paragraph``
    counts from 1 in the document; ``highlights`` are ``(start, end)`` offsets
    of matched words within ``text``.
    """

    document: str
    document_id: int
    publisher: str
    country: str | None
    year: int | None
    version: int
    title: str
    section: str | None
    heading: str | None
    paragraph: int
    label: str | None
    start: int
    end: int
    text: str
    highlights: tuple[tuple[int, int], ...]
    score: float


def parse_years(text: str) -> tuple[int, int]:
    """``2019`` or ``2017-2023`` as an inclusive range; a one-line error otherwise."""
    match = YEARS.fullmatch(text)
    if not match:
        raise RightslensError(f"{text!r} is not a year or a range of years (like 2017-2023)")
    if match.group(3):
        return int(match.group(3)), int(match.group(3))
    first, last = int(match.group(1)), int(match.group(2))
    if first > last:
        raise RightslensError(f"year range {text!r} ends before it starts")
    return first, last


def check_vocabulary(
    publisher: str | None = None, section: str | None = None, event_type: str | None = None
) -> None:
    """Refuse a publisher, topic id or event type that no report can have."""
    if publisher and publisher.strip().lower() not in PUBLISHERS:
        raise RightslensError(
            f"unknown publisher {publisher!r}: use one of {', '.join(PUBLISHERS)}"
        )
    if section and section.strip() not in topic_tree().topics:
        raise RightslensError(f"unknown topic {section!r}: see `rightslens topics` for the ids")
    if event_type and event_type.strip() not in EVENT_TYPES:
        raise RightslensError(
            f"unknown event type {event_type!r}: use one of {', '.join(EVENT_TYPES)}"
        )


def make_filters(
    store: SQLStore,
    country: str | None = None,
    years: str | tuple[int, int] | None = None,
    publisher: str | None = None,
    section: str | None = None,
    entity: str | None = None,
    event_type: str | None = None,
    all_versions: bool = False,
) -> SearchFilters:
    """Filters from what a user typed: country names or codes, ``2017-2023``, entity names.

    A value that can match nothing (an unknown topic, event type or publisher) is an
    error, not an empty answer.
    """
    check_vocabulary(publisher=publisher, section=section, event_type=event_type)
    entity_ids = None
    if entity:
        found = store.find_entities(entity)
        if not found:
            raise NotFoundError(f"no entity named {entity!r} (see `rightslens entities`)")
        entity_ids = tuple(e.id for e in found)
    return SearchFilters(
        country=country_code(country) if country else None,
        years=parse_years(years) if isinstance(years, str) else years,
        publisher=publisher.strip().lower() if publisher else None,
        section=section.strip() if section else None,
        entity_ids=entity_ids,
        event_type=event_type.strip() if event_type else None,
        all_versions=all_versions,
    )


def search(
    store: SQLStore,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = 10,
    semantic: bool = False,
) -> list[SearchHit]:
    """The passages that best answer ``query``, best first.

    Full-text by default (phrases, AND/OR/NOT, ``-word``, ``prefix*``); with
    ``semantic`` the BM25 ranking is fused with a ranking by sentence
    embeddings (needs the ``semantic`` extra; embeds what is missing first).
    A query matching more than ``store.search.RANK_WINDOW`` (2,000) paragraphs in scope (very
    frequent words) is ranked among its matches in the newest documents only.
    """
    filters = filters or SearchFilters()
    tree = parse(query)
    ensure_index(store)
    depth = max(limit, FUSION_DEPTH) if semantic else limit
    keyword = _full_text(store, query, tree, filters, depth) if tree is not None else []
    if semantic:
        from rightslens.find.semantic import semantic_ranking

        meaning = semantic_ranking(store, plain_text(tree) or query, filters, depth)
        ranked = fuse([keyword, meaning])[:limit]
    else:
        ranked = [((d, p), s) for d, p, s in keyword]
    scores = dict(ranked)
    terms = highlight_terms(tree)
    return [
        _hit(row, scores[(row.document_id, row.position)], terms)
        for row in passages(store, [key for key, _ in ranked])
    ]


def _full_text(
    store: SQLStore, query: str, tree: Node, filters: SearchFilters, limit: int
) -> list[tuple[int, int, float]]:
    render = to_fts5 if is_sqlite(store) else to_tsquery
    try:
        return full_text(store, render(tree), filters, limit)
    except DBAPIError as error:  # a query the engine still rejects: try its bare words
        fallback = bag_of_words(query)
        if fallback is None or fallback == tree:
            raise RightslensError(f"cannot search for {query!r}: {error.orig}") from None
        return full_text(store, render(fallback), filters, limit)


def fuse(rankings: list[list[tuple[int, int, float]]]) -> list[tuple[tuple[int, int], float]]:
    """Reciprocal rank fusion: scores from different scales blended by rank alone."""
    fused: dict[tuple[int, int], float] = {}
    for ranking in rankings:
        for rank, (document_id, position, _score) in enumerate(ranking):
            key = (document_id, position)
            fused[key] = fused.get(key, 0.0) + 1.0 / (FUSION_K + rank + 1)
    return sorted(fused.items(), key=lambda item: -item[1])


def _hit(row: PassageRow, score: float, terms: list[Term | Phrase]) -> SearchHit:
    return SearchHit(
        document=f"{row.publisher}/{row.country or '-'}/{row.year or '-'}",
        document_id=row.document_id,
        publisher=row.publisher,
        country=row.country,
        year=row.year,
        version=row.version,
        title=row.title,
        section=row.topic,
        heading=row.heading,
        paragraph=row.position + 1,
        label=row.label,
        start=row.start,
        end=row.end,
        text=row.text,
        highlights=highlights(row.text, terms),
        score=score,
    )


# -- highlighting ------------------------------------------------------------------

_STEMMERS = ("porter", "english")
# English function words: matched by the index like any word, but not worth a highlight
# on their own (inside a phrase they are).
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "with",
    ]
)


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """Lower case without diacritics, as the index tokenizers see a word."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _stems(word: str) -> tuple[str, str]:
    folded = _fold(word)
    return tuple(stem_word(folded, algorithm) for algorithm in _STEMMERS)  # type: ignore[return-value]


def _same_word(token: tuple[str, str], wanted: tuple[str, str]) -> bool:
    """Whether two words share a stem under either stemmer (stems as ``_stems`` gives them)."""
    return token[0] == wanted[0] or token[1] == wanted[1]


def highlights(text: str, terms: list[Term | Phrase]) -> tuple[tuple[int, int], ...]:
    """Offsets of the words (and whole phrases) of the query in a passage, merged, in order."""
    tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    stems = [_stems(word) for _, _, word in tokens]
    spans: list[tuple[int, int]] = []
    if any(isinstance(t, Phrase) or t.word not in FUNCTION_WORDS for t in terms):
        terms = [t for t in terms if isinstance(t, Phrase) or t.word not in FUNCTION_WORDS]
    for term in terms:
        if isinstance(term, Term) and term.prefix:
            prefix = _fold(term.word)
            spans.extend((a, b) for a, b, word in tokens if _fold(word).startswith(prefix))
            continue
        first, *rest = [
            _stems(w) for w in (term.words if isinstance(term, Phrase) else (term.word,))
        ]
        for i, stem in enumerate(stems[: len(stems) - len(rest)]):
            if _same_word(stem, first) and all(
                _same_word(stems[i + k], wanted) for k, wanted in enumerate(rest, 1)
            ):
                spans.append((tokens[i][0], tokens[i + len(rest)][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
