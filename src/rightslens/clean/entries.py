"""Split a file that holds several countries' entries into one report per country.

An annual report (Amnesty International's is one PDF for ~150 countries) opens
each country's entry with the country's name in capitals on a line of its own,
followed by the official name ("REPUBLIC OF KAZAKHSTAN") or the fact lines
("Head of state: ..."). Such a heading starts an entry; a capitals line naming
a country without that confirmation does not (a running header, a caps
paragraph opening). Names are those ``rightslens.ingest.countries`` knows, in
any of their forms ("KOREA (REPUBLIC OF)", "SERBIA AND MONTENEGRO", "USA").

A file cut from the whole report by page range carries pieces of the
neighbouring entries: the tail of the entry before the first heading, and the
head of the entry after the last one. Those pieces are dropped, each with a
warning on the main entry. Entries that lie wholly inside the file (both their
heading and the next entry's heading are in it) come back as reports of
their own. The entry running to the end of the file counts as complete when it
is the main entry (``meta.country``), or when no main entry is known and it is
the only entry or at least half as long as the median complete entry.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace

from rightslens.ingest.countries import code_of_name, country_name, country_names
from rightslens.model import Block, ReportMeta

# A heading is confirmed by the official name or a fact line within this many blocks.
_CONFIRM_WINDOW = 6
# A wrapped heading ("RUSSIAN" / "FEDERATION") spans at most this many capitals blocks.
_HEADING_BLOCKS = 3
_FACT_LINE = re.compile(r"^\W*head of (state|government)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A fragment shorter than this many words is page furniture, not a piece of an entry.
_FRAGMENT_WORDS = 12


@dataclass
class Entry:
    """One country's report out of a file: its meta, its blocks, what was dropped around it."""

    meta: ReportMeta
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Heading:
    index: int
    country: str
    text: str


def split_entries(blocks: list[Block], meta: ReportMeta) -> list[Entry]:
    """One ``Entry`` per complete country entry; a single-country file comes back whole."""
    blocks = detach_trailing_headings(blocks)
    headings = find_entry_headings(blocks)
    if not headings:
        return [Entry(meta, blocks)]
    spans = [
        (heading, heading.index, headings[i + 1].index if i + 1 < len(headings) else len(blocks))
        for i, heading in enumerate(headings)
    ]
    codes = {heading.country for heading in headings}
    main = meta.country if meta.country in codes else None
    entries: list[tuple[_Heading, Entry]] = []
    before: list[str] = []  # about the start of the file: told to the first entry kept
    after: list[str] = []  # about the end of the file: told to the last entry kept
    if meta.country and main is None:
        before.append(f"no entry heading for {meta.country} found among those in the file")
    lead = blocks[: headings[0].index]
    if _word_count(lead) >= _FRAGMENT_WORDS:
        before.append(
            f"dropped {len(lead)} blocks before the first entry heading "
            f"({headings[0].text}): the end of an earlier entry cut by the file's first page"
        )
    complete_lengths = [_word_count(blocks[start:end]) for _, start, end in spans[:-1]]
    for position, (heading, start, end) in enumerate(spans):
        entry_blocks = blocks[start:end]
        is_last = position == len(spans) - 1
        if is_last and not _last_is_complete(heading, entry_blocks, main, complete_lengths):
            after.append(
                f"dropped the start of the {heading.text} entry ({heading.country}): "
                "it runs past the end of the file"
            )
            continue
        entry_meta = replace(
            meta, country=heading.country, title=_entry_title(meta, heading.country)
        )
        entries.append((heading, Entry(entry_meta, entry_blocks)))
    owner = next((entry for heading, entry in entries if heading.country == main), None)
    (owner or entries[0][1]).warnings.extend(before)
    (owner or entries[-1][1]).warnings.extend(after)
    return [entry for _, entry in entries]


def find_entry_headings(blocks: list[Block]) -> list[_Heading]:
    """Blocks that open a country entry: a capitals country name, confirmed by what follows."""
    headings: list[_Heading] = []
    index = 0
    while index < len(blocks):
        found = _heading_at(blocks, index)
        if found is None:
            index += 1
            continue
        heading, next_index = found
        headings.append(heading)
        index = next_index
    return headings


