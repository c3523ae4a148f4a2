"""The one data model shared by every stage: sources, mapped text, blocks, documents.

Evidence first: every character of clean text keeps the offset of the character
of the source text it came from (``MappedText``), the way spaCy's ``Doc.text``
never changes and every annotation is a character span. A *source text* is the
decoded file for text formats (HTML, Markdown, plain text) and the text layer
extracted page by page for PDF (``Source.page_starts`` tells the page).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

SourceFormat = Literal["html", "markdown", "text", "pdf"]
BlockKind = Literal["heading", "paragraph"]


@dataclass(frozen=True)
class Source:
    """A file as read: its original bytes and the text every offset points into."""

    path: str
    data: bytes
    format: SourceFormat
    text: str
    encoding: str
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()

    def page_of(self, offset: int) -> int | None:
        """1-based page number of a source-text offset (None for non-paged formats)."""
        if not self.page_starts:
            return None
        lo, hi = 0, len(self.page_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.page_starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return max(lo, 1)


class MappedText:
    """A string whose every character remembers its offset in the source text.

    Cleaning is a chain of edits on a ``MappedText``; whatever text comes out,
    ``offsets[i]`` is where character ``i`` stood in the source. Inserted
    characters (a space that joins two wrapped lines, a paragraph break) take
    the offset of the source character they replace or follow.
    """

    __slots__ = ("text", "offsets")

    def __init__(self, text: str, offsets: array) -> None:
        if len(text) != len(offsets):
            raise ValueError(f"text has {len(text)} characters but {len(offsets)} offsets")
        self.text = text
        self.offsets = offsets

    @classmethod
    def from_source(cls, text: str, start: int = 0, end: int | None = None) -> MappedText:
        """The slice ``text[start:end]`` of a source text, mapped onto itself."""
        end = len(text) if end is None else end
        return cls(text[start:end], array("q", range(start, end)))

    @classmethod
    def literal(cls, text: str, at: int) -> MappedText:
        """Text that is not in the source, every character mapped to offset ``at``."""
        return cls(text, array("q", [at]) * len(text))

    @classmethod
    def concat(cls, parts: Iterable[MappedText]) -> MappedText:
        texts: list[str] = []
        offsets = array("q")
        for part in parts:
            texts.append(part.text)
            offsets.extend(part.offsets)
        return cls("".join(texts), offsets)

    @classmethod
    def join(cls, separator: str, parts: Sequence[MappedText]) -> MappedText:
        """Join parts with a separator mapped to the end of the part before it."""
        pieces: list[MappedText] = []
        for i, part in enumerate(parts):
            if i:
                before = parts[i - 1]
                at = (
                    before.offsets[-1] + 1 if len(before) else (part.offsets[0] if len(part) else 0)
                )
                pieces.append(cls.literal(separator, at))
            pieces.append(part)
        return cls.concat(pieces)

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, key: slice) -> MappedText:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("MappedText supports only contiguous slices")
        return MappedText(self.text[key], self.offsets[key])

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(self.text + other.text, self.offsets + other.offsets)

    def __repr__(self) -> str:
        head = self.text[:40] + ("..." if len(self.text) > 40 else "")
        return f"MappedText({head!r}, {len(self)} chars)"

    def sub(
        self,
        pattern: str | re.Pattern[str],
        repl: str | Callable[[re.Match[str]], str],
        flags: int = 0,
    ) -> MappedText:
        """``re.sub`` that keeps the mapping; replacement text maps to the match start.

        ``repl`` is literal text (no group references) or a function of the match.
        Where the replacement is a prefix of the match (for example a trimmed
        match), those characters keep their own offsets.
        """
        regex = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        parts: list[MappedText] = []
        last = 0
        for match in regex.finditer(self.text):
            start, end = match.span()
            replacement = repl(match) if callable(repl) else repl
            parts.append(self[last:start])
            if replacement == match.group(0)[: len(replacement)]:
                parts.append(self[start : start + len(replacement)])
            else:
                at = self.offsets[start] if start < len(self) else self._end_offset()
                parts.append(MappedText.literal(replacement, at))
            last = end
        if not parts:
            return self
        parts.append(self[last:])
        return MappedText.concat(parts)

    def keep_group(self, pattern: str | re.Pattern[str], group: int) -> MappedText:
        """Replace each match by one of its groups, whose characters keep their own offsets
        (markup around words: ``*Title*`` -> ``Title``)."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        parts: list[MappedText] = []
        last = 0
        for match in regex.finditer(self.text):
            parts.append(self[last : match.start()])
            parts.append(self[match.start(group) : match.end(group)])
            last = match.end()
        if not parts:
            return self
        parts.append(self[last:])
        return MappedText.concat(parts)

    def strip(self) -> MappedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self[left:right] if right > left else self[0:0]

    def split(self, pattern: str | re.Pattern[str]) -> list[MappedText]:
        """Split on a regex, like ``re.split`` without captured groups."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        pieces: list[MappedText] = []
        last = 0
        for match in regex.finditer(self.text):
            pieces.append(self[last : match.start()])
            last = match.end()
        pieces.append(self[last:])
        return pieces

    def _end_offset(self) -> int:
        return self.offsets[-1] + 1 if len(self) else 0


@dataclass
class Block:
    """One paragraph or heading of body text, in reading order.

    Readers mark what the markup says is a heading (``<h3>``, ``## ``, a bold
    line); for plain text they mark likely headings, and the segmenter decides.
    ``level`` is the markup's heading level when it has one (1 = top).
    """

    text: MappedText
    kind: BlockKind = "paragraph"
    level: int | None = None


@dataclass
class Section:
    """One topic of a report: a taxonomy id and the heading as it reads.

    ``start``/``end`` are offsets into the clean text; ``start`` is where the
    heading begins, ``end`` where the next topic of the same or a higher level
    begins, so a parent's span holds its children.
    """

    id: str
    heading: str
    level: int
    start: int
    end: int


@dataclass
class Paragraph:
    """A paragraph of clean text, with its run-in label ("Pretrial Detention:")."""

    start: int
    end: int
    section: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class SectionMark:
    """The block at index ``block`` opens topic ``id`` (a taxonomy id).

    ``heading`` is the heading as it reads (whitespace collapsed; "" for an
    untitled opening, such as a Human Rights Watch chapter's summary).
    ``level`` is the topic's depth in the taxonomy (1 for ``s1``, 2 for
    ``s1.torture``, 3 for ``s1.torture.prisons``; ``exec`` and ``intl`` are 1).
    """

    block: int
    id: str
    heading: str
    level: int


@dataclass
class Segmentation:
    """What the segmenter found: topic openings in order, and run-in paragraph labels."""

    marks: list[SectionMark] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)


@dataclass
class ReportMeta:
    """Who published a report, on which country, covering which year."""

    publisher: str = "unknown"
    country: str | None = None
    year: int | None = None
    title: str = ""


@dataclass
class Document:
    """One report, cleaned and segmented: what the store keeps and every later stage reads."""

    meta: ReportMeta
    source: Source
    text: str
    offsets: array
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # The version number to keep, for a report imported from another store's export;
    # the store still never reuses or lowers a number.
    version: int | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())

    def source_position(self, offset: int) -> tuple[int, int | None]:
        """Where clean-text ``offset`` came from: (source-text offset, PDF page or None)."""
        source_offset = self.offsets[offset]
        return source_offset, self.source.page_of(source_offset)


@dataclass(frozen=True)
class DocumentSummary:
    """One stored report as listed: enough to pick it, without its text."""

    id: int
    publisher: str
    country: str | None
    year: int | None
    version: int
    title: str
    format: str
    path: str
    sections: int
    words: int
    warnings: tuple[str, ...]

    @property
    def key(self) -> str:
        """The reference users type: ``PUBLISHER/COUNTRY/YEAR``."""
        return f"{self.publisher}/{self.country or '-'}/{self.year or '-'}"


@dataclass(frozen=True)
class StoredDocument:
    """A stored report with its clean text, topics and paragraphs, as read back."""

    summary: DocumentSummary
    text: str
    offsets: array
    sections: list[Section]
    paragraphs: list[Paragraph]
    source_hash: str
    page_starts: tuple[int, ...] = ()


FactType = Literal["person", "organization", "place", "date", "figure", "event", "source", "law"]

# Who publishes the reports rightslens reads ("unknown" when none is recognized).
PUBLISHERS = ("usdos", "hrw", "amnesty", "unknown")

# The kinds of concrete incident an event fact records.
EVENT_TYPES = (
    "killing",
    "death_in_custody",
    "torture_or_ill_treatment",
    "disappearance",
    "arrest_or_detention",
    "conviction_or_sentence",
    "release_or_acquittal",
    "attack_on_journalist_or_activist",
    "blocking_or_censorship",
    "fine",
    "raid_or_search",
    "travel_ban",
    "deportation_or_extradition",
    "registration_denied_or_banned",
    "protest_dispersed",
    "official_prosecuted",
)


@dataclass(frozen=True)
class Quote:
    """A span of a document's clean text: ``text == document_text[start:end]``, always."""

    start: int
    end: int
    text: str


