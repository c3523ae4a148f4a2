"""Web pages to body-text blocks: the report's paragraphs and headings, nothing else.

Saved report pages carry far more chrome than report: menus, a table of contents
that repeats every heading, cookie banners, share buttons, footers, scripts. We
parse the page with the standard library's forgiving ``HTMLParser`` (it copes
with unclosed and misnested tags), build a small element tree in which every
piece of text remembers its source offset, drop the chrome, pick the element
that holds the page's running text, and read it block by block.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from html.parser import HTMLParser
from itertools import accumulate

from rightslens.clean.text import Line, assemble_blocks, scrub
from rightslens.model import Block, MappedText, Source


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VOID = _words("area base br col embed hr img input keygen link meta param source track wbr")
# Never text a reader sees: code, hidden templates, drawings, form controls.
_INVISIBLE = _words(
    "script style noscript template svg math head title iframe object canvas "
    "button select option textarea input label datalist"
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = _HEADINGS.keys() | _words(
    "p div section article main aside header footer nav form fieldset ul ol li dl dt dd "
    "blockquote pre table thead tbody tfoot tr td th caption figure figcaption address "
    "center hr details summary body html"
)
# An open <p> ends at these start tags (HTML's implied end of a paragraph).
_CLOSES_P = _BLOCKS - _words("td th tr li dt dd body html caption")
# Searches for an element to close stop at these: a <p> in a table cell stays there.
_SCOPE = _words("html body td th table caption li dd dt blockquote section article")
_ROOTS = _words("html body")
# A start tag that ends an open sibling: (the siblings it ends, where the search stops).
_IMPLIED_SIBLING_END = {
    "li": (_words("li"), _words("ul ol") | _ROOTS),
    "dt": (_words("dt dd"), _words("dl") | _ROOTS),
    "dd": (_words("dt dd"), _words("dl") | _ROOTS),
    "tr": (_words("tr"), _words("table") | _ROOTS),
    "td": (_words("td th"), _words("tr table") | _ROOTS),
    "th": (_words("td th"), _words("tr table") | _ROOTS),
}
# Blocks that hold running text, never a whole page's worth of blocks.
_TEXT_BLOCKS = _HEADINGS.keys() | _words("p pre li dt dd caption figcaption address summary")
_BOLD = _words("b strong")

# Site chrome, by tag, by ARIA role, or by the last word of a class name
# ("site-footer", "report-toc", "cookie-banner"; but not "report-toc-section").
_CHROME_TAGS = _words("nav aside footer")
_CHROME_ROLES = _words("navigation banner contentinfo complementary search dialog alertdialog")
_CHROME_WORDS = _words(
    "nav navbar navigation menu menubar breadcrumb breadcrumbs crumbs toc share sharing social "
    "cookie cookies consent gdpr footer sidebar side banner popup modal overlay newsletter "
    "subscribe related tags pagination pager skip advert advertisement ads buttons back-to-top"
)
_CLASS_WORDS = re.compile(r"[a-z0-9]+(?:-to-[a-z0-9]+)?")

# A container is the page's body text when it holds this share of its parent's text.
_DOMINANT_SHARE = 0.85
# A paragraph that is all bold reads as a subheading when it is this short or shorter.
_BOLD_HEADING_MAX = 120
# A paragraph this short in Title Case, followed by a running paragraph, is a subheading.
_TITLE_LINE_MAX = 80
_RUNNING_PARAGRAPH = 150
_SENTENCE_END = re.compile("[.!?:][\"'\u201d\u2019)\\]]*$")
_LETTERS = re.compile(r"[^\W\d_]+")
# A markup paragraph with this many line breaks is plain text pasted into one element.
_PASTED_TEXT_LINES = 50
_LINE_BREAK = re.compile(r"\r\n|[\n\r]")
# A division number: "Section 1.", "Part IV", "Chapter 3" (not "Section civil").
_NUMBER_LABEL = re.compile(
    r"(?:section|part|chapter)\s+(?:\d+|c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})(?<=[ivxlc]))\b\.?",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s\s+|[^\S ]")
_INVISIBLE_CHARS = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WORDISH = re.compile(r"[^\W_]")


class _Element:
    """One element of the page; children are elements and text pieces.

    ``start`` is the source offset of a <br> (a line break maps there); other
    elements do not need theirs and keep -1, which saves a position lookup per tag.
    """

    __slots__ = ("tag", "attrs", "parent", "start", "children", "score")

    def __init__(
        self, tag: str, attrs: dict[str, str | None], parent: _Element | None, start: int
    ) -> None:
        self.tag = tag
        self.start = start
        self.attrs = attrs
        self.parent = parent
        self.children: list[_Element | _Text] = []
        self.score = 0


class _Text:
    """Text at ``start`` in the source; ``decoded`` is set for a character reference."""

    __slots__ = ("start", "end", "decoded")

    def __init__(self, start: int, end: int, decoded: str | None = None) -> None:
        self.start = start
        self.end = end
        self.decoded = decoded

    def mapped(self, source_text: str) -> MappedText:
        if self.decoded is None:
            return MappedText.from_source(source_text, self.start, self.end)
        return MappedText.literal(self.decoded, self.start)


class _TreeBuilder(HTMLParser):
    """Builds an element tree with source offsets, repairing the usual broken markup."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._text = text
        self._line_starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]
        self.root = _Element("#root", {}, None, 0)
        self._stack = [self.root]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._imply_ends(tag)
        start = self._offset() if tag == "br" else -1
        element = _Element(tag, dict(attrs), self._stack[-1], start)
        self._stack[-1].children.append(element)
        if tag not in _VOID:
            self._stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in _ROOTS or tag in _VOID:
            return
        if tag in _HEADINGS:
            self._close_any(_HEADINGS.keys(), _ROOTS)
        else:
            self._close_any((tag,), ())

    def handle_data(self, data: str) -> None:
        if self._stack[-1].tag in ("script", "style"):
            return
        start = self._offset()
        self._stack[-1].children.append(_Text(start, start + len(data)))

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        end = start + 1 + len(name)
        if self._text.startswith(";", end):
            end += 1
        self._add_reference(start, end)

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        end = start + 2 + len(name)
        if self._text.startswith(";", end):
            end += 1
        self._add_reference(start, end)

    def _add_reference(self, start: int, end: int) -> None:
        raw = self._text[start:end]
        decoded = html.unescape(raw)
        self._stack[-1].children.append(_Text(start, end, None if decoded == raw else decoded))

    def _imply_ends(self, tag: str) -> None:
        """Close what HTML closes implicitly: an open <p>, a sibling <li>, a heading."""
        if tag in _CLOSES_P:
            self._close_any(("p",), _SCOPE)
            heading = self._open_heading()
            if heading is not None and (tag in _HEADINGS or self._has_text(heading)):
                self._close_any((heading.tag,), _SCOPE)
        sibling = _IMPLIED_SIBLING_END.get(tag)
        if sibling is not None:
            self._close_any(*sibling)

    def _has_text(self, element: _Element) -> bool:
        pending = [element]
        while pending:
            for child in pending.pop().children:
                if isinstance(child, _Element):
                    pending.append(child)
                elif not self._text[child.start : child.end].isspace():
                    return True
        return False

    def _open_heading(self) -> _Element | None:
        for element in reversed(self._stack):
            if element.tag in _HEADINGS:
                return element
            if element.tag in _SCOPE:
                return None
        return None

    def _close_any(self, names: Collection[str], boundary: Collection[str]) -> None:
        """Close the innermost open element named ``names``, unless a boundary comes first."""
        for depth in range(len(self._stack) - 1, 0, -1):
            tag = self._stack[depth].tag
            if tag in names:
                del self._stack[depth:]
                return
            if tag in boundary:
                return


