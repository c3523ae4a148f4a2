"""Compare two reports topic by topic: what a researcher reads for "what changed".

Two reports (two years of one publisher, or two publishers on one year) are
aligned on taxonomy ids. A topic that only one report has is folded into the
nearest enclosing lettered topic the other report has (a State Department
"Prison and Detention Center Conditions" part goes under a Human Rights Watch
"Torture" part); otherwise it is listed as present in one report only.

Per topic: persons named in only one report, events in only one (matched across
the whole other report by event type and victim), figures counting the same thing
in both (paired by what they count, their unit and how alike their sentences
are), and themes: phrases frequent in one report's topic and absent from the
other's, ranked by TF-IDF over all topics of both. Every item carries a
``QuoteCitation`` into ``rightslens text DOC``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Literal

from spacy.tokens import Doc, Token

from rightslens.errors import NotFoundError
from rightslens.extract.parse import load_nlp
from rightslens.find.figure_pairs import pair_figures
from rightslens.model import (
    Citation,
    DocumentSummary,
    EventFact,
    Fact,
    FigureFact,
    PersonFact,
    StoredDocument,
)
from rightslens.segment.topics import topic_tree
from rightslens.store.sql import SQLStore
from rightslens.store.trends import EntityRef, entity_names, fact_entities

Presence = Literal["both", "a", "b"]

# A topic shorter than this many words may show themes that occur once.
SHORT_TOPIC_WORDS = 300
MAX_PHRASE_WORDS = 3
# Themes are noun phrases: adjectives and common nouns, tagged by the shared spaCy model.
THEME_POS = frozenset({"ADJ", "NOUN"})
TAGGING_PIPES = ["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


@dataclass(frozen=True)
class QuoteCitation(Citation):
    """A citation with the words it points at and the sentence around them."""

    quote: str = ""
    sentence: str = ""


@dataclass(frozen=True)
class PersonItem:
    """A person named in one report's topic; ``elsewhere``: other-report topics naming them."""

    name: str
    entity_id: int | None
    mentions: int
    citation: QuoteCitation
    elsewhere: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventItem:
    """An event of one report that the other report does not have."""

    event_type: str
    victims: tuple[str, ...]
    date: str | None
    mentions: int
    citation: QuoteCitation


@dataclass(frozen=True)
class FigureChange:
    """Two figures counting the same thing in the same topic, one per report."""

    counts: str
    unit: str
    value_a: float
    value_b: float
    similarity: float
    a: QuoteCitation
    b: QuoteCitation

    @property
    def changed(self) -> bool:
        return self.value_a != self.value_b


@dataclass(frozen=True)
class ThemeItem:
    """A phrase frequent in one report's topic and absent from the other's."""

    phrase: str
    count: int
    score: float
    citation: QuoteCitation


@dataclass
class TopicComparison:
    """One aligned topic: its headings in each report and what differs."""

    id: str
    presence: Presence
    heading_a: str | None
    heading_b: str | None
    folded_a: tuple[str, ...] = ()
    folded_b: tuple[str, ...] = ()
    persons_only_a: list[PersonItem] = field(default_factory=list)
    persons_only_b: list[PersonItem] = field(default_factory=list)
    persons_both: list[str] = field(default_factory=list)
    events_only_a: list[EventItem] = field(default_factory=list)
    events_only_b: list[EventItem] = field(default_factory=list)
    events_both: int = 0
    figures: list[FigureChange] = field(default_factory=list)
    themes_only_a: list[ThemeItem] = field(default_factory=list)
    themes_only_b: list[ThemeItem] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        """Whether anything differs (changed figures count; unchanged ones do not)."""
        return self.presence != "both" or any(
            (
                self.persons_only_a,
                self.persons_only_b,
                self.events_only_a,
                self.events_only_b,
                [f for f in self.figures if f.changed],
                self.themes_only_a,
                self.themes_only_b,
            )
        )


@dataclass
class Comparison:
    """Two reports compared topic by topic, in taxonomy order; ``warnings`` say when the
    comparison cannot mean "what changed" (a report with itself, two countries)."""

    a: DocumentSummary
    b: DocumentSummary
    topics: list[TopicComparison]
    warnings: list[str] = field(default_factory=list)

    def presence_counts(self) -> dict[Presence, int]:
        """How many topics are in both reports, only in A, only in B."""
        return {p: sum(t.presence == p for t in self.topics) for p in ("both", "a", "b")}

    def quiet_topics(self) -> list[str]:
        """The ids of the topics in which nothing differs."""
        return [t.id for t in self.topics if not t.has_news]


