"""Clean: turn a source text into faithful body-text blocks, keeping offsets."""

from __future__ import annotations

from rightslens.model import Block, Source


def clean(source: Source) -> list[Block]:
    """Body-text blocks of a source, by its format (see docs/architecture.md)."""
    if source.format == "html":
        from rightslens.clean.html import html_blocks

        return html_blocks(source)
    if source.format == "markdown":
        from rightslens.clean.markdown import markdown_blocks

        return markdown_blocks(source)
    from rightslens.clean.text import text_blocks

    return text_blocks(source)
