"""Numbers as reports write them: digits ("1,200", "3.5", "1.5 million") or words
("two hundred thirty-eight", "seven and a half", "two-and-one-half", "a dozen"),
and the units written around them (percent, time units, currencies).

``NUMBER_RE`` finds a number expression in running text (one compiled regex, so
every extractor can scan a paragraph cheaply) and ``parse_number`` turns the
matched words into a value. Bare plurals ("dozens", "hundreds") are no number.
"""

from __future__ import annotations

import re

from rightslens.extract.data import load_table

UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALE_WORDS = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}  # fmt: skip
DOZEN = 12

_SMALL = "|".join(sorted([*UNIT_WORDS, *TENS_WORDS], key=len, reverse=True))
_SCALE = "|".join(SCALE_WORDS)
_SEP = r"(?:[ \t]+|-|[ \t]*-[ \t]*)"
# "and" joins number words only after a scale ("two hundred and five") or before
# a half ("seven and a half", "two-and-one-half"); "three and five days" stays two numbers.
_HALF = rf"{_SEP}and{_SEP}(?:a|one){_SEP}half"
_BELOW_HUNDRED = rf"(?:{_SMALL})(?:{_SEP}(?:{_SMALL}))?"
_WORD_NUMBER = (
    rf"(?:{_BELOW_HUNDRED}|a{_SEP}dozen|dozen)"
    rf"(?:{_SEP}(?:{_SCALE}|dozen)(?:(?:{_SEP}|[ \t]+and[ \t]+){_BELOW_HUNDRED})?)*"
    rf"(?:{_HALF})?"
)
_DIGIT_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:[ \t]+(?:{_SCALE}))?(?:{_HALF})?"
# One number word or a digit group, for rules that look back at a neighbouring number.
NUMBER_WORD = rf"(?:\d[\d.,]*|{_SMALL}|{_SCALE}|half|dozen)"
NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?:{_DIGIT_NUMBER}|{_WORD_NUMBER})(?![\w]|,\d|\.\d)", re.IGNORECASE
)
_TOKEN_RE = re.compile(r"[a-z]+|\d[\d,]*(?:\.\d+)?", re.IGNORECASE)

# Units written right after a number ("25-day", "seven years'", "113,450 tenge", "75 percent")
# or a currency sign right before it ("$550", "US$550", "€3,000").
_CURRENCIES = load_table("currencies")
CURRENCY_WORDS: dict[str, str] = _CURRENCIES["words"]
CURRENCY_SYMBOLS: dict[str, str] = _CURRENCIES["symbols"]
CURRENCY_WORD = "|".join(
    sorted((re.escape(w) + ("s?" if w.isalpha() and w.islower() else "") for w in CURRENCY_WORDS),
           key=len, reverse=True)
)  # fmt: skip
TIME_UNIT = r"years?|months?|weeks?|days?|hours?|minutes?|decades?"
UNIT_AFTER = re.compile(
    rf"(?:\s*-\s*|\s+)?(?P<unit>percent\b|per\s+cent\b|%|(?:{TIME_UNIT})\b|times\b"
    rf"|(?:US\s+)?(?:{CURRENCY_WORD})\b)['’]?s?",
    re.IGNORECASE,
)
# A sign or code before an amount; "\\$" is a dollar sign escaped in Markdown.
_SIGNS = sorted((re.escape(s) for s in CURRENCY_SYMBOLS if "$" not in s), key=len, reverse=True)
CURRENCY_BEFORE = re.compile(
    rf"(?P<symbol>US\s?\\?\$|\\?\$|{'|'.join(_SIGNS)}"
    rf"|(?:{'|'.join(_CURRENCIES['codes_before']['codes'])})\s?)$"
)


def parse_number(text: str) -> float | None:
    """The value of a number expression, or None when the words are not one number."""
    words = [w.lower() for w in _TOKEN_RE.findall(text)]
    if not words:
        return None
    half = 0.0
    if words[-1] == "half" and len(words) >= 3 and words[-3] == "and":
        half = 0.5
        words = words[:-3]
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        if word[0].isdigit():
            current += float(word.replace(",", ""))
        elif word in UNIT_WORDS:
            current += UNIT_WORDS[word]
        elif word in TENS_WORDS:
            current += TENS_WORDS[word]
        elif word == "dozen":
            current = (current or 1) * DOZEN
        elif word in SCALE_WORDS:
            scale = SCALE_WORDS[word]
            if scale == 100:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0.0
        elif word in {"a", "and"}:
            continue
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current + half


def unit_name(word: str) -> str:
    """The unit's canonical name: percent, plural time units, currency codes or words."""
    lowered = re.sub(r"\s+", " ", word.lower())
    if lowered in {"%", "percent", "per cent"}:
        return "percent"
    if re.fullmatch(TIME_UNIT + "|times", lowered):
        return lowered if lowered.endswith("s") else lowered + "s"
    lowered = lowered.removeprefix("us ") if lowered != "us dollar" else lowered
    for candidate in (lowered, lowered.rstrip("s"), lowered[:-1]):
        if candidate in CURRENCY_WORDS:
            return CURRENCY_WORDS[candidate]
    return lowered
