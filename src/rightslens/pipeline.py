"""The per-report pipeline, a pure function of a file's bytes.

``process`` runs the stages in order and touches no database, so a
distributed engine (Dask) can map it over a whole corpus:

1. read     ``ingest.read.read_source``: gunzip, refuse bad files, decode, sniff the format
2. clean    ``clean.clean``: body-text blocks with offsets into the source text
3. detect   ``ingest.detect.detect_meta``: publisher, country, covered year, title
4. split    ``clean.entries.split_entries``: one report per country entry
5. segment  ``segment.segment``: topic headings onto the taxonomy, run-in labels
6. assemble ``assemble``: one clean text, sections and paragraphs as offsets into it
7. extract  ``extract.extract_facts``: facts, each with the words that support it
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from rightslens.clean import clean
from rightslens.clean.entries import split_entries
from rightslens.errors import RightslensError
from rightslens.extract import extract_facts
from rightslens.ingest.countries import is_country_code
from rightslens.ingest.detect import detect_meta
from rightslens.ingest.read import DEFAULT_MAX_BYTES, read_source
from rightslens.model import (
    PUBLISHERS,
    Block,
    Document,
    MappedText,
    Paragraph,
    ReportMeta,
    Section,
    Segmentation,
    Source,
)
from rightslens.segment import segment

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Overrides:
    """What the user says about a report, which wins over what detection finds."""

    publisher: str | None = None
    country: str | None = None
    year: int | None = None

    def __post_init__(self) -> None:
        if self.publisher is not None and self.publisher not in PUBLISHERS:
            raise RightslensError(
                f"unknown publisher {self.publisher!r}: use one of {', '.join(PUBLISHERS)}"
            )
        if self.country is not None:
            code = self.country.upper()
            if not is_country_code(code):
                raise RightslensError(
                    f"unknown country {self.country!r}: use an ISO 3166-1 alpha-2 code (KZ, IN)"
                )
        if self.year is not None and not 1900 <= self.year <= date.today().year + 1:
            raise RightslensError(f"year {self.year} is not a year a report could cover")

    def apply(self, meta: ReportMeta) -> ReportMeta:
        return replace(
            meta,
            publisher=self.publisher or meta.publisher,
            country=(self.country or meta.country or "").upper() or None,
            year=self.year or meta.year,
        )


def process(
    path: str,
    data: bytes,
    overrides: Overrides | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extract: bool = True,
) -> list[Document]:
    """Every report held in one file, cleaned, segmented and (unless told not to) with
    its facts extracted; raises ``IngestError``."""
    overrides = overrides or Overrides()
    source = read_source(path, data, max_bytes)
    blocks = clean(source)
    meta = overrides.apply(detect_meta(source, blocks))
    documents = []
    entries = split_entries(blocks, meta)
    # A file of several countries' entries keeps each entry's own country.
    entry_overrides = overrides if len(entries) == 1 else replace(overrides, country=None)
    for entry in entries:
        entry_meta = entry_overrides.apply(entry.meta)
        segmentation = segment(entry.blocks, entry_meta)
        document = assemble(source, entry_meta, entry.blocks, segmentation)
        document.warnings[:0] = [*source.warnings, *entry.warnings]
        if extract:
            document.facts = extract_facts(
                document.text, document.paragraphs, entry_meta.year, entry_meta.country
            )
        documents.append(document)
    return documents


def assemble(
    source: Source, meta: ReportMeta, blocks: list[Block], segmentation: Segmentation
) -> Document:
    """Join blocks into one clean text and turn topic openings into section spans."""
    starts: list[int] = []
    position = 0
    for block in blocks:
        starts.append(position)
        position += len(block.text) + len(PARAGRAPH_BREAK)
    text = MappedText.join(PARAGRAPH_BREAK, [block.text for block in blocks])
    block_end = [start + len(block.text) for start, block in zip(starts, blocks, strict=True)]

    sections: list[Section] = []
    opened = {mark.block: mark for mark in segmentation.marks}
    for index, mark in enumerate(segmentation.marks):
        end = len(text)
        for later in segmentation.marks[index + 1 :]:
            if later.level <= mark.level:
                end = starts[later.block]
                break
        end = _trim_break(text.text, starts[mark.block], end)
        sections.append(Section(mark.id, mark.heading, mark.level, starts[mark.block], end))

    paragraphs: list[Paragraph] = []
    current: str | None = None
    for index in range(len(blocks)):
        if index in opened:
            current = opened[index].id
            if opened[index].heading:
                continue
        paragraphs.append(
            Paragraph(
                start=starts[index],
                end=block_end[index],
                section=current,
                label=segmentation.labels.get(index),
            )
        )

    warnings = []
    if not sections:
        warnings.append("no report sections found: this may not be a human rights report")
    if meta.country is None:
        warnings.append("country not detected (use --country)")
    if meta.year is None:
        warnings.append("covered year not detected (use --year)")
    return Document(
        meta=meta,
        source=source,
        text=text.text,
        offsets=text.offsets,
        sections=sections,
        paragraphs=paragraphs,
        warnings=warnings,
    )


def _trim_break(text: str, start: int, end: int) -> int:
    """A section ends before the paragraph break that separates it from the next one."""
    while end > start and text[end - 1] == "\n":
        end -= 1
    return end
