"""The reader: one report's topic tree beside the text of one topic, facts highlighted.

The text is untrusted: every piece of it is escaped with ``markupsafe.escape`` and
only this module's own tags are added around it. Highlights never overlap (a
person wins over an organization inside it, and so on down ``INLINE_TYPES``);
an event, whose quote is a whole sentence, is underlined around the highlights
it contains, or left out where it would cut one in two.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from markupsafe import Markup, escape
from starlette.responses import Response

from rightslens import api
from rightslens.errors import NotFoundError
from rightslens.ingest.countries import country_name
from rightslens.model import DocumentSummary, EventFact, Fact, Section, StoredDocument
from rightslens.server.auth import Reader
from rightslens.store import SQLStore
from rightslens.store.trends import fact_entities
from rightslens.web.render import render

router = APIRouter(include_in_schema=False)

# Highlighted inline, in order of precedence where quotes overlap.
INLINE_TYPES = ("person", "organization", "place", "date", "figure")
ENTITY_TYPES = ("person", "organization", "place")
HIGHLIGHTED = (*INLINE_TYPES, "event")
# The text before a report's first topic (its title, a preface) as a topic of its own.
FRONT = "_front"
CONTENT_TYPES = {
    "html": "text/html",
    "markdown": "text/markdown",
    "text": "text/plain",
    "pdf": "application/pdf",
}


@dataclass
class TopicNode:
    section: Section
    children: list[TopicNode] = field(default_factory=list)


@dataclass
class Spans:
    """Non-overlapping highlights of one topic: inline facts, and events around them."""

    inline: list[Fact]
    events: list[list[EventFact]]  # events sharing one quote, grouped
    starts: list[int] = field(init=False)
    event_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [f.quote.start for f in self.inline]
        self.event_starts = [group[0].quote.start for group in self.events]


def topics(document: StoredDocument) -> list[Section]:
    """The report's topics, with the text before the first one (if any) as a topic."""
    sections = document.sections
    first = sections[0].start if sections else len(document.text)
    front = [p for p in document.paragraphs if p.end <= first]
    if front:
        return [Section(FRONT, "Opening text", 1, front[0].start, first), *sections]
    return list(sections)


def topic_tree(sections: list[Section]) -> list[TopicNode]:
    """Topics nested by level, in order (a deeper level right after a topic is its child)."""
    roots: list[TopicNode] = []
    open_nodes: list[TopicNode] = []
    for section in sections:
        node = TopicNode(section)
        while open_nodes and open_nodes[-1].section.level >= section.level:
            open_nodes.pop()
        (open_nodes[-1].children if open_nodes else roots).append(node)
        open_nodes.append(node)
    return roots


def choose_spans(facts: list[Fact]) -> Spans:
    """A set of highlights that never overlap, so the HTML built from them stays well formed."""
    ranked = sorted(
        (f for f in facts if f.type in INLINE_TYPES and f.quote.end > f.quote.start),
        key=lambda f: (INLINE_TYPES.index(f.type), f.quote.start - f.quote.end, f.quote.start),
    )
    starts: list[int] = []
    ends: list[int] = []
    inline: list[Fact] = []
    for fact in ranked:
        start, end = fact.quote.start, fact.quote.end
        index = bisect_right(starts, start)
        if (index and ends[index - 1] > start) or (index < len(starts) and starts[index] < end):
            continue
        starts.insert(index, start)
        ends.insert(index, end)
        inline.append(fact)
    inline.sort(key=lambda f: f.quote.start)

    def cuts_a_highlight(offset: int) -> bool:
        index = bisect_left(starts, offset) - 1
        return index >= 0 and starts[index] < offset < ends[index]

    groups: dict[tuple[int, int], list[EventFact]] = {}
    for fact in facts:
        if isinstance(fact, EventFact) and fact.quote.end > fact.quote.start:
            groups.setdefault((fact.quote.start, fact.quote.end), []).append(fact)
    events: list[list[EventFact]] = []
    last_end = -1
    for (start, end), group in sorted(groups.items(), key=lambda item: (item[0][0], -item[0][1])):
        if start >= last_end and not cuts_a_highlight(start) and not cuts_a_highlight(end):
            events.append(group)
            last_end = end
    return Spans(inline, events)


def _mark(fact: Fact, text: str, entities: dict[tuple[str, int, int], int]) -> Markup:
    """One highlight: a link to its entity's page, or else to the fact's own page."""
    words = escape(text[fact.quote.start : fact.quote.end])
    entity = entities.get((fact.type, fact.quote.start, fact.quote.end))
    if entity is not None:
        href, title = f"/entities/{entity}", f"{fact.type}: {getattr(fact, 'name', '')}"
    else:
        href, title = f"/facts/{fact.id}", f"{fact.type}: see the details"
    return Markup(
        '<a class="fact-link" href="{}" data-fact="{}" title="{}">'
        '<mark class="fact fact-{}">{}</mark></a>'
    ).format(href, fact.id, title, fact.type, words)


def _inline(
    text: str, start: int, end: int, spans: Spans, entities: dict[tuple[str, int, int], int]
) -> Markup:
    """``text[start:end]`` escaped, with the inline highlights that lie wholly inside it."""
    parts: list[Markup] = []
    position = start
    for fact in spans.inline[bisect_left(spans.starts, start) :]:
        if fact.quote.start >= end:
            break
        if fact.quote.end > end:
            continue
        parts += [escape(text[position : fact.quote.start]), _mark(fact, text, entities)]
        position = fact.quote.end
    parts.append(escape(text[position:end]))
    return Markup("").join(parts)