def _is_chrome(element: _Element) -> bool:
    """Navigation, banners, footers and other page furniture, from markup alone."""
    if element.tag in _CHROME_TAGS:
        return True
    if element.tag == "header" and not _inside(element, ("article", "main")):
        return True
    attrs = element.attrs
    if (attrs.get("role") or "").lower() in _CHROME_ROLES:
        return True
    if "hidden" in attrs:
        return True
    for name in (attrs.get("class") or "").lower().split():
        words = _CLASS_WORDS.findall(name)
        if words and words[-1] in _CHROME_WORDS:
            return True
    return False


def _inside(element: _Element, tags: tuple[str, ...]) -> bool:
    parent = element.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _score(root: _Element, source_text: str) -> None:
    """Give every element the count of visible, unlinked, non-space characters it holds."""
    order: list[_Element] = []
    pending = [root]
    while pending:
        element = pending.pop()
        order.append(element)
        pending.extend(
            child
            for child in element.children
            if isinstance(child, _Element)
            and child.tag not in _INVISIBLE
            and child.tag != "a"
            and not _is_chrome(child)
        )
    for element in reversed(order):
        total = 0
        for child in element.children:
            if isinstance(child, _Text):
                total += len(source_text[child.start : child.end].strip())
            else:
                total += child.score
        element.score = total


