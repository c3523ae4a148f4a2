"""Small word tables for the extractors (role words, organization kinds, place words).

They are TOML files next to this module, general for any country: words that
say what a person, an organization or a place is, never names from a report.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent


@cache
def load_table(name: str) -> dict[str, Any]:
    """The TOML table ``<name>.toml`` of this folder, read once per process."""
    return tomllib.loads((DATA_DIR / f"{name}.toml").read_text(encoding="utf-8"))


@cache
def english_words() -> frozenset[str]:
    """Lower-case English words (nouns, verbs, adjectives, adverbs) that the pipeline knows.

    They come from the lemmatizer's word index of the shipped spaCy model, so
    no word list is typed here. A capitalized token that is not one of them is
    likely a name; one that is may be a title, an office or a place word.
    """
    from rightslens.extract.parse import load_nlp

    index = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words if "_" not in word)
