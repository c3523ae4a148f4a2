"""Segment: place a report's blocks on the reference topic tree (taxonomy.md)."""