class _Report:
    """One side of a comparison: the stored report, its facts and how to cite them."""

    def __init__(self, store: SQLStore, ref: str | int) -> None:
        self.document: StoredDocument = store.get_document(ref)
        self.summary = self.document.summary
        self.facts = store.facts(self.summary.id)
        self.person_entities = fact_entities(store, self.summary.id, "person")
        self._paragraph_starts = [p.start for p in self.document.paragraphs]
        self.topics = {s.id for s in self.document.sections}
        self.align: dict[str, str] = {}

    def paragraph_index(self, offset: int) -> int | None:
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if index < 0 or offset > self.document.paragraphs[index].end:
            return None
        return index

    def heading(self, section: str | None, offset: int) -> str:
        matching = [s for s in self.document.sections if s.id == section]
        for found in matching:
            if found.start <= offset < found.end:
                return found.heading
        return matching[0].heading if matching else ""

    def cite(self, start: int, end: int, section: str | None, sentence: str) -> QuoteCitation:
        index = self.paragraph_index(start)
        key, publisher, country, year = (
            self.summary.key,
            self.summary.publisher,
            self.summary.country,
            self.summary.year,
        )
        paragraph = None if index is None else index + 1
        quote = self.document.text[start:end]
        heading = self.heading(section, start)
        return QuoteCitation(
            key, publisher, country, year, section, heading, paragraph, start, end, quote, sentence
        )

    def cite_fact(self, fact: Fact) -> QuoteCitation:
        return self.cite(fact.quote.start, fact.quote.end, fact.section, fact.sentence.text)

    def topic_of(self, section: str | None) -> str | None:
        return None if section is None else self.align.get(section, section)


def remembered_comparison(
    store: SQLStore,
    ref_a: str | int,
    ref_b: str | int,
    section: str | None = None,
    max_themes: int = 8,
) -> Comparison:
    """``compare_reports``, remembered while both reports' facts and reviews and the store's
    entities stay as they are: a server is asked the same comparison again and again, and
    each costs a quarter of a second or more. Treat the answer as read-only."""
    a_id, b_id = store.resolve(ref_a), store.resolve(ref_b)
    stamp = store.facts_stamp([a_id, b_id])
    return _remembered(store, a_id, b_id, section, max_themes, stamp)


@lru_cache(maxsize=32)
def _remembered(
    store: SQLStore, a_id: int, b_id: int, section: str | None, max_themes: int, _stamp: tuple
) -> Comparison:
    return compare_reports(store, a_id, b_id, section, max_themes)


def compare_reports(
    store: SQLStore,
    ref_a: str | int,
    ref_b: str | int,
    section: str | None = None,
    max_themes: int = 8,
) -> Comparison:
    """What differs between two stored reports, topic by topic (one topic and its subtopics
    when ``section`` is given). ``max_themes=0`` skips themes, which need a spaCy tagging
    pass over both reports (seconds per report)."""
    a, b = _Report(store, ref_a), _Report(store, ref_b)
    a.align = align_topics(a.topics, b.topics)
    b.align = align_topics(b.topics, a.topics)
    victims = entity_names(store, ("person", "organization"))
    persons = {id(r): _persons_by_topic(r) for r in (a, b)}
    events = {id(r): _keyed_events(r, victims) for r in (a, b)}
    order = {topic_id: index for index, topic_id in enumerate(topic_tree().topics)}
    aligned = sorted(
        set(a.align.values()) | set(b.align.values()),
        key=lambda topic_id: (order.get(topic_id, len(order)), topic_id),
    )
    if section is not None:
        aligned = [t for t in aligned if _in_topic(t, section) or _folds(a, b, t, section)]
        if not aligned:
            known = ", ".join(sorted(a.topics | b.topics)) or "none"
            raise NotFoundError(
                f"neither {a.summary.key} nor {b.summary.key} has topic {section!r} "
                f"(they have: {known})"
            )
    themes = _Themes(a, b, set(aligned)) if max_themes > 0 else None
    topics: list[TopicComparison] = []
    for topic_id in aligned:
        comparison = _topic_shell(a, b, topic_id)
        _compare_persons(comparison, a, b, persons)
        _compare_events(comparison, a, b, events)
        comparison.figures = _pair_figures(a, b, topic_id)
        if themes is not None:
            comparison.themes_only_a = themes.only(a, topic_id, max_themes)
            comparison.themes_only_b = themes.only(b, topic_id, max_themes)
        topics.append(comparison)
    return Comparison(a.summary, b.summary, topics, comparison_warnings(a.summary, b.summary))