def detach_trailing_headings(blocks: list[Block]) -> list[Block]:
    """Split off an entry heading that a cleaner ran into the end of the paragraph before it.

    "... (AI Index: AMR 51/108/2005) KAZAKSTAN" followed by "REPUBLIC OF
    KAZAKSTAN" or "Head of state: ..." becomes the paragraph and a heading.
    """
    out: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        start = _trailing_heading_start(block.text.text, following)
        if start is None:
            out.append(block)
            continue
        out.append(Block(block.text[:start].strip(), block.kind, block.level))
        out.append(Block(block.text[start:].strip(), "heading", 1))
    return out if len(out) > len(blocks) else blocks


def _trailing_heading_start(text: str, following: Block | None) -> int | None:
    """Where a capitals country name closing ``text`` starts, if the next block confirms it."""
    if following is None:
        return None
    tokens = list(re.finditer(r"\S+", text))
    caps = 0
    while caps < len(tokens) and not any(c.islower() for c in tokens[-1 - caps].group()):
        caps += 1
    next_text = following.text.text
    for size in range(min(caps, len(tokens) - 1), 0, -1):
        start = tokens[-size].start()
        before = text[:start]
        if any(c.isalpha() for c in before) and not any(c.islower() for c in before):
            continue  # a capitals line as a whole ("REPUBLIC OF TAJIKISTAN") is no paragraph
        code = code_of_name(text[start:])
        if code and (_FACT_LINE.match(next_text) or code_of_name(_strip_junk(next_text)) == code):
            return start
    return None


def _heading_at(blocks: list[Block], index: int) -> tuple[_Heading, int] | None:
    """A confirmed entry heading starting at ``blocks[index]``, and the block after its header."""
    words: list[tuple[str, int]] = []
    for offset in range(_HEADING_BLOCKS):
        if index + offset >= len(blocks):
            break
        caps = _capitals_words(blocks[index + offset].text.text)
        if caps is None:
            break
        words.extend((word, index + offset) for word in caps)
    for size in _prefix_sizes(words):
        code = code_of_name(" ".join(word for word, _ in words[:size]))
        if code is None:
            continue
        last_block = words[size - 1][1]
        rest = " ".join(word for word, _ in words[size:])
        confirmed = bool(rest) and code_of_name(rest) == code
        confirmed = confirmed or any(
            _FACT_LINE.search(blocks[block].text.text) for block in range(index, last_block + 1)
        )
        window_end = min(len(blocks), last_block + 1 + _CONFIRM_WINDOW)
        header_end = last_block + 1
        for later in range(last_block + 1, window_end):
            text = blocks[later].text.text
            if _FACT_LINE.match(text):
                return _Heading(index, code, _heading_text(words[:size])), later
            if code_of_name(_strip_junk(text)) == code:
                confirmed = True
                header_end = later + 1
        if confirmed:
            return _Heading(index, code, _heading_text(words[:size])), header_end
        return None
    return None


def _prefix_sizes(words: list[tuple[str, int]]) -> list[int]:
    """Prefix lengths to try, longest first, those ending where a block ends before the rest."""
    sizes = range(len(words), 0, -1)
    at_block_end = [n for n in sizes if n == len(words) or words[n][1] != words[n - 1][1]]
    return at_block_end + [n for n in sizes if n not in at_block_end]


def _entry_title(meta: ReportMeta, code: str) -> str:
    """The file's title with the entry's country named in place of the main country."""
    if code == meta.country or not meta.country:
        return meta.title
    name = country_name(code)
    for main_name in country_names(meta.country):
        if main_name in meta.title:
            return meta.title.replace(main_name, name)
    return f"{name} ({meta.title})" if meta.title else name


def _heading_text(words: list[tuple[str, int]]) -> str:
    return " ".join(word for word, _ in words)


def _capitals_words(text: str) -> list[str] | None:
    """The words of a line written wholly in capitals (after leading junk), else None."""
    stripped = _strip_junk(text)
    if not stripped or len(stripped) > 120 or not any(char.isalpha() for char in stripped):
        return None
    head = _FACT_LINE.search(stripped)
    body = stripped[: head.start()] if head else stripped
    if any(char.islower() for char in body):
        return None
    return body.split()


def _strip_junk(text: str) -> str:
    """Drop what is not a letter at the start (object replacement marks, bullets)."""
    match = re.search(r"[^\W\d_]", text)
    return text[match.start() :].strip() if match else ""


def _last_is_complete(
    heading: _Heading, entry_blocks: list[Block], main: str | None, complete_lengths: list[int]
) -> bool:
    if main is not None:
        return heading.country == main
    if not complete_lengths:
        return True
    return _word_count(entry_blocks) >= statistics.median(complete_lengths) / 2


def _word_count(blocks: list[Block]) -> int:
    return sum(len(_WORD.findall(block.text.text)) for block in blocks)
