"""Exceptions for expected, per-document failures.

A batch run over many press releases must not die on one bad file, and the
user should see *why* a file was skipped in one readable line.  Anything
raised as a ``SummariseError`` is therefore reported as ``str(error)`` and
never as a traceback; any other exception is a bug and keeps its traceback.
"""


class SummariseError(Exception):
    """An expected failure of one document, reported as one line, never a traceback."""


class InputError(SummariseError):
    """The input file cannot be used: missing, empty, binary, too large, undecodable..."""


class ConfigurationError(SummariseError):
    """The run is misconfigured (endpoint, model, mode); no document can be processed."""


class ProviderError(SummariseError):
    """The model endpoint failed (HTTP error, timeout) after the transport's retries."""


class ModelOutputError(SummariseError):
    """The model's answer stayed unusable (invalid, truncated) after the retries."""