def comparison_warnings(a: DocumentSummary, b: DocumentSummary) -> list[str]:
    """What a reader must know before taking the differences as changes."""
    warnings = []
    if a.id == b.id:
        warnings.append(
            f"{a.key} is compared with itself: nothing can differ (name two reports, "
            "such as two years of one country)"
        )
    elif a.country and b.country and a.country != b.country:
        warnings.append(
            f"{a.key} and {b.key} cover different countries ({a.country}, {b.country}): "
            "what differs is mostly what sets the countries apart, not what changed, and "
            "figures are paired only by what they count"
        )
    return warnings


def align_topics(here: Iterable[str], there: set[str]) -> dict[str, str]:
    """Each topic id of one report mapped to the id it is compared under.

    An id the other report lacks goes to its nearest ancestor the other report
    has, as long as that ancestor is a lettered topic (level 2 or deeper), not a
    whole part such as ``s1``; otherwise it stays itself (a topic of one report).
    """
    tree = topic_tree()
    mapping: dict[str, str] = {}
    for topic_id in here:
        mapping[topic_id] = topic_id
        if topic_id in there or topic_id not in tree.topics:
            continue
        parent = tree[topic_id].parent
        while parent is not None and tree[parent].level >= 2:
            if parent in there:
                mapping[topic_id] = parent
                break
            parent = tree[parent].parent
    return mapping


def _in_topic(topic_id: str, section: str) -> bool:
    return topic_id == section or topic_id.startswith(section + ".")


def _folds(a: _Report, b: _Report, topic_id: str, section: str) -> bool:
    """Whether a topic inside ``section`` was folded into ``topic_id``."""
    return any(
        target == topic_id and _in_topic(source, section)
        for report in (a, b)
        for source, target in report.align.items()
    )


def _topic_shell(a: _Report, b: _Report, topic_id: str) -> TopicComparison:
    in_a = topic_id in a.align.values()
    in_b = topic_id in b.align.values()
    presence: Presence = "both" if in_a and in_b else "a" if in_a else "b"

    def heading(report: _Report) -> str | None:
        found = [s.heading for s in report.document.sections if s.id == topic_id]
        if found:
            return found[0]
        folded = [s.heading for s in report.document.sections if report.align[s.id] == topic_id]
        return "; ".join(folded) if folded else None

    def folded(report: _Report) -> tuple[str, ...]:
        return tuple(sorted(s for s, t in report.align.items() if t == topic_id and s != t))

    return TopicComparison(
        id=topic_id,
        presence=presence,
        heading_a=heading(a),
        heading_b=heading(b),
        folded_a=folded(a),
        folded_b=folded(b),
    )


# -- persons and events --------------------------------------------------------

PersonMentions = dict[str, dict[str, list[tuple[PersonFact, str, int | None]]]]
KeyedEvents = list[tuple[EventFact, list[tuple[str, ...]]]]


def _persons_by_topic(report: _Report) -> PersonMentions:
    """Person mentions by topic, then by person: the resolved entity when there is one."""
    grouped: PersonMentions = defaultdict(lambda: defaultdict(list))
    for fact in report.facts:
        topic_id = report.topic_of(fact.section)
        if not isinstance(fact, PersonFact) or topic_id is None:
            continue
        linked = report.person_entities.get((fact.quote.start, fact.quote.end))
        if linked is not None:
            grouped[topic_id][f"entity:{linked[0]}"].append((fact, linked[1], linked[0]))
        else:
            name = fact.name or fact.quote.text
            grouped[topic_id][f"name:{name.casefold()}"].append((fact, name, None))
    return grouped


def _compare_persons(
    comparison: TopicComparison, a: _Report, b: _Report, persons: dict[int, PersonMentions]
) -> None:
    here = {id(r): persons[id(r)].get(comparison.id, {}) for r in (a, b)}
    for side, report, other in (("a", a, b), ("b", b, a)):
        items = [
            PersonItem(
                mentions[0][1],
                mentions[0][2],
                len(mentions),
                report.cite_fact(mentions[0][0]),
                tuple(t for t, found in persons[id(other)].items() if key in found),
            )
            for key, mentions in here[id(report)].items()
            if key not in here[id(other)]
        ]
        setattr(comparison, f"persons_only_{side}", items)
    comparison.persons_both = [m[0][1] for key, m in here[id(a)].items() if key in here[id(b)]]


