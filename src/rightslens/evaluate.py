"""One scorer for extraction quality, shared by ``rightslens evaluate``, the tests and benchmarks.

Gold files (``publisher-country-year.json``) hold, for one report, its named
persons (with variants), its concrete events in the sections the gold covers,
and its figures. A gold quote is an exact substring of the source file that
stays within one line, so a predicted fact "is at" a gold item when its
sentence and the quote overlap once whitespace is collapsed.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from rightslens.model import DateFact, EventFact, Fact, FigureFact, PersonFact, Section
from rightslens.resolve.names import fold_name

# Sections whose events and figures State Department gold lists completely.
EVENT_SCOPE = (
    "s1.killings",
    "s1.disappearance",
    "s1.torture",
    "s1.trial.political-prisoners",
    "s2.expression",
)
FIGURE_SCOPE = (
    "s1.killings",
    "s1.disappearance",
    "s1.torture",
    "s1.arrest",
    "s1.trial",
    "s2.expression",
    "s2.assembly",
    "s2.association",
)
_SPACES = re.compile(r"\s+")


@dataclass
class Score:
    """Counts of one comparison and the measures from them."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold
        self.found += other.found

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores per fact type and per event type, over every gold report found in the store."""

    by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    by_event_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    reports: list[str] = field(default_factory=list)
    facts: int = 0
    exact_spans: int = 0

    @property
    def events(self) -> Score:
        """All event types together, leaving out types the gold never uses."""
        total = Score()
        for score in self.by_event_type.values():
            if score.gold:
                total.add(score)
        return total

    @property
    def exact_span_share(self) -> float:
        return self.exact_spans / self.facts if self.facts else 1.0


_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_TYPOGRAPHY)).strip().casefold()


class QuoteLocator:
    """Finds where a gold quote stands in a report's clean text.

    Quotes come from the source file, so they may still hold Markdown escapes or
    a line's worth of a wrapped sentence; both sides are compared with escapes
    dropped, typography unified and whitespace collapsed.
    """

    def __init__(self, text: str) -> None:
        kept: list[str] = []
        self.offsets: list[int] = []
        for offset, char in enumerate(text.translate(_TYPOGRAPHY)):
            if char in "\\*":
                continue
            if char.isspace():
                if not kept or kept[-1] == " ":
                    continue
                char = " "
            kept.append(char.casefold())
            self.offsets.append(offset)
        self.normalized = "".join(kept)

    def locate(self, quote: str) -> tuple[int, int] | None:
        wanted = collapse(quote.replace("\\", "").replace("*", ""))
        at = self.normalized.find(wanted) if wanted else -1
        if at < 0:
            return None
        return self.offsets[at], self.offsets[at + len(wanted) - 1] + 1


def at_quote(fact: Fact, span: tuple[int, int] | None) -> bool:
    """Whether a fact's sentence overlaps a located gold quote."""
    return span is not None and fact.sentence.start < span[1] and span[0] < fact.sentence.end


def same_person(a: str, b: str) -> bool:
    fa, fb = fold_name(a), fold_name(b)
    return bool(fa) and (fa == fb or (len(fa) == 1 or len(fb) == 1) and fa[-1] == fb[-1])


def _in_scope(fact: Fact, scope: tuple[str, ...] | None) -> bool:
    if scope is None:
        return True
    return fact.section is not None and fact.section.startswith(scope)


def score_persons(predicted: Iterable[PersonFact], gold: list[dict]) -> tuple[Score, Score]:
    """Names (a gold person is found when a predicted name is one of its forms) and roles
    (pooled over a found person's mentions, compared with the gold roles)."""
    roles: dict[str, set[str]] = defaultdict(set)
    for fact in predicted:
        if fact.name:
            roles[fact.name].update(fact.roles)
    gold_forms = [[g["name"], *g.get("variants", [])] for g in gold]
    names = Score(predicted=len(roles), gold=len(gold))
    role_score = Score()
    for person, forms in zip(gold, gold_forms, strict=True):
        matching = [n for n in roles if any(same_person(n, form) for form in forms)]
        if not matching:
            continue
        names.found += 1
        said = set().union(*(roles[n] for n in matching))
        expected = set(person.get("roles", []))
        role_score.true_positives += len(said & expected)
        role_score.found += len(said & expected)
        role_score.predicted += len(said)
        role_score.gold += len(expected)
    names.true_positives = sum(
        any(same_person(n, form) for forms in gold_forms for form in forms) for n in roles
    )
    return names, role_score


def _victim_match(event: EventFact, gold_event: dict) -> bool:
    return any(
        same_person(victim, wanted)
        or collapse(wanted) in collapse(victim)
        or collapse(victim) in collapse(wanted)
        for victim in event.victims
        for wanted in gold_event["victims"]
    )


Located = list[tuple[dict, tuple[int, int] | None]]


