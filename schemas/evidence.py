"""Evidence and the base class of every grounded fact.

The model supplies only ``quote``; where the quote sits in the source and how
well it matched are computed in code (models count characters badly), so those
fields are hidden from the JSON Schema the model sees and filled in after
alignment.
"""

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema


class Evidence(BaseModel):
    """A verbatim quote from the source that supports a fact."""

    model_config = ConfigDict(extra="ignore")

    quote: str = Field(
        description="Copied character for character from the document; no paraphrase.",
        min_length=1,
    )
    start: SkipJsonSchema[int | None] = None
    end: SkipJsonSchema[int | None] = None
    alignment: SkipJsonSchema[str | None] = Field(
        default=None, description="exact, normalised, fuzzy or unaligned: set by code."
    )
    page: SkipJsonSchema[int | None] = Field(
        default=None, description="1-based page of a PDF source the quote is on: set by code."
    )


class GroundingIssue(BaseModel):
    """A grounding check that a fact failed, kept when the policy keeps such facts."""

    field: str
    problem: str


class Fact(BaseModel):
    """Anything an analyst may act on: it must carry its supporting quotes."""

    model_config = ConfigDict(extra="ignore")

    evidence: list[Evidence] = Field(
        min_length=1,
        description="One or more verbatim quotes that state this fact, including every number.",
    )
    grounding_issues: SkipJsonSchema[list[GroundingIssue]] = Field(default_factory=list)
