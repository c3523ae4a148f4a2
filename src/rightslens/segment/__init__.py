"""Segment: place a report's blocks on the reference topic tree (taxonomy.md)."""

from rightslens.segment.segmenter import segment

__all__ = ["segment"]