def score_events(predicted: list[EventFact], gold: Located) -> dict[str, Score]:
    """Per event type: a gold event is found by a predicted one of its type naming its victim
    (or, for a gold event without a named victim, standing at its quote)."""
    scores: dict[str, Score] = defaultdict(Score)

    def matches(event: EventFact, wanted: dict, span: tuple[int, int] | None) -> bool:
        return event.event_type == wanted["event_type"] and (
            _victim_match(event, wanted) or at_quote(event, span)
        )

    for wanted, span in gold:
        score = scores[wanted["event_type"]]
        score.gold += 1
        score.found += any(matches(event, wanted, span) for event in predicted)
    for event in predicted:
        score = scores[event.event_type]
        score.predicted += 1
        score.true_positives += any(matches(event, wanted, span) for wanted, span in gold)
    return scores


def score_figures(predicted: list[FigureFact], gold: Located) -> Score:
    """A gold figure is found by a figure of the same value in a sentence at its quote."""

    def matches(figure: FigureFact, wanted: dict, span: tuple[int, int] | None) -> bool:
        return abs(figure.value - wanted["value"]) < 1e-6 and at_quote(figure, span)

    return Score(
        true_positives=sum(any(matches(f, g, span) for g, span in gold) for f in predicted),
        predicted=len(predicted),
        gold=len(gold),
        found=sum(any(matches(f, g, span) for f in predicted) for g, span in gold),
    )


def score_dates(predicted: list[DateFact], gold_events: Located) -> Score:
    """Dates of gold events: found when a date of that value stands at the event's quote;
    predicted dates count where they stand at a dated gold event's quote."""
    dated = [(g, span) for g, span in gold_events if g.get("date")]
    near = [d for d in predicted if any(at_quote(d, span) for _, span in dated)]

    def matches(date: DateFact, wanted: dict, span: tuple[int, int] | None) -> bool:
        return date.value == wanted["date"] and at_quote(date, span)

    return Score(
        true_positives=sum(any(matches(d, g, span) for g, span in dated) for d in near),
        predicted=len(near),
        gold=len(dated),
        found=sum(any(matches(d, g, span) for d in predicted) for g, span in dated),
    )


def gold_key(path: Path) -> tuple[str, str, int]:
    """``usdos-kazakhstan-2023.json`` -> ("usdos", "KZ", 2023)."""
    publisher, rest = path.stem.split("-", 1)
    slug, year = rest.rsplit("-", 1)
    country = pycountry.countries.search_fuzzy(slug.replace("-", " "))[0].alpha_2
    return publisher, country, int(year)


def section_at(sections: list[Section], offset: int) -> str | None:
    """The innermost topic holding a clean-text offset."""
    found = None
    for section in sections:
        if section.start <= offset < section.end:
            found = section.id
    return found


def evaluate_report(
    evaluation: Evaluation,
    document_facts: list[Fact],
    text: str,
    sections: list[Section],
    gold: dict,
    publisher: str,
) -> None:
    """Add one report's comparison with its gold file to ``evaluation``.

    For State Department reports, where the gold lists events and figures
    completely only in some sections, both sides are compared in those only.
    """
    locator = QuoteLocator(text)

    def located(items: list[dict], scope: tuple[str, ...] | None) -> Located:
        kept: Located = []
        for item in items:
            span = locator.locate(item["quote"])
            topic = section_at(sections, span[0]) if span else None
            if scope is None or span is None or (topic or "").startswith(scope):
                kept.append((item, span))
        return kept

    event_scope = None if publisher != "usdos" else EVENT_SCOPE
    figure_scope = None if publisher != "usdos" else FIGURE_SCOPE
    persons = [f for f in document_facts if isinstance(f, PersonFact)]
    events = [f for f in document_facts if isinstance(f, EventFact) and _in_scope(f, event_scope)]
    figures = [
        f for f in document_facts if isinstance(f, FigureFact) and _in_scope(f, figure_scope)
    ]
    dates = [f for f in document_facts if isinstance(f, DateFact)]
    gold_events = located(gold.get("events", []), event_scope)
    names, roles = score_persons(persons, gold.get("persons", []))
    evaluation.by_type["person"].add(names)
    evaluation.by_type["person role"].add(roles)
    for event_type, score in score_events(events, gold_events).items():
        evaluation.by_event_type[event_type].add(score)
    gold_figures = located(gold.get("figures", []), figure_scope)
    evaluation.by_type["figure"].add(score_figures(figures, gold_figures))
    evaluation.by_type["date"].add(score_dates(dates, gold_events))
    evaluation.facts += len(document_facts)
    evaluation.exact_spans += sum(
        text[f.quote.start : f.quote.end] == f.quote.text
        and text[f.sentence.start : f.sentence.end] == f.sentence.text
        and f.sentence.start <= f.quote.start <= f.quote.end <= f.sentence.end
        for f in document_facts
    )


def load_gold(gold_dir: Path) -> list[tuple[tuple[str, str, int], dict]]:
    """Every gold facts file in a folder (or its ``facts/`` subfolder), with its report key."""
    folder = gold_dir / "facts" if (gold_dir / "facts").is_dir() else gold_dir
    return [
        (gold_key(path), json.loads(path.read_text())) for path in sorted(folder.glob("*.json"))
    ]
