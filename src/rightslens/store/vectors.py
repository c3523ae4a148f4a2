"""Embeddings in the store: a float32 matrix per document and model, and the index over them.

The nearest-neighbour index (built by ``find/semantic.py`` with usearch) is kept
as bytes in the ``vector_index`` table rather than in a file beside the
database: a PostgreSQL store has no "beside", and in a table the index is backed
up, copied and removed together with the vectors it indexes. A save replaces
every part in one transaction, so a reader never sees half of one; the parts
(``INDEX_PART_BYTES`` each) keep every value far below PostgreSQL's 1 GB limit.
Each save gets a fresh random ``stamp``: a process holding the index in memory
checks the stamp (one primary-key lookup) and reloads only when it changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Iterator

from sqlalchemy import delete, exists, func, insert, select

from rightslens.store.schema import documents, paragraphs, vector_index
from rightslens.store.search import (
    SearchFilters,
    _document_filter,
    _paragraph_filter,
    search_metadata,
    search_vectors,
)
from rightslens.store.sql import SQLStore

INDEX_PART_BYTES = 64 * 2**20
# Ids bound in one IN (...) list: well below every database's limit on parameters.
ID_CHUNK = 500


def documents_without_vectors(store: SQLStore, model: str, filters: SearchFilters) -> list[int]:
    """Documents in the scope of ``filters`` that have no embeddings from ``model`` yet."""
    search_metadata.create_all(store.engine)
    current = exists().where(
        (search_vectors.c.document_id == documents.c.id)
        & (search_vectors.c.model == model)
        & (search_vectors.c.source_hash == documents.c.source_hash)
    )
    statement = (
        select(documents.c.id).where(_document_filter(filters) & ~current).order_by(documents.c.id)
    )
    with store.engine.connect() as conn:
        return list(conn.execute(statement).scalars())


def paragraph_texts(store: SQLStore, document_id: int) -> list[str]:
    """A document's paragraphs, in order (position 0 first)."""
    body = func.substr(
        documents.c.text, paragraphs.c.start + 1, paragraphs.c.end - paragraphs.c.start
    )
    statement = (
        select(body)
        .join(documents, documents.c.id == paragraphs.c.document_id)
        .where(paragraphs.c.document_id == document_id)
        .order_by(paragraphs.c.position)
    )
    with store.engine.connect() as conn:
        return list(conn.execute(statement).scalars())


def save_vectors(
    store: SQLStore, document_id: int, model: str, dimensions: int, vectors: bytes
) -> None:
    """Store (or replace) a document's embedding matrix, float32, row-major."""
    with store.engine.begin() as conn:
        source_hash = conn.execute(
            select(documents.c.source_hash).where(documents.c.id == document_id)
        ).scalar_one()
        conn.execute(
            delete(search_vectors).where(
                (search_vectors.c.document_id == document_id) & (search_vectors.c.model == model)
            )
        )
        conn.execute(
            insert(search_vectors).values(
                document_id=document_id,
                model=model,
                source_hash=source_hash,
                dimensions=dimensions,
                vectors=vectors,
            )
        )


def stored_vectors(
    store: SQLStore, model: str, filters: SearchFilters
) -> Iterator[tuple[int, int, bytes, list[int] | None]]:
    """``(document_id, dimensions, vectors, positions allowed or None for all)``, one
    document at a time so that memory stays flat whatever the store's size."""
    search_metadata.create_all(store.engine)
    allowed: dict[int, list[int]] | None = None
    paragraph_condition = _paragraph_filter(filters)
    statement = (
        select(search_vectors.c.document_id, search_vectors.c.dimensions, search_vectors.c.vectors)
        .join(documents, documents.c.id == search_vectors.c.document_id)
        .where((search_vectors.c.model == model) & _document_filter(filters))
        .order_by(search_vectors.c.document_id)
    )
    with store.engine.connect() as conn:
        if paragraph_condition is not None:
            allowed = {}
            positions = conn.execute(
                select(paragraphs.c.document_id, paragraphs.c.position)
                .join(documents, documents.c.id == paragraphs.c.document_id)
                .where(_document_filter(filters) & paragraph_condition)
            )
            for document_id, position in positions:
                allowed.setdefault(document_id, []).append(position)
        for document_id, dimensions, vectors in conn.execution_options(
            stream_results=True, yield_per=64
        ).execute(statement):
            if allowed is None:
                yield document_id, dimensions, vectors, None
            elif document_id in allowed:
                yield document_id, dimensions, vectors, allowed[document_id]


