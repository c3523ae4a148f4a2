"""Country-of-origin briefs: one topic in one country, year by year, every quote cited.

A brief gathers, from every stored report on the country in the years asked
(each publisher, latest versions), the paragraphs on the topic, the events
reported in them and the persons they name. A topic is a taxonomy id
(``s2.expression``: the paragraphs of that topic and its subtopics) or free
text (the paragraphs full-text search, ``rightslens.find.search``, ranks
best for it). Every passage is the report's clean text cut at its
paragraph's offsets, so it is an exact
substring of what ``rightslens text DOC`` prints, and carries its citation:
publisher, country, year, topic heading, paragraph number and offsets.

Rendered as Markdown, HTML (Jinja2 with autoescape: report text is untrusted)
or DOCX (python-docx).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from rightslens.errors import RightslensError
from rightslens.find.export import Locator
from rightslens.ingest.countries import country_code, country_name
from rightslens.model import (
    Citation,
    DocumentSummary,
    EventFact,
    Paragraph,
    PersonFact,
    StoredDocument,
)
from rightslens.segment.topics import topic_tree
from rightslens.store import bulk
from rightslens.store.sql import SQLStore

BriefFormat = Literal["md", "html", "docx"]
BRIEF_FORMATS: tuple[str, ...] = ("md", "html", "docx")
_TOPIC_ID = re.compile(r"^[a-z][a-z0-9]*(?:\.[a-z0-9-]+)*$")
TEMPLATES = Path(__file__).parent / "templates"
# How many paragraphs a free-text topic may bring in, best ranked first.
SEARCH_LIMIT = 200
# "a. ", "Section 2. ", "IV. ": the letter or number a heading opens with.
_ENUMERATOR = re.compile(r"^(?:section\s+)?(?:[a-z]|\d+|[ivxl]+)[.)]\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    """A paragraph quoted whole; ``text`` is the report's clean text at the citation."""

    text: str
    citation: Citation
    label: str | None = None


@dataclass(frozen=True)
class BriefEvent:
    date: str | None
    event_type: str
    victims: tuple[str, ...]
    perpetrators: tuple[str, ...]
    place: str | None
    quote: str
    citation: Citation


@dataclass
class BriefPerson:
    """A person named in the passages: roles the reports give, years, where."""

    name: str
    roles: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class BriefYear:
    """One year: the reports covering it, those silent on the topic, passages, events."""

    year: int
    reports: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    events: list[BriefEvent] = field(default_factory=list)


@dataclass
class Brief:
    country: str
    country_name: str
    topic: str
    topic_title: str
    method: str
    years: tuple[int, int]
    created: str
    chapters: list[BriefYear] = field(default_factory=list)
    persons: list[BriefPerson] = field(default_factory=list)

    @property
    def passages(self) -> list[Passage]:
        return [p for chapter in self.chapters for p in chapter.passages]


def build_brief(
    store: SQLStore,
    country: str,
    topic: str,
    years: tuple[int, int],
    publishers: tuple[str, ...] = (),
) -> Brief:
    """Gather the brief from the store (see the module docstring)."""
    code = country_code(country)
    topic = topic.strip()
    if not topic:
        raise RightslensError("name a topic: a taxonomy id such as s2.expression, or words")
    tree = topic_tree()
    is_id = topic in tree.topics
    if not is_id and _TOPIC_ID.match(topic) and "." in topic:
        raise RightslensError(f"unknown taxonomy id {topic!r} (see docs/taxonomy.md)")
    low, high = years
    reports = [
        d
        for d in store.list_documents()
        if d.country == code
        and d.year is not None
        and low <= d.year <= high
        and (not publishers or d.publisher in publishers)
    ]
    if not reports:
        raise RightslensError(f"no stored report on {code} for {low}-{high} (see `documents`)")
    method, matcher = (
        ("the taxonomy topic and its subtopics", None)
        if is_id
        else _search_matcher(store, topic, reports, code, years)
    )
    brief = Brief(
        country=code,
        country_name=country_name(code),
        topic=topic,
        topic_title=topic,
        method=method,
        years=(low, high),
        created=date.today().isoformat(),
    )
    headings: Counter[str] = Counter()
    persons: dict[str, BriefPerson] = {}
    chapters: dict[int, BriefYear] = {}
    for summary in sorted(reports, key=lambda d: (d.year, d.publisher)):
        document = store.get_document(summary.id)
        chapter = chapters.setdefault(summary.year, BriefYear(summary.year))
        chapter.reports.append(summary.key)
        chosen = [
            p
            for p in document.paragraphs
            if (matcher(document, p) if matcher else _in_topic(p.section, topic))
        ]
        if not chosen:
            chapter.silent.append(summary.key)
            continue
        locator = Locator(document)
        for paragraph in chosen:
            citation = _cite(document, locator, paragraph.start, paragraph.end)
            chapter.passages.append(
                Passage(document.text[paragraph.start : paragraph.end], citation, paragraph.label)
            )
            if citation.heading and is_id and paragraph.section == topic:
                headings[citation.heading] += 1
        _add_facts(store, document, locator, chosen, chapter, persons)
    if headings:
        brief.topic_title = _ENUMERATOR.sub("", headings.most_common(1)[0][0]) or topic
    brief.chapters = [chapters[year] for year in sorted(chapters)]
    brief.persons = sorted(
        persons.values(), key=lambda p: (-len({c.short for c in p.citations}), p.name)
    )
    return brief