ReviewStatus = Literal["confirmed", "corrected", "rejected"]
REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("confirmed", "corrected", "rejected")
ROLES = ("reader", "editor", "admin")
Role = Literal["reader", "editor", "admin"]


@dataclass(frozen=True)
class Review:
    """An editor's verdict on one fact, kept with who gave it and when.

    A review names its fact by report, type and offsets, not by row id, so it
    outlives re-extraction: the facts read back from the store carry it, a
    ``corrected`` fact with ``changes`` applied over what was extracted, a
    ``rejected`` one left out of exports and counts.
    """

    status: ReviewStatus
    reviewer: str
    at: str
    changes: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class User:
    """Someone who may log in: ``reader`` browses, ``editor`` uploads and reviews, ``admin``
    manages users."""

    id: int
    name: str
    role: Role
    created_at: str

    def can(self, role: Role) -> bool:
        """Whether this user has ``role`` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass
class Fact:
    """One extracted fact, tied to the exact words that support it.

    ``quote`` is the words themselves, ``sentence`` the whole sentence around
    them; both are offsets into the clean text of the report. ``method`` names
    the rule or model that produced the fact, ``confidence`` is 0-1.
    Subclasses add the fields of each fact type.
    """

    quote: Quote
    sentence: Quote
    section: str | None
    confidence: float
    method: str
    # Set by the store: the fact's row id, and the editor's verdict on it when there is one.
    id: int | None = field(default=None, compare=False, kw_only=True)
    review: Review | None = field(default=None, compare=False, kw_only=True)

    type: FactType = field(init=False, default="person")

    @property
    def text(self) -> str:
        return self.quote.text


@dataclass
class PersonFact(Fact):
    name: str = ""
    roles: list[str] = field(default_factory=list)
    type: FactType = field(init=False, default="person")


@dataclass
class OrganizationFact(Fact):
    name: str = ""
    kind: str = "other"
    type: FactType = field(init=False, default="organization")


@dataclass
class PlaceFact(Fact):
    name: str = ""
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    type: FactType = field(init=False, default="place")


@dataclass
class DateFact(Fact):
    value: str = ""
    type: FactType = field(init=False, default="date")


@dataclass
class FigureFact(Fact):
    value: float = 0.0
    unit: str = ""
    counts: str = ""
    qualifier: str | None = None
    type: FactType = field(init=False, default="figure")


@dataclass
class EventFact(Fact):
    """One incident: an act against its victims (one or several), as the report tells it.

    ``status`` is how the report holds it ("reported", or "alleged" where someone is said
    to say so); ``modifiers`` are the incident filter's cues that reached it
    (``category:words``, extract/data/incident_filter.toml)."""

    event_type: str = ""
    victims: list[str] = field(default_factory=list)
    perpetrators: list[str] = field(default_factory=list)
    date: str | None = None
    place: str | None = None
    figures: list[str] = field(default_factory=list)
    status: str = "reported"
    modifiers: list[str] = field(default_factory=list)
    type: FactType = field(init=False, default="event")


@dataclass
class SourceFact(Fact):
    name: str = ""
    kind: str = "other"
    type: FactType = field(init=False, default="source")


@dataclass
class LawFact(Fact):
    name: str = ""
    type: FactType = field(init=False, default="law")


FACT_CLASSES: dict[str, type[Fact]] = {
    cls.__dataclass_fields__["type"].default: cls
    for cls in (
        PersonFact,
        OrganizationFact,
        PlaceFact,
        DateFact,
        FigureFact,
        EventFact,
        SourceFact,
        LawFact,
    )
}


@dataclass(frozen=True)
class EntitySummary:
    """One real person, organization or place across every stored report."""

    id: int
    type: str
    name: str
    variants: tuple[str, ...]
    mentions: int
    reports: int
    years: tuple[int, ...]
    # ISO alpha-2 code of the country it belongs to (a place, a national institution).
    country: str | None = None


@dataclass(frozen=True)
class Mention:
    """One mention of an entity: where it is, the sentence, and the events of that sentence."""

    document: str
    year: int | None
    section: str | None
    fact: Fact
    events: tuple[EventFact, ...] = ()


@dataclass(frozen=True)
class Citation:
    """Where a quote is: report, topic and heading, paragraph number (1-based), offsets."""

    document: str
    publisher: str
    country: str | None
    year: int | None
    section: str | None
    heading: str | None
    paragraph: int | None
    start: int
    end: int

    def __str__(self) -> str:
        parts = [self.document]
        if self.heading:
            parts.append(f"“{self.heading}”")
        if self.section:
            parts.append(self.section)
        if self.paragraph:
            parts.append(f"¶ {self.paragraph}")
        parts.append(f"chars {self.start}–{self.end}")
        return ", ".join(parts)

    @property
    def short(self) -> str:
        """Report and paragraph: enough to find the passage in the brief."""
        return f"{self.document} ¶ {self.paragraph}" if self.paragraph else self.document
