"""Detect who published a report, on which country, covering which year, from its content.

Evidence is read where publishers put it, strongest first. Publisher: weighted
cues (series names, section names such as "Key International Actors" or "Head
of state:", site addresses) in the page titles, URLs, head and tail of the text.
Year: edition statements ("2023 Country Reports on Human Rights Practices",
"World Report 2013", "Amnesty International Report 2013") turned into the year
covered, else the years the body spells out. Country: the page and report
titles; else the longest complete entry of pages cut from a book of country
entries; else the first lines, if the body talks about that country, or the
country the body names most (names as ``rightslens.ingest.countries`` finds
them). Every search reads a bounded window and starts with a literal, so a
300 KB web page takes a few milliseconds.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import cached_property
from pathlib import PurePath

from rightslens.ingest.countries import country_name, find_countries, name_words
from rightslens.model import Block, ReportMeta, Source

PUBLISHER_LABELS = {
    "usdos": "US State Department",
    "hrw": "Human Rights Watch",
    "amnesty": "Amnesty International",
}

# How much text the pattern searches read: the head holds titles and the first
# running headers, the tail the last running footer; counts read the body.
_HEAD_CHARS = 20_000
_TAIL_CHARS = 4_000
_BODY_CHARS = 100_000
_LEAD_LINES = 8
_TITLE_SEARCH_CHARS = 5_000
# An entry heading is a short line holding one country's name and nothing else
# ("KAZAKHSTAN", "REPUBLIC OF KAZAKHSTAN"); an entry runs to the next one and
# counts only when it holds more than a list item would.
_MAX_HEADING_CHARS = 80
_MIN_ENTRY_CHARS = 300
# A lead-line country must be talked about at least this share as much as the
# most talked-about country (pages cut from a book begin inside another entry).
_LEAD_SHARE = 0.5

_SEP = r"[\s,_/-]*"
_YEAR = r"(?:19|20)\d\d"


def _words(phrase: str) -> str:
    """Regex for a phrase whose words may be run together or joined by URL separators."""
    return _SEP.join(re.escape(word) for word in phrase.replace(",", " ").split())


def _heading(phrase: str) -> str:
    """Regex for a section name as headings write it: in title case or in capitals."""
    return f"{_words(phrase)}|{_words(phrase.upper())}"


# A year right before the "h" of "Human Rights Report", spaced or not: a
# lookbehind after the first letter keeps the pattern starting with a literal.
_AFTER_YEAR = r"h(?:(?<=\d{4}.h)|(?<=\d{4}h))"

# (publisher, weight, pattern): each cue found adds its weight once. Patterns
# start with a literal, so the regex engine skips fast to where one may match;
# those in lower case run over lower-cased text, the others as written.
_PUBLISHER_CUES: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
    (publisher, weight, re.compile(pattern))
    for publisher, weight, pattern in (
        ("usdos", 4, _words("country reports on human rights practices")),
        ("usdos", 4, _AFTER_YEAR + _words("uman rights report")),
        ("usdos", 3, _words("bureau of democracy, human rights, and labor")),
        ("usdos", 3, _heading("Respect for the Integrity of the Person")),
        ("usdos", 2, r"state\.gov\b"),
        ("usdos", 1, _words("department of state")),
        ("usdos", 1, _heading("Executive Summary")),
        ("hrw", 4, _words("human rights watch world report")),
        ("hrw", 3, _words("world report") + _SEP + _YEAR),
        ("hrw", 3, r"hrw\.org\b"),
        ("hrw", 3, _heading("Key International Actors")),
        ("hrw", 2, _heading("Human Rights Developments")),
        ("hrw", 2, _heading("Defending Human Rights")),
        ("hrw", 2, _heading("Role of the International Community")),
        ("hrw", 2, "COUNTRY SUMMARY"),
        ("hrw", 1, _words("human rights watch")),
        ("amnesty", 4, _words("amnesty international report") + _SEP + _YEAR),
        ("amnesty", 3, r"Head\s*of\s*(?:state|government)(?:\s*and\s*government)?\s*:"),
        ("amnesty", 3, r"amnesty\.org\b"),
        ("amnesty", 2, _words("amnesty international visits")),
        ("amnesty", 2, r"Life\s*expectancy\s*:|Under-5\s*mortality|Adult\s*literacy\s*:"),
        ("amnesty", 1, _words("amnesty international")),
    )
)
_MIN_PUBLISHER_SCORE = 3

# Edition and coverage statements (over lower-cased text); the year stands around them.
_EDITION_REGEX = re.compile(
    f"(?P<usdos>{_words('country reports on human rights practices')}"
    f"|{_words('human rights report')})"
    f"|(?P<hrw>{_words('world report')})"
    f"|(?P<amnesty>{_words('amnesty international')}(?:{_SEP}annual)?{_SEP}report)"
)
_YEAR_BEFORE = re.compile(f"({_YEAR}){_SEP}$")
_YEAR_AFTER = re.compile(f"s?{_SEP}(?:(?:for|in){_SEP})?({_YEAR})(?:\\s*[/-]\\s*(\\d\\d)(?!\\d))?")
# A year in running text, not inside a URL, a file name or a number range.
_PLAIN_YEAR_REGEX = re.compile(r"(?<![\w./-])((?:19|20)\d\d)(?![\w/-]|\.\w)")

# Lines that are a report's title; the named groups hold the part naming the country.
_TITLE_REGEX = re.compile(
    r"^[\W_]*(?:"
    r"(?P<before>[^\n]{2,60}?)[ \t]+(?:19|20)\d\d[ \t]+Human[ \t]+Rights[ \t]+Reports?[ \t]*"
    r"|(?:19|20)\d\d[ \t]+(?:Country[ \t]+Reports[ \t]+on[ \t]+Human[ \t]+Rights[ \t]+Practices"
    r"|Human[ \t]+Rights[ \t]+Reports?)[ \t]*[:\u2013\u2014-][ \t]*(?P<after>[^\n]{2,80})"
    r"|[^\n]{0,60}?World[ \t]+Report[ \t]+(?:19|20)\d\d[ \t]*:[ \t]*(?P<chapter>[^\n]{2,120})"
    r")$",
    re.IGNORECASE | re.MULTILINE,
)
_SITE_NAME_REGEX = re.compile(
    r"(?:United\s+States\s+|U\.\s*S\.\s+)?Department\s+of\s+State|Human\s+Rights\s+Watch"
    r"|Amnesty\s+International",
    re.IGNORECASE,
)

_HTML_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
# <meta property="og:title" content="..."> and <link rel="canonical" href="...">, either order.
_HTML_TITLE_META = re.compile(
    r"""<meta\b(?=[^>]*\b(?:property|name)\s*=\s*["'](?:og:|twitter:)?title["'])"""
    r"""[^>]*\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_HTML_URL = re.compile(
    r"""<(?:link\b(?=[^>]*\brel\s*=\s*["']canonical["'])[^>]*\bhref"""
    r"""|meta\b(?=[^>]*\bproperty\s*=\s*["']og:url["'])[^>]*\bcontent)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_HTML_BODY = re.compile(r"<body\b", re.IGNORECASE)
_HTML_INVISIBLE = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(r"<[^>]*>")


class _Evidence:
    """What a report says about itself, read from its source and blocks as needed."""

    def __init__(self, source: Source, blocks: list[Block]) -> None:
        self.source = source
        self.blocks = blocks
        self.titles, self.urls = _html_titles(source.text) if source.format == "html" else ([], [])
        raw = source.text
        # The source's own head and tail hold the running headers and footers
        # that cleaners drop; the titles and URLs of a web page name its report.
        self.windows = [*self.titles, *self.urls, raw[:_HEAD_CHARS], raw[-_TAIL_CHARS:]]
        if blocks or source.format != "html":
            self.windows += self.body_windows()

    @cached_property
    def body(self) -> str:
        """The report's text: its blocks, else a rough text of the source."""
        if self.blocks:
            return "\n".join(block.text.text for block in self.blocks)[:_BODY_CHARS]
        if self.source.format == "html":
            return _html_text(self.source.text)[:_BODY_CHARS]
        return self.source.text[:_BODY_CHARS]

    def body_windows(self) -> list[str]:
        return [self.body[:_HEAD_CHARS], self.body[-_TAIL_CHARS:]]

    @cached_property
    def lead(self) -> list[str]:
        """The first lines (blocks) of the body, where a report names its country."""
        lines = (line.strip() for line in self.body[:_HEAD_CHARS].splitlines())
        return [line for line in lines if line][:_LEAD_LINES]


def detect_meta(source: Source, blocks: list[Block]) -> ReportMeta:
    """Publisher, country (ISO 3166-1 alpha-2), covered year and title of a report."""
    evidence = _Evidence(source, blocks)
    publisher = _detect_publisher(evidence)
    year = _detect_year(evidence, publisher)
    title_line = _report_title_line(evidence)
    country = _detect_country(evidence, title_line)
    if country is None:
        country = _first_country(re.sub(r"[\W_\d]+", " ", PurePath(source.path).stem).title())
    if year is None:
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", PurePath(source.path).name)
        year = int(years[-1]) if years else None
    return ReportMeta(
        publisher=publisher,
        country=country,
        year=year,
        title=_title(evidence, title_line, publisher, country, year),
    )


def _html_titles(markup: str) -> tuple[list[str], list[str]]:
    """Page titles (``<h1>``, title meta tags, ``<title>``) and the page's own URLs."""
    body_at = _HTML_BODY.search(markup)
    head = markup[: body_at.start()] if body_at else markup[:_HEAD_CHARS]
    h1, title = _HTML_H1.search(markup), _HTML_TITLE.search(head)
    titles = [h1.group(1)] if h1 else []
    titles += [double or single for double, single in _HTML_TITLE_META.findall(head)]
    titles += [title.group(1)] if title else []
    urls = [double or single for double, single in _HTML_URL.findall(head)]
    return [text for text in map(_markup_text, titles) if text], urls


def _markup_text(fragment: str) -> str:
    return " ".join(html.unescape(_HTML_TAG.sub(" ", fragment)).split())


def _html_text(markup: str) -> str:
    """Rough visible text of a page, for when no cleaned blocks were given."""
    body_at = _HTML_BODY.search(markup)
    visible = _HTML_INVISIBLE.sub(" ", markup[body_at.start() if body_at else 0 :])
    return html.unescape(_HTML_TAG.sub("\n", visible))


def _detect_publisher(evidence: _Evidence) -> str:
    """The publisher whose cues weigh most, if they weigh enough and more than another's."""
    scores = _publisher_scores(evidence.windows)
    if max(scores.values(), default=0) < _MIN_PUBLISHER_SCORE:
        scores = _publisher_scores([*evidence.windows, *evidence.body_windows()])
    (best, score), (_, runner_up) = [*scores.most_common(2), ("unknown", 0), ("unknown", 0)][:2]
    return best if score >= _MIN_PUBLISHER_SCORE and score > runner_up else "unknown"


def _publisher_scores(windows: list[str]) -> Counter[str]:
    lowered = [text.lower() for text in windows]
    scores: Counter[str] = Counter()
    for publisher, weight, regex in _PUBLISHER_CUES:
        searched = lowered if regex.pattern.islower() else windows
        if any(regex.search(text) for text in searched):
            scores[publisher] += weight
    return scores


def _detect_year(evidence: _Evidence, publisher: str) -> int | None:
    """The covered year: from edition statements when there are any, else from the body."""
    year = _edition_year(evidence.windows, publisher)
    if year is None:
        year = _edition_year(evidence.body_windows(), publisher)
    return year if year is not None else _year_from_body(evidence.body, publisher)


def _edition_year(windows: list[str], publisher: str) -> int | None:
    """The covered year most edition statements give, the publisher's own first."""
    votes: dict[str, Counter[int]] = {}
    for text in windows:
        lowered = text.lower()
        for match in _EDITION_REGEX.finditer(lowered):
            covered = _covered_year(lowered, match)
            if covered is not None and match.lastgroup:
                votes.setdefault(match.lastgroup, Counter())[covered] += 1
    counts = votes.get(publisher) or sum(votes.values(), Counter())
    return counts.most_common(1)[0][0] if counts else None


def _covered_year(text: str, match: re.Match[str]) -> int | None:
    """The year an edition statement covers.

    The State Department names the covered year ("2023 Country Reports",
    "Country Reports ... for 2023"); "World Report 2013" and Amnesty's
    "Report 2013" review 2012, Amnesty's "Report 2016/17" reviews 2016.
    """
    after = _YEAR_AFTER.match(text, match.end())
    if match.lastgroup == "usdos":
        before = _YEAR_BEFORE.search(text, max(0, match.start() - 8), match.start())
        found = before or after
        return int(found.group(1)) if found else None
    if after is None:
        return None
    edition = int(after.group(1))
    return edition if match.lastgroup == "amnesty" and after.group(2) else edition - 1


def _year_from_body(body: str, publisher: str) -> int | None:
    """The most frequent year of the body; for the State Department, the year after it.

    State Department reports call the covered year "the year" and give dates in
    it without a year ("On June 28"), so the years they spell out are mostly
    the one before.
    """
    counts = Counter(int(year) for year in _PLAIN_YEAR_REGEX.findall(body))
    if not counts:
        return None
    most_frequent = counts.most_common(1)[0][0]
    return most_frequent + 1 if publisher == "usdos" else most_frequent


def _report_title_line(evidence: _Evidence) -> tuple[str, str] | None:
    """The first title of a report: (the title, the part of it naming the country)."""
    for text in evidence.titles:
        match = _TITLE_REGEX.search(text)
        if match:
            return _title_parts(match)
    match = _TITLE_REGEX.search(evidence.body[:_TITLE_SEARCH_CHARS])
    return _title_parts(match) if match else None


def _title_parts(match: re.Match[str]) -> tuple[str, str]:
    country_part = match.group("before") or match.group("after") or match.group("chapter")
    return " ".join(match.group(0).strip(" \t#*_").split()), country_part


def _detect_country(evidence: _Evidence, title_line: tuple[str, str] | None) -> str | None:
    """Country of the title; else of the main entry; else of the lead lines or most named."""
    titles = [title_line[1]] if title_line else []
    for title in (*titles, *evidence.titles):
        code = _first_country(_SITE_NAME_REGEX.sub(" ", title))
        if code:
            return code
    matches = list(find_countries(evidence.body))
    code = _main_entry(evidence.body, matches)
    if code:
        return code
    counts = Counter(code for code, _, _ in matches)
    most = counts.most_common(1)[0] if counts else None
    for line in evidence.lead:
        code = _first_country(line)
        if code:
            if most is None or counts[code] >= _LEAD_SHARE * most[1]:
                return code
            break
    return most[0] if most else None


def _main_entry(body: str, matches: list[tuple[str, int, int]]) -> str | None:
    """Country of the longest complete entry, for pages cut from a book of country entries.

    An entry is complete when another entry heading follows it; the text
    before the first heading is the end of a previous entry. A report whose
    untitled opening is longer than any entry is not a book of entries (its
    headings are regions: "Tibet", "Hong Kong").
    """
    headings: list[tuple[int, str]] = []
    for at, code in _entry_headings(body, matches):
        if headings and headings[-1][1] == code and at - headings[-1][0] < _MIN_ENTRY_CHARS:
            continue  # the official name under the short one
        headings.append((at, code))
    headings = [
        entry[1:] for entry in _entries(headings, len(body)) if entry[0] >= _MIN_ENTRY_CHARS
    ]
    entries = _entries(headings, len(body))
    if not entries:
        return None
    length, _, code = max(entries[:-1] or entries)
    return code if length >= entries[0][1] else None


def _entries(headings: list[tuple[int, str]], end: int) -> list[tuple[int, int, str]]:
    """(length, start, code) of the entry under each heading: up to the next one."""
    ends = [at for at, _ in headings[1:]] + [end]
    return [(stop - at, at, code) for (at, code), stop in zip(headings, ends, strict=False)]


def _entry_headings(body: str, matches: list[tuple[str, int, int]]) -> list[tuple[int, str]]:
    """(line start, code) of each short line that names one country and nothing else."""
    by_line: dict[tuple[int, int], list[tuple[str, int, int]]] = {}
    for match in matches:
        line = _short_line_around(body, match[1], match[2])
        if line:
            by_line.setdefault(line, []).append(match)
    headings = []
    for (line_start, line_end), found in by_line.items():
        if len({code for code, _, _ in found}) > 1:
            continue
        edges = [line_start, *(edge for _, start, end in found for edge in (start, end)), line_end]
        leftover = " ".join(body[edges[i] : edges[i + 1]] for i in range(0, len(edges), 2))
        if all(word.lower() in name_words() for word in re.findall(r"[A-Za-z]+", leftover)):
            headings.append((line_start, found[0][0]))
    return sorted(headings)


def _short_line_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Start and end of the line holding ``text[start:end]``, if it is heading-short."""
    line_start = text.rfind("\n", max(0, start - _MAX_HEADING_CHARS), start) + 1
    if not line_start and start > _MAX_HEADING_CHARS:
        return None
    line_end = text.find("\n", end, line_start + _MAX_HEADING_CHARS + 1)
    if line_end < 0:
        if line_start + _MAX_HEADING_CHARS < len(text):
            return None
        line_end = len(text)
    return line_start, line_end


def _first_country(text: str) -> str | None:
    return next((code for code, _, _ in find_countries(text)), None)


def _title(
    evidence: _Evidence,
    title_line: tuple[str, str] | None,
    publisher: str,
    country: str | None,
    year: int | None,
) -> str:
    if title_line:
        return title_line[0]
    dated = [title for title in evidence.titles if year is not None and str(year) in title]
    if dated:
        return dated[0]
    label = PUBLISHER_LABELS.get(publisher)
    parts = (country_name(country) if country else "Unknown country", year, label and f"({label})")
    return " ".join(str(part) for part in parts if part)
