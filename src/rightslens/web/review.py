"""One fact's page (its words, values, citation, review history) and, for editors, the review
of facts: confirm, correct or reject on the fact's page, and a queue of a report's facts,
least confident first. Verdicts go through ``SQLStore.review_fact``, as the API's do."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.responses import Response

from rightslens import api
from rightslens.errors import RightslensError
from rightslens.extract.data import load_table
from rightslens.model import EVENT_TYPES, FACT_CLASSES, REVIEW_STATUSES, Fact
from rightslens.server.auth import Editor, Reader, current_user, is_public
from rightslens.server.facts import FactView, fact_view
from rightslens.store.reviews import correctable_fields
from rightslens.web.render import redirect, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
QUEUE_STATUSES = ("unreviewed", *REVIEW_STATUSES)
ACTIONS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
FIELD_PREFIX = "field-"
InputKind = Literal["text", "number", "list", "select", "checkboxes"]


@cache
def person_roles() -> tuple[str, ...]:
    """The roles the extractor gives people (the role table's kinds), for the correction form."""
    table = load_table("roles")
    return tuple(sorted({*table["nouns"], *table["leaders"]["by_kind"], "perpetrator"}))


def _choices(name: str) -> tuple[str, ...]:
    if name == "event_type":
        return EVENT_TYPES
    if name == "roles":
        return person_roles()
    return ()


@dataclass(frozen=True)
class FieldInput:
    """One input of the correction form: a fact field, its control and current value."""

    name: str
    kind: InputKind
    value: str
    options: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    optional: bool = False

    @property
    def control(self) -> str:
        return FIELD_PREFIX + self.name

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """A field type without its ``| None``, and whether it had one."""
    if isinstance(hint, types.UnionType):
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        return arms[0], len(arms) < len(typing.get_args(hint))
    return hint, False


def field_inputs(fact: Fact) -> list[FieldInput]:
    """The correction form of a fact: one input per field an editor may correct."""
    found = []
    for name, hint in correctable_fields(type(fact)).items():
        base, optional = _unwrap(hint)
        value = getattr(fact, name)
        options = _choices(name)
        if typing.get_origin(base) is list:
            if options:
                extra = tuple(v for v in value if v not in options)
                found.append(FieldInput(name, "checkboxes", "", options + extra, tuple(value)))
            else:
                found.append(FieldInput(name, "list", ", ".join(value), optional=optional))
        elif base is float:
            shown = "" if value is None else f"{value:g}"
            found.append(FieldInput(name, "number", shown, optional=optional))
        elif options:
            extra = (value,) if value and value not in options else ()
            found.append(
                FieldInput(name, "select", value or "", options + extra, optional=optional)
            )
        else:
            found.append(FieldInput(name, "text", value or "", optional=optional))
    return found


def _parsed(field: FieldInput, form: FormData) -> Any:
    """A submitted value converted back to the field's type."""
    if field.kind == "checkboxes":  # a hidden empty value stands for "none ticked"
        return [str(v) for v in form.getlist(field.control) if v]
    raw = str(form[field.control]).strip()
    if field.kind == "list":
        return [part.strip() for part in raw.split(",") if part.strip()]
    if field.kind == "number":
        if not raw:
            if field.optional:
                return None
            raise RightslensError(f"{field.label}: a number is needed")
        try:
            return float(raw)
        except ValueError:
            raise RightslensError(f"{field.label}: {raw!r} is not a number") from None
    return None if not raw and field.optional else raw


def submitted_changes(fact: Fact, form: FormData) -> dict[str, Any]:
    """The fields the form changes. A field corrected before stays in the correction (the
    latest review is the one that counts)."""
    earlier = fact.review.changes if fact.review and fact.review.status != "rejected" else {}
    changes = {}
    for field in field_inputs(fact):
        if field.control not in form:  # a form without the field leaves it as it is
            continue
        value = _parsed(field, form)
        if value != getattr(fact, field.name) or field.name in earlier:
            changes[field.name] = value
    return changes


def quote_in_sentence(fact: Fact) -> Markup:
    """The fact's sentence with its words marked; every piece of report text escaped."""
    sentence, quote = fact.sentence, fact.quote
    start = min(max(quote.start - sentence.start, 0), len(sentence.text))
    end = min(max(quote.end - sentence.start, start), len(sentence.text))
    if start == end:  # the words stand outside the sentence kept with them
        return Markup('<mark class="fact fact-{}">{}</mark>').format(fact.type, quote.text)
    return Markup('{}<mark class="fact fact-{}">{}</mark>{}').format(
        sentence.text[:start], fact.type, sentence.text[start:end], sentence.text[end:]
    )


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _fact_page(
    request: Request, view: FactView, error: str | None = None, status: int = 200
) -> Response:
    fact = view.fact
    user = current_user(request)
    corrected = set(fact.review.changes) if fact.review else set()
    cite = view.cite
    section = cite["section"] or fact.section
    reader_url = f"/reports/{view.document.summary.id}"
    if section:
        reader_url += f"?topic={quote(section)}"
    if cite["paragraph"]:
        reader_url += f"#p{cite['paragraph']}"
    context = {
        "fact": fact,
        "view": view,
        "summary": view.document.summary,
        "highlighted": quote_in_sentence(fact),
        "attributes": [
            (name, _shown(getattr(fact, name)), name in corrected)
            for name in correctable_fields(type(fact))
        ],
        "reader_url": reader_url,
        "can_review": user is not None and not is_public(request) and user.can("editor"),
        "inputs": field_inputs(fact),
        "error": error,
        "reviewed": request.query_params.get("reviewed") if status == 200 else None,
    }
    if context["reviewed"] not in REVIEW_STATUSES:
        context["reviewed"] = None
    return render(request, "fact.html", context, status)


@router.get("/facts/{fact_id}")
def fact_page(request: Request, _user: Reader, fact_id: int) -> Response:
    return _fact_page(request, fact_view(request.app.state.store, fact_id))


@router.post("/facts/{fact_id}/review")
async def review_fact(request: Request, user: Editor, fact_id: int) -> Response:
    store = request.app.state.store
    view = fact_view(store, fact_id)
    form = await request.form()
    action = str(form.get("action", ""))
    note = str(form.get("note", "")).strip()
    try:
        if action not in ACTIONS:
            raise RightslensError(f"unknown action {action!r} (confirm, correct or reject)")
        changes = submitted_changes(view.fact, form) if action == "correct" else None
        store.review_fact(fact_id, ACTIONS[action], user.name, changes, note)
    except RightslensError as error:
        return _fact_page(request, view, str(error), 400)
    return redirect(f"/facts/{fact_id}?reviewed={ACTIONS[action]}#review")


@router.get("/review")
def review_queue(
    request: Request,
    _user: Editor,
    document: int | None = None,
    fact_type: Annotated[str | None, Query(alias="type")] = None,
    status: str | None = None,
    page: int = 1,
) -> Response:
    store = request.app.state.store
    reports = api.documents(store)
    if fact_type and fact_type not in FACT_CLASSES:
        raise RightslensError(
            f"unknown fact type {fact_type!r}: use one of {', '.join(FACT_CLASSES)}"
        )
    if status and status not in QUEUE_STATUSES:
        raise RightslensError(f"unknown status {status!r}: use one of {', '.join(QUEUE_STATUSES)}")
    chosen = next((r for r in reports if r.id == document), None)
    if document is not None and chosen is None:
        chosen = store.get_document(document).summary  # an older version, or a 404
    chosen = chosen or (reports[0] if reports else None)
    found = store.facts(chosen.id, fact_type or None, keep_rejected=True) if chosen else []
    if status:
        found = [f for f in found if (f.review.status if f.review else "unreviewed") == status]
    found.sort(key=lambda f: (f.confidence, f.quote.start))
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    context = {
        "reports": reports,
        "chosen": chosen,
        "fact_types": tuple(FACT_CLASSES),
        "statuses": QUEUE_STATUSES,
        "params": {
            "document": chosen.id if chosen else None,
            "type": fact_type,
            "status": status,
        },
        "facts": found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "total": len(found),
        "page": page,
        "pages": pages,
    }
    return render(request, "review.html", context)
