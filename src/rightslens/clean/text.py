"""Plain text and PDF-extracted text to body-text blocks.

Text copied from report PDFs and web pages carries page furniture (running
headers, page numbers, thumb-index letters, bullet glyphs), hard line wraps and
words hyphenated by the wrap. This module drops the furniture, joins wrapped
lines into paragraphs, joins sentences that a page break cut in two, and marks
the lines that read like headings; every character keeps its source offset.

Hyphenation rule: a line ending in ``letter-`` followed by a line starting with
a lowercase letter is decided by the document's own words. The hyphen is
dropped when the joined word occurs elsewhere in the document more often than
the hyphenated one ("govern-/ment" -> "government"); it is kept when the
hyphenated compound occurs elsewhere, or both halves occur on their own as
words ("so-/called"); otherwise it is dropped when the second half is short or
a word ending ("-ment", "-tion"), and kept when it looks like a word of its own
("hour-/long" -> "hour-long").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from pdfminer.fontmetrics import FONT_METRICS

from rightslens.model import Block, MappedText, Source

_LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\x85\u2028\u2029]")
# Emphasis markers left by web-to-text tools around titles: "*Nations in Transit 2023*".
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
# Markdown escapes left the same way: "tenge (\$40,000)".
_ESCAPE = re.compile(r"\\([$*_#\[\]()`])")
# Soft hyphens, zero-width marks, object-replacement and private-use glyphs (PDF bullets).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\ufffc\ue000-\uf8ff\U000f0000-\U0010ffff]")
_ODD_SPACE = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BULLET = re.compile(
    "^\\s*[\u2022\u2023\u2043\u2219\u25a0\u25aa\u25cf\u25e6\ue000-\uf8ff\U000f0000-\U0010ffff]+\\s"
)
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-\u2013\u2014(]?\s*\d{1,4}\s*[-\u2013\u2014)]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]]*$")
_CLAUSE_END = re.compile("[.!?\u2026:][\"'\u201d\u2019)\\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_ITEM = re.compile(r"^(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)]\s+\S")
_SECTION = re.compile(r"^(?:section|part|chapter|annex|appendix)\s+[\divxlc]+\b", re.IGNORECASE)
_WRAP_HYPHEN = re.compile(r"(?<=[^\W\d_])-$")
_MINOR_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a about against among an and as at between but by during for from her his in including"
        " into its nor of on or our per than that the their these this those through to toward"
        " towards upon via with within without",
    )
)
_LIST_START = re.compile(r"^[^\W\d_]+,\s")
# Word endings that are no words: what follows a hyphen the wrap made inside a word.
_SUFFIX = re.compile(
    r"(?:tion|sion|ment|ness|ity|ities|ing|ings|ed|ly|ance|ence|ive|ives|ous|able|ible|ism|ist"
    r"|ists|ure|ures|ary|ory|ial|ian|ians|ant|ants|ent|ents|ize|ized|ise|ised|ful|less|est)s?$"
)
_ROMAN = FONT_METRICS["Times-Roman"][1]
_BOLD = FONT_METRICS["Times-Bold"][1]
_REPEATS_FOR_HEADER = 3
_EDGE_LINES = 3


@dataclass
class Line:
    """One source line, scrubbed and stripped, with what separates it from the line before."""

    text: MappedText
    gap_before: bool = False  # a blank line (or more) comes before it
    bullet: bool = False  # it starts with a bullet glyph: always a new paragraph
    level: int | None = None  # heading level that markup gives it


@dataclass
class _Layout:
    """How lines relate to paragraphs in one document."""

    width: float | None  # typical full width of a hard-wrapped line; None: a line is a paragraph
    limit: float  # widest line: a heading whose next word would pass it was wrapped
    soft_wrap: bool  # Markdown: consecutive lines form one paragraph
    vocabulary: Counter[str]


def text_blocks(source: Source) -> list[Block]:
    """Blocks of a plain-text or PDF-text source, furniture dropped and wraps joined."""
    return assemble_blocks(text_lines(source), source.text)


def text_lines(source: Source) -> list[Line]:
    """The source's lines without page furniture, each scrubbed of invisible glyphs."""
    starts, raw = split_lines(source.text)
    scrubbed = [scrub(line) for line in raw]
    pages = _line_pages(source, starts)
    furniture, running = find_furniture([line.text for line in scrubbed], pages)
    glued = _glued_pattern(running)
    lines: list[Line] = []
    gap = False
    for index, text in enumerate(scrubbed):
        if index in furniture:
            continue
        if glued is not None:
            text = text.sub(glued, "")
        stripped = text.keep_group(_EMPHASIS, 1).keep_group(_ESCAPE, 1).strip()
        if not stripped:
            gap = gap or not raw[index].text.strip()
            continue
        bullet = bool(_BULLET.match(raw[index].text))
        lines.append(Line(stripped, gap_before=gap or bullet, bullet=bullet))
        gap = False
    return lines