def _main_container(root: _Element) -> _Element:
    """Descend from the root while one child holds nearly all of the running text."""
    node = root
    while True:
        children = [
            c
            for c in node.children
            if isinstance(c, _Element) and c.score and c.tag not in _TEXT_BLOCKS
        ]
        best = max(children, key=lambda c: c.score, default=None)
        if best is None or best.score < _DOMINANT_SHARE * node.score:
            return node
        node = best


def _first_title(root: _Element, container: _Element) -> _Element | None:
    """The page's <h1> when the container lacks one (the report's title sits above it)."""
    pending = [root]
    title = None
    while pending:
        element = pending.pop()
        if element is container:
            if title is not None and not _has_h1(container):
                return title
            return None
        if element.tag in _INVISIBLE or _is_chrome(element):
            continue
        if element.tag == "h1" and title is None:
            title = element
        pending.extend(reversed([c for c in element.children if isinstance(c, _Element)]))
    return None


def _has_h1(element: _Element) -> bool:
    pending = [element]
    while pending:
        node = pending.pop()
        if node.tag == "h1":
            return True
        pending.extend(c for c in node.children if isinstance(c, _Element))
    return False


class _BlockReader:
    """Walks an element tree and cuts its text into paragraphs and headings."""

    def __init__(self, source_text: str) -> None:
        self._text = source_text
        self.blocks: list[Block] = []
        self._pieces: list[tuple[MappedText, bool, bool]] = []
        self._heading_levels: list[int] = []
        self._bold = 0
        self._links = 0
        self._bold_at_start = 0
        self._links_at_start = 0
        self._links_in_block = 0
        self._pages_linked = False
        self._nav_headings: set[int] = set()
        self._after_break = False

    def read(self, element: _Element) -> None:
        walk: list[tuple[_Element, int]] = [(element, 0)]
        self._enter(element)
        while walk:
            node, index = walk[-1]
            if index == len(node.children):
                walk.pop()
                self._leave(node)
                continue
            walk[-1] = (node, index + 1)
            child = node.children[index]
            if isinstance(child, _Text):
                self._add_text(child)
            elif child.tag == "br":
                self._add_break(child)
            elif child.tag not in _INVISIBLE and not _is_chrome(child) and child.tag != "form":
                self._enter(child)
                walk.append((child, 0))
        self._flush()

    def _enter(self, element: _Element) -> None:
        tag = element.tag
        if tag in _BLOCKS:
            self._flush()
            if tag in _HEADINGS:
                self._heading_levels.append(_HEADINGS[tag])
        elif tag in _BOLD:
            self._bold += 1
        elif tag == "a" and element.attrs.get("href"):
            self._links += 1
            self._links_in_block += 1
            self._pages_linked |= not element.attrs["href"].startswith("#")

    def _leave(self, element: _Element) -> None:
        tag = element.tag
        if tag in _BLOCKS:
            self._flush()
            if tag in _HEADINGS:
                self._heading_levels.pop()
        elif tag in _BOLD:
            self._bold -= 1
        elif tag == "a" and element.attrs.get("href"):
            self._links -= 1

    def _add_text(self, piece: _Text) -> None:
        mapped = piece.mapped(self._text)
        if not mapped.text.isspace():
            self._after_break = False
        self._pieces.append(
            (mapped, self._bold > self._bold_at_start, self._links > self._links_at_start)
        )

    def _add_break(self, element: _Element) -> None:
        """<br> is a space; two in a row end a paragraph, as old pages use them."""
        if self._after_break:
            self._flush()
            return
        self._pieces.append((MappedText.literal(" ", element.start), False, False))
        self._after_break = True

    def _flush(self) -> None:
        pieces, self._pieces = self._pieces, []
        links, pages_linked = self._links_in_block, self._pages_linked
        self._pages_linked = False
        self._bold_at_start, self._links_at_start = self._bold, self._links
        self._links_in_block = 0
        self._after_break = False
        raw = MappedText.concat(piece for piece, _, _ in pieces)
        text = _collapse(raw)
        if not _WORDISH.search(text.text):
            return
        linked = sum(_content_chars(piece.text) for piece, _, is_link in pieces if is_link)
        if (
            linked
            and linked >= 0.9 * _content_chars(text.text)
            and (not self._heading_levels or links > 1)
        ):
            # A heading right over links to other pages ("Read a Section") is navigation too.
            if pages_linked and self.blocks and self.blocks[-1].kind == "heading":
                self._nav_headings.add(len(self.blocks) - 1)
            return
        if self._heading_levels:
            self.blocks.append(Block(text, "heading", self._heading_levels[-1]))
            return
        if raw.text.count("\n") >= _PASTED_TEXT_LINES:
            self.blocks.extend(_pasted_text_blocks(raw))
            return
        if _reads_as_subheading(text.text, pieces):
            self.blocks.append(Block(text, "heading", None))
        else:
            self.blocks.append(Block(text, "paragraph"))

    def body(self) -> list[Block]:
        """The blocks read so far, less headings that introduced navigation."""
        return [b for i, b in enumerate(self.blocks) if i not in self._nav_headings]


