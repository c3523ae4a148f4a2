"""Score extracted events as incidents against an incident set (``tests/data/incidents``).

The set holds topic sections of real reports, each with its incidents annotated by
people who never saw the rules or their output (docs/annotation.md): type, victims,
perpetrators with attribution, date with its precision, place, status and every
mention's offsets into the section text. Sections are split by country into ``dev``
(study and tune on it) and ``test`` (measure once, read only the totals).

Each section's report is run through the whole per-report pipeline, as ingesting it
would; the events whose sentence lies in the section are the predictions. Gold and
predicted incidents pair one-to-one (``rightslens.evaluate.one_to_one``), a pair being
possible only where the predicted event's sentence overlaps one of the incident's
mentions; stronger pairs (same type, a victim in common, same date) are preferred.
Counted:

- incidents: a pair whose type is right and that has a victim in common; precision over
  every predicted event in the section (a second event for one incident is spurious),
  recall over the gold incidents, per event type and overall;
- over every pair: the share with the type right, the victims right (each gold victim
  named by a predicted one and each predicted victim a gold one), the date right (the
  predicted date cut to the gold's precision is the gold date; no date for an undated
  incident), the perpetrators right (none for none; else each predicted one is a gold
  one), and all four right; incidents with all four right, as precision and recall;
- persons: the named individuals of the sections, as ``rightslens.evaluate`` scores them.

The same pairing compares two annotators of one section (``agreement``), the first
standing as gold.
"""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rightslens.errors import RightslensError
from rightslens.evaluate import (
    Miss,
    QuoteLocator,
    Score,
    collapse,
    one_to_one,
    same_victim,
    score_names,
)
from rightslens.model import EventFact, Fact, PersonFact
from rightslens.pipeline import process

SPLITS = ("dev", "test", "all")
Span = tuple[int, int]


@dataclass(frozen=True)
class Incident:
    """One incident as a section states it, or as a prediction or a second annotator
    gives it: offsets are into the section text."""

    event_type: str
    victims: tuple[str, ...]
    perpetrators: tuple[str, ...]
    date: str | None
    spans: tuple[Span, ...]
    precision: str = "day"
    quote: str = ""


@dataclass(frozen=True)
class Section:
    """A section of the incident set, with its first annotator's incidents and persons."""

    id: str
    source: str
    country: str
    year: int | None
    text: str
    incidents: tuple[Incident, ...]
    persons: tuple[dict, ...]


@dataclass
class IncidentEvaluation:
    """What ``score_section`` counted, over every section scored."""

    incidents: Score = field(default_factory=Score)
    all_four: Score = field(default_factory=Score)
    by_event_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    pairs: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    persons: Score = field(default_factory=Score)
    sections: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def share(self, name: str) -> float:
        """Of the paired incidents, the share with ``name`` right (a field or "all")."""
        return self.right[name] / self.pairs if self.pairs else 0.0


FIELDS = ("type", "victims", "date", "perpetrators", "all")


def _incident(data: dict) -> Incident:
    return Incident(
        event_type=data["event_type"],
        victims=tuple(v["name"] for v in data["victims"]),
        perpetrators=tuple(p["name"] for p in data.get("perpetrators", [])),
        date=data.get("date"),
        spans=tuple((m["start"], m["end"]) for m in data["mentions"]),
        precision=data.get("date_precision", "day"),
        quote=data["mentions"][0]["quote"] if data["mentions"] else "",
    )


def load_splits(folder: Path) -> dict[str, str]:
    """Country code -> split, from the set's ``splits.toml``."""
    splits = tomllib.loads((folder / "splits.toml").read_text())
    return {code: split for split in ("dev", "test") for code in splits[split]}


def load_sections(folder: str | Path, split: str = "dev") -> list[Section]:
    """The annotated sections of one split (``dev``, ``test`` or ``all``) of a set."""
    if split not in SPLITS:
        raise RightslensError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    folder = Path(folder)
    if not (folder / "splits.toml").is_file():
        raise RightslensError(f"{folder}: not an incident set (it has no splits.toml)")
    splits = load_splits(folder)
    sections = []
    for path in sorted((folder / "sections").glob("*.json")):
        data = json.loads(path.read_text())
        if not data.get("annotator") or split not in ("all", splits.get(data["country"])):
            continue
        sections.append(
            Section(
                id=data["id"],
                source=data["source"],
                country=data["country"],
                year=data.get("year"),
                text=data["text"],
                incidents=tuple(_incident(i) for i in data["incidents"]),
                persons=tuple(data.get("persons", [])),
            )
        )
    return sections


