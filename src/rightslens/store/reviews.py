"""Editors' reviews of facts: stored as a history, applied to facts as they are read back.

A review names its fact by (report, type, start, end), so re-running extraction,
which replaces every fact row, keeps each verdict on the fact with the same span.
Importing an export restores each fact's latest verdict (``restore_reviews``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Subquery

from rightslens.errors import RightslensError
from rightslens.model import REVIEW_STATUSES, Fact, Review
from rightslens.store.schema import fact_reviews, facts

FactKey = tuple[str, int, int]
# What a correction may not change: where the fact stands (its words, sentence and topic,
# which its citation follows) and what produced it.
FIXED_FIELDS = frozenset(
    {"quote", "sentence", "section", "type", "id", "review", "method", "confidence"}
)


def fact_key(fact: Fact) -> FactKey:
    return (fact.type, fact.quote.start, fact.quote.end)


def correctable_fields(fact_type: type[Fact]) -> dict[str, Any]:
    """The fields an editor may correct on a fact type, with their types."""
    hints = typing.get_type_hints(fact_type)
    return {
        f.name: hints[f.name] for f in dataclasses.fields(fact_type) if f.name not in FIXED_FIELDS
    }


def check_changes(fact: Fact, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The corrected fields, checked against the fact's type: a clear error for a field it
    lacks, one that may not change, or a value of the wrong kind (a number for a name)."""
    own = correctable_fields(type(fact))
    unknown = sorted(set(changes) - set(own))
    if unknown:
        raise RightslensError(
            f"a {fact.type} fact has no field {', '.join(unknown)} to correct "
            f"(it has: {', '.join(sorted(own))})"
        )
    checked = {}
    for name, value in changes.items():
        if not _fits(value, own[name]):
            raise RightslensError(f"{name}: {value!r} is not a {_type_name(own[name])}")
        checked[name] = float(value) if own[name] is float else value
    return checked


def _fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value fits a fact field's type (str, float, list[str], X | None)."""
    if isinstance(hint, types.UnionType):
        return any(_fits(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_fits(each, item) for each in value)
    return isinstance(value, hint)


def _type_name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint)


def check_status(status: str) -> str:
    if status not in REVIEW_STATUSES:
        raise RightslensError(
            f"unknown review status {status!r} (use one of: {', '.join(REVIEW_STATUSES)})"
        )
    return status


