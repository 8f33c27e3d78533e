"""errors: the expected failures, each with a kind that the ledger and the CLI report.

A batch run over many press releases must not die on one bad file, and the
user should see *why* a file was skipped in one readable line.  Anything
raised as a ``SummariseError`` is therefore reported as ``str(error)`` and
never as a traceback; any other exception is a bug and keeps its traceback
(its kind is ``internal``).
"""

INTERNAL_KIND = "internal"
"""The kind of any exception that is not a ``SummariseError``: a bug."""


class SummariseError(Exception):
    """An expected failure of one document, reported as one line, never a traceback."""

    kind = INTERNAL_KIND


class InputError(SummariseError):
    """The input file cannot be used: missing, empty, binary, too large, undecodable..."""

    kind = "input"


class ConfigurationError(SummariseError):
    """The run is misconfigured (endpoint, model, mode, flags); no document can be processed."""

    kind = "configuration"


class ProviderError(SummariseError):
    """The model endpoint failed (HTTP error, timeout) after the transport's retries."""

    kind = "provider"


class ModelOutputError(SummariseError):
    """The model's answer stayed unusable (invalid, truncated) after the retries."""

    kind = "model_output"


def error_kind(error: BaseException) -> str:
    """The kind of ``error`` as the ledger stores it."""
    return error.kind if isinstance(error, SummariseError) else INTERNAL_KIND
