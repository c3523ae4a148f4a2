"""Citations: where an offset of a report's clean text stands (topic heading, paragraph)."""

from __future__ import annotations

import bisect
from typing import Any

from rightslens import api
from rightslens.model import Fact, Section, StoredDocument


class Citer:
    """Cites offsets of one stored report, so every fact shown can be found again."""

    def __init__(self, document: StoredDocument) -> None:
        self.summary = document.summary
        self.text = document.text
        self.sections = document.sections
        self.paragraphs = document.paragraphs
        self._paragraph_starts = [p.start for p in document.paragraphs]

    def paragraph(self, offset: int) -> int | None:
        """1-based number of the paragraph holding ``offset``, None between paragraphs."""
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return index + 1
        return None

    def innermost(self, offset: int) -> Section | None:
        """The deepest topic whose span holds ``offset``."""
        around = [s for s in self.sections if s.start <= offset < s.end]
        return max(around, key=lambda s: s.level, default=None)

    def __call__(self, offset: int) -> dict[str, Any]:
        summary = self.summary
        topic = self.innermost(offset)
        return {
            "document": summary.key,
            "publisher": summary.publisher,
            "country": summary.country,
            "year": summary.year,
            "section": topic.id if topic else None,
            "heading": topic.heading if topic else None,
            "paragraph": self.paragraph(offset),
        }

    def fact_record(self, fact: Fact) -> dict[str, Any]:
        """``api.fact_record`` plus the citation; quotes are cut from the report's own text."""
        record = api.fact_record(fact)
        start, end = fact.quote.start, fact.quote.end
        sentence = fact.sentence
        record["text"] = self.text[start:end]
        record["sentence"] = {
            "start": sentence.start,
            "end": sentence.end,
            "text": self.text[sentence.start : sentence.end],
        }
        record["cite"] = self(start)
        return record
