"""Figures of two reports that count the same thing: the "figures that changed" of a comparison.

Two figures are candidates only when they say what they count in the same words
(``counts``), in the same unit, and sit in the same topic: the same taxonomy id,
or a subtopic folded into the topic the other report has (two different
subtopics folded into one parent are never paired). Among candidates, the pairs
are chosen best first by how alike their sentences are (Jaccard of content-word
stems), each figure used once. Two guards keep unrelated counts apart:

- a one-word label ("complaints", "share", "children") names a kind of thing, not
  which ones: the words right around both numbers must also share a content word
  ("148 complaints alleging torture" and "110 complaints of torture" do);
- values a hundredfold apart are mostly a part against a whole (one enterprise's
  68 inspectors against the country's 17,751), so they need clearly alike sentences.
"""

from __future__ import annotations

from collections import defaultdict

from rightslens.model import FigureFact
from rightslens.segment.topics import words

# Figures are paired when their sentences share this share of content words
# (Jaccard of stems), or this lower share when each report has one such figure.
MIN_FIGURE_SIMILARITY = 0.25
MIN_LONE_FIGURE_SIMILARITY = 0.2
# Values this many times apart need sentences this alike.
FAR_APART = 100
MIN_FAR_APART_SIMILARITY = 0.5
# How many words on each side of a number say what a one-word label counts.
NEAR_WORDS = 8


def pair_figures(
    figures_a: list[FigureFact], figures_b: list[FigureFact]
) -> list[tuple[FigureFact, FigureFact, float]]:
    """``(figure of A, figure of B, sentence similarity)`` for the figures of one aligned
    topic that count the same thing, in report A's order."""
    groups: dict[tuple[str, str], tuple[list[FigureFact], list[FigureFact]]] = defaultdict(
        lambda: ([], [])
    )
    for side, figures in enumerate((figures_a, figures_b)):
        for figure in figures:
            if figure.counts:
                groups[(figure.counts.casefold(), figure.unit)][side].append(figure)
    pairs: list[tuple[FigureFact, FigureFact, float]] = []
    for (counts, _unit), (side_a, side_b) in groups.items():
        lone = len(side_a) == 1 and len(side_b) == 1
        threshold = MIN_LONE_FIGURE_SIMILARITY if lone else MIN_FIGURE_SIMILARITY
        label = frozenset(words(counts))
        stems = {id(f): frozenset(words(f.sentence.text)) for f in side_a + side_b}
        near = {id(f): _near_words(f) - label for f in side_a + side_b} if len(label) < 2 else {}
        candidates = sorted(
            (
                (_similarity(stems[id(fa)], stems[id(fb)]), ia, ib)
                for ia, fa in enumerate(side_a)
                for ib, fb in enumerate(side_b)
                if _same_topic(fa.section, fb.section) and (not near or near[id(fa)] & near[id(fb)])
            ),
            reverse=True,
        )
        used_a: set[int] = set()
        used_b: set[int] = set()
        for score, ia, ib in candidates:
            if score < threshold:
                break
            fa, fb = side_a[ia], side_b[ib]
            if ia in used_a or ib in used_b or _far_apart(fa, fb, score):
                continue
            used_a.add(ia)
            used_b.add(ib)
            pairs.append((fa, fb, round(score, 3)))
    return sorted(pairs, key=lambda pair: pair[0].quote.start)


def _similarity(first: frozenset[str], second: frozenset[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def _same_topic(first: str | None, second: str | None) -> bool:
    """The same topic, or one inside the other (a subtopic folded into its parent)."""
    if first is None or second is None:
        return first == second
    return first == second or first.startswith(second + ".") or second.startswith(first + ".")


def _near_words(figure: FigureFact) -> frozenset[str]:
    """Content-word stems of the ``NEAR_WORDS`` words before and after a figure's number."""
    sentence = figure.sentence
    before = sentence.text[: max(figure.quote.start - sentence.start, 0)].split()
    after = sentence.text[max(figure.quote.end - sentence.start, 0) :].split()
    return frozenset(words(" ".join(before[-NEAR_WORDS:] + after[:NEAR_WORDS])))


def _far_apart(first: FigureFact, second: FigureFact, similarity: float) -> bool:
    low, high = sorted((abs(first.value), abs(second.value)))
    return high >= FAR_APART * max(low, 1e-9) and similarity < MIN_FAR_APART_SIMILARITY
