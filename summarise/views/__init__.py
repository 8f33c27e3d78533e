"""views: what an analyst reads: the Markdown brief and the review pages, rendered from records."""
