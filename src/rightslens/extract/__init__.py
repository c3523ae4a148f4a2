"""Extract: facts (people, organizations, places, dates, figures, events, sources, laws),
each tied to the exact span of clean text that supports it."""