def add_review(
    conn: Connection,
    document_id: int,
    fact: Fact,
    status: str,
    reviewer: str,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> Review:
    """Store a verdict on a fact as extracted. Confirming confirms the values shown, so a
    correction made before stays applied (its changes are carried over)."""
    check_status(status)
    if status == "corrected":
        checked = check_changes(fact, changes or {})
        if not checked:
            raise RightslensError("a correction needs at least one changed field")
    elif changes:
        raise RightslensError(f"only a correction changes fields, not a {status} review")
    elif status == "confirmed":
        history = review_history(conn, document_id, fact_key(fact))
        checked = dict(history[-1].changes) if history else {}
    else:
        checked = {}
    now = datetime.now(UTC)
    review = Review(status, reviewer, _iso(now), checked, note)  # type: ignore[arg-type]
    _insert_review(conn, document_id, fact, review, now)
    return review


def _insert_review(
    conn: Connection, document_id: int, fact: Fact, review: Review, reviewed_at: datetime
) -> None:
    """One verdict row; the fact is named by its type and quote offsets (see ``Review``)."""
    conn.execute(
        insert(fact_reviews).values(
            document_id=document_id,
            fact_type=fact.type,
            start=fact.quote.start,
            end=fact.quote.end,
            status=review.status,
            changes=review.changes,
            note=review.note,
            reviewer=review.reviewer,
            reviewed_at=reviewed_at,
        )
    )


def _iso(moment: datetime) -> str:
    """UTC, to the second; SQLite gives back naive datetimes of what was stored as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _review(row: Any) -> Review:
    return Review(row.status, row.reviewer, _iso(row.reviewed_at), dict(row.changes), row.note)


def latest_reviews(conn: Connection, document_id: int) -> dict[FactKey, Review]:
    """The verdict that counts for each reviewed fact of a report (the latest)."""
    return latest_reviews_of(conn, [document_id]).get(document_id, {})


def latest_reviews_of(
    conn: Connection, document_ids: Collection[int]
) -> dict[int, dict[FactKey, Review]]:
    """``latest_reviews`` of several reports in one query: ``{document id: {key: review}}``."""
    rows = conn.execute(
        select(fact_reviews)
        .where(fact_reviews.c.document_id.in_(sorted(document_ids)))
        .order_by(fact_reviews.c.id)
    ).all()
    found: dict[int, dict[FactKey, Review]] = {}
    for row in rows:
        found.setdefault(row.document_id, {})[(row.fact_type, row.start, row.end)] = _review(row)
    return found


def review_history(conn: Connection, document_id: int, key: FactKey) -> list[Review]:
    """Every verdict on one fact, oldest first."""
    fact_type, start, end = key
    rows = conn.execute(
        select(fact_reviews)
        .where(
            (fact_reviews.c.document_id == document_id)
            & (fact_reviews.c.fact_type == fact_type)
            & (fact_reviews.c.start == start)
            & (fact_reviews.c.end == end)
        )
        .order_by(fact_reviews.c.id)
    ).all()
    return [_review(row) for row in rows]


def apply_review(fact: Fact, review: Review | None) -> Fact:
    """The fact as its reviewer left it: corrections applied (a confirmation of a corrected
    fact carries them too), the review attached."""
    if review is None:
        return fact
    changes = review.changes if review.status != "rejected" else {}
    return dataclasses.replace(fact, review=review, **changes)


def reviewed(
    found: Iterable[Fact], reviews: Mapping[FactKey, Review], keep_rejected: bool = False
) -> list[Fact]:
    """Facts with their reviews applied; rejected ones left out unless ``keep_rejected``."""
    result = []
    for fact in found:
        review = reviews.get(fact_key(fact))
        if review and review.status == "rejected" and not keep_rejected:
            continue
        result.append(apply_review(fact, review))
    return result


def latest_review_rows() -> Subquery:
    """Each reviewed fact's latest verdict as a subquery (document_id, fact_type, start, end,
    status, changes), for counts made in the database."""
    latest = (
        select(func.max(fact_reviews.c.id).label("id"))
        .group_by(
            fact_reviews.c.document_id,
            fact_reviews.c.fact_type,
            fact_reviews.c.start,
            fact_reviews.c.end,
        )
        .subquery()
    )
    return (
        select(
            fact_reviews.c.document_id,
            fact_reviews.c.fact_type,
            fact_reviews.c.start,
            fact_reviews.c.end,
            fact_reviews.c.status,
            fact_reviews.c.changes,
        )
        .join(latest, latest.c.id == fact_reviews.c.id)
        .subquery()
    )


def without_rejected(query: Select, verdicts: Subquery | None = None) -> Select:
    """``query`` over facts, joined to each fact's latest verdict (``latest_review_rows``),
    rejected facts left out."""
    verdicts = latest_review_rows() if verdicts is None else verdicts
    joined = query.outerjoin(
        verdicts,
        (verdicts.c.document_id == facts.c.document_id)
        & (verdicts.c.fact_type == facts.c.type)
        & (verdicts.c.start == facts.c.start)
        & (verdicts.c.end == facts.c.end),
    )
    return joined.where(verdicts.c.status.is_(None) | (verdicts.c.status != "rejected"))


def restore_reviews(
    engine: Engine, by_document: Mapping[int, Sequence[tuple[Fact, Review]]]
) -> int:
    """Give imported facts back the verdicts their export carried; returns how many were added.

    A verdict other than a rejection is stored with every correctable field of the
    imported fact as its ``changes``, so the values outlive a later re-extraction; a
    verdict the store already holds as the fact's latest (an export imported into its
    own store) is not added twice.
    """
    added = 0
    with engine.begin() as conn:
        for document_id, verdicts in by_document.items():
            latest = latest_reviews(conn, document_id)
            for fact, review in verdicts:
                check_status(review.status)
                held = latest.get(fact_key(fact))
                if held and (held.status, held.reviewer, held.at) == (
                    review.status,
                    review.reviewer,
                    review.at,
                ):
                    continue
                changes = (
                    {name: getattr(fact, name) for name in correctable_fields(type(fact))}
                    if review.status != "rejected"
                    else {}
                )
                carried = dataclasses.replace(review, changes=changes)
                _insert_review(conn, document_id, fact, carried, datetime.fromisoformat(review.at))
                added += 1
    return added
