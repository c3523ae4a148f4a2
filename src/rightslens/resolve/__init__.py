"""Resolve: one entity per real person, organization or place across reports and spellings."""
