"""summarise: structured, evidence-grounded summaries of pharma and biotech press releases.

The public names are imported on first use, so ``import summarise.cli`` (and
``summarise --help``) does not load the LLM client libraries.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarise.api import asummarise_file, asummarise_text, summarise_file, summarise_text
    from summarise.core.settings import Settings
    from summarise.llm.session import open_session

_PUBLIC = {
    "asummarise_file": "summarise.api",
    "asummarise_text": "summarise.api",
    "summarise_file": "summarise.api",
    "summarise_text": "summarise.api",
    "open_session": "summarise.llm.session",
    "Settings": "summarise.core.settings",
}
__all__ = [
    "Settings",
    "asummarise_file",
    "asummarise_text",
    "open_session",
    "summarise_file",
    "summarise_text",
]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'summarise' has no attribute {name!r}")
    return getattr(import_module(_PUBLIC[name]), name)
