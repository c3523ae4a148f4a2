"""Extract a PDF's text layer page by page, columns in reading order.

``Source.text`` of a PDF is what this module writes: for each page, its lines
in reading order, one visual line per text line, then ``PAGE_BREAK``
(``"\\n\\f\\n"``) after every page, the last one included. ``page_starts[i]``
is where page ``i + 1`` begins. A blank line inside a page marks a vertical gap
clearly wider than the page's usual line spacing (before a heading, between
paragraphs set apart); paragraphs that run from one column into the next are
joined by a plain newline, as are the wrapped lines of one paragraph.

Layout: a page is cut at a vertical gutter (a strip at least one em wide in the
middle half of the page that no word crosses) into a left and a right column,
read left then right; a block that crosses the gutter (a full-width title or
header) stays where it stands, and the columns above and below it are read
separately. Words in the outer margin, well away from the text block (the
thumb-index letters of an annual report), are left out. Glyphs from dingbat
fonts, private-use characters and unmapped glyphs ("(cid:2)") are dropped:
they are bullets and ornaments, not text.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from rightslens.errors import IngestError
from rightslens.model import Source

PAGE_BREAK = "\n\f\n"

# Gap between characters, as a share of the font size, that separates words:
# tight fonts set word spaces as a ~0.2 em gap with no space character.
_WORD_GAP_RATIO = 0.15
_SYMBOL_FONT = re.compile(r"dingbat|wingding|webding", re.IGNORECASE)
_NOT_TEXT = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# How far outside the text block (in ems) a word must stand to count as margin furniture.
_MARGIN_EMS = 2.0
_MAX_COLUMN_DEPTH = 2


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Line:
    words: list[_Word]
    top: float
    bottom: float

    @property
    def text(self) -> str:
        return " ".join(word.text for word in sorted(self.words, key=lambda word: word.x0))


def pdf_source(path: str, data: bytes) -> Source:
    """The text layer of a PDF as a ``Source``, or ``IngestError`` saying why there is none."""
    pages, warnings = _page_texts(path, data)
    if not any(page.strip() for page in pages):
        raise IngestError(path, "scanned PDF with no text layer (OCR is not supported)")
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_BREAK)
    empty = [str(number) for number, page in enumerate(pages, 1) if not page.strip()]
    if empty:
        warnings.append(f"no text layer on page(s) {', '.join(empty)} (OCR is not supported)")
    return Source(
        path=path,
        data=data,
        format="pdf",
        text="".join(page + PAGE_BREAK for page in pages),
        encoding="pdf",
        page_starts=tuple(starts),
        warnings=tuple(warnings),
    )


def _page_texts(path: str, data: bytes) -> tuple[list[str], list[str]]:
    """Each page's text in reading order, and warnings about pages that could not be read."""
    warnings: list[str] = []
    try:
        document = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        raise IngestError(path, _open_failure(error)) from error
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        raise IngestError(path, f"not a readable PDF: {_describe(error)}") from error
    pages: list[str] = []
    with document:
        try:
            page_list = document.pages
        except Exception as error:
            raise IngestError(path, f"not a readable PDF: {_describe(error)}") from error
        for number, page in enumerate(page_list, 1):
            try:
                pages.append(_page_text(page))
            except Exception as error:
                warnings.append(f"page {number} could not be read ({_describe(error)})")
                pages.append("")
            finally:
                page.close()
    if warnings and len(warnings) == len(pages):
        raise IngestError(path, f"not a readable PDF: {warnings[0]}")
    return pages, warnings


def _open_failure(error: PdfminerException) -> str:
    cause = error.args[0] if error.args else error
    if isinstance(cause, PDFPasswordIncorrect):
        return "encrypted PDF: it needs a password to open"
    return f"not a readable PDF: {_describe(cause)}"


def _describe(error: object) -> str:
    message = str(error).strip() or type(error).__name__
    return " ".join(message.split())[:200]


def _page_text(page: pdfplumber.page.Page) -> str:
    """One page's lines in reading order, a blank line where the layout leaves a gap."""
    words = _page_words(page)
    if not words:
        return ""
    em = statistics.median(word.bottom - word.top for word in words)
    words = _without_margin_words(words, em)
    regions = _reading_order(words, em, _MAX_COLUMN_DEPTH)
    gaps = [
        below.top - above.bottom
        for region in regions
        for above, below in zip(region, region[1:], strict=False)
    ]
    usual_gap = statistics.median(gaps) if gaps else 0.0
    out: list[str] = []
    for region in regions:
        for index, line in enumerate(region):
            if index:
                above = region[index - 1]
                height = min(line.bottom - line.top, above.bottom - above.top)
                if line.top - above.bottom > usual_gap + 0.5 * height:
                    out.append("")
            out.append(line.text)
    return "\n".join(out)


