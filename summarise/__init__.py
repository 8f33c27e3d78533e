"""summarise: structured, evidence-grounded summaries of pharma and biotech press releases."""

from summarise.api import summarise_file, summarise_text

__all__ = ["summarise_file", "summarise_text"]
