"""settings: every knob in one typed place, read from flags and the environment.

Only this module reads the environment (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``
and ``SUMMARISE_*``), so the rest of the code takes a ``Settings`` and stays
testable without monkeypatching ``os.environ``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from summarise.core.policy import GroundingPolicy

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_LOCAL_MODEL = "gemma-3-270m"
AUTO_STRATEGY = "auto"
"""The strategy registry chooses by provider; any other name must be registered."""
MAX_INPUT_BYTES_DEFAULT = 5_000_000
"""Larger files are refused: a press release is kilobytes, so megabytes mean a wrong file."""
LOCAL_DOCUMENT_BUDGET = 1_500
OPENAI_DOCUMENT_BUDGET = 100_000
COMPATIBLE_DOCUMENT_BUDGET = 12_000


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SUMMARISE_", extra="ignore", populate_by_name=True
    )

    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "SUMMARISE_API_KEY")
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "SUMMARISE_BASE_URL")
    )
    provider: Literal["auto", "openai", "local"] = Field(
        default="auto",
        description="auto: OpenAI or --base-url when configured, else the embedded model.",
    )
    model: str = DEFAULT_OPENAI_MODEL
    local_model: str = DEFAULT_LOCAL_MODEL
    model_path: Path | None = Field(default=None, description="A GGUF file for the local provider.")
    strategy: str = Field(
        default=AUTO_STRATEGY,
        description="full: one call for the whole summary; pick: candidates found in code, "
        "the model choosing among them (auto: pick for the embedded model, else full).",
    )
    mode: str | None = Field(
        default=None,
        description="instructor mode (tools, tools_strict, json_schema, json); "
        "chosen from the endpoint when unset.",
    )
    language: str = "English"
    temperature: float = 0.0
    max_output_tokens: int = 4096
    validation_retries: int = Field(
        default=2, description="Re-asks after a schema or grounding failure (attempts = this + 1)."
    )
    transport_attempts: int = Field(
        default=6, description="HTTP attempts per LLM call on 429, 5xx, timeouts, dropped links."
    )
    token_budget: int = Field(
        default=60_000, description="Most tokens one document may spend over all its attempts."
    )
    request_timeout: float = 180.0
    max_requests_in_flight: int | None = Field(
        default=None, description="LLM requests at once, chunks included (a batch sets it)."
    )
    requests_per_minute: float | None = Field(default=None, description="Pace requests (RPM).")
    tokens_per_minute: float | None = Field(default=None, description="Pace tokens (TPM).")
    grounding_policy: GroundingPolicy = GroundingPolicy.DROP
    max_input_bytes: int = MAX_INPUT_BYTES_DEFAULT
    input_budget_tokens: int | None = Field(
        default=None, description="Document tokens per call before chunking (default per model)."
    )
    verbose: bool = Field(
        default=False,
        description="The embedded model's own log (llama.cpp, its server) on stderr; off, "
        "a command prints only its own lines. Never part of a cache key.",
    )

    @property
    def document_budget_tokens(self) -> int:
        """How much of a document one call may carry before it is chunked.

        The embedded model's context is 4,096 tokens, shared with the prompt, the
        schema and the answer; OpenAI's current models take far more; other
        servers vary, so they get a middle value unless told.
        """
        if self.input_budget_tokens is not None:
            return self.input_budget_tokens
        if self.uses_local_model:
            return LOCAL_DOCUMENT_BUDGET
        return OPENAI_DOCUMENT_BUDGET if not self.base_url else COMPATIBLE_DOCUMENT_BUDGET

    @property
    def uses_local_model(self) -> bool:
        if self.provider != "auto":
            return self.provider == "local"
        return self.api_key is None and not self.base_url

    @model_validator(mode="after")
    def _a_named_model_needs_an_endpoint(self) -> Settings:
        """``--model NAME`` with no key and no base URL would otherwise run the embedded
        model under another name, silently: a model name means an endpoint was meant."""
        if "model" in self.model_fields_set and self.provider == "auto" and self.uses_local_model:
            raise ValueError(
                f"--model {self.model} names a model at an endpoint, but none is configured: "
                "set OPENAI_API_KEY for OpenAI, pass --base-url (or set OPENAI_BASE_URL) for "
                "a compatible server, or leave out --model for the embedded model "
                "(--model-path for a GGUF file)"
            )
        return self

    def environment_source(self, name: str) -> str | None:
        """The environment variable that set field ``name``, or None when it was not the
        environment; so a command can say where its choice of provider came from."""
        field = type(self).model_fields[name]
        alias = field.validation_alias
        candidates = alias.choices if isinstance(alias, AliasChoices) else []
        names = [str(choice) for choice in candidates] or [f"SUMMARISE_{name.upper()}"]
        return next((variable for variable in names if os.environ.get(variable)), None)
