"""Facts as records that cite where they stand: report, topic heading, paragraph number."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rightslens import api
from rightslens.errors import NotFoundError
from rightslens.find.export import Locator
from rightslens.model import Fact, Mention, StoredDocument
from rightslens.store import SQLStore


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


def with_citers(
    store: SQLStore, mentions: Iterable[Mention]
) -> Iterator[tuple[Mention, Citer | None]]:
    """Each mention with a citer of its report, each report read once; None for a report
    whose country or year is unknown (it has no key to cite)."""
    citers: dict[str, Citer | None] = {}
    for mention in mentions:
        if mention.document not in citers:
            try:
                citers[mention.document] = Citer(store.get_document(mention.document))
            except NotFoundError:
                citers[mention.document] = None
        yield mention, citers[mention.document]
