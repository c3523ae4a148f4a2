"""Splitting a multi-country file into one report per country entry."""

from __future__ import annotations

from functools import cache

import pytest

from rightslens.clean.entries import detach_trailing_headings, find_entry_headings, split_entries
from rightslens.ingest.countries import code_of_name
from rightslens.ingest.pdf import pdf_source
from rightslens.model import Block, MappedText, ReportMeta
from tests.conftest import CORPUS, needs_corpus

# What each sample PDF holds: (neighbour fragment before, complete entries, neighbour after).
AMNESTY_PDFS = {
    "kazakhstan-2005": ("KZ", 2005, ["KZ"], "KE"),
    "kyrgyzstan-2010": ("KG", 2010, ["KG"], "LA"),
    "mexico-2010": ("MX", 2010, ["MX"], "MD"),
    "russia-2012": ("RU", 2012, ["RU"], "RW"),
    "uzbekistan-2005": ("UZ", 2005, ["UY", "UZ"], "VE"),
}
AMNESTY_TEXTS = {
    "kazakhstan-2012": "KZ",
    "kyrgyzstan-2010": "KG",
    "nigeria-2012": "NG",
    "russia-2012": "RU",
    "tajikistan-2012": "TJ",
    "united-kingdom-2012": "GB",
}


def _line_blocks(text: str) -> list[Block]:
    """Each non-empty line of a source text as a block, mapped onto the text."""
    blocks = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + len(line) - len(line.lstrip())
            blocks.append(Block(MappedText.from_source(text, start, start + len(stripped))))
        position += len(line) + 1
    return blocks


@cache
def _pdf_blocks(name: str) -> tuple[Block, ...]:
    path = CORPUS / "amnesty" / f"{name}.pdf"
    return tuple(_line_blocks(pdf_source(str(path), path.read_bytes()).text))


def _texts(blocks: list[Block]) -> list[str]:
    return [block.text.text for block in blocks]


@needs_corpus
@pytest.mark.parametrize("name", sorted(AMNESTY_PDFS))
def test_clean_entries_page_range_drops_neighbour_fragments(name):
    main, year, complete, after = AMNESTY_PDFS[name]
    blocks = list(_pdf_blocks(name))
    meta = ReportMeta("amnesty", main, year, f"{name} (Amnesty International)")
    entries = split_entries(blocks, meta)
    assert [entry.meta.country for entry in entries] == complete
    headings = [heading.country for heading in find_entry_headings(blocks)]
    assert headings == [*complete, after]
    (main_entry,) = [entry for entry in entries if entry.meta.country == main]
    assert main_entry.meta.year == year and main_entry.meta.publisher == "amnesty"
    assert code_of_name(main_entry.blocks[0].text.text) == main or main == "RU"
    warnings = " ".join(main_entry.warnings)
    assert f"({after})" in warnings and "runs past the end of the file" in warnings
    # Only the main entry's own blocks, none of the next entry's heading.
    assert not any(code_of_name(text) == after for text in _texts(main_entry.blocks))


@needs_corpus
def test_clean_entries_tail_of_previous_entry_is_dropped_with_a_warning():
    blocks = list(_pdf_blocks("kyrgyzstan-2010"))
    (entry,) = split_entries(blocks, ReportMeta("amnesty", "KG", 2010))
    assert entry.blocks[0].text.text == "KYRGYZSTAN"
    assert "before the first entry heading" in entry.warnings[0]
    kuwait_tail = "Women continued to face discrimination in law and"
    assert kuwait_tail in _texts(blocks) and kuwait_tail not in _texts(entry.blocks)


@needs_corpus
def test_clean_entries_complete_neighbour_becomes_its_own_report():
    blocks = list(_pdf_blocks("uzbekistan-2005"))
    meta = ReportMeta("amnesty", "UZ", 2005, "Uzbekistan 2005 (Amnesty International)")
    uruguay, uzbekistan = split_entries(blocks, meta)
    assert uruguay.meta.title == "Uruguay 2005 (Amnesty International)"
    assert uruguay.blocks[0].text.text == "URUGUAY" and not uruguay.warnings
    assert uzbekistan.meta.title == meta.title
    assert uzbekistan.blocks[0].text.text == "UZBEKISTAN"


@needs_corpus
def test_clean_entries_without_a_main_country_keeps_long_enough_last_entry():
    entries = split_entries(list(_pdf_blocks("uzbekistan-2005")), ReportMeta("amnesty"))
    assert [entry.meta.country for entry in entries] == ["UY", "UZ"]


@needs_corpus
@pytest.mark.parametrize("name", sorted(AMNESTY_TEXTS))
def test_clean_entries_single_entry_text_comes_back_whole(name):
    text = (CORPUS / "amnesty" / f"{name}.txt").read_text(encoding="utf-8")
    blocks = _line_blocks(text)
    for country in (AMNESTY_TEXTS[name], None):
        (entry,) = split_entries(blocks, ReportMeta("amnesty", country, 2012, "A title"))
        assert entry.blocks == blocks and not entry.warnings
        assert entry.meta.country == AMNESTY_TEXTS[name] and entry.meta.title == "A title"


@needs_corpus
def test_clean_entries_report_without_entry_headings_is_unchanged():
    text = (CORPUS / "usdos" / "kazakhstan-2019.txt").read_text(encoding="utf-8")
    blocks = _line_blocks(text)
    meta = ReportMeta("usdos", "KZ", 2019)
    (entry,) = split_entries(blocks, meta)
    assert entry.meta is meta and entry.blocks is blocks and not entry.warnings


@needs_corpus
def test_clean_entries_heading_run_into_the_paragraph_before_is_split_off():
    blocks = list(_pdf_blocks("mexico-2010"))
    start = _texts(blocks).index("MEXICO")
    merged_text = MappedText.join(" ", [blocks[start - 1].text, blocks[start].text])
    merged = [*blocks[: start - 1], Block(merged_text), *blocks[start + 1 :]]
    detached = detach_trailing_headings(merged)
    assert _texts(detached)[start - 1 : start + 1] == [blocks[start - 1].text.text, "MEXICO"]
    assert detached[start].kind == "heading"
    assert detached[start].text.offsets[0] == blocks[start].text.offsets[0]
    entries = split_entries(merged, ReportMeta("amnesty", "MX", 2010))
    assert [entry.meta.country for entry in entries] == ["MX"]
    assert entries[0].blocks[0].text.text == "MEXICO"


def test_clean_entries_capitals_name_without_confirmation_is_no_heading():
    text = "GEORGIA\nThe report covers events in the region.\nMore text follows here."
    blocks = _line_blocks(text)
    assert find_entry_headings(blocks) == []
    (entry,) = split_entries(blocks, ReportMeta("amnesty", None, 2010))
    assert entry.blocks is blocks


@needs_corpus
@pytest.mark.parametrize("name", sorted(AMNESTY_PDFS))
def test_clean_entries_split_blocks_of_the_text_cleaner(name):
    from rightslens.clean import clean
    from rightslens.ingest.read import read_source

    main, year, complete, _ = AMNESTY_PDFS[name]
    path = CORPUS / "amnesty" / f"{name}.pdf"
    blocks = clean(read_source(str(path), path.read_bytes()))
    entries = split_entries(blocks, ReportMeta("amnesty", main, year))
    assert [entry.meta.country for entry in entries] == complete
