"""Bring a store written by an older rightslens up to ``schema.SCHEMA_VERSION``.

``metadata.create_all`` already adds the tables an older store lacks; a step
here does what it cannot: new columns on existing tables, data to recompute.
``STEPS[n]`` takes a store from version ``n`` to ``n + 1``; a new schema version
appends its step. Every step runs in the transaction that records the new
version, so a store is never left half-migrated.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, inspect, select, text, update
from sqlalchemy.engine import Connection

from rightslens.errors import RightslensError
from rightslens.store import schema
from rightslens.store.facts import rebuild_entities

Step = Callable[[Connection], None]


def add_column(conn: Connection, column: Column) -> None:
    """Add a table's column as ``schema`` declares it (nullable, no default), unless present."""
    table = column.table.name
    if column.name in {c["name"] for c in inspect(conn).get_columns(table)}:
        return
    kind = column.type.compile(dialect=conn.dialect)
    conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{column.name}" {kind}'))


def entities_by_country(conn: Connection) -> None:
    """1 -> 2: entities get a ``country``; names are regrouped within their country."""
    add_column(conn, schema.entities.c.country)
    rebuild_entities(conn)


STEPS: dict[int, Step] = {1: entities_by_country}


def migrate(conn: Connection, found: int, display_url: str) -> None:
    """Run the steps from version ``found`` to the current one, then record it; refuse a
    store newer than this rightslens."""
    if found > schema.SCHEMA_VERSION or any(
        version not in STEPS for version in range(found, schema.SCHEMA_VERSION)
    ):
        raise RightslensError(
            f"{display_url}: store has schema version {found}, this rightslens "
            f"reads versions {min(STEPS)} to {schema.SCHEMA_VERSION}"
        )
    for version in range(found, schema.SCHEMA_VERSION):
        STEPS[version](conn)
    info = schema.store_info
    conn.execute(
        update(info).where(info.c.key == "schema").values(value=str(schema.SCHEMA_VERSION))
    )


def stored_version(conn: Connection) -> int | None:
    """The schema version a store records, locking its row (PostgreSQL) so that two
    processes opening an old store migrate it once."""
    info = schema.store_info
    found = conn.execute(
        select(info.c.value).where(info.c.key == "schema").with_for_update()
    ).scalar()
    return None if found is None else int(found)
