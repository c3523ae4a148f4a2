"""Place a report's headings on the reference topic tree, by what they say.

Two kinds of report are read the same way, but with different expectations:

* an *outline* (State Department): "Section N." opens a top-level topic,
  a lettered heading an item of the current section, and an unlettered
  heading a sub-topic of the current item or section. Each heading is scored
  only against the topics its place allows, so "Freedom of Association" is
  the civil liberty under Section 2 and the worker right under Section 7.
  The 2024 outline's parts ("Life", "Liberty", ...) hold items from all over
  the tree, so under a part every topic is a candidate.
* a *chapter* (Human Rights Watch, Amnesty): a flat run of topical headings,
  each scored against the whole tree; the untitled opening is the summary.

A heading that fits no topic stays text: plain-text readers mark short lines
as headings too, and a false topic would cut a section in two; a guessed
heading that ends like a sentence ("Torture.") is a wrapped line, not a topic. Only a
numbered or lettered heading, which is surely a topic, falls back to its
section when its words fit nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rightslens.model import Block, ReportMeta, SectionMark, Segmentation
from rightslens.segment.headings import (
    HeadingForm,
    collapse,
    continues,
    ends_sentence,
    heading_form,
    run_in_label,
)
from rightslens.segment.topics import Fit, Topic, TopicTree, topic_tree, words

# A numbered or lettered heading is a topic for sure: the words only pick which.
SURE_MIN_PHRASE = 0.5
# A bare heading must name most of a topic's phrase, be much about it, and both well.
MIN_PHRASE = 0.5
MIN_HEADING = 0.34
MIN_MEAN = 0.65
# Preference for a bare heading's candidates: the current item's sub-topics,
# then the current section's items, then a new top-level topic.
PRIOR_SUBTOPIC = 1.0
PRIOR_ITEM = 0.95
PRIOR_ELSEWHERE = 0.9
# A lettered item that fits no item of its section may come from another
# (a section heading the reader missed).
PRIOR_OTHER_SECTION = 0.8
# Numbered or lettered headings that make a document an outline.
OUTLINE_MIN_MARKERS = 3
# Words a paragraph needs to read as the untitled opening summary.
OPENING_MIN_WORDS = 8


@dataclass(frozen=True)
class _Heading:
    block: int
    form: HeadingForm
    # No markup level: a plain-text reader guessed it is a heading from its shape.
    guessed: bool


@dataclass
class _Outline:
    """Where the reading stands: the open section, item and sub-item."""

    tree: TopicTree
    outlined: bool
    open: list[Topic] = field(default_factory=list)
    # The last lettered item stays a parent for sub-topics after a bare item-level
    # heading ("Transnational Repression" before "Civil Judicial Procedures").
    lettered: Topic | None = None

    def place(self, heading: _Heading) -> SectionMark | None:
        """The topic a heading opens, or None when it opens none (it stays text)."""
        form = heading.form
        if form.section is not None:
            placed = self._section(form)
        elif form.letter is not None and self.outlined:
            placed = self._item(form)
        elif heading.guessed and ends_sentence(form.text):
            return None
        else:
            placed = self._bare(form)
        if placed is None:
            return None
        topic, stack, level = placed
        repeats = any(open_topic.id == topic.id for open_topic in self.open)
        if repeats and form.letter is None:
            return None
        self.open = stack
        if form.section is not None or level == 1:
            self.lettered = None
        elif form.letter is not None:
            self.lettered = topic
        return SectionMark(heading.block, topic.id, form.text, level)

    def _section(self, form: HeadingForm) -> tuple[Topic, list[Topic], int] | None:
        fit = self._fit(form.title, ((topic, 1.0) for topic in self._sections()), sure=True)
        if fit is not None:
            return fit.topic, [fit.topic], 1
        numbered = self.tree.topics.get(f"s{form.section}")
        return (numbered, [numbered], 1) if numbered is not None else None

    def _item(self, form: HeadingForm) -> tuple[Topic, list[Topic], int] | None:
        section = self.open[0] if self.open else None
        if section is not None and section.part:
            items = [t for t in self._sections() if not t.part]
            items += [t for t in self._all(parts=False) if t.level > 1]
            candidates = [(topic, 1.0) for topic in items]
        else:
            candidates = [
                (topic, 1.0 if section and topic.parent == section.id else PRIOR_OTHER_SECTION)
                for topic in self._all(parts=False)
                if topic.level == 2
            ]
        fit = self._fit(form.title, candidates, sure=True)
        if fit is None:
            return (section, [section], section.level) if section is not None else None
        topic = fit.topic
        if section is None or (not section.part and topic.parent != section.id):
            section = self.tree[topic.parent] if topic.parent else topic
        return topic, [section, topic], 2

    def _bare(self, form: HeadingForm) -> tuple[Topic, list[Topic], int] | None:
        if not self.outlined:
            fit = self._fit(form.text, ((t, 1.0) for t in self._all(parts=False)), sure=False)
            return (fit.topic, [fit.topic], fit.topic.level) if fit is not None else None
        section = self.open[0] if self.open else None
        item = self.open[1] if len(self.open) > 1 else None
        candidates: list[tuple[Topic, float]] = []
        for parent in (item, self.lettered):
            if parent is not None:
                candidates += [(t, PRIOR_SUBTOPIC) for t in self.tree.children(parent.id)]
        if section is not None and section.part:
            candidates += [(t, PRIOR_ELSEWHERE) for t in self._all(parts=False) if t.level > 1]
        elif section is not None:
            candidates += [(topic, PRIOR_ITEM) for topic in self.tree.children(section.id)]
        candidates += [(topic, PRIOR_ELSEWHERE) for topic in self.tree.children(None)]
        fit = self._fit(form.text, candidates, sure=False)
        if fit is None:
            return None
        topic = fit.topic
        if topic.level == 1:
            return topic, [topic], 1
        if section is None:
            return topic, [topic], topic.level
        if section.part:
            return (topic, [section, item, topic], 3) if item else (topic, [section, topic], 2)
        for parent in (item, self.lettered):
            if parent is not None and topic.parent == parent.id:
                return topic, [section, parent, topic], topic.level
        return topic, [section, topic], topic.level

    def _sections(self) -> list[Topic]:
        """Top-level topics that hold items: the numbered sections and the 2024 parts."""
        return [t for t in self.tree.children(None) if t.part or self.tree.children(t.id)]

    def _all(self, parts: bool) -> list[Topic]:
        return [topic for topic in self.tree.topics.values() if parts or not topic.part]

    def _fit(self, title: str, candidates: Iterable[tuple[Topic, float]], sure: bool) -> Fit | None:
        if sure:
            return self.tree.best_fit(words(title), candidates, SURE_MIN_PHRASE, 0.0, 0.0)
        return self.tree.best_fit(words(title), candidates, MIN_PHRASE, MIN_HEADING, MIN_MEAN)


def _headings(blocks: list[Block]) -> list[_Heading]:
    """Heading blocks as they read, a bare "Section N." joined to its title on the next block,
    and a heading that breaks off mid-phrase joined to its continuation."""
    headings: list[_Heading] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind != "heading":
            index += 1
            continue
        text = collapse(block.text.text)
        following = index + 1
        while following < len(blocks) and blocks[following].kind == "heading":
            form = heading_form(text)
            if not (form.section is not None and not form.title) and not continues(text):
                break
            text = f"{text} {collapse(blocks[following].text.text)}"
            following += 1
        headings.append(_Heading(index, heading_form(text), block.level is None))
        index = following
    return headings


def _opening(blocks: list[Block], before: int) -> int | None:
    """The block where an untitled opening summary starts: the first prose paragraph."""
    paragraphs = [i for i in range(before) if blocks[i].kind == "paragraph"]
    for index in paragraphs:
        if len(blocks[index].text.text.split()) >= OPENING_MIN_WORDS:
            return index
    return paragraphs[0] if paragraphs else None


def segment(blocks: list[Block], meta: ReportMeta) -> Segmentation:
    """Topic openings (taxonomy ids, in order) and run-in paragraph labels of a report.

    ``meta`` is not needed to read the outline: the headings' own form and
    words decide, so a report of an unknown publisher is read the same way.
    """
    headings = _headings(blocks)
    markers = sum(1 for h in headings if h.form.section is not None or h.form.letter is not None)
    outline = _Outline(topic_tree(), outlined=markers >= OUTLINE_MIN_MARKERS)
    marks = [mark for heading in headings if (mark := outline.place(heading)) is not None]
    # An untitled opening is a summary only where the report has topics after it.
    if marks and not any(mark.id == "exec" for mark in marks):
        opening = _opening(blocks, marks[0].block)
        if opening is not None:
            marks.insert(0, SectionMark(opening, "exec", "", 1))
    labels = {
        index: label
        for index, block in enumerate(blocks)
        if block.kind == "paragraph" and (label := run_in_label(block.text.text))
    }
    return Segmentation(marks, labels)
