"""What a heading's form says before its words are read: "Section N.", a letter, a run-in label.

State Department reports number their sections ("Section 2.") and letter the
items of a section ("c. Freedom of Religion"); the number and the letter give
a heading's depth, never its topic (letters shift from year to year). A
paragraph that opens with a short title-case phrase and a colon ("Pretrial
Detention: ...") carries a run-in label, which is not a topic of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SECTION = re.compile(r"section\s+(\d{1,2})\b\s*[.:]?\s*(?:[-–—]\s*)?", re.IGNORECASE)
_LETTER = re.compile(r"\(?([a-j]|[A-H])[.)]\s+(?=\w)")
_LABEL = re.compile(r"([^:.;!?\d]{2,90}?)\s*:\s+\S")
_LABEL_LINKS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "before",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "under",
        "with",
        "without",
    ]
)
_LABEL_MAX_WORDS = 12
# A capitalized phrase that opens a sentence, not a label ("According to the World Bank: ...").
_SENTENCE_OPENERS = frozenset(["according", "as", "in", "on", "for", "under", "after", "since"])
_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"'”’)]*\Z")
_HEADING_CONTINUES = re.compile(r"(?:[,/-]|\b(?:and|or|of|the|for|to|in|with|by|on))\Z", re.I)


@dataclass(frozen=True)
class HeadingForm:
    """A heading as it reads, split into its numbering and its title."""

    text: str
    section: int | None
    letter: str | None
    title: str


def collapse(text: str) -> str:
    """Whitespace runs as single spaces, no space at either end."""
    return " ".join(text.split())


def heading_form(text: str) -> HeadingForm:
    """Split "Section 1. Life" into 1 and "Life", "c. Torture" into "c" and "Torture"."""
    text = collapse(text)
    section = _SECTION.match(text)
    if section:
        return HeadingForm(text, int(section.group(1)), None, text[section.end() :])
    letter = _LETTER.match(text)
    if letter:
        return HeadingForm(text, None, letter.group(1).lower(), text[letter.end() :])
    return HeadingForm(text, None, None, text)


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a sentence (a full stop, not an abbreviation's)."""
    return bool(_SENTENCE_END.search(text))


def continues(text: str) -> bool:
    """Whether a heading breaks off mid-phrase ("... Treatment or") and goes on next line."""
    return bool(_HEADING_CONTINUES.search(text.rstrip()))


def run_in_label(text: str) -> str | None:
    """The run-in label a paragraph opens with ("Physical Conditions: ..."), if any.

    A label is a short phrase whose words are all capitalized but for small
    linking words, followed by a colon and the paragraph's text.
    """
    match = _LABEL.match(text)
    if not match:
        return None
    label = collapse(match.group(1))
    label_words = label.replace(",", " ").split()
    if len(label_words) > _LABEL_MAX_WORDS or not label_words[0][:1].isupper():
        return None
    if label_words[0].lower() in _SENTENCE_OPENERS:
        return None
    for word in label_words:
        if word.lower() in _LABEL_LINKS:
            continue
        if not word[:1].isupper():
            return None
    return label
