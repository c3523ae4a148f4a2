"""Markdown to blocks: site clutter, markup, escapes, page-break joins, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightslens.clean.markdown import markdown_blocks
from rightslens.model import Block, Source
from tests.conftest import CORPUS, needs_corpus
from tests.gold import (
    assert_cleaning_check,
    assert_gold_headings_are_one_block_each,
    clean_text,
    cleaning_cases,
    section_files,
)


def _source(text: str) -> Source:
    return Source("sample.md", text.encode(), "markdown", text, "utf-8")


def _corpus_blocks(relative: str) -> list[Block]:
    return markdown_blocks(_source((CORPUS.parent / relative).read_text(encoding="utf-8")))


@needs_corpus
@pytest.mark.parametrize(("document", "check", "phrase"), cleaning_cases(".md"))
def test_markdown_gold_cleaning_checks(document: str, check: str, phrase: str) -> None:
    assert_cleaning_check(_corpus_blocks(document), check, phrase)


@needs_corpus
@pytest.mark.parametrize("gold_file", section_files(".md"), ids=lambda path: path.stem)
def test_markdown_gold_headings_are_one_heading_block_each(gold_file: Path) -> None:
    document = json.loads(gold_file.read_text())["document"]
    assert_gold_headings_are_one_block_each(_corpus_blocks(document), gold_file)


@needs_corpus
@pytest.mark.parametrize(
    "document", ["corpus/usdos/kazakhstan-2012.md", "corpus/hrw/kazakhstan-2012.md"]
)
def test_markdown_every_character_maps_to_itself_in_the_source(document: str) -> None:
    source_text = (CORPUS.parent / document).read_text(encoding="utf-8")
    for block in markdown_blocks(_source(source_text)):
        for char, offset in zip(block.text.text, block.text.offsets, strict=True):
            assert char == " " or source_text[offset] == char


@needs_corpus
def test_markdown_escapes_lose_their_backslash() -> None:
    clean = clean_text(_corpus_blocks("corpus/hrw/kazakhstan-2012.md"))
    assert "fining others up to US$550." in clean
    assert "\\" not in clean


@needs_corpus
def test_markdown_state_page_ends_with_the_report_body() -> None:
    blocks = _corpus_blocks("corpus/usdos/kazakhstan-2012.md")
    assert blocks[-1].text.text.startswith("The government did not report on the number")
    assert not any(b.text.text in {"Media Center", "Travel", "Browse by:"} for b in blocks)


def test_markdown_synthetic_markup_and_navigation() -> None:
    text = (
        "[Home](/) | [News](/news) | [About us](/about)\n\n"
        "# Acme 2030 Report\n\n"
        "Setext Heading\n"
        "--------------\n\n"
        "A paragraph with a [linked phrase](http://x.org/a_(b)) and **bold** and *italic*\n"
        "text that wraps onto a second line and costs US\\$5.\n\n"
        "- a list item\n"
        "- another item\n"
    )
    blocks = markdown_blocks(_source(text))
    assert [(b.kind, b.level, b.text.text) for b in blocks] == [
        ("heading", 1, "Acme 2030 Report"),
        ("heading", 2, "Setext Heading"),
        (
            "paragraph",
            None,
            "A paragraph with a linked phrase and bold and italic text that wraps onto a second"
            " line and costs US$5.",
        ),
        ("paragraph", None, "a list item"),
        ("paragraph", None, "another item"),
    ]
    linked = blocks[2].text
    start = linked.text.index("linked phrase")
    assert text[linked.offsets[start] : linked.offsets[start] + 13] == "linked phrase"
