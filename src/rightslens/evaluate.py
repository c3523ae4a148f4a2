"""One scorer for extraction quality, shared by ``rightslens evaluate``, the tests and benchmarks.

Gold files (``publisher-country-year.json``) hold, for one report, its named
persons (with variants), its concrete events in the sections the gold covers,
and its figures. A gold quote is an exact substring of the source file that
stays within one line, so a predicted fact "is at" a gold item when its
sentence and the quote overlap once whitespace is collapsed.

Matching is one-to-one: each gold item is matched by at most one prediction and
each prediction matches at most one gold item (``one_to_one``: the largest such
pairing, stronger matches tried first), so a second prediction of the same fact
counts against precision and one prediction cannot find two gold items. What
"matches" means per type:

- person: a predicted name (all mentions of one normalized name together) is one
  of a gold person's forms (surname alone accepted); roles are compared per pair.
- event: same type, and the predicted victim is the gold victim (or, failing
  that, the event stands at the gold quote). The gold codes one event per victim, so a
  predicted incident of several victims counts as one prediction per victim.
- figure: same value, at the gold quote.
- date: same value, at the quote of a dated gold event whose sentence writes that
  date (its month name, and its day number, or its four-digit year); a date written
  once for several victims' events is one gold date. A date fact is a date
  expression, so a gold date the sentence does not write ("Three more people died"
  after "On May 5, ...") is no date fact to find: it is scored as an event date.
- event date: the date of each event pair against the gold event's date, written
  in its sentence or not.

``Evaluation.misses`` lists every unmatched item on either side (and role
differences), for finding what to fix.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from rightslens.extract.dates import MONTHS
from rightslens.ingest.countries import country_code
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


@dataclass(frozen=True)
class Miss:
    """One item the scorer could not pair: a gold item missed, a prediction that is not in
    the gold, or a found person whose roles differ."""

    kind: str
    side: Literal["missed", "spurious", "differs"]
    what: str
    report: str = ""


@dataclass
class Evaluation:
    """Scores per fact type and per event type, over every gold report found in the store."""

    by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    by_event_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    reports: list[str] = field(default_factory=list)
    facts: int = 0
    exact_spans: int = 0
    misses: list[Miss] = field(default_factory=list)

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


def one_to_one(strengths: list[list[int]]) -> dict[int, int]:
    """The largest one-to-one pairing of predictions (rows) with gold items (columns).

    ``strengths[i][j]`` is how well prediction ``i`` matches gold item ``j`` (0: not at
    all). Kuhn's augmenting paths give the most pairs; each prediction tries its
    strongest gold items first, the strongest predictions first. Returns
    ``{gold index: prediction index}``.
    """
    order = [
        sorted((j for j, s in enumerate(row) if s > 0), key=lambda j, row=row: -row[j])
        for row in strengths
    ]
    owner: dict[int, int] = {}

    def claim(i: int, seen: set[int]) -> bool:
        for j in order[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or claim(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in sorted(range(len(strengths)), key=lambda i: -max(strengths[i], default=0)):
        claim(i, set())
    return owner


def _pair_score(owner: dict[int, int], predicted: int, gold: int) -> Score:
    return Score(len(owner), predicted, gold, len(owner))


def _name_strength(name: str, forms: list[str]) -> int:
    """2: one of the gold forms, folded; 1: a one-word name sharing its surname; 0: neither."""
    folded = fold_name(name)
    if any(folded and folded == fold_name(form) for form in forms):
        return 2
    return int(any(same_person(name, form) for form in forms))


def score_persons(
    predicted: Iterable[PersonFact], gold: list[dict], misses: list[Miss] | None = None
) -> tuple[Score, Score]:
    """Names (each predicted name paired with at most one gold person it is a form of) and
    roles (of each pair, the predicted name's roles pooled over its mentions against the
    gold roles)."""
    roles: dict[str, set[str]] = defaultdict(set)
    for fact in predicted:
        if fact.name:
            roles[fact.name].update(fact.roles)
    return score_names(roles, gold, misses)


def score_names(
    roles: dict[str, set[str]], gold: list[dict], misses: list[Miss] | None = None
) -> tuple[Score, Score]:
    """``score_persons`` over predicted names already pooled: name -> its roles."""
    names = list(roles)
    gold_forms = [[g["name"], *g.get("variants", [])] for g in gold]
    owner = one_to_one([[_name_strength(n, forms) for forms in gold_forms] for n in names])
    role_score = Score()
    for j, i in owner.items():
        said, expected = roles[names[i]], set(gold[j].get("roles", []))
        role_score.true_positives += len(said & expected)
        role_score.found += len(said & expected)
        role_score.predicted += len(said)
        role_score.gold += len(expected)
        if misses is not None and said != expected:
            wrong, lost = sorted(said - expected), sorted(expected - said)
            misses.append(Miss("person role", "differs", f"{names[i]}: +{wrong} -{lost}"))
    if misses is not None:
        misses += _unpaired("person", owner, names, [g["name"] for g in gold])
    return _pair_score(owner, len(names), len(gold)), role_score


def same_victim(victim: str, wanted: str) -> bool:
    """A predicted victim is a gold one: the same person, or one description inside the other
    ("more than 300 protesters in Yangon" for "more than 300 protesters")."""
    return (
        same_person(victim, wanted)
        or collapse(wanted) in collapse(victim)
        or collapse(victim) in collapse(wanted)
    )


def _victim_match(event: EventFact, gold_event: dict) -> bool:
    return any(
        same_victim(victim, wanted) for victim in event.victims for wanted in gold_event["victims"]
    )


Located = list[tuple[dict, tuple[int, int] | None]]


def _event_strength(event: EventFact, wanted: dict, span: tuple[int, int] | None) -> int:
    """How well a predicted event fits a gold one of its type: its victim counts most, then
    standing at the quote, then having its date (which sorts out two events of one victim
    in one sentence, "arrested in July and again in October"); 0 for another type."""
    if event.event_type != wanted["event_type"]:
        return 0
    strength = 4 * _victim_match(event, wanted) + 2 * at_quote(event, span)
    return strength + (strength > 0 and bool(wanted.get("date")) and event.date == wanted["date"])


def _describe_event(event_type: str, victims: list[str], sentence: str) -> str:
    return f"{event_type} {victims}: {sentence[:160]}"


def score_events(
    predicted: list[EventFact],
    gold: Located,
    misses: list[Miss] | None = None,
    event_dates: Score | None = None,
) -> dict[str, Score]:
    """Per event type: each gold event paired with at most one predicted event of its type
    that names its victim (or, failing that, stands at its quote), and vice versa.

    ``event_dates`` adds the dates of the pairs: a dated gold event is found when its
    pair has its date; a pair's predicted date counts, right or wrong.
    """
    scores: dict[str, Score] = defaultdict(Score)
    for event_type in sorted(
        {e.event_type for e in predicted} | {g["event_type"] for g, _ in gold}
    ):
        mine = [e for e in predicted if e.event_type == event_type]
        theirs = [(g, span) for g, span in gold if g["event_type"] == event_type]
        owner = one_to_one([[_event_strength(e, g, span) for g, span in theirs] for e in mine])
        scores[event_type] = _pair_score(owner, len(mine), len(theirs))
        if event_dates is not None:
            event_dates.add(_event_date_score(mine, theirs, owner))
        if misses is None:
            continue
        misses += _unpaired(
            "event",
            owner,
            [_describe_event(event_type, e.victims, e.sentence.text) for e in mine],
            [_describe_event(event_type, g["victims"], g["quote"]) for g, _ in theirs],
        )
    return scores


def _event_date_score(mine: list[EventFact], theirs: Located, owner: dict[int, int]) -> Score:
    right = sum(
        1
        for j, i in owner.items()
        if theirs[j][0].get("date") and mine[i].date == theirs[j][0]["date"]
    )
    return Score(
        true_positives=right,
        predicted=sum(1 for i in owner.values() if mine[i].date),
        gold=sum(1 for g, _ in theirs if g.get("date")),
        found=right,
    )


def _at_quote_strength(fact: Fact, span: tuple[int, int] | None) -> int:
    """2: the fact's own words inside the quote; 1: only its sentence overlaps; 0: apart."""
    if span is None or not at_quote(fact, span):
        return 0
    return 2 if span[0] <= fact.quote.start and fact.quote.end <= span[1] else 1