def _page_words(page: pdfplumber.page.Page) -> list[_Word]:
    """The page's horizontal words, without ornament glyphs."""
    text_only = page.filter(_is_text_char)
    words = text_only.extract_words(
        x_tolerance_ratio=_WORD_GAP_RATIO, keep_blank_chars=False, use_text_flow=False
    )
    found = []
    for word in words:
        text = _NOT_TEXT.sub("", word["text"])
        if text.strip():
            found.append(_Word(text, word["x0"], word["x1"], word["top"], word["bottom"]))
    return found


def _is_text_char(obj: dict) -> bool:
    if obj.get("object_type") != "char":
        return True
    if not obj.get("upright", True):
        return False
    if _SYMBOL_FONT.search(obj.get("fontname", "")):
        return False
    return not _NOT_TEXT.fullmatch(obj.get("text", ""))


def _without_margin_words(words: list[_Word], em: float) -> list[_Word]:
    """Drop words standing apart in the outer margins (thumb-index letters, side tabs)."""
    lefts = sorted(word.x0 for word in words)
    rights = sorted(word.x1 for word in words)
    body_left = lefts[len(lefts) // 50]
    body_right = rights[-1 - len(rights) // 50]
    margin = _MARGIN_EMS * em
    kept = [w for w in words if w.x1 > body_left - margin and w.x0 < body_right + margin]
    return kept or words


def _reading_order(words: list[_Word], em: float, depth: int) -> list[list[_Line]]:
    """Regions of lines in reading order: columns left to right, full-width blocks in place."""
    gutter = _find_gutter(words, em) if depth else None
    if gutter is None:
        return [_lines(words)]
    left_edge, right_edge = gutter
    middle = (left_edge + right_edge) / 2
    spanning = [word for word in words if word.x0 < middle < word.x1]
    bands = _merge_intervals((word.top, word.bottom) for word in spanning)
    groups: dict[tuple[int, int], list[_Word]] = {}
    for word in words:
        key = _band_key(word, bands, middle)
        groups.setdefault(key, []).append(word)
    regions: list[list[_Line]] = []
    for key in sorted(groups):
        if key[1] == 1:  # a full-width band
            regions.append(_lines(groups[key]))
        else:
            regions.extend(_reading_order(groups[key], em, depth - 1))
    return [region for region in regions if region]


def _band_key(word: _Word, bands: Sequence[tuple[float, float]], middle: float) -> tuple[int, int]:
    """Sort key of the region a word belongs to: (2*band index [+1 inside a band], column)."""
    for index, (top, bottom) in enumerate(bands):
        if top <= word.middle <= bottom:
            return 2 * index + 1, 1
        if word.middle < top:
            return 2 * index, 0 if word.x0 + word.x1 < 2 * middle else 2
    return 2 * len(bands), 0 if word.x0 + word.x1 < 2 * middle else 2


def _find_gutter(words: list[_Word], em: float) -> tuple[float, float] | None:
    """The widest vertical strip in the middle half of the text that (almost) no word crosses."""
    left = min(word.x0 for word in words)
    right = max(word.x1 for word in words)
    width = int(right - left) + 1
    if width < 8 * em:
        return None
    coverage = [0] * (width + 1)
    for word in words:
        for x in range(int(word.x0 - left), int(word.x1 - left) + 1):
            coverage[x] += 1
    # A few full-width lines (a title, a header) may cross a gutter; body text may not.
    allowed = sorted(coverage)[len(coverage) // 2] // 10
    best: tuple[int, int] | None = None
    start = None
    for x in range(width // 4, 3 * width // 4 + 1):
        if coverage[x] <= allowed:
            start = x if start is None else start
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
        else:
            start = None
    if best is None or best[1] - best[0] < em:
        return None
    left_edge, right_edge = left + best[0], left + best[1] + 1
    left_lines = {round(word.top) for word in words if word.x1 <= left_edge}
    right_lines = {round(word.top) for word in words if word.x0 >= right_edge}
    return (left_edge, right_edge) if min(len(left_lines), len(right_lines)) >= 2 else None


def _merge_intervals(intervals: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for top, bottom in sorted(intervals):
        if merged and top <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


def _lines(words: list[_Word]) -> list[_Line]:
    """Group words into visual lines: a word joins the line its vertical middle falls in."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda word: (word.top, word.x0)):
        line = lines[-1] if lines else None
        if line is not None and line.top <= word.middle <= line.bottom:
            line.words.append(word)
            line.bottom = max(line.bottom, word.bottom)
        else:
            lines.append(_Line([word], word.top, word.bottom))
    return lines
