"""Dates: every date expression of a report, resolved to ISO against the report's year.

A small regex grammar for the English forms these reports use is much faster than
a general date parser and covers them: "March 15, 2021", "15 March 2021",
"December 2021", "in 2022", "March 15-17" (a day range: its month, 2021-03), "in early
2012" (the year; the words stay in the quote), "during the year", "at year's end"
(December of the report's year), "the previous year".
Day-and-month without a year, and month alone, take the nearest explicit year
earlier in the same sentence ("in 2022 ... in January" is 2022-01), else a year
that closes the phrase ("March and May 2012", "the January events of 2022"), else the
year of the same month written out earlier in the paragraph ("On December 16, 2011, ...
On December 17" is 2011-12-17), else the report's year.
Relative phrases ("two days later", "the same day", "the following day", "a week later",
"two months later", "later that month", "the following year") move the paragraph's previous
date, when it is precise enough.
Durations ("five years", "25-day") and ages never match: every rule needs a
month name, a four-digit year or a phrase about the year."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from rightslens.extract.parse import ParsedParagraph, ParsedReport
from rightslens.model import DateFact

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_ABBREVIATIONS = {"sept": 9, **{name[:3]: number for number, name in enumerate(MONTHS, 1)}}
_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
MONTH_NUMBERS = {**{name: n for n, name in enumerate(MONTHS, 1)}, **_MONTH_ABBREVIATIONS}

# Full names, and abbreviations only with their period ("Jan."), so "Mar" or "Dec" words stay out.
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
)
YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# "March 3-5", "March 30 to April 2", "May 4 and 5"; "April 9 and December 11" is two dates.
_DAY_RANGE = rf"{_DAY}(?:\s*(?:-|–|—|to)\s*(?:{MONTH}\s+)?{_DAY}|\s*and\s*{_DAY}\b(?!\s*{MONTH}))?"
# Words that narrow a month or a year without changing its ISO value; kept in the quote.
_PART = (
    r"(?:(?:the\s+)?(?:(?:very\s+)?(?:early|late|mid)(?:\s*-\s*|\s+)|"
    r"(?:beginning|start|middle|end|first\s+half|second\s+half|"
    r"(?:first|second|third|fourth|last)\s+quarter|"
    r"(?:first|last)\s+(?:\w+\s+)?(?:months|weeks)|spring|summer|fall|autumn|winter)"
    r"\s+of\s+)|(?:spring|summer|fall|autumn|winter)\s+)"
)
_NOT_A_NUMBER_AFTER = (
    r"(?!\w|[.,]\d|\s*%|\s*(?:percent|per\s+cent|people|persons|individuals|men|women|children"
    r"|cases|complaints|tenge|dollars|euros|rubles)\b)"
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("month_day_year", re.compile(
        rf"\b(?P<part>{_PART})?(?P<month>{MONTH})\s+(?P<day>{_DAY_RANGE}),?\s+(?P<year>{YEAR})\b")),
    ("day_month_year", re.compile(
        rf"\b(?P<day>{_DAY}(?:\s*(?:-|–|and|to)\s*{_DAY})?)\s+(?P<month>{MONTH}),?\s+(?P<year>{YEAR})\b")),
    ("month_year", re.compile(
        rf"\b(?P<part>{_PART})?(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR})\b")),
    ("month_day", re.compile(
        rf"\b(?P<part>{_PART})?(?P<month>{MONTH})\s+(?P<day>{_DAY_RANGE})(?![\w,.]\d|\d)")),
    ("day_month", re.compile(
        rf"\b(?P<day>{_DAY}(?:\s*(?:-|–|and|to)\s*{_DAY})?)\s+(?:of\s+)?(?P<month>{MONTH})\b")),
    ("year", re.compile(
        rf"(?<![\w$€£.,/-])(?P<part>{_PART})?(?P<year>{YEAR})(?:\s*(?:-|–)\s*(?:{YEAR}|\d\d))?"
        rf"(?!s\b){_NOT_A_NUMBER_AFTER}")),
    ("month", re.compile(rf"\b(?P<part>{_PART})?(?P<month>{MONTH})\b")),
    ("this_year", re.compile(
        rf"\b(?:(?:during|throughout|in|over|for|through|within|by|at|of)\s+(?:{_PART})?|{_PART})"
        r"the\s+year(?!\s*(?:before|prior|earlier|-|\d))\b"
        r"|\bthis\s+year\b|\b(?:the\s+)?year['’]s\s+end\b|\b(?:at|by)\s+(?:the\s+)?year-end\b",
        re.IGNORECASE)),
    ("previous_year", re.compile(
        r"\b(?:last\s+year|the\s+(?:previous|prior|preceding)\s+year|the\s+year\s+before)\b",
        re.IGNORECASE)),
    ("relative", re.compile(
        r"\b(?:(?P<same>(?:on\s+)?(?:the\s+same|(?:later\s+|earlier\s+)?that(?:\s+same)?)\s+"
        r"(?P<same_unit>day|month|year))"
        r"|(?P<next>the\s+(?:next|following)\s+(?P<next_unit>day|month|year))"
        r"|(?P<before>the\s+(?:previous|preceding)\s+(?P<before_unit>day|month))"
        rf"|(?P<amount>\d{{1,2}}|{'|'.join(_COUNT_WORDS)})\s+"
        r"(?P<unit>day|week|month)s?\s+(?P<direction>later|earlier))"
        r"(?![\s-]+(?:than|of|old|long)\b)(?!['’])",
        re.IGNORECASE)),
]  # fmt: skip
_RULE_CONFIDENCE = {
    "relative": 0.75,
    "month_day_year": 0.97, "day_month_year": 0.97, "month_year": 0.95, "year": 0.85,
    "month_day": 0.9, "day_month": 0.85, "month": 0.8, "this_year": 0.8, "previous_year": 0.8,
}  # fmt: skip
# "May" alone is a month only where a date word leads into it ("in May", "early May").
_MAY_LEAD = re.compile(
    r"(?:\b(?:in|on|since|by|until|till|from|through|during|of|between|before|after|and|or|to"
    r"|early|late|mid|end|beginning|last|next|this|each|every|the)\s*-?\s*|[,(]\s*)$",
    re.IGNORECASE,
)
# A year not to read as a date: law and document numbers ("Resolution 2231").
_NUMBERED_THING = re.compile(
    r"\b(?:articles?|art\.|no\.|nos\.|numbers?|resolutions?|decrees?|orders?|laws?|codes?|"
    r"paragraphs?|sections?|parts?|items?|points?|case|cases|prison|colony|unit|channel)\s*$",
    re.IGNORECASE,
)
# "at year's end", "by the end of the year": December of the report's year.
_YEAR_END = re.compile(r"\bend\b", re.IGNORECASE)
# A month naming a noun dated by "of" a year: "the January events of 2022".
_NOUN_OF_YEAR = re.compile(rf"\s+[a-z]+\s+of\s+(?P<year>{YEAR})\b")
_LATER_YEAR = re.compile(
    rf"(?:\s*(?:,|and|or|to|through|until|-|–)\s*(?:{MONTH})(?:\s+{_DAY_RANGE})?)+,?\s+"
    rf"(?:of\s+)?(?P<year>{YEAR})\b"
)


@dataclass
class _Match:
    start: int
    end: int
    rule: str
    year: int | None
    month: int | None
    day: int | None
    ranged: bool
    shift: tuple[str, int] | None = None  # ("day" or "month", count) after the previous date


def find_dates(report: ParsedReport) -> list[DateFact]:
    """Every date expression of the report, as ISO values resolved against its year."""
    facts: list[DateFact] = []
    for paragraph in report.paragraphs:
        facts.extend(_paragraph_dates(paragraph, report.year))
    return facts


def _paragraph_dates(paragraph: ParsedParagraph, report_year: int | None) -> list[DateFact]:
    text = paragraph.doc.text
    sentences = list(paragraph.doc.sents)
    sentence_starts = [s.start_char for s in sentences]
    facts: list[DateFact] = []
    explicit_years: list[tuple[int, int, int | None]] = []  # (offset, year, month) written
    earlier_values: list[str] = []
    for match in _matches(text):
        sentence = sentences[max(bisect_right(sentence_starts, match.start) - 1, 0)]
        if match.year is not None and match.rule not in {"this_year", "previous_year"}:
            explicit_years.append((match.start, match.year, match.month))
        if match.shift is not None:
            value, how = _shifted(earlier_values, match.shift), "after_previous_date"
        else:
            value, how = _resolve(match, text, sentence.start_char, explicit_years, report_year)
        if value is None:
            earlier_values.clear()  # the story has moved to a time not known
            continue
        earlier_values.append(value)
        method = f"regex:{match.rule}" + (f"+{how}" if how else "")
        if match.ranged:
            method += "+range_month"
        facts.append(
            DateFact(
                quote=paragraph.quote(match.start, match.end),
                sentence=paragraph.quote(sentence.start_char, sentence.end_char),
                section=paragraph.section,
                confidence=_RULE_CONFIDENCE[match.rule] - (0.1 if how == "report_year" else 0),
                method=method,
                value=value,
            )
        )
    return facts


def _matches(text: str) -> list[_Match]:
    """Date expressions in text order; an earlier (more specific) rule wins an overlap."""
    taken: list[tuple[int, int]] = []
    found: list[_Match] = []
    for rule, pattern in _RULES:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            parsed = _parse(rule, m, text)
            if parsed is None:
                continue
            taken.append((start, end))
            found.append(parsed)
    return sorted(found, key=lambda f: f.start)


def _parse(rule: str, m: re.Match[str], text: str) -> _Match | None:
    groups = m.groupdict()
    if rule == "relative":
        return _Match(m.start(), m.end(), rule, None, None, None, False, _shift(groups))
    month = day = year = None
    if groups.get("month"):
        lead = text[max(0, m.start() - 20) : m.start()]
        if (
            groups["month"] == "May"
            and rule == "month"
            and not groups.get("part")
            and not (_MAY_LEAD.search(lead))
        ):
            return None
        month = MONTH_NUMBERS[groups["month"].lower().rstrip(".")]
    if groups.get("day"):
        day = int(re.match(r"\d+", groups["day"]).group())
    if groups.get("year"):
        year = int(groups["year"])
        if rule == "year" and _NUMBERED_THING.search(text[max(0, m.start() - 20) : m.start()]):
            return None
    ranged = bool(groups.get("day") and not groups["day"].rstrip("stndrh").isdigit())
    return _Match(m.start(), m.end(), rule, year, month, day, ranged)


def _shift(groups: dict[str, str | None]) -> tuple[str, int]:
    """How far a relative phrase ("two days later", "the same day", "the following month")
    moves from the last date."""
    for name, count in (("same", 0), ("next", 1), ("before", -1)):
        if groups[name]:
            return groups[f"{name}_unit"].lower(), count
    amount = groups["amount"].lower()
    count = int(amount) if amount.isdigit() else _COUNT_WORDS[amount]
    count = -count if groups["direction"].lower() == "earlier" else count
    if groups["unit"].lower() == "month":
        return "month", count
    return "day", count * (7 if groups["unit"].lower() == "week" else 1)


def _shifted(earlier: list[str], shift: tuple[str, int]) -> str | None:
    """The value a relative phrase names: the last date moved by days (it must give a day),
    months (it must give a month) or years. A year alone said in between is passed over
    ("On June 15, X wrote about the 2019 games. Two days later ..."); any other date that is not
    precise enough gives None (the story has moved on)."""
    unit, count = shift
    anchor = next((v for v in reversed(earlier) if unit == "year" or "-" in v), None)
    parts = [int(p) for p in anchor.split("-")] if anchor else []
    if unit == "day" and len(parts) == 3:
        return (date(*parts) + timedelta(days=count)).isoformat()
    if unit == "month" and len(parts) >= 2:
        months = parts[0] * 12 + parts[1] - 1 + count
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if unit == "year" and parts:
        return f"{parts[0] + count:04d}"
    return None


def _resolve(
    match: _Match,
    text: str,
    sentence_start: int,
    explicit_years: list[tuple[int, int, int | None]],
    report_year: int | None,
) -> tuple[str | None, str]:
    """The ISO value of a match and how its year was found ("" when written)."""
    if match.rule == "this_year":
        if not report_year:
            return None, ""
        year_end = _YEAR_END.search(text, match.start, match.end)
        return (f"{report_year}-12" if year_end else str(report_year)), ""
    if match.rule == "previous_year":
        return (str(report_year - 1), "") if report_year else (None, "")
    year, how = match.year, ""
    if year is None:
        year, how = _context_year(match, text, sentence_start, explicit_years, report_year)
    if year is None:
        return None, how
    if match.month is None:
        return f"{year:04d}", how
    if match.day is None or match.ranged:
        return f"{year:04d}-{match.month:02d}", how
    if not _valid_day(year, match.month, match.day):
        return None, how
    return f"{year:04d}-{match.month:02d}-{match.day:02d}", how


def _context_year(
    match: _Match,
    text: str,
    sentence_start: int,
    explicit_years: list[tuple[int, int, int | None]],
    report_year: int | None,
) -> tuple[int | None, str]:
    """The year a month without one belongs to: earlier in the sentence, closing the phrase,
    the same month's earlier in the paragraph, or the report's."""
    for offset, year, _ in reversed(explicit_years):
        if offset < sentence_start:
            break
        if offset < match.start:
            return year, "sentence_year"
    later = _LATER_YEAR.match(text, match.end) or (
        _NOUN_OF_YEAR.match(text, match.end) if match.day is None else None
    )
    if later:
        return int(later.group("year")), "phrase_year"
    for offset, year, month in reversed(explicit_years):
        if offset < match.start and month is not None:
            if month == match.month:
                return year, "paragraph_month"
            break  # a later month written since: the story has moved on
    return report_year, "report_year"


def _valid_day(year: int, month: int, day: int) -> bool:
    days_in_month = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= day <= days_in_month[month - 1]
