"""Markdown to blocks: site clutter, markup, escapes, page-break joins, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightslens.clean.markdown import markdown_blocks
from rightslens.model import Block, Source
from tests.conftest import CORPUS, GOLD, needs_corpus


def _source(text: str) -> Source:
    return Source("sample.md", text.encode(), "markdown", text, "utf-8")


def _corpus_blocks(relative: str) -> list[Block]:
    return markdown_blocks(_source((CORPUS.parent / relative).read_text(encoding="utf-8")))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _clean_text(blocks: list[Block]) -> str:
    return _collapse("\n\n".join(block.text.text for block in blocks))


def _gold_cleaning_cases() -> list[tuple[str, str, str]]:
    path = GOLD / "cleaning.json"
    if not path.is_file():
        return []
    cases = []
    for document, checks in json.loads(path.read_text())["documents"].items():
        if document.endswith(".md"):
            cases += [(document, "contains", phrase) for phrase in checks["must_contain"]]
            cases += [(document, "lacks", phrase) for phrase in checks["must_not_contain"]]
    return cases


def _gold_section_files() -> list[Path]:
    folder = GOLD / "sections"
    if not folder.is_dir():
        return []
    return [
        p
        for p in sorted(folder.glob("*.json"))
        if json.loads(p.read_text())["document"].endswith(".md")
    ]


@needs_corpus
@pytest.mark.parametrize(("document", "check", "phrase"), _gold_cleaning_cases())
def test_markdown_gold_cleaning_checks(document: str, check: str, phrase: str) -> None:
    clean = _clean_text(_corpus_blocks(document))
    if check == "contains":
        assert _collapse(phrase) in clean
    else:
        assert phrase not in clean


@needs_corpus
@pytest.mark.parametrize("gold_file", _gold_section_files(), ids=lambda path: path.stem)
def test_markdown_gold_headings_are_one_heading_block_each(gold_file: Path) -> None:
    gold = json.loads(gold_file.read_text())
    headings = [
        _collapse(b.text.text) for b in _corpus_blocks(gold["document"]) if b.kind == "heading"
    ]
    for section in gold["sections"]:
        if section["heading"]:
            assert headings.count(_collapse(section["heading"])) == 1, section["heading"]


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
    clean = _clean_text(_corpus_blocks("corpus/hrw/kazakhstan-2012.md"))
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