# -- the nearest-neighbour index -----------------------------------------------------


def embedded_documents(store: SQLStore, model: str) -> set[int]:
    """Every document with embeddings from ``model`` (an index-only scan)."""
    search_metadata.create_all(store.engine)
    statement = select(search_vectors.c.document_id).where(search_vectors.c.model == model)
    with store.engine.connect() as conn:
        return set(conn.execute(statement).scalars())


def document_vectors(
    store: SQLStore, model: str, document_ids: Collection[int]
) -> Iterator[tuple[int, int, bytes]]:
    """``(document_id, dimensions, vectors)`` of the documents named, one at a time."""
    wanted = sorted(document_ids)
    with store.engine.connect() as conn:
        for chunk in _chunks(wanted):
            yield from conn.execute(
                select(
                    search_vectors.c.document_id,
                    search_vectors.c.dimensions,
                    search_vectors.c.vectors,
                ).where((search_vectors.c.model == model) & search_vectors.c.document_id.in_(chunk))
            )


def index_stamp(store: SQLStore, model: str) -> str | None:
    """The stamp of the index saved for ``model``, or None when there is none."""
    statement = select(vector_index.c.stamp).where(
        (vector_index.c.model == model) & (vector_index.c.part == 0)
    )
    with store.engine.connect() as conn:
        return conn.execute(statement).scalar_one_or_none()


def load_index(store: SQLStore, model: str) -> tuple[str, bytes] | None:
    """``(stamp, serialized index)`` saved for ``model``, or None when there is none."""
    statement = (
        select(vector_index.c.stamp, vector_index.c.data)
        .where(vector_index.c.model == model)
        .order_by(vector_index.c.part)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(statement).all()
    if not rows or len({stamp for stamp, _ in rows}) != 1:
        return None
    return rows[0].stamp, b"".join(bytes(data) for _, data in rows)


def save_index(store: SQLStore, model: str, data: bytes | bytearray | memoryview) -> str:
    """Replace the index saved for ``model``, in one transaction; returns its new stamp."""
    stamp = uuid.uuid4().hex
    view = memoryview(data)
    parts = [
        {"model": model, "part": number, "stamp": stamp, "data": bytes(view[start:end])}
        for number, (start, end) in enumerate(_part_bounds(len(view)))
    ]
    with store.engine.begin() as conn:
        conn.execute(delete(vector_index).where(vector_index.c.model == model))
        conn.execute(insert(vector_index), parts)
    return stamp


def _part_bounds(size: int) -> Iterator[tuple[int, int]]:
    """Where each part of a value of ``size`` bytes starts and ends (one part when empty)."""
    for start in range(0, max(size, 1), INDEX_PART_BYTES):
        yield start, min(start + INDEX_PART_BYTES, size)


def scope_size(store: SQLStore, filters: SearchFilters) -> int:
    """How many paragraphs a search with ``filters`` may return."""
    in_scope = select(documents.c.id).where(_document_filter(filters))
    statement = select(func.count()).where(paragraphs.c.document_id.in_(in_scope))
    paragraph_condition = _paragraph_filter(filters)
    if paragraph_condition is not None:
        statement = statement.where(paragraph_condition)
    with store.engine.connect() as conn:
        return conn.execute(statement).scalar_one()


def keys_in_scope(
    store: SQLStore, filters: SearchFilters, keys: Iterable[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The ``(document_id, position)`` keys among ``keys`` that ``filters`` allow (gone
    documents and, unless asked for, older versions never are)."""
    wanted = set(keys)
    document_ids = sorted({document_id for document_id, _ in wanted})
    paragraph_condition = _paragraph_filter(filters)
    allowed: set[tuple[int, int]] = set()
    with store.engine.connect() as conn:
        for chunk in _chunks(document_ids):
            if paragraph_condition is None:
                chosen = set(
                    conn.execute(
                        select(documents.c.id).where(
                            documents.c.id.in_(chunk) & _document_filter(filters)
                        )
                    ).scalars()
                )
                allowed |= {key for key in wanted if key[0] in chosen}
                continue
            rows = conn.execute(
                select(paragraphs.c.document_id, paragraphs.c.position)
                .join(documents, documents.c.id == paragraphs.c.document_id)
                .where(
                    paragraphs.c.document_id.in_(chunk)
                    & _document_filter(filters)
                    & paragraph_condition
                )
            )
            allowed |= wanted.intersection((d, p) for d, p in rows)
    return allowed


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), ID_CHUNK):
        yield ids[start : start + ID_CHUNK]
