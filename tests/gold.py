"""The gold answers of ../shared/gold, as test cases: cleaning checks and section headings."""

from __future__ import annotations

import json
from pathlib import Path

from rightslens.model import Block
from tests.conftest import GOLD


def collapse(text: str) -> str:
    return " ".join(text.split())


def cleaning_cases(suffix: str) -> list[tuple[str, str, str]]:
    """(document, "contains" | "lacks", phrase) for the gold documents ending in ``suffix``."""
    path = GOLD / "cleaning.json"
    if not path.is_file():
        return []
    cases = []
    for document, checks in json.loads(path.read_text())["documents"].items():
        if document.endswith(suffix):
            cases += [(document, "contains", phrase) for phrase in checks["must_contain"]]
            cases += [(document, "lacks", phrase) for phrase in checks["must_not_contain"]]
    return cases


def section_files(suffix: str) -> list[Path]:
    """Gold section files of the documents ending in ``suffix``."""
    folder = GOLD / "sections"
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.glob("*.json"))
        if json.loads(path.read_text())["document"].endswith(suffix)
    ]


def clean_text(blocks: list[Block]) -> str:
    """Blocks joined as the pipeline joins them, whitespace collapsed."""
    return collapse("\n\n".join(block.text.text for block in blocks))


def assert_cleaning_check(blocks: list[Block], check: str, phrase: str) -> None:
    clean = clean_text(blocks)
    if check == "contains":
        assert collapse(phrase) in clean
    else:
        assert phrase not in clean


def assert_gold_headings_are_one_block_each(blocks: list[Block], gold_file: Path) -> None:
    gold = json.loads(gold_file.read_text())
    headings = [collapse(b.text.text) for b in blocks if b.kind == "heading"]
    for section in gold["sections"]:
        if section["heading"]:
            assert headings.count(collapse(section["heading"])) == 1, section["heading"]