def split_lines(text: str) -> tuple[list[int], list[MappedText]]:
    """Each line of a text as mapped text, with the source offset where it starts."""
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    return starts, MappedText.from_source(text).split(_LINE_BREAK)


def scrub(line: MappedText) -> MappedText:
    """Drop invisible and private-use glyphs; turn tabs and odd spaces into plain spaces."""
    return line.sub(_INVISIBLE, "").sub(_ODD_SPACE, " ")


def _line_pages(source: Source, starts: list[int]) -> list[int] | None:
    """The page of each line: from ``page_starts``, or from form feeds in plain text."""
    page_starts = list(source.page_starts)
    if not page_starts and "\f" in source.text:
        page_starts = [0] + [match.end() for match in re.finditer("\f", source.text)]
    if len(page_starts) < 2:
        return None
    return [bisect_right(page_starts, start) for start in starts]


def _key(text: str) -> str:
    """A line as running headers repeat it: spaces collapsed, numbers generalised."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


def find_furniture(texts: list[str], pages: list[int] | None) -> tuple[set[int], set[str]]:
    """Indices of page-furniture lines, and the keys of running headers and footers.

    Furniture is: bare page numbers, stray single letters, lines repeated many
    times, lines repeated next to a page number or on page edges, and short
    title-like lines alone between blank lines next to a lone page number.
    """
    keys = [_key(text) for text in texts]
    counts = Counter(key for key in keys if key)
    numbers = {i for i, text in enumerate(texts) if _PAGE_NUMBER.match(text.strip())}
    running = {
        key
        for key, count in counts.items()
        if count >= _REPEATS_FOR_HEADER and 12 <= len(key) <= 150 and not _CLAUSE_END.search(key)
    }
    nonblank = [i for i, key in enumerate(keys) if key]
    position = {line: rank for rank, line in enumerate(nonblank)}
    for number in numbers:
        rank = position[number]
        for near in nonblank[max(rank - 2, 0) : rank + 3]:
            if counts[keys[near]] >= 2 and not _CLAUSE_END.search(keys[near]):
                running.add(keys[near])
    if pages is not None:
        running |= _page_edge_keys(keys, nonblank, pages)
    furniture = numbers | {i for i in nonblank if keys[i] in running}
    furniture |= {i for i in nonblank if len(keys[i]) == 1 and keys[i].isalpha()}
    furniture |= _page_break_clusters(texts, numbers)
    return furniture, running


def _page_edge_keys(keys: list[str], nonblank: list[int], pages: list[int]) -> set[str]:
    """Keys that open or close many pages: running headers and footers of a PDF."""
    by_page: dict[int, list[int]] = {}
    for line in nonblank:
        by_page.setdefault(pages[line], []).append(line)
    if len(by_page) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in by_page.values():
        seen.update({keys[i] for i in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]})
    needed = max(2, round(0.3 * len(by_page)))
    return {key for key, count in seen.items() if count >= needed and len(key) <= 150}


def _page_break_clusters(texts: list[str], numbers: set[int]) -> set[int]:
    """Title-like lines in small blank-bounded groups around a page number alone in its group."""
    groups: list[list[int]] = []
    for i, text in enumerate(texts):
        if not text.strip():
            if groups and groups[-1]:
                groups.append([])
            continue
        if not groups:
            groups.append([])
        groups[-1].append(i)
    groups = [group for group in groups if group]
    found: set[int] = set()
    for rank, group in enumerate(groups):
        if group != [group[0]] or group[0] not in numbers:
            continue
        for step in (-1, 1):
            near = rank + step
            while 0 <= near < len(groups) and abs(near - rank) <= 2:
                members = groups[near]
                if len(members) > 2 or not all(_looks_like_furniture(texts[i]) for i in members):
                    break
                found.update(members)
                near += step
    return found


def _looks_like_furniture(text: str) -> bool:
    text = text.strip()
    return len(text) <= 100 and not _CLAUSE_END.search(text) and (_is_caps(text) or _is_title(text))


def _glued_pattern(running: set[str]) -> re.Pattern[str] | None:
    """Running headers glued to the start or end of a body line by the text extraction."""
    long_keys = sorted((key for key in running if len(key) >= 20), key=len, reverse=True)
    if not long_keys:
        return None
    alternatives = "|".join(
        r"\s+".join(
            re.escape(token).replace("\\#", r"\d+").replace("#", r"\d+") for token in key.split()
        )
        for key in long_keys
    )
    return re.compile(rf"^(?:\s*(?:{alternatives}))+\s*|\s*(?:(?:{alternatives})\s*)+$")


def assemble_blocks(lines: list[Line], text: str, soft_wrap: bool = False) -> list[Block]:
    """Group lines into heading and paragraph blocks, whitespace collapsed.

    ``text`` is the whole source text, whose words decide hyphenation.
    ``soft_wrap`` joins consecutive lines into one paragraph (Markdown).
    """
    layout = _measure(lines, text, soft_wrap)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        end = _heading_end(lines, i, layout)
        kind = "heading" if end else "paragraph"
        parts = lines[i : end or i + 1]
        i = end or i + 1
        if kind == "paragraph":
            while i < len(lines):
                skip = _continuation(parts[-1], lines, i, layout)
                if skip is None:
                    break
                i += skip
                parts.append(lines[i])
                i += 1
        joined = _join(parts, layout.vocabulary).sub(r"\s+", " ").strip()
        if len(joined):
            blocks.append(Block(joined, kind, parts[0].level))
    if blocks and blocks[0].kind == "heading" and blocks[0].level is None:
        blocks[0].level = 1
    return blocks


def _measure(lines: list[Line], text: str, soft_wrap: bool) -> _Layout:
    """Decide whether the text is hard-wrapped, from how alike its line widths are."""
    widths = sorted(_width(line.text.text) for line in lines)
    vocabulary = _vocabulary(text)
    if soft_wrap or len(widths) < 10:
        return _Layout(None, 0.0, soft_wrap, vocabulary)

    def quantile(q: float) -> float:
        return widths[round(q * (len(widths) - 1))]

    if quantile(0.5) < 0.85 * quantile(0.9):
        return _Layout(None, 0.0, soft_wrap, vocabulary)
    return _Layout(quantile(0.95), quantile(0.99), soft_wrap, vocabulary)


def _width(text: str, metrics: dict[str, int] = _ROMAN) -> float:
    """Width of a line in a proportional font (ems): what a PDF wraps by, unlike characters."""
    return sum(metrics.get(char, 500) for char in text) / 1000


def _vocabulary(text: str) -> Counter[str]:
    """Lowercased words and hyphenated compounds of a text, line-end hyphenation left out."""
    unbroken = re.sub(r"[^\W\d_]+-[ \t]*\n\s*[^\W\d_]+", " ", text)
    words: Counter[str] = Counter()
    for token in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", unbroken):
        token = token.lower()
        words[token] += 1
        if "-" in token:
            words.update(token.split("-"))
    return words


def _is_caps(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _is_title(text: str, first_may_be_minor: bool = False) -> bool:
    """Title case: most words that are not articles or prepositions are capitalised."""
    words = _WORD.findall(text)
    major = [word for word in words if word.lower() not in _MINOR_WORDS]
    if not major or not (first_may_be_minor or words[0][0].isupper()):
        return False
    return sum(word[0].isupper() for word in major) >= 0.85 * len(major)


def _heading_text(text: str, loose: bool) -> bool:
    """Whether a line reads like a heading; ``loose`` also admits short sentence-case lines."""
    if not text or len(text) > 160 or _SENTENCE_END.search(text) or text[-1] in ",;":
        return False
    words = _WORD.findall(text)
    if not words or len(words) > 25:
        return False
    if _SECTION.match(text) or (_ITEM.match(text) and not text[0].isdigit()):
        return True
    if _is_caps(text) or _is_title(text):
        return True
    return loose and len(words) <= 10 and text[0].isupper() and not text.endswith(":")


def _ends_open(text: str) -> bool:
    """A heading line that cannot end there: it stops on a comma or a small word."""
    words = text.split()
    return text.endswith((",", "&", "-")) or (bool(words) and words[-1].lower() in _MINOR_WORDS)


def _title_continuation(text: str) -> bool:
    """The second line of a wrapped heading."""
    return (
        not _SENTENCE_END.search(text)
        and not _SECTION.match(text)
        and not _ITEM.match(text)
        and len(_WORD.findall(text)) <= 14
        and (_is_caps(text) or _is_title(text, first_may_be_minor=True))
    )


def _first_word(line: Line) -> str:
    return line.text.text.split(" ", 1)[0]


def _fits(previous: Line, line: Line, layout: _Layout, share: float = 1.0) -> bool:
    """Whether the next line's first word would have fitted: the line ended on purpose."""
    assert layout.width is not None
    return _width(f"{previous.text.text} {_first_word(line)}") <= share * layout.width


