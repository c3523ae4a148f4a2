"""The search page: the CLI's ``rightslens search`` with its filters as form controls, and
its results as cited passages (matched words marked) or as a CSV / JSON Lines download."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from markupsafe import Markup, escape
from starlette.responses import Response

from rightslens import api
from rightslens.errors import RightslensError
from rightslens.find import semantic as meaning
from rightslens.find.query import Node, Not, Or, Phrase, Term, parse
from rightslens.ingest.countries import country_name
from rightslens.model import EVENT_TYPES
from rightslens.segment.topics import topic_descriptions
from rightslens.server.auth import Reader
from rightslens.store import SQLStore
from rightslens.web.files import file_name, send_file
from rightslens.web.render import render

router = APIRouter(include_in_schema=False)

PAGE_SIZES = (10, 20, 50, 100)
# Passages counted, paged through and downloaded at most (the REST API's largest page).
MOST_RESULTS = 1000
HIT_FIELDS = [f.name for f in dataclasses.fields(api.SearchHit)]


def marked(text: str, spans: Iterable[tuple[int, int]], css_class: str | None = None) -> Markup:
    """``text`` escaped, with each ``(start, end)`` span inside ``<mark>``: report text is
    untrusted, so every piece of it is escaped and only our own tags are added."""
    opening = Markup('<mark class="{}">').format(css_class) if css_class else Markup("<mark>")
    pieces: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        pieces += [escape(text[at:start]), opening, escape(text[start:end]), Markup("</mark>")]
        at = end
    pieces.append(escape(text[at:]))
    return Markup("").join(pieces)


def read_as(node: Node | None) -> str:
    """How the search understood a query, in its own syntax: a malformed query shows as the
    bare words it was read as."""
    if node is None:
        return ""
    if isinstance(node, Term):
        return node.word + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Not):
        return "-" + read_as(node.item)
    inner = (" OR " if isinstance(node, Or) else " ").join(read_as(item) for item in node.items)
    return f"({inner})" if isinstance(node, Or) and len(node.items) > 1 else inner


def country_choices(codes: Iterable[str | None]) -> list[tuple[str, str]]:
    """``(code, name)`` of the countries named, by name: the options of a country select."""
    return sorted(((c, country_name(c)) for c in set(codes) if c), key=lambda item: item[1])


@cache
def topic_choices() -> list[tuple[str, str]]:
    """``(id, label)`` of every taxonomy topic, subtopics indented under their parent."""
    return [
        (topic_id, "\u00a0\u00a0" * (level - 1) + about[:1].upper() + about[1:])
        for topic_id, level, about in topic_descriptions()
    ]


@dataclasses.dataclass(frozen=True)
class SearchForm:
    """What the form sends: the page's URL is its state."""

    q: str = ""
    country: str = ""
    years: str = ""
    publisher: str = ""
    section: str = ""
    entity: str = ""
    event_type: str = ""
    semantic: bool = False
    limit: int = 20
    page: int = 1

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string of this search (with ``changes``), blanks left out."""
        values = {**dataclasses.asdict(self), **changes}
        values["semantic"] = "1" if values["semantic"] else ""
        return {k: v for k, v in values.items() if v not in ("", None)}

    def filters(self, store: SQLStore) -> api.SearchFilters:
        return api.make_filters(
            store,
            country=self.country or None,
            years=self.years.strip() or None,
            publisher=self.publisher or None,
            section=self.section or None,
            entity=self.entity.strip() or None,
            event_type=self.event_type or None,
        )


def search_form(
    q: str = "",
    country: str = "",
    years: str = "",
    publisher: str = "",
    section: str = "",
    entity: str = "",
    event_type: str = "",
    semantic: str = "",
) -> SearchForm:
    """The search the page or its download is asked for (the first page of 20 hits)."""
    return SearchForm(
        q=q,
        country=country,
        years=years,
        publisher=publisher,
        section=section,
        entity=entity,
        event_type=event_type,
        semantic=semantic not in ("", "0", "false", "off") and meaning.available(),
    )


AskedSearch = Annotated[SearchForm, Depends(search_form)]


def _choices(store: SQLStore) -> dict[str, Any]:
    stored = api.documents(store)
    countries = country_choices(d.country for d in stored)
    return {
        "countries": countries,
        "country_names": dict(countries),
        "publishers": sorted({d.publisher for d in stored}),
        "topics": topic_choices(),
        "event_types": [(t, t.replace("_", " ")) for t in EVENT_TYPES],
        "page_sizes": PAGE_SIZES,
        "semantic_available": meaning.available(),
    }


def run_search(store: SQLStore, form: SearchForm) -> dict[str, Any]:
    """The page's results: hits of the page, total, how the query was read, or a message."""
    tree = parse(form.q)
    found: dict[str, Any] = {"hits": [], "total": 0, "read_as": read_as(tree), "message": None}
    if not form.q.strip():
        return found
    if tree is None and not form.semantic:
        found["message"] = (
            f"“{form.q}” holds no word to search for: type words, "
            '"a phrase", AND / OR / NOT, -word or prefix*.'
        )
        return found
    filters = form.filters(store)
    wanted = min(form.page * form.limit, MOST_RESULTS)
    hits = api.search(store, form.q, filters, limit=wanted, semantic=form.semantic)
    total = len(hits) if form.semantic else api.search_count(store, form.q, filters, MOST_RESULTS)
    found["hits"] = hits[(form.page - 1) * form.limit : wanted]
    found["total"] = max(total, len(hits))
    return found


