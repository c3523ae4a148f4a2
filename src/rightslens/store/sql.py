"""The SQL store: SQLite by default, PostgreSQL by URL, through SQLAlchemy Core.

Each file is written in one transaction: a crash or a bad file never leaves a
half-stored report, and what was stored before is never touched. Re-adding the
same bytes is a no-op; a report with other bytes for the same publisher,
country and year becomes its next version, the old one kept.
"""

from __future__ import annotations

import hashlib
import operator
import zlib
from array import array
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlalchemy import Engine, create_engine, event, func, insert, select
from sqlalchemy.engine import Connection

from rightslens.errors import NotFoundError
from rightslens.model import (
    Document,
    DocumentSummary,
    EntitySummary,
    EventFact,
    Fact,
    Mention,
    Paragraph,
    Review,
    Section,
    StoredDocument,
)
from rightslens.store import schema
from rightslens.store.facts import (
    fact_from_row,
    rebuild_entities,
    replace_facts,
    summarize_entities,
)
from rightslens.store.migrate import migrate, stored_version
from rightslens.store.reviews import (
    add_review,
    apply_review,
    fact_key,
    latest_reviews,
    latest_reviews_of,
    review_history,
    reviewed,
    without_rejected,
)
from rightslens.store.schema import (
    documents,
    entities,
    fact_reviews,
    facts,
    paragraphs,
    sections,
    sources,
)

Outcome = Literal["added", "new version", "unchanged"]


@dataclass(frozen=True)
class AddResult:
    """What storing one report did."""

    outcome: Outcome
    summary: DocumentSummary


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def database_url(target: str) -> str:
    """A SQLAlchemy URL from a URL or a path to a SQLite file."""
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