def _keyed_events(report: _Report, victims: dict[str, EntityRef]) -> KeyedEvents:
    """Each event with how it is recognised in another report: its type and each victim.

    A victim is its resolved entity where its name is one; else its words without
    a leading article. An event without a victim is matched on type, place and date.
    """
    keyed: KeyedEvents = []
    for event in report.facts:
        if not isinstance(event, EventFact):
            continue
        keys = [(event.event_type, "", event.place or "", event.date or "")]
        if event.victims:
            keys = [(event.event_type, _victim_key(victim, victims)) for victim in event.victims]
        keyed.append((event, keys))
    return keyed


def _victim_key(victim: str, victims: dict[str, EntityRef]) -> str:
    name = victim.strip(" ,.;:").casefold()
    return f"entity:{victims[name][0]}" if name in victims else _LEADING_ARTICLE.sub("", name)


def _compare_events(
    comparison: TopicComparison, a: _Report, b: _Report, events: dict[int, KeyedEvents]
) -> None:
    every_key = {side: {k for _, keys in found for k in keys} for side, found in events.items()}
    for side, report, other in (("a", a, b), ("b", b, a)):
        items: dict[tuple[str, ...], list[EventFact]] = {}
        for event, keys in events[id(report)]:
            if report.topic_of(event.section) != comparison.id:
                continue
            if any(key in every_key[id(other)] for key in keys):
                comparison.events_both += side == "a"
            else:
                items.setdefault(keys[0], []).append(event)
        only = [
            EventItem(
                found[0].event_type,
                tuple(found[0].victims),
                found[0].date,
                len(found),
                report.cite_fact(found[0]),
            )
            for found in items.values()
        ]
        setattr(comparison, f"events_only_{side}", only)


# -- figures -------------------------------------------------------------------


def _pair_figures(a: _Report, b: _Report, topic_id: str) -> list[FigureChange]:
    """The figures of both reports in this topic that count the same thing, changed first."""
    figures = [
        [f for f in r.facts if isinstance(f, FigureFact) and r.topic_of(f.section) == topic_id]
        for r in (a, b)
    ]
    pairs = [
        FigureChange(
            fa.counts, fa.unit, fa.value, fb.value, similarity, a.cite_fact(fa), b.cite_fact(fb)
        )
        for fa, fb, similarity in pair_figures(*figures)
    ]
    return sorted(pairs, key=lambda pair: not pair.changed)


# -- themes --------------------------------------------------------------------


@dataclass(frozen=True)
class _Occurrence:
    start: int
    end: int
    surface: str


