"""The search index of the store: paragraphs in full-text tables, embeddings as blobs.

SQLite gets a contentless FTS5 table (porter stemming, diacritics folded) whose
rowid packs ``document_id`` and paragraph ``position``; PostgreSQL a table of
``tsvector`` under a GIN index. Both are filled lazily by ``ensure_index``:
the documents not yet indexed are added at the start of a search, so ingest
needs no change and a search of an unchanged store costs one small query.

Ranking is bounded: the matches are walked newest document first (highest
rowid, cheap in both indexes) and only the first ``RANK_WINDOW`` matches in
scope are scored. A query matching fewer paragraphs is ranked exactly; one
matching more (very frequent words: "government", "were") is ranked among the
matches in the most recently stored documents only, so its cost stays flat as
the store grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import (
    Column,
    ColumnElement,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Select,
    String,
    Table,
    and_,
    column,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.engine import Connection

from rightslens.store.schema import documents, facts, paragraphs, sections
from rightslens.store.sql import SQLStore

POSITION_BITS = 20  # paragraphs per document in the packed FTS5 rowid: over a million
POSITION_MASK = (1 << POSITION_BITS) - 1
PG_CONFIG = "english"
# How many matches (newest first) a search scores; beyond it ranking is approximate.
RANK_WINDOW = 2000

# Tables of this module on every database.
search_metadata = MetaData()
# Tables only PostgreSQL gets.
pg_metadata = MetaData()

# Which documents are in the full-text index, with the source they were indexed from.
search_indexed = Table(
    "search_indexed",
    search_metadata,
    Column("document_id", Integer, primary_key=True),
    Column("source_hash", String(64), nullable=False),
)

# Embeddings: one float32 matrix (paragraphs x dimensions) per document and model
# (read and written by store/vectors.py).
search_vectors = Table(
    "search_vectors",
    search_metadata,
    Column("document_id", Integer, primary_key=True),
    Column("model", String(128), primary_key=True),
    Column("source_hash", String(64), nullable=False),
    Column("dimensions", Integer, nullable=False),
    Column("vectors", LargeBinary, nullable=False),
)

search_pg = Table(
    "search_paragraphs",
    pg_metadata,
    Column("document_id", Integer, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("tsv", TSVECTOR, nullable=False),
    Index("ix_search_paragraphs_tsv", "tsv", postgresql_using="gin"),
)

# SQLite's FTS5 table, created in DDL (SQLAlchemy has no virtual tables).
search_fts = table("search_fts", column("rowid", Integer), column("body"))
FTS5_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "body, content='', tokenize='porter unicode61 remove_diacritics 2')"
)


@dataclass(frozen=True)
class SearchFilters:
    """Which passages a search may return; ``None`` or empty means no restriction."""

    country: str | None = None
    years: tuple[int, int] | None = None
    publisher: str | None = None
    section: str | None = None
    entity_ids: tuple[int, ...] | None = None
    event_type: str | None = None
    all_versions: bool = False

    @property
    def by_paragraph(self) -> bool:
        """Whether a filter looks inside documents (not only at their keys)."""
        return bool(self.section or self.entity_ids is not None or self.event_type)


@dataclass(frozen=True)
class PassageRow:
    """One paragraph with what a citation needs."""

    document_id: int
    position: int
    start: int
    end: int
    topic: str | None
    label: str | None
    text: str
    publisher: str
    country: str | None
    year: int | None
    version: int
    title: str
    heading: str | None


def is_sqlite(store: SQLStore) -> bool:
    return store.engine.dialect.name == "sqlite"


def ensure_index(store: SQLStore) -> int:
    """Index the paragraphs of documents not yet indexed; returns how many documents.

    A document gone from the store (or replaced under the same id) makes the
    index start again, since a contentless FTS5 table cannot forget rows by id.
    """
    _create_tables(store)
    with store.engine.begin() as conn:
        if _index_is_current(conn):
            return 0
        stale = conn.execute(
            select(func.count())
            .select_from(search_indexed)
            .outerjoin(documents, documents.c.id == search_indexed.c.document_id)
            .where(
                documents.c.id.is_(None) | (documents.c.source_hash != search_indexed.c.source_hash)
            )
        ).scalar_one()
        if stale:
            _clear_index(store, conn)
        missing = conn.execute(
            select(documents.c.id, documents.c.source_hash)
            .outerjoin(search_indexed, search_indexed.c.document_id == documents.c.id)
            .where(search_indexed.c.document_id.is_(None))
            .order_by(documents.c.id)
        ).all()
        if not missing:
            return 0
        conn.execute(
            insert(search_indexed),
            [{"document_id": row.id, "source_hash": row.source_hash} for row in missing],
        )
        ids = [row.id for row in missing]
        for chunk_start in range(0, len(ids), 200):
            _index_documents(store, conn, ids[chunk_start : chunk_start + 200])
    return len(missing)


def _index_is_current(conn: Connection) -> bool:
    """Whether every document is indexed from its current source: three index-only counts."""
    same = (
        select(func.count())
        .select_from(documents)
        .join(
            search_indexed,
            (search_indexed.c.document_id == documents.c.id)
            & (search_indexed.c.source_hash == documents.c.source_hash),
        )
        .scalar_subquery()
    )
    stored = select(func.count()).select_from(documents).scalar_subquery()
    indexed = select(func.count()).select_from(search_indexed).scalar_subquery()
    matched, total, in_index = conn.execute(select(same, stored, indexed)).one()
    return matched == total == in_index


def _create_tables(store: SQLStore) -> None:
    search_metadata.create_all(store.engine)
    if is_sqlite(store):
        with store.engine.begin() as conn:
            conn.execute(text(FTS5_DDL))
    else:
        pg_metadata.create_all(store.engine)


def _clear_index(store: SQLStore, conn: Connection) -> None:
    conn.execute(delete(search_indexed))
    if is_sqlite(store):
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('delete-all')"))
    else:
        conn.execute(delete(search_pg))


def _index_documents(store: SQLStore, conn: Connection, ids: list[int]) -> None:
    """Copy paragraph texts into the index inside the database: no text travels to Python."""
    body = func.substr(
        documents.c.text, paragraphs.c.start + 1, paragraphs.c.end - paragraphs.c.start
    )
    joined = paragraphs.join(documents, documents.c.id == paragraphs.c.document_id)
    where = paragraphs.c.document_id.in_(ids)
    if is_sqlite(store):
        rowid = paragraphs.c.document_id.op("<<")(POSITION_BITS).op("|")(paragraphs.c.position)
        rows = select(rowid, body).select_from(joined).where(where)
        conn.execute(insert(search_fts).from_select(["rowid", "body"], rows))
    else:
        tsv = func.to_tsvector(literal_column(f"'{PG_CONFIG}'::regconfig"), body)
        rows = select(paragraphs.c.document_id, paragraphs.c.position, tsv)
        conn.execute(
            insert(search_pg).from_select(
                ["document_id", "position", "tsv"], rows.select_from(joined).where(where)
            )
        )


# -- filters ---------------------------------------------------------------------


def _document_filter(filters: SearchFilters) -> ColumnElement[bool]:
    """The documents a search may look in: by key, and the latest version of each."""
    conditions: list[ColumnElement[bool]] = []
    if filters.country:
        conditions.append(documents.c.country == filters.country)
    if filters.publisher:
        conditions.append(documents.c.publisher == filters.publisher)
    if filters.years:
        conditions.append(documents.c.year.between(*filters.years))
    if not filters.all_versions:
        newer = documents.alias("newer")
        conditions.append(
            ~exists().where(
                (newer.c.publisher == documents.c.publisher)
                & newer.c.country.is_not_distinct_from(documents.c.country)
                & newer.c.year.is_not_distinct_from(documents.c.year)
                & (newer.c.version > documents.c.version)
            )
        )
    return and_(true(), *conditions)


def _paragraph_filter(filters: SearchFilters) -> ColumnElement[bool] | None:
    """Conditions on ``paragraphs`` rows: topic, and facts the paragraph holds."""
    conditions: list[ColumnElement[bool]] = []
    if filters.section:
        conditions.append(
            (paragraphs.c.topic == filters.section)
            | paragraphs.c.topic.startswith(filters.section + ".", autoescape=True)
        )
    inside = (
        (facts.c.document_id == paragraphs.c.document_id)
        & (facts.c.start >= paragraphs.c.start)
        & (facts.c.start < paragraphs.c.end)
    )
    if filters.entity_ids is not None:
        conditions.append(exists().where(inside & facts.c.entity_id.in_(filters.entity_ids)))
    if filters.event_type:
        conditions.append(
            exists().where(
                inside
                & (facts.c.type == "event")
                & (facts.c.attributes["event_type"].as_string() == filters.event_type)
            )
        )
    return and_(*conditions) if conditions else None


# -- full-text search ------------------------------------------------------------


def full_text(
    store: SQLStore, query: str, filters: SearchFilters, limit: int, window: int = RANK_WINDOW
) -> list[tuple[int, int, float]]:
    """``(document_id, position, score)`` of the best paragraphs, best first.

    ``query`` is already rendered for this database (FTS5 syntax on SQLite,
    ``to_tsquery`` syntax on PostgreSQL) and is bound as a parameter. Only the
    newest ``window`` matches in scope are scored (see the module docstring).
    """
    if is_sqlite(store):
        rowid = search_fts.c.rowid
        document_id = rowid.op(">>")(POSITION_BITS)
        position = rowid.op("&")(POSITION_MASK)
        # bm25() is lower for better matches; negated so that higher is better everywhere.
        score = -func.bm25(literal_column("search_fts"))
        newest_first = [rowid.desc()]
        statement = select(document_id, position, score).where(
            literal_column("search_fts").op("MATCH")(query)
        )
    else:
        tsquery = func.to_tsquery(literal_column(f"'{PG_CONFIG}'::regconfig"), query)
        document_id, position = search_pg.c.document_id, search_pg.c.position
        score = func.ts_rank(search_pg.c.tsv, tsquery)
        newest_first = [document_id.desc(), position.desc()]
        statement = select(document_id, position, score).where(search_pg.c.tsv.op("@@")(tsquery))
    with store.engine.connect() as conn:
        scope = _document_scope(conn, filters)
        if scope is not None:
            allowed, first, last = scope
            statement = statement.where(document_id.in_(allowed))
            if is_sqlite(store):  # a rowid range FTS5 seeks to instead of testing every match
                statement = statement.where(
                    rowid.between(first << POSITION_BITS, (last << POSITION_BITS) | POSITION_MASK)
                )
        paragraph_condition = _paragraph_filter(filters)
        if paragraph_condition is not None:
            statement = statement.join(
                paragraphs,
                (paragraphs.c.document_id == document_id) & (paragraphs.c.position == position),
            ).where(paragraph_condition)
        candidates = statement.order_by(*newest_first).limit(window).subquery()
        best_first = [candidates.c[2].desc(), candidates.c[0].desc(), candidates.c[1]]
        ranked = select(candidates).order_by(*best_first).limit(limit)  # ties: newest first
        return [(int(d), int(p), float(s)) for d, p, s in conn.execute(ranked)]


def _document_scope(
    conn: Connection, filters: SearchFilters
) -> tuple[Select[tuple[int]], int, int] | None:
    """The documents in scope (a subquery) and their lowest and highest ids, or None for all.

    The latest-version rule costs a correlated lookup per document, so it is only
    applied when some document has an older version at all.
    """
    latest_only = not filters.all_versions and _has_older_versions(conn)
    condition = _document_filter(replace(filters, all_versions=not latest_only))
    first, last, count = conn.execute(
        select(func.min(documents.c.id), func.max(documents.c.id), func.count()).where(condition)
    ).one()
    if count == conn.execute(select(func.count()).select_from(documents)).scalar_one():
        return None
    return select(documents.c.id).where(condition), first or 0, last or 0


def _has_older_versions(conn: Connection) -> bool:
    """Whether any report is stored in more than one version (an index-only scan)."""
    repeated = (
        select(literal_column("1"))
        .select_from(documents)
        .group_by(documents.c.publisher, documents.c.country, documents.c.year)
        .having(func.count() > 1)
        .limit(1)
    )
    return conn.execute(repeated).first() is not None


def passages(store: SQLStore, keys: Sequence[tuple[int, int]]) -> list[PassageRow]:
    """The paragraphs named by ``(document_id, position)``, in the order given."""
    if not keys:
        return []
    body = func.substr(
        documents.c.text, paragraphs.c.start + 1, paragraphs.c.end - paragraphs.c.start
    )
    statement = (
        select(
            paragraphs,
            body.label("body"),
            documents.c.publisher,
            documents.c.country,
            documents.c.year,
            documents.c.version,
            documents.c.title,
        )
        .join(documents, documents.c.id == paragraphs.c.document_id)
        # One primary-key lookup per passage (an OR of pairs; a cross product of two lists
        # would read every listed position of every listed document).
        .where(
            or_(
                *(
                    (paragraphs.c.document_id == document_id) & (paragraphs.c.position == position)
                    for document_id, position in dict.fromkeys(keys)
                )
            )
        )
    )
    document_ids = sorted({d for d, _ in keys})
    with store.engine.connect() as conn:
        rows = {(r.document_id, r.position): r for r in conn.execute(statement)}
        wanted_topics = {(r.document_id, r.topic) for r in rows.values() if r.topic}
        headings: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
        # By document only (the primary key): a topic condition would pull the topic index
        # in, which holds that topic for every stored document.
        for h in conn.execute(
            select(
                sections.c.document_id,
                sections.c.topic,
                sections.c.start,
                sections.c.end,
                sections.c.heading,
            ).where(sections.c.document_id.in_(document_ids))
        ):
            if (h.document_id, h.topic) in wanted_topics:
                headings.setdefault((h.document_id, h.topic), []).append(
                    (h.start, h.end, h.heading)
                )
    found = []
    for key in keys:
        row = rows.get(key)
        if row is None:
            continue
        heading = max(
            (h for h in headings.get((row.document_id, row.topic), []) if h[0] <= row.start < h[1]),
            default=None,
        )
        found.append(
            PassageRow(
                document_id=row.document_id,
                position=row.position,
                start=row.start,
                end=row.end,
                topic=row.topic,
                label=row.label,
                text=row.body,
                publisher=row.publisher,
                country=row.country,
                year=row.year,
                version=row.version,
                title=row.title,
                heading=heading[2] if heading else None,
            )
        )
    return found


# -- benchmarks --------------------------------------------------------------------


def copy_document(store: SQLStore, document_id: int, country: str, year: int) -> int:
    """Store a copy of a report under another country and year (for load tests); its id."""
    copied_columns = [c for c in documents.c if c.name not in {"id", "country", "year", "version"}]
    with store.engine.begin() as conn:
        row = conn.execute(select(*copied_columns).where(documents.c.id == document_id)).one()
        new_id = conn.execute(
            insert(documents).values(**row._asdict(), country=country, year=year, version=1)
        ).inserted_primary_key[0]
        for child in (paragraphs, sections, facts):
            names = [c.name for c in child.c if c.name not in {"document_id", "id"}]
            rows = select(literal_column(str(int(new_id))), *(child.c[n] for n in names)).where(
                child.c.document_id == document_id
            )
            conn.execute(insert(child).from_select(["document_id", *names], rows))
    return new_id
