"""Plain and PDF text to blocks: furniture, wraps, hyphens, headings, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightslens.clean.text import text_blocks
from rightslens.model import Block, Source
from tests.conftest import CORPUS, needs_corpus
from tests.gold import (
    assert_cleaning_check,
    assert_gold_headings_are_one_block_each,
    clean_text,
    cleaning_cases,
    section_files,
)


def _source(text: str, fmt: str = "text", page_starts: tuple[int, ...] = ()) -> Source:
    return Source("sample.txt", text.encode(), fmt, text, "utf-8", page_starts=page_starts)


def _corpus_blocks(relative: str) -> list[Block]:
    text = (CORPUS.parent / relative).read_text(encoding="utf-8")
    return text_blocks(_source(text))


@needs_corpus
@pytest.mark.parametrize(("document", "check", "phrase"), cleaning_cases(".txt"))
def test_text_gold_cleaning_checks(document: str, check: str, phrase: str) -> None:
    assert_cleaning_check(_corpus_blocks(document), check, phrase)


@needs_corpus
@pytest.mark.parametrize("gold_file", section_files(".txt"), ids=lambda path: path.stem)
def test_text_gold_headings_are_one_heading_block_each(gold_file: Path) -> None:
    document = json.loads(gold_file.read_text())["document"]
    assert_gold_headings_are_one_block_each(_corpus_blocks(document), gold_file)


@needs_corpus
@pytest.mark.parametrize(
    "document",
    [
        "corpus/usdos/kazakhstan-2019.txt",
        "corpus/usdos/kazakhstan-2023.txt",
        "corpus/amnesty/russia-2012.txt",
    ],
)
def test_text_every_character_maps_to_itself_in_the_source(document: str) -> None:
    source_text = (CORPUS.parent / document).read_text(encoding="utf-8")
    for block in text_blocks(_source(source_text)):
        for char, offset in zip(block.text.text, block.text.offsets, strict=True):
            assert char == " " or source_text[offset] == char


@needs_corpus
def test_text_title_line_is_a_top_level_heading() -> None:
    first = _corpus_blocks("corpus/usdos/kazakhstan-2019.txt")[0]
    assert (first.kind, first.level, first.text.text) == (
        "heading",
        1,
        "KAZAKHSTAN 2019 HUMAN RIGHTS REPORT",
    )


@needs_corpus
def test_text_header_glued_into_a_line_is_cut_and_the_sentence_joined() -> None:
    blocks = _corpus_blocks("corpus/usdos/kazakhstan-2023.txt")
    joined = [b for b in blocks if "was in a pretrial detention facility in Astana" in b.text.text]
    assert len(joined) == 1 and joined[0].kind == "paragraph"
    assert joined[0].text.text.startswith("Danebayev was transferred")


@needs_corpus
def test_text_run_in_label_stays_in_its_paragraph() -> None:
    blocks = _corpus_blocks("corpus/usdos/kazakhstan-2023.txt")
    labelled = [b for b in blocks if b.text.text.startswith("Abusive Physical Conditions:")]
    assert len(labelled) == 1 and labelled[0].kind == "paragraph"
    assert len(labelled[0].text.text) > 200


@needs_corpus
def test_text_wrap_hyphens_follow_the_document_words() -> None:
    clean = clean_text(_corpus_blocks("corpus/usdos/kazakhstan-2024.txt"))
    assert "a one-time hour-long strike" in clean
    assert "three long-standing refugee families" in clean


@needs_corpus
def test_text_amnesty_page_furniture_and_bullet_glyphs_are_gone() -> None:
    blocks = _corpus_blocks("corpus/amnesty/kazakhstan-2012.txt")
    texts = [b.text.text for b in blocks]
    assert not any(text in {"K", "144", "145"} for text in texts)
    assert not any("Amnesty International Report 2013" in text for text in texts)
    assert not any("\ufffc" in text or "\U0010fc00" in text for text in texts)
    assert "Torture and other ill-treatment" in [b.text.text for b in blocks if b.kind == "heading"]


def test_text_synthetic_pdf_pages_lose_headers_and_join_the_broken_sentence() -> None:
    body_one = (
        "ACME 2030 HUMAN RIGHTS REPORT\n"
        "Section 1. Integrity of the Person\n"
        "The first paragraph tells of events in the capital and it runs on over\n"
        "the line so that it wraps like a printed page does in a report of this\n"
        "kind. It ends here.\n"
        "A second paragraph begins on this page but the page ends before the\n"
        "sentence does, because the printer cut it in the middle of the\n"
    )
    body_two = (
        "sentence which carries on at the top of the next page and then ends\n"
        "with a full stop. The govern-\n"
        "ment replied. Another line fills the paragraph out to its usual width\n"
        "so that the wrap width can be measured from many lines of the text.\n"
        "A third paragraph is short.\n"
    )
    pages = [
        "Country Reports on Things for 2030\n" + body_one + "Page 1 of 2\n",
        "Country Reports on Things for 2030\n" + body_two + "Page 2 of 2\n",
    ]
    text = "".join(pages)
    source = _source(text, "pdf", (0, len(pages[0])))
    blocks = text_blocks(source)
    clean = clean_text(blocks)
    assert "Country Reports on Things" not in clean
    assert "Page" not in clean
    assert "in the middle of the sentence which carries on at the top" in clean
    assert "The government replied." in clean
    assert [b.text.text for b in blocks if b.kind == "heading"] == [
        "ACME 2030 HUMAN RIGHTS REPORT",
        "Section 1. Integrity of the Person",
    ]
    broken = next(b for b in blocks if "printer cut it" in b.text.text)
    start = broken.text.text.index("sentence which")
    assert source.page_of(broken.text.offsets[start]) == 2


def test_text_emphasis_markers_and_escapes_are_dropped() -> None:
    text = "Freedom House's *Nations in Transit 2023* report cost \\$40 and 2*3 is not markup.\n"
    [block] = text_blocks(_source(text))
    assert block.text.text == (
        "Freedom House's Nations in Transit 2023 report cost $40 and 2*3 is not markup."
    )
    assert all(text[o] == c for c, o in zip(block.text.text, block.text.offsets, strict=True))
