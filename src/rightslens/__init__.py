"""rightslens: country human rights reports as structured, evidence-linked data."""

__version__ = "0.1.0"