def _pasted_text_blocks(raw: MappedText) -> list[Block]:
    """Read plain text pasted into one element (line breaks and all) as a text file."""
    lines: list[Line] = []
    gap = False
    for part in raw.split(_LINE_BREAK):
        line = scrub(part).strip()
        if line:
            lines.append(Line(line, gap_before=gap))
        gap = not line
    return assemble_blocks(lines, raw.text)


def _reads_as_subheading(text: str, pieces: list[tuple[MappedText, bool, bool]]) -> bool:
    """A short paragraph all in bold, not ending like a sentence, is a subheading."""
    if len(text) > _BOLD_HEADING_MAX or text[-1] in ".!?;,":
        return False
    if not any(is_bold for _, is_bold, _ in pieces):
        return False
    bold = sum(_content_chars(piece.text) for piece, is_bold, _ in pieces if is_bold)
    return bold >= _content_chars(text)


def _content_chars(text: str) -> int:
    return len(_WORDISH.findall(text))


def _collapse(text: MappedText) -> MappedText:
    """Drop invisible characters and collapse every whitespace run to one space."""
    return text.sub(_INVISIBLE_CHARS, "").sub(_SPACES, " ").strip()


def _mark_title_lines(blocks: list[Block]) -> None:
    """A short Title Case paragraph between whole running paragraphs is an unmarked subheading.

    Some pages set subheadings as plain <p>; lines of a paragraph that a page cut
    into one <p> per line do not qualify, as the paragraph before them is unfinished.
    """
    for index in range(1, len(blocks) - 1):
        block, before, after = blocks[index], blocks[index - 1], blocks[index + 1]
        if (
            block.kind == "paragraph"
            and before.kind == "paragraph"
            and _SENTENCE_END.search(before.text.text)
            and after.kind == "paragraph"
            and len(after.text) >= _RUNNING_PARAGRAPH
            and _is_title_line(block.text.text)
        ):
            block.kind = "heading"


def _is_title_line(text: str) -> bool:
    words = _LETTERS.findall(text)
    return (
        len(text) <= _TITLE_LINE_MAX
        and text[0].isupper()
        and text[-1] not in ".,;:!?"
        and any(char.islower() for char in text)
        and all(word[0].isupper() for word in words if len(word) > 4)
    )


def _join_number_labels(blocks: list[Block]) -> list[Block]:
    """Join a bare "Section 1." label to the heading after it: one heading, as it reads.

    A numbered division is a top division whatever tag its title wears (state.gov
    puts "Section 1." titles in <h3>, like the lettered parts under them, and once
    in a while a "Section 7. Worker Rights" among the parts of Section 6), so every
    heading that opens with a number label takes the top heading level of the body.
    """
    levels = [b.level for b in blocks if b.kind == "heading" and b.level and b.level > 1]
    top = min(levels, default=None)
    joined: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if _NUMBER_LABEL.fullmatch(block.text.text) and following and following.kind == "heading":
            block = Block(
                MappedText.join(" ", [block.text, following.text]), "heading", following.level
            )
            index += 1
        if block.kind == "heading" and top and _NUMBER_LABEL.match(block.text.text):
            block.level = min(block.level or top, top)
        joined.append(block)
        index += 1
    return joined


def html_blocks(source: Source) -> list[Block]:
    """The body text of a web page as paragraphs and headings, in reading order."""
    builder = _TreeBuilder(source.text)
    builder.feed(source.text)
    builder.close()
    root = builder.root
    _score(root, source.text)
    container = _main_container(root)
    reader = _BlockReader(source.text)
    title = _first_title(root, container)
    if title is not None:
        reader.read(title)
    reader.read(container)
    blocks = reader.body()
    _mark_title_lines(blocks)
    return _join_number_labels(blocks)