def _starts_lowercase(text: str) -> bool:
    first = text.lstrip("(\"'\u201c\u2018[")[:1]
    return (first.islower() or text[:1] in ",;)") and not _ITEM.match(text)


def _continues_sentence(previous: Line, line: Line) -> bool:
    """A line that carries on the unfinished sentence of the line before."""
    before = previous.text.text
    return _starts_lowercase(line.text.text) and not (
        _SENTENCE_END.search(before) or _is_caps(before)
    )


def _heading_end(lines: list[Line], i: int, layout: _Layout) -> int:
    """Index after the heading that starts at line ``i``, or 0 when line ``i`` opens no heading."""
    line = lines[i]
    if line.level is not None:
        return i + 1
    text = line.text.text
    after = lines[i + 1] if i + 1 < len(lines) else None
    if after is not None and _continues_sentence(line, after):
        return 0
    if layout.width is None:
        if layout.soft_wrap and after is not None and not after.gap_before and after.level is None:
            return 0
        loose = True
    else:
        loose = _width(text) <= 0.7 * layout.width
    if line.bullet or not _heading_text(text, loose):
        return 0
    end = i + 1
    if after is not None and after.level is None and _title_continuation(after.text.text):
        wrapped = _ends_open(text) or (
            layout.width is not None
            and not after.gap_before
            and (
                _width(f"{text} {_first_word(after)}", _BOLD) > layout.limit
                or (_width(text) >= 0.6 * layout.width and bool(_LIST_START.match(after.text.text)))
            )
        )
        if wrapped:
            end = i + 2
    last = lines[end - 1]
    following = lines[end] if end < len(lines) else None
    if following is None:
        return end
    if _ends_open(last.text.text) or _continues_sentence(last, following):
        return 0
    if layout.width is not None and not following.gap_before:
        return end if _fits(last, following, layout) else 0
    return end