class SQLStore:
    """Reports, their sources, topics and paragraphs in one SQL database."""

    def __init__(self, target: str) -> None:
        self.url = database_url(target)
        self.engine: Engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        schema.metadata.create_all(self.engine)
        self._check_schema_version()

    @property
    def display_url(self) -> str:
        """The store's URL with any password hidden, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def has_source(self, data: bytes) -> bool:
        """Whether these exact bytes were ingested before."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(sources.c.hash).where(sources.c.hash == content_hash(data))
            ).first()
        return found is not None

    def add(self, file_documents: Sequence[Document]) -> list[AddResult]:
        """Store every report of one file, all or nothing."""
        results: list[AddResult] = []
        with self.engine.begin() as conn:
            for document in file_documents:
                results.append(self._add_document(conn, document))
        return results

    def _add_document(self, conn: Connection, document: Document) -> AddResult:
        source, meta = document.source, document.meta
        digest = content_hash(source.data)
        if conn.execute(select(sources.c.hash).where(sources.c.hash == digest)).first() is None:
            conn.execute(
                insert(sources).values(
                    hash=digest,
                    path=source.path,
                    format=source.format,
                    encoding=source.encoding,
                    size=len(source.data),
                    data=source.data,
                    text=zlib.compress(source.text.encode("utf-8")),
                    page_starts=list(source.page_starts),
                    ingested_at=datetime.now(UTC),
                )
            )
        key = (
            (documents.c.publisher == meta.publisher)
            & (
                documents.c.country.is_(meta.country)
                if meta.country is None
                else documents.c.country == meta.country
            )
            & (
                documents.c.year.is_(meta.year)
                if meta.year is None
                else documents.c.year == meta.year
            )
        )
        existing = conn.execute(
            select(documents.c.id).where(key & (documents.c.source_hash == digest))
        ).scalar()
        if existing is not None:
            return AddResult("unchanged", self._summaries(conn, documents.c.id == existing)[0])
        latest = conn.execute(select(func.max(documents.c.version)).where(key)).scalar()
        document_id = conn.execute(
            insert(documents).values(
                source_hash=digest,
                publisher=meta.publisher,
                country=meta.country,
                year=meta.year,
                version=max((latest or 0) + 1, document.version or 0),
                title=meta.title,
                text=document.text,
                offsets=encode_offsets(document.offsets),
                words=document.words,
                warnings=list(document.warnings),
                ingested_at=datetime.now(UTC),
            )
        ).inserted_primary_key[0]
        if document.sections:
            conn.execute(
                insert(sections),
                [
                    {
                        "document_id": document_id,
                        "position": i,
                        "topic": s.id,
                        "heading": s.heading,
                        "level": s.level,
                        "start": s.start,
                        "end": s.end,
                    }
                    for i, s in enumerate(document.sections)
                ],
            )
        if document.paragraphs:
            conn.execute(
                insert(paragraphs),
                [
                    {
                        "document_id": document_id,
                        "position": i,
                        "start": p.start,
                        "end": p.end,
                        "topic": p.section,
                        "label": p.label,
                    }
                    for i, p in enumerate(document.paragraphs)
                ],
            )
        replace_facts(conn, document_id, document.facts)
        outcome: Outcome = "added" if latest is None else "new version"
        return AddResult(outcome, self._summaries(conn, documents.c.id == document_id)[0])

    # -- reading -------------------------------------------------------------

    def list_documents(
        self, all_versions: bool = False, country: str | None = None
    ) -> list[DocumentSummary]:
        """Stored reports by publisher, country and year (latest versions unless asked; one
        country's when ``country`` is given)."""
        where = None if country is None else documents.c.country == country
        with self.engine.connect() as conn:
            summaries = self._summaries(conn, where)
        if all_versions:
            return summaries
        latest: dict[tuple, DocumentSummary] = {}
        for summary in summaries:
            key = (summary.publisher, summary.country, summary.year)
            if key not in latest or latest[key].version < summary.version:
                latest[key] = summary
        return [s for s in summaries if latest[(s.publisher, s.country, s.year)] is s]

    def resolve(self, ref: str | int) -> int:
        """A document id from an id or ``PUBLISHER/COUNTRY/YEAR`` (its latest version)."""
        text = str(ref).strip()
        with self.engine.connect() as conn:
            if text.isdigit():
                found = conn.execute(
                    select(documents.c.id).where(documents.c.id == int(text))
                ).scalar()
            else:
                parts = text.split("/")
                if len(parts) != 3 or not (parts[2].isdigit() or parts[2] == "-"):
                    raise NotFoundError(
                        f"{text!r} is not a document reference: use an id or "
                        "PUBLISHER/COUNTRY/YEAR, for example usdos/KZ/2023"
                    )
                # "-" stands for a country or year that is not known, as `documents` shows it.
                country = None if parts[1] == "-" else parts[1].upper()
                year = None if parts[2] == "-" else int(parts[2])
                found = conn.execute(
                    select(documents.c.id)
                    .where(
                        (documents.c.publisher == parts[0].lower())
                        & documents.c.country.is_not_distinct_from(country)
                        & documents.c.year.is_not_distinct_from(year)
                    )
                    .order_by(documents.c.version.desc())
                ).scalar()
        if found is None:
            raise NotFoundError(f"no stored document {text!r} (see `rightslens documents`)")
        return found

    def get_document(self, ref: str | int) -> StoredDocument:
        """A stored report with its text, topics and paragraphs."""
        document_id = self.resolve(ref)
        with self.engine.connect() as conn:
            summary = self._summaries(conn, documents.c.id == document_id)[0]
            row = conn.execute(
                select(
                    documents.c.text,
                    documents.c.offsets,
                    documents.c.source_hash,
                    sources.c.page_starts,
                )
                .join(sources, sources.c.hash == documents.c.source_hash)
                .where(documents.c.id == document_id)
            ).one()
            section_rows = conn.execute(
                select(sections)
                .where(sections.c.document_id == document_id)
                .order_by(sections.c.position)
            ).all()
            paragraph_rows = conn.execute(
                select(paragraphs)
                .where(paragraphs.c.document_id == document_id)
                .order_by(paragraphs.c.position)
            ).all()
        return StoredDocument(
            summary=summary,
            text=row.text,
            offsets=decode_offsets(row.offsets),
            sections=[Section(r.topic, r.heading, r.level, r.start, r.end) for r in section_rows],
            paragraphs=[Paragraph(r.start, r.end, r.topic, r.label) for r in paragraph_rows],
            source_hash=row.source_hash,
            page_starts=tuple(row.page_starts),
        )

    def set_facts(self, ref: str | int, new_facts: Sequence[Fact]) -> None:
        """Replace a report's facts (after extraction runs again)."""
        document_id = self.resolve(ref)
        with self.engine.begin() as conn:
            replace_facts(conn, document_id, new_facts)

    def facts(
        self,
        ref: str | int,
        fact_type: str | None = None,
        section: str | None = None,
        keep_rejected: bool = False,
        within: tuple[int, int] | None = None,
    ) -> list[Fact]:
        """A report's facts in text order, optionally of one type or topic (and its subtopics)
        or ``within`` a (start, end) range of its text, with editors' reviews applied
        (rejected facts left out unless ``keep_rejected``)."""
        document_id = self.resolve(ref)
        query = select(facts).where(facts.c.document_id == document_id)
        if fact_type:
            query = query.where(facts.c.type == fact_type)
        if section:
            query = query.where(
                (facts.c.section == section)
                | facts.c.section.startswith(section + ".", autoescape=True)
            )
        if within:
            query = query.where((facts.c.start >= within[0]) & (facts.c.end <= within[1]))
        with self.engine.connect() as conn:
            text = conn.execute(
                select(documents.c.text).where(documents.c.id == document_id)
            ).scalar_one()
            rows = conn.execute(query.order_by(facts.c.start, facts.c.id)).all()
            reviews = latest_reviews(conn, document_id)
        return reviewed((fact_from_row(row, text) for row in rows), reviews, keep_rejected)

    def facts_stamp(self, document_ids: Collection[int]) -> tuple:
        """Changes whenever these reports' facts or reviews, or the store's entities, change:
        what a cache of answers derived from them is keyed by."""
        wanted = sorted(document_ids)
        with self.engine.connect() as conn:
            fact_part = conn.execute(
                select(func.count(), func.max(facts.c.id), func.sum(facts.c.end)).where(
                    facts.c.document_id.in_(wanted)
                )
            ).one()
            review_part = conn.execute(
                select(func.count(), func.max(fact_reviews.c.id)).where(
                    fact_reviews.c.document_id.in_(wanted)
                )
            ).one()
            entity_part = conn.execute(select(func.count(), func.max(entities.c.id))).one()
        return (*fact_part, *review_part, *entity_part)

    def fact(self, fact_id: int) -> tuple[int, Fact, list[Review]]:
        """One fact by row id: its report's id, the fact as reviewed, and its review history."""
        document_id, extracted, history = self._extracted_fact(fact_id)
        return document_id, apply_review(extracted, history[-1] if history else None), history

    def review_fact(
        self,
        fact_id: int,
        status: str,
        reviewer: str,
        changes: dict[str, Any] | None = None,
        note: str = "",
    ) -> Fact:
        """Confirm, correct or reject a fact; the verdict is kept with who and when, and
        outlives re-extraction. ``changes`` apply to the fact as extracted. Returns the fact
        as now reviewed."""
        document_id, extracted, _history = self._extracted_fact(fact_id)
        with self.engine.begin() as conn:
            review = add_review(conn, document_id, extracted, status, reviewer, changes, note)
        return apply_review(extracted, review)

    def _extracted_fact(self, fact_id: int) -> tuple[int, Fact, list[Review]]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(facts, documents.c.text.label("document_text"))
                .join(documents, documents.c.id == facts.c.document_id)
                .where(facts.c.id == fact_id)
            ).first()
            if row is None:
                raise NotFoundError(f"no fact {fact_id}")
            extracted = fact_from_row(row, row.document_text)
            history = review_history(conn, row.document_id, fact_key(extracted))
        return row.document_id, extracted, history

    def rebuild_entities(self) -> int:
        """Resolve every person, organization and place mention into entities."""
        with self.engine.begin() as conn:
            return rebuild_entities(conn)

    def entities(
        self, entity_type: str | None = None, document_ids: Collection[int] | None = None
    ) -> list[EntitySummary]:
        """Resolved entities with how often, in how many reports and which years they appear."""
        with self.engine.connect() as conn:
            return summarize_entities(conn, entity_type, document_ids)

    def entity(self, entity_id: int) -> EntitySummary:
        """One entity by id, summarized alone; ``NotFoundError`` when there is none."""
        with self.engine.connect() as conn:
            found = summarize_entities(conn, entity_ids=[entity_id])
        if not found:
            raise NotFoundError(f"no entity {entity_id}")
        return found[0]

    def find_entities(self, name: str, country: str | None = None) -> list[EntitySummary]:
        """Entities whose name or a variant equals ``name`` (case-insensitive), else contains it;
        with ``country``, only those of that country or of none (people, international bodies)."""
        wanted = name.casefold().strip()
        everything = [e for e in self.entities() if country is None or e.country in (None, country)]
        exact = [e for e in everything if wanted in {n.casefold() for n in (e.name, *e.variants)}]
        return exact or [
            e for e in everything if any(wanted in n.casefold() for n in (e.name, *e.variants))
        ]

    def entity_named(self, name: str, country: str | None = None) -> EntitySummary:
        """The one entity a name refers to (within ``country`` when given, see
        ``find_entities``); ``NotFoundError`` when none or several do, as when two countries
        each have a "Supreme Court" and no country is named."""
        found = self.find_entities(name, country)
        if not found:
            raise NotFoundError(f"no entity named {name!r} (see `rightslens entities`)")
        named = [e for e in found if e.name.casefold() == name.casefold().strip()]
        if len(found) > 1 and len(named) != 1:
            listed = "; ".join(
                f"{e.name} ({e.type}{', ' + e.country if e.country else ''})" for e in found[:8]
            )
            raise NotFoundError(f"{name!r} names several entities: {listed}")
        return named[0] if named else found[0]

    def mentions(self, entity_id: int) -> list[Mention]:
        """Every mention of an entity, by year, with the events of its sentence, reviews
        applied (four queries, however many mentions)."""
        mention = facts.alias("mention")
        with self.engine.connect() as conn:
            rows = conn.execute(
                without_rejected(
                    select(facts, documents.c.year, documents.c.publisher, documents.c.country)
                    .select_from(facts)
                    .join(documents, documents.c.id == facts.c.document_id)
                )
                .where(facts.c.entity_id == entity_id)
                .order_by(documents.c.year, documents.c.publisher, facts.c.start, facts.c.id)
            ).all()
            event_rows = conn.execute(
                without_rejected(
                    select(facts)
                    .select_from(facts)
                    .join(
                        mention,
                        (mention.c.document_id == facts.c.document_id)
                        & (mention.c.sentence_start == facts.c.sentence_start),
                    )
                )
                .where((mention.c.entity_id == entity_id) & (facts.c.type == "event"))
                .order_by(facts.c.start, facts.c.id)
            ).all()
            reviews = latest_reviews_of(conn, {row.document_id for row in rows})
            texts = dict(
                conn.execute(
                    select(documents.c.id, documents.c.text).where(
                        documents.c.id.in_(sorted({row.document_id for row in rows}))
                    )
                ).all()
            )
        # One event per sentence however many mentions that sentence holds.
        events: dict[tuple[int, int], dict[int, EventFact]] = defaultdict(dict)

        def read(row: Any) -> Fact:
            found = fact_from_row(row, texts[row.document_id])
            return apply_review(found, reviews.get(row.document_id, {}).get(fact_key(found)))

        for row in event_rows:
            found_event = read(row)
            events[(row.document_id, row.sentence_start)][row.id] = found_event  # type: ignore[assignment]
        return [
            Mention(
                document=f"{row.publisher}/{row.country or '-'}/{row.year or '-'}",
                year=row.year,
                section=row.section,
                fact=read(row),
                events=tuple(events[(row.document_id, row.sentence_start)].values()),
            )
            for row in rows
        ]

    def source_data(self, source_hash: str) -> bytes:
        """The original bytes of an ingested file."""
        with self.engine.connect() as conn:
            data = conn.execute(
                select(sources.c.data).where(sources.c.hash == source_hash)
            ).scalar()
        if data is None:
            raise NotFoundError(f"no stored source {source_hash}")
        return data

    def sections(self, ref: str | int) -> list[Section]:
        """A report's topics in order, without loading its text (cheap enough for every
        page that links to the same topic in other reports)."""
        document_id = self.resolve(ref)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(sections)
                .where(sections.c.document_id == document_id)
                .order_by(sections.c.position)
            ).all()
        return [Section(r.topic, r.heading, r.level, r.start, r.end) for r in rows]

    def documents_with_source(self, source_hash: str) -> list[DocumentSummary]:
        """The reports (every version) read from the file with these bytes, as when the
        same file is ingested again."""
        with self.engine.connect() as conn:
            return self._summaries(conn, documents.c.source_hash == source_hash)

    def _summaries(self, conn: Connection, where) -> list[DocumentSummary]:
        section_count = (
            select(func.count())
            .where(sections.c.document_id == documents.c.id)
            .correlate(documents)
            .scalar_subquery()
        )
        query = (
            select(
                documents.c.id,
                documents.c.publisher,
                documents.c.country,
                documents.c.year,
                documents.c.version,
                documents.c.title,
                documents.c.words,
                documents.c.warnings,
                sources.c.format,
                sources.c.path,
                section_count.label("sections"),
            )
            .join(sources, sources.c.hash == documents.c.source_hash)
            .order_by(
                documents.c.publisher, documents.c.country, documents.c.year, documents.c.version
            )
        )
        if where is not None:
            query = query.where(where)
        return [
            DocumentSummary(
                id=r.id,
                publisher=r.publisher,
                country=r.country,
                year=r.year,
                version=r.version,
                title=r.title,
                format=r.format,
                path=r.path,
                sections=r.sections,
                words=r.words,
                warnings=tuple(r.warnings),
            )
            for r in conn.execute(query)
        ]

    def _check_schema_version(self) -> None:
        """Record the version of a new store; bring an older one up to date (store/migrate.py)."""
        info = schema.store_info
        with self.engine.begin() as conn:
            found = stored_version(conn)
            if found is None:
                conn.execute(insert(info).values(key="schema", value=str(schema.SCHEMA_VERSION)))
            elif found != schema.SCHEMA_VERSION:
                migrate(conn, found, self.display_url)


def encode_offsets(offsets: array) -> bytes:
    """Delta-encode and compress a per-character offset map (mostly runs of +1)."""
    deltas = array("i", offsets[:1])
    deltas.extend(map(operator.sub, offsets[1:], offsets[:-1]))
    return zlib.compress(deltas.tobytes())


def decode_offsets(blob: bytes) -> array:
    # numpy (which spaCy brings) sums half a million deltas in a millisecond, not thirty.
    deltas = np.frombuffer(zlib.decompress(blob), dtype=np.int32)
    offsets = array("q")
    offsets.frombytes(np.cumsum(deltas, dtype=np.int64).tobytes())
    return offsets


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
