"""Markdown (web pages turned into Markdown) to body-text blocks.

Such files keep the site around the report: navigation made of links
(``[Travel](#)``), link-list captions, footers, and widgets dropped into the
middle of a sentence. Markup is removed character by character, so offsets
still point into the Markdown source; lines that are mostly links are clutter;
the rest is grouped into paragraphs and headings as plain text is.
"""

from __future__ import annotations

import re

from rightslens.clean.text import Line, assemble_blocks, scrub, split_lines
from rightslens.model import Block, MappedText, Source

_ATX = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTE_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+\"[^\"\n]*\")?\)")
_REFERENCE_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=[^\s\\])\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=\S)([^_\n]+?)(?<=[^\s\\])_(?!\w)")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LETTER = re.compile(r"[^\W\d_]")
_NAVIGATION_RUN = 5
_SMALL_ISLAND = 0.1


def markdown_blocks(source: Source) -> list[Block]:
    """Blocks of a Markdown source: site clutter dropped, markup removed, headings kept."""
    _, raw = split_lines(source.text)
    clutter = _clutter_lines(raw)
    lines: list[Line] = []
    gap = False
    in_fence = False
    for index, line in enumerate(raw):
        text = line.text
        if _FENCE.match(text):
            in_fence, gap = not in_fence, True
            continue
        setext = _SETEXT.match(text)
        if setext and not in_fence and lines and not gap and lines[-1].level is None:
            lines[-1].level = 1 if setext.group(1)[0] == "=" else 2
            gap = True
            continue
        if index in clutter or not text.strip() or _RULE.match(text) or _TABLE_RULE.match(text):
            gap = gap or not in_fence
            continue
        parsed = _parse_line(line, in_fence)
        if parsed is None:
            continue
        parsed.gap_before = (
            parsed.gap_before or gap or (bool(lines) and lines[-1].level is not None)
        )
        lines.append(parsed)
        gap = False
    return assemble_blocks(lines, source.text, soft_wrap=True)


def _parse_line(line: MappedText, verbatim: bool) -> Line | None:
    """One Markdown line as plain text, with its heading level and list-item mark."""
    level = None
    bullet = False
    if not verbatim:
        atx = _ATX.match(line.text)
        if atx:
            level = len(atx.group(1))
            line = line[atx.end() :].sub(_ATX_CLOSE, "")
        else:
            line = line.sub(_QUOTE_MARKER, "")
            marker = _LIST_MARKER.match(line.text)
            if marker:
                bullet = True
                line = line[marker.end() :]
        line = _inline_text(line)
    text = scrub(line).strip()
    if not len(text):
        return None
    return Line(text, gap_before=bullet, bullet=bullet, level=level)


def _inline_text(line: MappedText) -> MappedText:
    """Text of a line without inline markup: links keep their words, escapes lose the backslash."""
    line = line.sub(_IMAGE, "").sub(_HTML_TAG, "")
    for pattern, group in (
        (_LINK, 1),
        (_REFERENCE_LINK, 1),
        (_AUTOLINK, 1),
        (_CODE, 1),
        (_STRONG, 2),
        (_EMPHASIS, 1),
        (_UNDERSCORE, 1),
        (_ESCAPE, 1),
    ):
        line = line.keep_group(pattern, group)
    return line


def _clutter_lines(raw: list[MappedText]) -> set[int]:
    """Indices of site clutter: link lines, their captions, and small islands beyond navigation."""
    nonblank = [i for i, line in enumerate(raw) if line.text.strip()]
    links = {i for i in nonblank if _mostly_links(raw[i].text)}
    captions = set()
    for rank, i in enumerate(nonblank):
        if i in links or not _caption_like(raw[i].text):
            continue
        before = nonblank[rank - 1] if rank else None
        after = nonblank[rank + 1] if rank + 1 < len(nonblank) else None
        if after in links and (before is None or before in links):
            captions.add(i)
    clutter = links | captions
    return clutter | _outlying_islands(raw, nonblank, clutter)


def _mostly_links(text: str) -> bool:
    """A line whose words are mostly link texts: navigation, breadcrumbs, share buttons."""
    found = list(_LINK.finditer(text))
    if not found:
        return False
    linked = sum(len(_LETTER.findall(match.group(1))) for match in found)
    rest = len(_LETTER.findall(_LINK.sub(" ", text)))
    return rest < 0.5 * max(linked, 1)


def _caption_like(text: str) -> bool:
    words = text.split()
    return len(text.strip()) <= 40 and len(words) <= 6 and not text.rstrip().endswith(".")


def _outlying_islands(raw: list[MappedText], nonblank: list[int], clutter: set[int]) -> set[int]:
    """Lines before the first or after the last long navigation run, when they are little text."""
    runs: list[tuple[int, int]] = []
    start = None
    for rank, i in enumerate(nonblank + [-1]):
        if i in clutter:
            start = rank if start is None else start
            continue
        if start is not None and rank - start >= _NAVIGATION_RUN:
            runs.append((start, rank))
        start = None
    if not runs:
        return set()
    size = {i: len(raw[i].text) for i in nonblank if i not in clutter}
    total = sum(size.values())
    dropped: set[int] = set()
    head = nonblank[: runs[0][0]]
    tail = nonblank[runs[-1][1] :]
    for island in (head, tail):
        if sum(size.get(i, 0) for i in island) < _SMALL_ISLAND * total:
            dropped.update(island)
    return dropped
