"""Store: the only place that talks to the database.

``open_store`` takes a path to a SQLite file (the default, zero set-up) or a
database URL (``postgresql+psycopg://...`` for a shared server).
"""

from __future__ import annotations

import os

from rightslens.store.sql import AddResult, SQLStore, content_hash

DEFAULT_DB = "rightslens.db"

__all__ = ["AddResult", "SQLStore", "content_hash", "default_target", "open_store"]


def default_target() -> str:
    """The store used when none is named: ``$RIGHTSLENS_DB``, else ``./rightslens.db``."""
    return os.environ.get("RIGHTSLENS_DB") or DEFAULT_DB


def open_store(target: str | None = None) -> SQLStore:
    return SQLStore(target or default_target())
