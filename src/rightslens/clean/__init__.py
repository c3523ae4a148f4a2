"""Clean: turn a source text into faithful body-text blocks, keeping offsets."""

from __future__ import annotations

from rightslens.clean.html import html_blocks
from rightslens.clean.markdown import markdown_blocks
from rightslens.clean.text import text_blocks
from rightslens.model import Block, Source


def clean(source: Source) -> list[Block]:
    """Body-text blocks of a source, by its format (see docs/architecture.md)."""
    if source.format == "html":
        return html_blocks(source)
    if source.format == "markdown":
        return markdown_blocks(source)
    return text_blocks(source)
