"""quality: how good a run is: scoring against gold annotations, and what changed between runs."""
