"""Facts as records that cite where they stand: report, topic heading, paragraph number."""

from __future__ import annotations

from typing import Any

from rightslens import api
from rightslens.find.export import Locator
from rightslens.model import Fact, StoredDocument


class Citer:
    """Cites offsets of one stored report, so every fact shown can be found again."""

    def __init__(self, document: StoredDocument) -> None:
        self.summary = document.summary
        self.locator = Locator(document)

    def __call__(self, offset: int) -> dict[str, Any]:
        summary = self.summary
        topic = self.locator.section(offset)
        return {
            "document": summary.key,
            "publisher": summary.publisher,
            "country": summary.country,
            "year": summary.year,
            "section": topic.id if topic else None,
            "heading": topic.heading if topic else None,
            "paragraph": self.locator.paragraph(offset),
        }

    def fact_record(self, fact: Fact) -> dict[str, Any]:
        """``api.fact_record`` plus where the fact stands."""
        return {**api.fact_record(fact), "cite": self(fact.quote.start)}
