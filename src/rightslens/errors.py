"""Errors a user sees: each names the file and the problem in one line."""

from __future__ import annotations


class RightslensError(Exception):
    """Base class for every error rightslens raises on purpose."""


class IngestError(RightslensError):
    """A file could not be ingested; nothing of it was stored."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotFoundError(RightslensError):
    """A document, section or other item asked for is not in the store."""
