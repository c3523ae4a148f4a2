"""The topic tree as data, and how well a heading's words fit each topic.

A heading fits a topic when its words cover one of the topic's descriptive
phrases (``taxonomy.toml``) and the topic's vocabulary explains most of the
heading. Words are compared as Snowball stems, weighted by how specific they
are to few topics (an inverse document frequency over the tree), so that
"Freedom" or "Persons" count less than "Torture" or "Refugees".
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rightslens.segment.stems import stem

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "for",
        "to",
        "on",
        "with",
        "by",
        "at",
        "from",
        "as",
        "into",
        "its",
        "their",
        "other",
        "including",
        "regarding",
        "towards",
        "toward",
        "against",
        "see",
        "section",
        "while",
        "per",
    ]
)

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Content words of a text as stems, in order, each once (digits and letters alone dropped)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower().replace("’", "'").replace("'s", "")):
        if len(word) > 1 and not word.isdigit() and word not in STOPWORDS:
            seen.setdefault(stem(word), None)
    return list(seen)


@dataclass(frozen=True)
class Topic:
    """One taxonomy id with its place in the tree and what its headings say."""

    id: str
    parent: str | None
    level: int
    part: bool
    phrases: tuple[tuple[str, ...], ...]
    vocabulary: frozenset[str]


@dataclass(frozen=True)
class Fit:
    """How a heading fits a topic: phrase coverage, heading coverage, where the match starts."""

    topic: Topic
    phrase: float
    heading: float
    position: int
    score: float


class TopicTree:
    """The taxonomy ids, their parents and children, and the heading scorer."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = {topic.id: topic for topic in topics}
        self._children: dict[str | None, list[Topic]] = {}
        for topic in topics:
            self._children.setdefault(topic.parent, []).append(topic)
        frequency: dict[str, int] = {}
        for topic in topics:
            for word in topic.vocabulary:
                frequency[word] = frequency.get(word, 0) + 1
        self._unknown_weight = math.log(1 + len(topics))
        self._weights = {
            word: math.log(1 + len(topics) / count) for word, count in frequency.items()
        }

    def __getitem__(self, topic_id: str) -> Topic:
        return self.topics[topic_id]

    def children(self, topic_id: str | None) -> list[Topic]:
        """Topics whose parent is ``topic_id`` (``None``: the top-level topics)."""
        return self._children.get(topic_id, [])

    def weight(self, word: str) -> float:
        """How much a word says about which topic a heading is: rarer in the tree, more."""
        return self._weights.get(word, self._unknown_weight)

    def fit(self, heading: Sequence[str], topic: Topic, prior: float = 1.0) -> Fit | None:
        """How well heading words fit a topic; None when no phrase word occurs."""
        present = {word: index for index, word in enumerate(heading)}
        best: tuple[float, int] | None = None
        for phrase in topic.phrases:
            shared = [word for word in phrase if word in present]
            if not shared:
                continue
            coverage = sum(self.weight(w) for w in shared) / sum(self.weight(w) for w in phrase)
            position = min(present[word] for word in shared)
            if best is None or (coverage, -position) > (best[0], -best[1]):
                best = (coverage, position)
        if best is None:
            return None
        total = sum(self.weight(word) for word in heading)
        explained = sum(self.weight(word) for word in heading if word in topic.vocabulary)
        heading_coverage = explained / total
        score = prior * (best[0] + heading_coverage) / 2
        return Fit(topic, best[0], heading_coverage, best[1], score)

    def best_fit(
        self,
        heading: Sequence[str],
        candidates: Iterable[tuple[Topic, float]],
        min_phrase: float,
        min_heading: float,
        min_mean: float,
        margin: float = 0.1,
    ) -> Fit | None:
        """The topic a heading names among weighted candidates, or None if none fits well.

        A heading that lists several topics ("Freedom of Movement, Internally
        Displaced Persons, ...") names the first: among fits scoring within
        ``margin`` of the best, the one matched earliest wins, then the broader.
        """
        if not heading:
            return None
        fits: dict[str, Fit] = {}
        for topic, prior in candidates:
            fit = self.fit(heading, topic, prior)
            if fit is None or fit.phrase < min_phrase or fit.heading < min_heading:
                continue
            if (fit.phrase + fit.heading) / 2 < min_mean:
                continue
            if topic.id not in fits or fit.score > fits[topic.id].score:
                fits[topic.id] = fit
        if not fits:
            return None
        top = max(fit.score for fit in fits.values())
        close = [fit for fit in fits.values() if fit.score >= top - margin]
        return min(close, key=lambda fit: (fit.position, -fit.score, fit.topic.level))


@cache
def _taxonomy_data() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("taxonomy.toml").read_text("utf-8"))


def topic_descriptions() -> list[tuple[str, int, str]]:
    """(id, level, what it is about) for every taxonomy id, in tree order, for people."""
    tree = topic_tree()
    data = _taxonomy_data()
    return [(topic.id, topic.level, data[topic.id]["phrases"][0]) for topic in tree.topics.values()]


@cache
def topic_tree() -> TopicTree:
    """The reference tree from ``taxonomy.toml`` (built once: building stems every phrase)."""
    data = _taxonomy_data()
    topics: list[Topic] = []
    levels: dict[str, int] = {}
    for topic_id, entry in data.items():
        parent = entry.get("parent")
        levels[topic_id] = 1 if parent is None else levels[parent] + 1
        phrases = tuple(tuple(words(phrase)) for phrase in entry["phrases"])
        vocabulary = frozenset(word for phrase in phrases for word in phrase)
        topics.append(
            Topic(topic_id, parent, levels[topic_id], entry.get("part", False), phrases, vocabulary)
        )
    return TopicTree(topics)