def load_second_annotations(folder: str | Path) -> list[tuple[Section, Section]]:
    """Each doubly annotated section: (as its first annotator coded it, as its second did)."""
    folder = Path(folder)
    first = {section.id: section for section in load_sections(folder, "all")}
    pairs = []
    for path in sorted((folder / "agreement").glob("*.json")):
        data = json.loads(path.read_text())
        one = first[data["id"]]
        other = Section(
            one.id,
            one.source,
            one.country,
            one.year,
            one.text,
            tuple(_incident(i) for i in data["incidents"]),
            tuple(data.get("persons", [])),
        )
        pairs.append((one, other))
    return pairs


# -- predictions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Predicted:
    """A section's predictions, in section-text offsets: events as incidents, and the
    names of the persons found (with their roles)."""

    incidents: tuple[Incident, ...]
    names: dict[str, set[str]]


def _report_facts(corpus: Path, source: str, country: str) -> tuple[str, list[Fact]]:
    """The clean text and facts of the report of ``country`` in a corpus file."""
    path = corpus / source
    documents = process(str(path), path.read_bytes())
    for document in documents:
        if document.meta.country == country:
            return document.text, document.facts
    raise RightslensError(f"{source}: holds no report on {country}")


def _predicted(section: Section, text: str, facts: list[Fact]) -> Predicted:
    """The events and persons of a report that stand in the section, moved to its offsets."""
    located = QuoteLocator(text).locate(section.text)
    if located is None:
        raise RightslensError(f"{section.id}: its text is no longer in {section.source}")
    start, end = located
    incidents = []
    names: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        if not start <= fact.sentence.start < end:
            continue
        if isinstance(fact, EventFact):
            incidents.append(
                Incident(
                    event_type=fact.event_type,
                    victims=tuple(fact.victims),
                    perpetrators=tuple(fact.perpetrators),
                    date=fact.date,
                    spans=((fact.sentence.start - start, fact.sentence.end - start),),
                    quote=fact.sentence.text,
                )
            )
        elif isinstance(fact, PersonFact) and fact.name:
            names[fact.name].update(fact.roles)
    return Predicted(tuple(incidents), dict(names))


# One report to run the pipeline on: corpus folder, source file, country, its sections.
Job = tuple[Path, str, str, list[Section]]


def _predict_source(job: Job) -> list[Predicted]:
    corpus, source, country, sections = job
    text, facts = _report_facts(corpus, source, country)
    return [_predicted(section, text, facts) for section in sections]


def predict(
    sections: list[Section],
    corpus: str | Path,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Section, Predicted]]:
    """Each section with the predictions of the pipeline run on its whole report (each
    report once, on ``workers`` processes); ``progress`` hears of each report done."""
    corpus = Path(corpus)
    by_report: dict[tuple[str, str], list[Section]] = defaultdict(list)
    for section in sections:
        if not (corpus / section.source).is_file():
            raise RightslensError(f"{section.id}: {corpus / section.source} is not there")
        by_report[(section.source, section.country)].append(section)
    jobs = [(corpus, source, country, group) for (source, country), group in by_report.items()]
    if workers <= 1:
        results: Iterable[list[Predicted]] = map(_predict_source, jobs)
        yield from _zip_jobs(jobs, results, progress)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from _zip_jobs(jobs, pool.map(_predict_source, jobs), progress)


def _zip_jobs(
    jobs: list[Job],
    results: Iterable[list[Predicted]],
    progress: Callable[[int], None] | None,
) -> Iterator[tuple[Section, Predicted]]:
    for job, predicted in zip(jobs, results, strict=True):
        yield from zip(job[3], predicted, strict=True)
        if progress is not None:
            progress(1)


# -- scoring -------------------------------------------------------------------------


def _overlaps(a: Iterable[Span], b: Iterable[Span]) -> bool:
    return any(s < f and t < e for s, e in a for t, f in b)


def _victim_in_common(mine: Incident, wanted: Incident) -> bool:
    return any(same_victim(v, w) for v in mine.victims for w in wanted.victims)


def victims_right(mine: Incident, wanted: Incident) -> bool:
    """Each gold victim named by a predicted one, and each predicted victim a gold one."""
    return all(any(same_victim(v, w) for v in mine.victims) for w in wanted.victims) and all(
        any(same_victim(v, w) for w in wanted.victims) for v in mine.victims
    )


def date_right(mine: Incident, wanted: Incident) -> bool:
    """The predicted date at the gold's precision is the gold date (a range: it falls in
    it); an undated incident wants no date."""
    if wanted.date is None:
        return mine.date is None
    if mine.date is None:
        return False
    if wanted.precision == "range" and "/" in wanted.date:
        first, last = wanted.date.split("/", 1)
        return first <= mine.date[: len(first)] and mine.date[: len(last)] <= last
    if wanted.precision == "range" and "/" in (mine.date or ""):
        return mine.date == wanted.date
    return len(mine.date) >= len(wanted.date) and mine.date[: len(wanted.date)] == wanted.date


