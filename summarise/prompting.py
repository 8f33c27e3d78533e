"""prompting: turn the template files in ``prompts/`` into chat messages.

Templates are files, not strings in code, so a prompt change is a reviewable
diff; the prompt version is a hash of their bytes, recorded in every output so
that a stale summary can be told from a fresh one.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from string import Template

SYSTEM_TEMPLATE = "system.txt"
USER_TEMPLATE = "user.txt"
DOCUMENT_FENCE_END = "DOCUMENT>>>"


@cache
def _template(name: str) -> str:
    return resources.files("prompts").joinpath(name).read_text(encoding="utf-8")


@cache
def prompt_version() -> str:
    digest = hashlib.sha256()
    for name in (SYSTEM_TEMPLATE, USER_TEMPLATE):
        digest.update(name.encode())
        digest.update(_template(name).encode())
    return digest.hexdigest()[:12]


def build_messages(document: str, language: str) -> list[dict[str, str]]:
    """System and user messages with the document fenced as data.

    A document that contains the closing fence could end the data block early
    and smuggle text in as instructions, so the fence is defused first.
    """
    fenced = document.replace(DOCUMENT_FENCE_END, "DOCUMENT> > >")
    return [
        {
            "role": "system",
            "content": Template(_template(SYSTEM_TEMPLATE)).substitute(language=language),
        },
        {"role": "user", "content": Template(_template(USER_TEMPLATE)).substitute(document=fenced)},
    ]
