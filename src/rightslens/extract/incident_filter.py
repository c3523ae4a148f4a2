"""The incident filter: modifiers that tell a candidate event is no incident, or how the
report holds it, in the manner of medspaCy's ConText.

The rules are data (``data/incident_filter.toml``): a cue's words, the category it gives
and its scope in the parse. ``cues_in`` finds every cue of a paragraph once;
``modifiers`` says which of them reach one trigger, as ``category:cue`` strings that the
event keeps, so a user sees why it was (or, in the trace, was not) counted. Categories
whose effect is "drop" make the candidate no incident; "mark" ones become its status.
``aggregate`` tells a count of victims too large for one act told without a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from rightslens.extract.data import load_table
from rightslens.extract.numbers import NUMBER_RE, parse_number
from rightslens.extract.parse import load_nlp

SCOPES = ("governs", "clause")
DIRECTIONS = ("forward", "backward", "both")
FUNCTION_DEPS = frozenset({"preconj", "neg", "advmod", "aux", "mark", "det"})


@dataclass(frozen=True)
class ContextRule:
    """One rule of the data file: its cue words, category, scope and reach."""

    number: int
    literal: tuple[str, ...]
    category: str
    scope: str
    max_scope: int
    direction: str = "both"
    allowed_types: frozenset[str] | None = None


@dataclass(frozen=True)
class Cue:
    """A rule's words found in a paragraph."""

    rule: ContextRule
    span: Span

    def reaches(self, trigger: Token, event_type: str) -> bool:
        """Whether the cue modifies this trigger: type allowed, within reach and direction,
        and in its scope (under the cue; or the cue hanging from the trigger's clause)."""
        rule, root = self.rule, self.span.root
        if rule.allowed_types is not None and event_type not in rule.allowed_types:
            return False
        before = self.span.end <= trigger.i
        if (rule.direction == "forward" and not before) or (
            rule.direction == "backward" and before
        ):
            return False
        distance = trigger.i - self.span.end if before else self.span.start - trigger.i
        if not 0 <= distance <= rule.max_scope or trigger.sent != self.span.sent:
            return False
        if rule.scope == "governs":
            # A cue that is a function word ("neither", "still", "never") governs through
            # the word it modifies: "neither reviewed ... nor released".
            node = root.head if root.dep_ in FUNCTION_DEPS else root
            return node == trigger or node.is_ancestor(trigger)
        return root.head in (trigger, trigger.head) or root.head.head == trigger


@cache
def filter_table() -> tuple[tuple[ContextRule, ...], dict[str, dict], dict]:
    """The rules, the categories and the aggregate rule of the data file, read once."""
    table = load_table("incident_filter")
    categories = table["categories"]
    rules = []
    for number, rule in enumerate(table["rule"]):
        if (
            rule["category"] not in categories
            or rule["scope"] not in SCOPES
            or rule.get("direction", "both") not in DIRECTIONS
        ):
            raise ValueError(
                f"incident_filter.toml rule {number}: unknown category, scope or direction"
            )
        allowed = rule.get("allowed_types")
        rules.append(
            ContextRule(
                number=number,
                literal=tuple(rule["literal"]),
                category=rule["category"],
                scope=rule["scope"],
                max_scope=rule["max_scope"],
                direction=rule.get("direction", "both"),
                allowed_types=frozenset(allowed) if allowed else None,
            )
        )
    return tuple(rules), categories, table["aggregate"]


@cache
def _matcher() -> PhraseMatcher:
    nlp = load_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for rule in filter_table()[0]:
        matcher.add(str(rule.number), list(nlp.tokenizer.pipe(rule.literal)))
    return matcher


def cues_in(doc: Doc) -> list[Cue]:
    """Every cue of a paragraph, longest first where two overlap."""
    rules = filter_table()[0]
    spans = [
        Cue(rules[int(doc.vocab.strings[match_id])], doc[start:end])
        for match_id, start, end in _matcher()(doc)
    ]
    spans.sort(key=lambda cue: (cue.span.start, -len(cue.span)))
    kept: list[Cue] = []
    for cue in spans:
        if not kept or cue.span.start >= kept[-1].span.end:
            kept.append(cue)
    return kept


def modifiers(trigger: Token, event_type: str, cues: list[Cue]) -> list[str]:
    """The ``category:cue`` of every cue that reaches the trigger, in text order."""
    return [
        f"{cue.rule.category}:{cue.span.text.lower()}"
        for cue in cues
        if cue.reaches(trigger, event_type)
    ]


def _effect(modifier: str) -> str:
    """What a ``category:cue`` modifier does: "drop" or "mark"."""
    return filter_table()[1][modifier.split(":", 1)[0]]["effect"]


def dropping(found: list[str]) -> str | None:
    """The first modifier whose category makes a candidate no incident, if any."""
    return next((m for m in found if _effect(m) == "drop"), None)


def status(found: list[str]) -> str:
    """The category of the first marking modifier ("alleged"), else "reported"."""
    marks = [m.split(":", 1)[0] for m in found if _effect(m) == "mark"]
    return marks[0] if marks else "reported"


def aggregate(victims: list[str], day_told: bool) -> str | None:
    """``statistic:<count>`` when a victim is counted in the aggregate rule's hundreds and
    the sentence tells no day (not even a range of days): a total, not one act."""
    if day_told:
        return None
    rule = filter_table()[2]
    for victim in victims:
        number = NUMBER_RE.search(victim)
        value = parse_number(number.group()) if number else None
        if value is not None and value >= rule["min_count"]:
            return f"{rule['category']}:{number.group()}"
    return None
