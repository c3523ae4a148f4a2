"""Compare: two reports side by side by topic, with what changed and where each change is cited.

Without a topic the page is an overview (what differs in every topic, without themes:
those need a spaCy pass over both reports); with one it shows that topic and its
subtopics in full, themes included, so a page stays small and quick.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from markupsafe import Markup, escape
from starlette.responses import Response

from rightslens import api
from rightslens.errors import RightslensError
from rightslens.find.compare import (
    Comparison,
    QuoteCitation,
    remembered_comparison,
)
from rightslens.model import DocumentSummary
from rightslens.server.auth import Reader
from rightslens.server.params import checked
from rightslens.store import SQLStore
from rightslens.web.render import render
from rightslens.web.trends import given

router = APIRouter(include_in_schema=False)

THEMES_PER_TOPIC = 8
EXCERPT_WIDTH = 240


def default_pair(store: SQLStore) -> tuple[str, str]:
    """The two latest years of the publisher and country with most stored reports."""
    groups: dict[tuple[str, str | None], list[DocumentSummary]] = defaultdict(list)
    for summary in api.documents(store):
        if summary.year is not None:
            groups[(summary.publisher, summary.country)].append(summary)
    pairs = [sorted(found, key=lambda s: s.year or 0) for found in groups.values()]
    pairs = [found for found in pairs if len(found) >= 2]
    if not pairs:
        raise RightslensError("compare needs two stored reports of one publisher and country")
    best = max(pairs, key=lambda found: (len(found), found[-1].year or 0))
    return best[-2].key, best[-1].key


def compare_query(
    a: str | None = None, b: str | None = None, section: str | None = None
) -> dict[str, str | None]:
    """The comparison the page or its download is asked for: its fields, empty ones None."""
    return {"a": given(a), "b": given(b), "section": given(section)}


CompareQuery = Annotated[dict[str, str | None], Depends(compare_query)]


def comparison_of(store: SQLStore, a: str | None, b: str | None, section: str | None) -> Comparison:
    """What a page or download asks for: themes only for one topic (see the module docstring)."""
    if a is None and b is None:
        a, b = default_pair(store)
    if a is None or b is None:
        raise RightslensError("choose two reports to compare (a and b)")
    first, second = checked("a", store.resolve, a), checked("b", store.resolve, b)
    themes = THEMES_PER_TOPIC if section else 0
    return remembered_comparison(store, first, second, section, max_themes=themes)


def quoted(citation: QuoteCitation) -> Markup:
    """The cited sentence (cut around the quote when long) with the quote marked; every
    piece of report text escaped."""
    sentence = " ".join(citation.sentence.split()) or citation.quote
    cited = " ".join(citation.quote.split())
    at = sentence.find(cited) if cited else -1
    if len(sentence) > EXCERPT_WIDTH:
        start = max(0, min(max(at, 0) - EXCERPT_WIDTH // 2, len(sentence) - EXCERPT_WIDTH))
        cut = sentence[start : start + EXCERPT_WIDTH]
        sentence = (
            ("…" if start else "") + cut + ("…" if start + EXCERPT_WIDTH < len(sentence) else "")
        )
        at = sentence.find(cited) if cited else -1
    if at < 0 or len(cited) == len(sentence):
        return escape(sentence)
    end = at + len(cited)
    return Markup("{}<mark>{}</mark>{}").format(sentence[:at], sentence[at:end], sentence[end:])


def reader_link(summary: DocumentSummary, citation: QuoteCitation, topic: str) -> str:
    """Where the reader shows the cited paragraph."""
    anchor = f"#p{citation.paragraph}" if citation.paragraph else ""
    return f"/reports/{summary.id}?topic={quote(citation.section or topic)}{anchor}"


def _report_choices(store: SQLStore, chosen: list[DocumentSummary]) -> list[tuple[str, str, int]]:
    """(reference, label, id) of the stored reports' latest versions, named by key, plus any
    older version the URL names (by id: its key would mean the latest)."""
    listed = [(s.key, f"{s.key} · {s.title}"[:90], s.id) for s in api.documents(store)]
    known = {report_id for _, _, report_id in listed}
    older = [(str(s.id), f"{s.key} version {s.version}", s.id) for s in chosen if s.id not in known]
    return listed + older


def _topic_choices(store: SQLStore, comparison: Comparison) -> list[tuple[str, str]]:
    """The topics either report has, in report order, with a heading each."""
    headings: dict[str, str] = {}
    for summary in (comparison.a, comparison.b):
        for found in api.sections(store, summary.id):
            headings.setdefault(found.id, found.heading)
    return [(topic_id, f"{topic_id} · {heading}"[:90]) for topic_id, heading in headings.items()]


@router.get("/compare")
def compare_page(request: Request, _user: Reader, asked: CompareQuery) -> Response:
    store = request.app.state.store
    comparison = comparison_of(store, **asked)
    reports = _report_choices(store, [comparison.a, comparison.b])
    reference = {report_id: ref for ref, _, report_id in reports}
    query = {
        "a": reference[comparison.a.id],
        "b": reference[comparison.b.id],
        "section": asked["section"],
    }
    context: dict[str, Any] = {
        "comparison": comparison,
        "warnings": getattr(comparison, "warnings", None) or [],
        "query": query,
        "reports": reports,
        "topics": _topic_choices(store, comparison),
        "counts": comparison.presence_counts(),
        "quiet": comparison.quiet_topics(),
        "quoted": quoted,
        "reader_link": reader_link,
    }
    return render(request, "compare.html", context)