def _event_marker(event: EventFact) -> Markup:
    """A small link to an event's details where its underlined sentence begins."""
    label = event.event_type.replace("_", " ")
    return Markup(
        '<a class="event-marker" href="/facts/{}" data-fact="{}" title="event: {}">'
        '<span aria-hidden="true">⚑</span><span class="visually-hidden">event: {}</span></a>'
    ).format(event.id, event.id, label, label)


def highlight(
    text: str, start: int, end: int, spans: Spans, entities: dict[tuple[str, int, int], int]
) -> Markup:
    """One paragraph's text as safe HTML: escaped, with events underlined around highlights."""
    parts: list[Markup] = []
    position = start
    for group in spans.events[bisect_left(spans.event_starts, start) :]:
        event_start, event_end = group[0].quote.start, group[0].quote.end
        if event_start >= end:
            break
        if event_end > end:
            continue
        markers = Markup("").join(_event_marker(event) for event in group)
        parts += [
            _inline(text, position, event_start, spans, entities),
            Markup('<mark class="fact fact-event" data-fact="{}">{}{}</mark>').format(
                group[0].id, markers, _inline(text, event_start, event_end, spans, entities)
            ),
        ]
        position = event_end
    parts.append(_inline(text, position, end, spans, entities))
    return Markup("").join(parts)


def topic_blocks(
    document: StoredDocument, topic: Section, spans: Spans, entities: dict
) -> list[dict]:
    """The topic's subtopic headings and numbered paragraphs, in text order."""
    blocks: list[dict] = [
        {"heading": s.heading, "level": s.level, "id": s.id, "start": s.start}
        for s in document.sections
        if topic.start <= s.start < topic.end and s.heading
    ]
    for number, paragraph in enumerate(document.paragraphs, start=1):
        if topic.start <= paragraph.start and paragraph.end <= topic.end:
            html = highlight(document.text, paragraph.start, paragraph.end, spans, entities)
            blocks.append({"number": number, "html": html, "start": paragraph.start})
    return sorted(blocks, key=lambda block: (block["start"], "number" in block))


def related(
    store: SQLStore, summary: DocumentSummary, topic_id: str, state_query: str = ""
) -> dict[str, list[dict]]:
    """The same topic in the nearest earlier and later reports of this publisher and country,
    and in other publishers' reports on the same country and year."""
    if summary.country is None or summary.year is None:
        return {"previous": [], "next": [], "others": []}
    peers = [
        other
        for other in api.documents(store, country=summary.country)
        if other.year is not None and other.id != summary.id
    ]
    same = [p for p in peers if p.publisher == summary.publisher]
    earlier = max((p for p in same if p.year < summary.year), key=lambda p: p.year, default=None)
    later = min((p for p in same if p.year > summary.year), key=lambda p: p.year, default=None)
    others = [p for p in peers if p.publisher != summary.publisher and p.year == summary.year]

    def link(other: DocumentSummary | None, need_topic: bool) -> list[dict]:
        if other is None:
            return []
        has = topic_id != FRONT and any(s.id == topic_id for s in store.sections(other.id))
        if need_topic and not has:
            return []
        query = "&".join(
            part for part in (f"topic={quote(topic_id)}" if has else "", state_query) if part
        )
        url = f"/reports/{other.id}" + (f"?{query}" if query else "")
        return [{"summary": other, "url": url, "has_topic": has}]

    return {
        "previous": link(earlier, True),
        "next": link(later, True),
        "others": [item for other in others for item in link(other, False)],
    }


@router.get("/reports/{document_id}")
def reader(
    request: Request,
    _user: Reader,
    document_id: int,
    topic: str | None = None,
    show: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    filtered: bool = False,
) -> Response:
    store = request.app.state.store
    document = store.get_document(document_id)
    summary = document.summary
    sections = topics(document)
    if not sections:
        raise NotFoundError(f"{summary.key} has no text to show")
    default = document.sections[0] if document.sections else sections[0]
    chosen = next((s for s in sections if s.id == topic), None) if topic else default
    if chosen is None:
        listed = ", ".join(s.id for s in sections)
        raise NotFoundError(f"{summary.key} has no topic {topic!r} (it has: {listed})")
    shown = [t for t in HIGHLIGHTED if t in show] if filtered else list(HIGHLIGHTED)
    in_topic = store.facts(document_id, within=(chosen.start, chosen.end))
    counts = Counter(fact.type for fact in in_topic)
    spans = choose_spans([fact for fact in in_topic if fact.type in shown])
    entities = {
        (kind, start, end): entity_id
        for kind in ENTITY_TYPES
        if kind in shown
        for (start, end), (entity_id, _name) in fact_entities(store, document_id, kind).items()
    }
    state_query = urlencode({"show": shown, "filtered": 1} if filtered else {}, doseq=True)
    context = {
        "document": summary,
        "country": country_name(summary.country) if summary.country else None,
        "file_name": PurePath(summary.path).name,
        "tree": topic_tree(sections),
        "topic": chosen,
        "blocks": topic_blocks(document, chosen, spans, entities),
        "legend": [(kind, counts.get(kind, 0), kind in shown) for kind in HIGHLIGHTED],
        "related": related(store, summary, chosen.id, state_query),
        "state_query": state_query,
    }
    return render(request, "reader.html", context)


@router.get("/reports/{document_id}/original")
def original(request: Request, _user: Reader, document_id: int) -> Response:
    """The file as it was ingested, byte for byte, as a download (never shown inline)."""
    store = request.app.state.store
    document = store.get_document(document_id)
    data = store.source_data(document.source_hash)
    name = PurePath(document.summary.path).name or f"report-{document_id}"
    gzipped = data[:2] == b"\x1f\x8b"
    media = "application/gzip" if gzipped else CONTENT_TYPES.get(document.summary.format)
    return Response(
        data,
        media_type=media or "application/octet-stream",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
        },
    )
