"""response: the response model sent to the LLM, a summary whose validation is grounding.

Grounding itself is pure code (:mod:`summarise.pipeline.ground`); this module
makes it an instructor response model, so that a quote that does not align or
a number its quote does not state goes back to the model as a validation error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from instructor import ResponseSchema
from pydantic import ValidationInfo, model_validator

from schemas import PressReleaseSummary
from summarise.core.policy import Strictness
from summarise.pipeline.ground import check_summary, describe_for_model

_SCHEMA_CACHE: dict[Any, str] = {}
_ambient_context: ContextVar[dict[str, Any] | None] = ContextVar(
    "summarise_grounding_context", default=None
)


def validation_context(source: str, strictness: Strictness) -> dict[str, Any]:
    """What the grounding validator of :class:`GroundedSummary` reads: the text to ground
    in, and whether a problem raises (strict) or is only recorded (lenient)."""
    return {"source": source, "strictness": strictness}


@contextmanager
def grounding_context(source: str, strictness: Strictness) -> Iterator[None]:
    """Make ``source`` the text that answers validated inside the block are grounded in.

    instructor's own ``context=`` would carry it too, but instructor then renders
    every message as a Jinja template: a press release containing ``{{`` or ``{%``
    would be rewritten or rejected before the model saw it. A context variable
    reaches the validator without touching the messages, and asyncio keeps each
    document's value to its own task.
    """
    token = _ambient_context.set(validation_context(source, strictness))
    try:
        yield
    finally:
        _ambient_context.reset(token)


class GroundedSummary(PressReleaseSummary, ResponseSchema):
    """The response model sent to the LLM: the summary plus grounding as validation.

    It is an instructor ``ResponseSchema`` already, so instructor uses the class as
    it is instead of wrapping it in a new class on every call, and its JSON Schema,
    built once, is reused.

    The validation context carries ``source`` (the cleaned text) and
    ``strictness``. Strict raises so that instructor re-asks; lenient only
    fills in offsets, leaving the problems to :func:`apply_policy`.
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Built once per set of arguments: instructor asks for it on every call, and
        building it costs milliseconds that a batch of thousands pays in full. It is
        kept as JSON text so that each caller gets its own copy, a few times faster
        than a deep copy."""
        key = (cls, args, tuple(sorted(kwargs.items(), key=lambda item: item[0])))
        if key not in _SCHEMA_CACHE:
            schema = cls.model_facing(super().model_json_schema(*args, **kwargs))
            _SCHEMA_CACHE[key] = json.dumps(schema)
        return json.loads(_SCHEMA_CACHE[key])

    @classmethod
    def model_facing(cls, schema: dict[str, Any]) -> dict[str, Any]:
        """The schema as the model's server is sent it: the summary's, named and described
        as the summary (instructor sends the title as the tool's name and the description
        as its prompt, and this class's docstring is written for developers)."""
        schema["title"] = PressReleaseSummary.__name__
        schema["description"] = " ".join((PressReleaseSummary.__doc__ or "").split())
        return schema

    @model_validator(mode="after")
    def _grounded_in_source(self, info: ValidationInfo) -> GroundedSummary:
        context = info.context or _ambient_context.get() or {}
        source = context.get("source")
        if source is None:
            return self
        problems = check_summary(self, source)
        if problems and context.get("strictness", Strictness.STRICT) == Strictness.STRICT:
            raise ValueError(describe_for_model(problems))
        return self


STRING_MAX_CHARS = 120
"""Longest string a small model may write under grammar-constrained decoding."""
STRING_MAX_CHARS_BY_FIELD = {"quote": 240, "summary": 400, "description": 160}
"""Fields that need more: a verbatim sentence, the 3-5 sentence summary, a caveat."""
LIST_MAX_ITEMS = 2
"""Most items a small model may put in a list (drugs, trials, evidence of one fact...)."""
LIST_MAX_ITEMS_BY_FIELD = {"evidence": 1}


def bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a ``maxLength`` on every free string and a ``maxItems`` on every
    list, so that every answer a grammar admits is a few hundred tokens long."""

    def walk(node: Any, name: str | None) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, name)
            return
        if not isinstance(node, dict):
            return
        if node.get("type") == "string" and "enum" not in node and "pattern" not in node:
            node.setdefault(
                "maxLength", STRING_MAX_CHARS_BY_FIELD.get(name or "", STRING_MAX_CHARS)
            )
        if node.get("type") == "array":
            node.setdefault("maxItems", LIST_MAX_ITEMS_BY_FIELD.get(name or "", LIST_MAX_ITEMS))
        for key, value in node.items():
            if key == "properties":
                for field, sub in value.items():
                    walk(sub, field)
            elif key == "$defs":
                walk(list(value.values()), None)
            elif key in ("anyOf", "items"):
                walk(value, name)

    copied = json.loads(json.dumps(schema))
    walk(copied, None)
    return copied


class BoundedGroundedSummary(GroundedSummary):
    """The response model for the embedded model: a few hundred million parameters under
    a grammar can loop inside a string or a list until the output cap, so the schema it
    is sent bounds every string and list (:func:`bounded`). Validation is the same as
    :class:`GroundedSummary`'s: the bounds shape decoding, grounding decides what stays."""

    @classmethod
    def model_facing(cls, schema: dict[str, Any]) -> dict[str, Any]:
        return bounded(super().model_facing(schema))


def summary_model(uses_local_model: bool) -> type[GroundedSummary]:
    """The response model a full summary is asked for with: bounded for the embedded model."""
    return BoundedGroundedSummary if uses_local_model else GroundedSummary