def score_figures(
    predicted: list[FigureFact], gold: Located, misses: list[Miss] | None = None
) -> Score:
    """Each gold figure paired with at most one figure of the same value at its quote."""
    owner = one_to_one(
        [
            [
                _at_quote_strength(f, span) if abs(f.value - g["value"]) < 1e-6 else 0
                for g, span in gold
            ]
            for f in predicted
        ]
    )
    if misses is not None:
        misses += _unpaired(
            "figure",
            owner,
            [f"{f.value:g} {f.counts}: {f.sentence.text[:160]}" for f in predicted],
            [f"{g['value']:g} {g.get('what', '')}: {g['quote'][:160]}" for g, _ in gold],
        )
    return _pair_score(owner, len(predicted), len(gold))


_SENTENCE_END = re.compile(r"(\w*)[.!?][\"'”’)]*\s+(?=[\"“(]?[A-Z0-9])|\n\s*\n")
# Words whose period ends no sentence ("Dec. 5", "Mr. Ivanov"); so do single letters
# ("U.S. Embassy", "e.g. Osh", "Ivan A. Petrov").
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})  # fmt: skip


def _sentence_ends(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    for match in _SENTENCE_END.finditer(text, start, len(text) if end is None else end):
        word = (match.group(1) or "").casefold()
        if len(word) != 1 and word not in _ABBREVIATIONS:
            yield match


def sentence_around(text: str, span: tuple[int, int]) -> str:
    """The sentence (or sentences) of the clean text holding a located quote, found by
    punctuation alone so that the scorer does not lean on the parse it is scoring."""
    start = max((m.end() for m in _sentence_ends(text, 0, span[0] + 1)), default=0)
    after = next(_sentence_ends(text, max(span[1] - 1, start)), None)
    return text[start : after.end() if after else len(text)]


def writes_date(sentence: str, value: str) -> bool:
    """Whether a sentence writes an ISO date: its four-digit year (a year alone), or its
    month's name (capitalized: "may" is no month), with its day number for a day."""
    parts = value.split("-")
    if len(parts) == 1:
        return re.search(rf"(?<!\d){parts[0]}(?!\d)", sentence) is not None
    month = MONTHS[int(parts[1]) - 1].capitalize()
    if re.search(rf"\b(?:{month}\b|{month[:3]}t?\.)", sentence) is None:
        return False
    return len(parts) == 2 or re.search(rf"(?<!\d){int(parts[2])}(?!\d)", sentence) is not None


def score_dates(
    predicted: list[DateFact],
    gold_events: Located,
    text: str,
    misses: list[Miss] | None = None,
) -> Score:
    """Dates of gold events, each written date once: the distinct (date, quote) pairs of dated
    gold events whose sentence writes the date (two victims of one dated sentence share one
    date). Each is paired with at most one predicted date of that value at the quote;
    predicted dates count where they stand at such a quote."""
    dated: Located = []
    seen: set[tuple[str, str]] = set()
    for wanted, span in gold_events:
        key = (wanted.get("date") or "", wanted["quote"])
        written = span is not None and key[0] and writes_date(sentence_around(text, span), key[0])
        if written and key not in seen:
            seen.add(key)
            dated.append((wanted, span))
    near = [d for d in predicted if any(at_quote(d, span) for _, span in dated)]
    owner = one_to_one(
        [
            [_at_quote_strength(d, span) if d.value == g["date"] else 0 for g, span in dated]
            for d in near
        ]
    )
    if misses is not None:
        misses += _unpaired(
            "date",
            owner,
            [f"{d.value} ({d.quote.text}): {d.sentence.text[:160]}" for d in near],
            [f"{g['date']}: {g['quote'][:160]}" for g, _ in dated],
        )
    return _pair_score(owner, len(near), len(dated))


def _unpaired(
    kind: str, owner: dict[int, int], predicted: list[str], gold: list[str]
) -> list[Miss]:
    """What one-to-one pairing left alone, as misses: ``owner`` maps each paired gold index to
    its prediction's index; ``predicted`` and ``gold`` describe every item, in order."""
    paired = set(owner.values())
    return [Miss(kind, "spurious", said) for i, said in enumerate(predicted) if i not in paired] + [
        Miss(kind, "missed", said) for j, said in enumerate(gold) if j not in owner
    ]


def gold_key(path: Path) -> tuple[str, str, int]:
    """``usdos-kazakhstan-2023.json`` -> ("usdos", "KZ", 2023)."""
    publisher, rest = path.stem.split("-", 1)
    slug, year = rest.rsplit("-", 1)
    country = country_code(slug.replace("-", " "))
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
    # The gold codes one event per victim: an incident of several victims counts once for each.
    events = [
        replace(f, victims=[victim]) if len(f.victims) > 1 else f
        for f in document_facts
        if isinstance(f, EventFact) and _in_scope(f, event_scope)
        for victim in f.victims or [""]
    ]
    figures = [
        f for f in document_facts if isinstance(f, FigureFact) and _in_scope(f, figure_scope)
    ]
    dates = [f for f in document_facts if isinstance(f, DateFact)]
    gold_events = located(gold.get("events", []), event_scope)
    misses: list[Miss] = []
    names, roles = score_persons(persons, gold.get("persons", []), misses)
    evaluation.by_type["person"].add(names)
    evaluation.by_type["person role"].add(roles)
    event_dates = Score()
    for event_type, score in score_events(events, gold_events, misses, event_dates).items():
        evaluation.by_event_type[event_type].add(score)
    evaluation.by_type["event date"].add(event_dates)
    gold_figures = located(gold.get("figures", []), figure_scope)
    evaluation.by_type["figure"].add(score_figures(figures, gold_figures, misses))
    evaluation.by_type["date"].add(score_dates(dates, gold_events, text, misses))
    report = gold.get("document", publisher)
    evaluation.misses += [replace(miss, report=report) for miss in misses]
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