def _proper_words(texts: Iterable[str]) -> frozenset[str]:
    """Words only ever written with a capital (names, places): never part of a theme."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for text in texts:
        for token in _TOKEN.findall(text):
            if token[0].isupper() and not token.isupper():
                capitalised.add(token.casefold())
            elif token.islower():
                lowercase.add(token)
    return frozenset(capitalised - lowercase)


def _phrases(
    doc: Doc, offset: int, proper: frozenset[str]
) -> Iterator[tuple[tuple[str, ...], _Occurrence]]:
    """Noun phrases of a tagged paragraph as lemma keys with their spans: every run of up
    to three adjectives and nouns (hyphenated words kept whole) that ends on a noun."""
    run: list[Token] = []
    for token in doc:
        if token.text == "-" and run and not run[-1].whitespace_ and not token.whitespace_:
            continue
        word = token.text.casefold()
        if (
            token.pos_ not in THEME_POS
            or token.is_stop
            or not token.is_alpha
            or len(word) < 3
            or word in proper
        ):
            run = []
            continue
        run = [*run[-(MAX_PHRASE_WORDS - 1) :], token]
        if token.pos_ != "NOUN":
            continue
        for size in range(1, len(run) + 1):
            part = run[-size:]
            first, last = part[0], part[-1]
            surface = doc.text[first.idx : last.idx + len(last)]
            occurrence = _Occurrence(
                offset + first.idx,
                offset + last.idx + len(last),
                surface if surface.isupper() else surface.lower(),
            )
            yield tuple(t.lemma_.casefold() for t in part), occurrence


class _Themes:
    """Phrase counts per (report, topic), and the inverse document frequency over them
    (only the topics compared are tagged)."""

    def __init__(self, a: _Report, b: _Report, topics: set[str]) -> None:
        self._reports = {id(a): a, id(b): b}
        proper = _proper_words([a.document.text, b.document.text])
        self._counts: dict[tuple[int, str], Counter[tuple[str, ...]]] = defaultdict(Counter)
        self._first: dict[tuple[int, str], dict[tuple[str, ...], _Occurrence]] = defaultdict(dict)
        self._words: Counter[tuple[int, str]] = Counter()
        nlp = load_nlp()
        for report in (a, b):
            wanted = [
                (paragraph, topic_id)
                for paragraph in report.document.paragraphs
                if (topic_id := report.topic_of(paragraph.section)) in topics
            ]
            texts = (report.document.text[p.start : p.end] for p, _ in wanted)
            with nlp.select_pipes(enable=TAGGING_PIPES):
                docs = nlp.pipe(texts, batch_size=64)
                for (paragraph, topic_id), doc in zip(wanted, docs, strict=True):
                    unit = (id(report), topic_id)
                    self._words[unit] += len(doc)
                    for key, occurrence in _phrases(doc, paragraph.start, proper):
                        self._counts[unit][key] += 1
                        self._first[unit].setdefault(key, occurrence)
        frequency: Counter[tuple[str, ...]] = Counter()
        for counts in self._counts.values():
            frequency.update(counts.keys())
        units = max(len(self._counts), 1)
        self._idf = {key: math.log(1 + units / n) for key, n in frequency.items()}

    def only(self, report: _Report, topic_id: str, limit: int) -> list[ThemeItem]:
        """The phrases of this report's topic that the other report's topic never uses."""
        unit = (id(report), topic_id)
        other = next(r for key, r in self._reports.items() if key != id(report))
        other_counts = self._counts.get((id(other), topic_id), Counter())
        minimum = 1 if self._words[unit] < SHORT_TOPIC_WORDS else 2
        scored = sorted(
            (
                (count * self._idf[key] * (1 + 0.5 * (len(key) - 1)), key, count)
                for key, count in self._counts.get(unit, Counter()).items()
                if count >= minimum and not _shares_phrase(key, other_counts)
            ),
            reverse=True,
        )
        chosen: list[ThemeItem] = []
        chosen_keys: list[tuple[str, ...]] = []
        for score, key, count in scored:
            if len(chosen) == limit:
                break
            if any(_overlaps(key, taken) for taken in chosen_keys):
                continue
            occurrence = self._first[unit][key]
            chosen_keys.append(key)
            chosen.append(
                ThemeItem(
                    occurrence.surface,
                    count,
                    round(score, 3),
                    report.cite(
                        occurrence.start,
                        occurrence.end,
                        _section_at(report, occurrence.start),
                        _sentence_at(report, occurrence.start),
                    ),
                )
            )
        return chosen


def _shares_phrase(key: tuple[str, ...], other: Counter[tuple[str, ...]]) -> bool:
    """Whether the other side uses the phrase, or (for a longer phrase) any of its words."""
    return key in other or (len(key) > 1 and any((stem,) in other for stem in key))


def _overlaps(key: tuple[str, ...], taken: tuple[str, ...]) -> bool:
    """Whether one phrase holds the other (so only the better-scored of them is shown)."""
    shorter, longer = sorted((key, taken), key=len)
    return any(
        longer[i : i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1)
    )


def _section_at(report: _Report, offset: int) -> str | None:
    index = report.paragraph_index(offset)
    return None if index is None else report.document.paragraphs[index].section


def _sentence_at(report: _Report, offset: int) -> str:
    """The sentence of a paragraph around an offset (split at full stops)."""
    text = report.document.text
    index = report.paragraph_index(offset)
    if index is None:
        return ""
    paragraph = report.document.paragraphs[index]
    start = paragraph.start
    for match in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
        if match.end() > offset:
            return text[start : match.start() + 1].strip()
        start = match.end()
    return text[start : paragraph.end].strip()


def comparison_record(comparison: Comparison) -> dict:
    """The comparison as JSON-ready data (figure pairs also say whether they ``changed``)."""
    record = asdict(comparison)
    for topic, topic_record in zip(comparison.topics, record["topics"], strict=True):
        for pair, pair_record in zip(topic.figures, topic_record["figures"], strict=True):
            pair_record["changed"] = pair.changed
    return record
