"""Find: search, compare, trends, exports and briefs over the stored reports."""
