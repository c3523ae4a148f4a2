"""Tables of the store, one definition for SQLite and PostgreSQL (SQLAlchemy Core)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Bumped with each change to the tables; store/migrate.py brings older stores up to it.
SCHEMA_VERSION = 2

metadata = MetaData()

store_info = Table(
    "store_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

# The original bytes of every file ever ingested, keyed by their SHA-256.
sources = Table(
    "sources",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("encoding", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    # The source text every offset points into, zlib-compressed UTF-8.
    Column("text", LargeBinary, nullable=False),
    Column("page_starts", JSON, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_hash", String(64), ForeignKey("sources.hash"), nullable=False),
    Column("publisher", String(32), nullable=False),
    Column("country", String(8)),
    Column("year", Integer),
    Column("version", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    # Source-text offset of each clean character, delta-encoded int32, zlib-compressed.
    Column("offsets", LargeBinary, nullable=False),
    Column("words", Integer, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source_hash", "publisher", "country", "year", name="uq_document_source"),
    Index("ix_documents_key", "publisher", "country", "year", "version"),
)

sections = Table(
    "sections",
    metadata,
    Column(
        "document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("position", Integer, primary_key=True),
    Column("topic", String(64), nullable=False),
    Column("heading", Text, nullable=False),
    Column("level", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_sections_topic", "topic"),
)

paragraphs = Table(
    "paragraphs",
    metadata,
    Column(
        "document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("position", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("topic", String(64)),
    Column("label", Text),
)

# Extracted facts: the common fields as columns, the type's own fields as JSON.
facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("section", String(64)),
    Column("confidence", Float, nullable=False),
    Column("method", String(64), nullable=False),
    Column("attributes", JSON, nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Index("ix_facts_document_type", "document_id", "type"),
    Index("ix_facts_entity", "entity_id"),
)

# The nearest-neighbour index over the paragraph embeddings of one model (store/vectors.py),
# serialized by usearch and cut into parts; every part of one save carries its ``stamp``.
vector_index = Table(
    "vector_index",
    metadata,
    Column("model", String(128), primary_key=True),
    Column("part", Integer, primary_key=True),
    Column("stamp", String(32), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# One row per real person, organization or place, across every stored report. ``country``
# (ISO alpha-2) is the country an entity belongs to when its name alone does not say which
# ("Supreme Court", a place); null for people and bodies known across countries.
entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("variants", JSON, nullable=False),
    Column("country", String(8)),
    Index("ix_entities_type_name", "type", "name"),
)

# -- accounts and reviews -----------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    # argon2 hash (rightslens.accounts); never the password itself.
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# REST API tokens: only their SHA-256 is kept; the token is shown once, when made.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Web sessions: the cookie carries a random id and the store only its SHA-256, so logging
# out, a new password, a new role or deleting the user ends that user's sessions at once.
sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_sessions_user", "user_id"),
)

# Failed logins, by account name and client address, to limit password guessing; rows older
# than the counting window are dropped as new ones come.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account", String(64), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_account", "account", "at"),
    Index("ix_login_failures_address", "address", "at"),
)

# Every verdict an editor gave on a fact, oldest first; the latest one counts. A fact is
# named by report, type and offsets so that its reviews survive re-extraction.
fact_reviews = Table(
    "fact_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("fact_type", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("changes", JSON, nullable=False),
    Column("note", Text, nullable=False),
    Column("reviewer", String(64), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Index("ix_fact_reviews_fact", "document_id", "fact_type", "start", "end"),
)