def _continuation(previous: Line, lines: list[Line], i: int, layout: _Layout) -> int | None:
    """How many lines to skip before line ``i`` carries on the paragraph; None if it does not."""
    line = lines[i]
    if line.level is not None or line.bullet:
        return None
    if _continues_sentence(previous, line):
        return 0
    open_sentence = not _CLAUSE_END.search(previous.text.text)
    if open_sentence and (skip := _interruption(previous, lines, i)):
        return skip
    if layout.width is not None:
        if _fits(previous, line, layout, 0.8 if open_sentence else 1.0):
            return None
        if open_sentence:
            return 0
        return None if line.gap_before or _heading_end(lines, i, layout) else 0
    if open_sentence:
        return None if _heading_end(lines, i, layout) else 0
    if line.gap_before:
        return None
    return 0 if layout.soft_wrap else None


def _interruption(previous: Line, lines: list[Line], i: int) -> int:
    """Count of short stray lines (web clutter, leftover headers) inside a broken sentence."""
    for skip in range(1, 4):
        if i + skip >= len(lines):
            return 0
        stray = lines[i + skip - 1]
        if len(stray.text) > 100 or _CLAUSE_END.search(stray.text.text) or stray.level is not None:
            return 0
        following = lines[i + skip]
        if following.gap_before and _continues_sentence(previous, following):
            return skip
    return 0


def _join(parts: list[Line], vocabulary: Counter[str]) -> MappedText:
    """Join wrapped lines with a space, undoing hyphenation the wrap made."""
    pieces = [parts[0].text]
    for line in parts[1:]:
        before = pieces[-1]
        text = before.text
        if _WRAP_HYPHEN.search(text) and line.text.text[:1].isalpha():
            left = _WORD.findall(text)[-1]
            right = _WORD.findall(line.text.text)[0]
            if _drop_hyphen(left, right, vocabulary):
                pieces[-1] = before[: len(before) - 1]
        elif not text.endswith(("\u2014", "--", "/")):
            pieces.append(MappedText.literal(" ", before.offsets[-1] + 1))
        pieces.append(line.text)
    return MappedText.concat(pieces)


def _drop_hyphen(left: str, right: str, vocabulary: Counter[str]) -> bool:
    """Whether ``left-`` + ``right`` is one word that the line wrap hyphenated."""
    if not right[:1].islower():
        return False
    joined = (left + right).lower()
    compound = f"{left}-{right}".lower()
    if vocabulary[joined] > vocabulary[compound]:
        return True
    if vocabulary[compound] or (vocabulary[left.lower()] and vocabulary[right.lower()]):
        return False
    return len(right) < 4 or len(left) < 3 or bool(_SUFFIX.match(right.lower()))
