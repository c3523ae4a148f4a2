"""Ingest: read a file as published, decode it, detect publisher, country and year."""