@router.get("/search")
def search_page(
    request: Request,
    _user: Reader,
    asked: AskedSearch,
    limit: int = 20,
    page: Annotated[int, Query(ge=1, le=MOST_RESULTS)] = 1,
) -> Response:
    store = request.app.state.store
    form = dataclasses.replace(asked, limit=limit if limit in PAGE_SIZES else 20, page=page)
    status = 200
    try:
        found = run_search(store, form)
    except RightslensError as error:  # a filter that can match nothing: say which
        found = {"hits": [], "total": 0, "read_as": "", "message": str(error)}
        status = 400
    last_page = max(1, -(-min(found["total"], MOST_RESULTS) // form.limit))
    context = {
        "form": form,
        **found,
        **_choices(store),
        "first": (form.page - 1) * form.limit + 1,
        "last_page": last_page,
        "most_results": MOST_RESULTS,
        "highlight": lambda hit: marked(hit.text, hit.highlights),
    }
    return render(request, "search.html", context, status)


@router.get("/search/export")
def search_export(
    request: Request,
    _user: Reader,
    form: AskedSearch,
    fmt: Annotated[Literal["csv", "jsonl"], Query(alias="format")] = "csv",
) -> Response:
    """Every passage of a search (up to ``MOST_RESULTS``), best first, as a file."""
    store = request.app.state.store
    if parse(form.q) is None and not form.semantic:
        raise RightslensError(f"{form.q!r} holds no word to search for")
    hits = api.search(
        store, form.q, form.filters(store), limit=MOST_RESULTS, semantic=form.semantic
    )
    handle = io.StringIO()
    write_hits(hits, fmt, handle)
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return send_file(handle.getvalue(), f"{media}; charset=utf-8", file_name("search", suffix=fmt))


def write_hits(hits: Sequence[api.SearchHit], fmt: str, handle: io.StringIO) -> int:
    """Hits as CSV (``highlights`` as JSON in its cell) or JSON Lines; the same fields as the
    CLI's ``search --json`` and the REST API's hits."""
    if fmt == "jsonl":
        for hit in hits:
            handle.write(json.dumps(dataclasses.asdict(hit), ensure_ascii=False) + "\n")
        return len(hits)
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(HIT_FIELDS)
    for hit in hits:
        record = dataclasses.asdict(hit)
        record["highlights"] = json.dumps(record["highlights"])
        writer.writerow(["" if record[name] is None else record[name] for name in HIT_FIELDS])
    return len(hits)
