"""Where a summary came from: enough to reproduce it or to know it is stale."""

from pydantic import BaseModel, Field

from schemas.summary import PressReleaseSummary


class TokenUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class DroppedFact(BaseModel):
    """A fact or field removed by the grounding policy, kept here so nothing is silent."""

    path: str
    problem: str


class Provenance(BaseModel):
    source_file: str | None = None
    source_sha256: str
    cleaned_sha256: str
    cleaned_chars: int
    model: str
    base_url_host: str | None = None
    prompt_version: str
    schema_version: str
    tool_version: str
    attempts: int = Field(description="LLM calls that returned an answer, re-asks included.")
    transport_retries: int = 0
    usage: TokenUsage
    cost_usd: float | None = Field(
        default=None, description="From a maintained price table; null for unpriced models."
    )
    strategy: str = Field(description="full: one call writes the summary; pick: model chooses.")
    grounding_policy: str
    validation_passed: bool = Field(
        description="False when the retry budget ran out and the policy was applied."
    )
    dropped: list[DroppedFact] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    created_at: str


class SummaryRecord(BaseModel):
    """One output file: the summary and its provenance."""

    summary: PressReleaseSummary
    provenance: Provenance