_ARTICLES = ("the ", "a ", "an ")


def _agent(name: str) -> str:
    folded = collapse(name)
    for article in _ARTICLES:
        folded = folded.removeprefix(article)
    return folded


def same_agent(a: str, b: str) -> bool:
    """Two namings of a perpetrator: one inside the other once articles go ("police" and
    "Nigerian police officers")."""
    x, y = _agent(a), _agent(b)
    return bool(x and y) and (x in y or y in x)


def perpetrators_right(mine: Incident, wanted: Incident) -> bool:
    """None for none; else some predicted and each of them one the gold attributes."""
    if not wanted.perpetrators:
        return not mine.perpetrators
    return bool(mine.perpetrators) and all(
        any(same_agent(p, w) for w in wanted.perpetrators) for p in mine.perpetrators
    )


def _fields_right(mine: Incident, wanted: Incident) -> dict[str, bool]:
    right = {
        "type": mine.event_type == wanted.event_type,
        "victims": victims_right(mine, wanted),
        "date": date_right(mine, wanted),
        "perpetrators": perpetrators_right(mine, wanted),
    }
    return {**right, "all": all(right.values())}


def _strength(mine: Incident, wanted: Incident) -> int:
    """0 apart; else stronger with the same type, a victim in common, the same date."""
    if not _overlaps(mine.spans, wanted.spans):
        return 0
    return (
        1
        + 4 * (mine.event_type == wanted.event_type)
        + 2 * _victim_in_common(mine, wanted)
        + date_right(mine, wanted)
    )


def _describe(incident: Incident) -> str:
    return f"{incident.event_type} {list(incident.victims)} {incident.date}: {incident.quote[:160]}"


def score_section(
    evaluation: IncidentEvaluation,
    section: Section,
    predicted: Predicted,
    misses: bool = False,
) -> None:
    """Add one section's pairing of gold and predicted incidents (and persons)."""
    mine, theirs = predicted.incidents, section.incidents
    owner = one_to_one([[_strength(m, t) for t in theirs] for m in mine])
    evaluation.sections.append(section.id)
    found = Score(predicted=len(mine), gold=len(theirs))
    four = Score(predicted=len(mine), gold=len(theirs))
    for incident in mine:
        evaluation.by_event_type[incident.event_type].predicted += 1
    for incident in theirs:
        evaluation.by_event_type[incident.event_type].gold += 1
    for j, i in owner.items():
        right = _fields_right(mine[i], theirs[j])
        evaluation.pairs += 1
        for name, ok in right.items():
            evaluation.right[name] += ok
        if right["type"] and _victim_in_common(mine[i], theirs[j]):
            found.true_positives += 1
            found.found += 1
            kind = evaluation.by_event_type[theirs[j].event_type]
            kind.true_positives += 1
            kind.found += 1
        if right["all"]:
            four.true_positives += 1
            four.found += 1
        elif misses:
            wrong = ", ".join(name for name, ok in right.items() if not ok and name != "all")
            evaluation.misses.append(
                Miss("incident", "differs", f"{wrong}: {_describe(mine[i])}", section.id)
            )
    evaluation.incidents.add(found)
    evaluation.all_four.add(four)
    names, _ = score_names(predicted.names, list(section.persons))
    evaluation.persons.add(names)
    if misses:
        paired = set(owner.values())
        evaluation.misses += [
            Miss("incident", "spurious", _describe(m), section.id)
            for i, m in enumerate(mine)
            if i not in paired
        ] + [
            Miss("incident", "missed", _describe(t), section.id)
            for j, t in enumerate(theirs)
            if j not in owner
        ]


def evaluate_incidents(
    folder: str | Path,
    corpus: str | Path,
    split: str = "dev",
    misses: bool = False,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> IncidentEvaluation:
    """The extraction scored on one split of an incident set; ``misses`` (dev only: the
    test split is read for its totals alone) lists every incident not right."""
    if misses and split != "dev":
        raise RightslensError("misses are listed for the dev split only: test is read in totals")
    evaluation = IncidentEvaluation()
    sections = load_sections(folder, split)
    for section, predicted in predict(sections, corpus, workers, progress):
        score_section(evaluation, section, predicted, misses)
    return evaluation


def sources_of(folder: str | Path, split: str = "dev") -> int:
    """How many reports a split's sections come from (what a progress bar counts)."""
    return len({(s.source, s.country) for s in load_sections(folder, split)})


def agreement(folder: str | Path) -> IncidentEvaluation:
    """The second annotations of the set scored against the first, as the extraction is."""
    evaluation = IncidentEvaluation()
    for first, second in load_second_annotations(folder):
        names = {p["name"]: set() for p in second.persons}
        score_section(evaluation, first, Predicted(second.incidents, names))
    return evaluation