def _in_topic(section: str | None, topic: str) -> bool:
    """Whether a paragraph's topic is the one asked or under it in the taxonomy tree."""
    tree = topic_tree()
    while section is not None:
        if section == topic:
            return True
        section = tree.topics[section].parent if section in tree.topics else None
    return False


Matcher = Callable[[StoredDocument, Paragraph], bool]


def _search_matcher(
    store: SQLStore, query: str, reports: list[DocumentSummary], code: str, years: tuple[int, int]
) -> tuple[str, Matcher]:
    """How a free-text topic selects paragraphs, said in words, and the test itself."""
    from rightslens.find.search import SearchFilters, search

    hits = search(store, query, SearchFilters(country=code, years=years), limit=SEARCH_LIMIT)
    chosen = {d.id for d in reports}
    found = {(hit.document_id, hit.start) for hit in hits if hit.document_id in chosen}

    def found_by_search(document: StoredDocument, paragraph: Paragraph) -> bool:
        return (document.summary.id, paragraph.start) in found

    return f"full-text search, at most the {SEARCH_LIMIT} best-ranked paragraphs", found_by_search


def _cite(document: StoredDocument, locator: Locator, start: int, end: int) -> Citation:
    summary = document.summary
    section = locator.section(start)
    return Citation(
        document=summary.key,
        publisher=summary.publisher,
        country=summary.country,
        year=summary.year,
        section=section.id if section else None,
        heading=section.heading if section else None,
        paragraph=locator.paragraph(start),
        start=start,
        end=end,
    )


def _add_facts(
    store: SQLStore,
    document: StoredDocument,
    locator: Locator,
    chosen: list[Paragraph],
    chapter: BriefYear,
    persons: dict[str, BriefPerson],
) -> None:
    """The events and persons of the chosen paragraphs."""
    spans = [(p.start, p.end) for p in chosen]
    year = document.summary.year
    for fact, entity in bulk.document_facts(
        store, document.summary.id, document.text, ("event", "person")
    ):
        if not any(start <= fact.quote.start < end for start, end in spans):
            continue
        citation = _cite(document, locator, fact.quote.start, fact.quote.end)
        if isinstance(fact, EventFact):
            chapter.events.append(
                BriefEvent(
                    fact.date,
                    fact.event_type,
                    tuple(fact.victims),
                    tuple(fact.perpetrators),
                    fact.place,
                    fact.quote.text,
                    citation,
                )
            )
        elif isinstance(fact, PersonFact):
            person = persons.setdefault(entity or fact.name, BriefPerson(entity or fact.name))
            person.roles.extend(r for r in fact.roles if r not in person.roles)
            if year is not None and year not in person.years:
                person.years.append(year)
                person.years.sort()
            person.citations.append(citation)


