"""policy: the closed choices that decide what grounding keeps and how strictly it checks.

They live in core because settings, grounding and the strategies all name them.
"""

from enum import StrEnum


class GroundingPolicy(StrEnum):
    """What happens to facts still ungrounded after the retry budget is spent."""

    DROP = "drop"
    """Remove unaligned quotes (and a fact left with none) and clear unstated numbers."""
    KEEP = "keep"
    """Keep them, marked in ``grounding_issues`` and in each quote's ``alignment``."""


class Strictness(StrEnum):
    STRICT = "strict"
    LENIENT = "lenient"