# -- rendering ---------------------------------------------------------------------

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MARKDOWN_LINE_START = re.compile(r"^(#|[-+](?=\s)|\d+[.)](?=\s))")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def markdown_escape(text: str) -> str:
    """Report text as literal Markdown: what could mark up (emphasis, links, HTML, table
    bars, a heading or list at the start) is backslash-escaped; the rest stays readable."""
    escaped = _MARKDOWN_ENTITY.sub(r"\\&", _MARKDOWN_INLINE.sub(r"\\\1", text))
    return _MARKDOWN_LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], escaped)


def render(brief: Brief, fmt: Literal["md", "html"]) -> str:
    """The brief as Markdown or HTML text."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["md"] = lambda value: markdown_escape(str(value))
    environment.globals.update(
        preface=_preface,
        chapter_note=_chapter_note,
        event_cells=_event_cells,
        person_cells=_person_cells,
    )
    return environment.get_template(f"brief.{fmt}.j2").render(brief=brief)


def write_brief(brief: Brief, path: str | Path, fmt: str) -> None:
    """Write the brief as Markdown, HTML or DOCX."""
    if fmt == "docx":
        write_docx(brief, path)
    elif fmt in ("md", "html"):
        Path(path).write_text(render(brief, fmt), encoding="utf-8")  # type: ignore[arg-type]
    else:
        raise RightslensError(f"unknown brief format {fmt!r}: use md, html or docx")


# Characters XML 1.0 cannot hold; a PDF's text layer may carry them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_docx(brief: Brief, path: str | Path) -> None:
    """The brief as a Word document: quotes in the Quote style, events and persons as tables."""
    try:
        import docx
    except ImportError as error:
        raise RightslensError("DOCX needs python-docx: pip install 'rightslens[docx]'") from error

    def clean(text: str) -> str:
        return _NOT_XML.sub("\ufffd", text)

    document = docx.Document()
    low, high = brief.years
    document.add_heading(clean(f"{brief.topic_title} in {brief.country_name}, {low}–{high}"), 0)
    document.add_paragraph(clean(_preface(brief)))
    for chapter in brief.chapters:
        document.add_heading(str(chapter.year), 1)
        document.add_paragraph(clean(_chapter_note(chapter)))
        for passage in chapter.passages:
            document.add_paragraph(clean(passage.text), style="Quote")
            cite = document.add_paragraph()
            cite.add_run(clean(f"— {passage.citation}")).italic = True
        if chapter.events:
            document.add_heading(f"Events reported in {chapter.year}", 2)
            _docx_table(
                document,
                ("Date", "Type", "Victims", "Perpetrators", "Place", "Source"),
                [_event_cells(event) for event in chapter.events],
                clean,
            )
    if brief.persons:
        document.add_heading("Persons involved", 1)
        _docx_table(
            document,
            ("Name", "Roles", "Years", "Cited in"),
            [_person_cells(person) for person in brief.persons],
            clean,
        )
    document.save(str(path))


def _docx_table(document, header: tuple[str, ...], rows: list[tuple[str, ...]], clean) -> None:
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = clean(value)


def _preface(brief: Brief) -> str:
    reports = sum(len(chapter.reports) for chapter in brief.chapters)
    return (
        f"Made by rightslens on {brief.created} from {reports} stored reports. "
        f"Topic: {brief.topic} ({brief.method}). Every quote is the report's own text; "
        "the citation after it names the report (PUBLISHER/COUNTRY/YEAR), the topic heading, "
        "the paragraph number and the character offsets in `rightslens text REPORT`."
    )


def _chapter_note(chapter: BriefYear) -> str:
    note = f"Reports: {', '.join(chapter.reports)}."
    if chapter.silent:
        note += f" Nothing on this topic in: {', '.join(chapter.silent)}."
    return note


def _event_cells(event: BriefEvent) -> tuple[str, ...]:
    return (
        event.date or "–",
        event.event_type.replace("_", " "),
        "; ".join(event.victims) or "–",
        "; ".join(event.perpetrators) or "–",
        event.place or "–",
        event.citation.short,
    )


def _person_cells(person: BriefPerson) -> tuple[str, ...]:
    cited = list(dict.fromkeys(c.short for c in person.citations))
    return (
        person.name,
        "; ".join(person.roles) or "–",
        ", ".join(map(str, person.years)),
        "; ".join(cited),
    )
