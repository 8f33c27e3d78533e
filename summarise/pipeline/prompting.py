"""prompting: turn the template files in ``prompts/`` into chat messages.

Templates are files, not strings in code, so a prompt change is a reviewable
diff; the prompt version is a hash of all their bytes, recorded in every output
so that a stale summary (or cassette) can be told from a fresh one.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from string import Template

SYSTEM_TEMPLATE = "system.txt"
USER_TEMPLATE = "user.txt"
PICK_SYSTEM_TEMPLATE = "pick_system.txt"
PICK_USER_TEMPLATE = "pick_user.txt"
PICK_QUESTIONS = "pick_questions.txt"
_FENCES = {"DOCUMENT>>>": "DOCUMENT> > >", "PASSAGE>>>": "PASSAGE> > >"}


def _prompt_files() -> list[str]:
    return sorted(
        entry.name for entry in resources.files("prompts").iterdir() if entry.name.endswith(".txt")
    )


@cache
def _template(name: str) -> str:
    return resources.files("prompts").joinpath(name).read_text(encoding="utf-8")


@cache
def prompt_version() -> str:
    digest = hashlib.sha256()
    for name in _prompt_files():
        digest.update(name.encode())
        digest.update(_template(name).encode())
    return digest.hexdigest()[:12]


def _defuse(text: str) -> str:
    """A document containing a closing fence could end the data block early and
    smuggle text in as instructions, so the fences are broken up first."""
    for fence, harmless in _FENCES.items():
        text = text.replace(fence, harmless)
    return text


def build_messages(document: str, language: str) -> list[dict[str, str]]:
    """System and user messages asking for the whole summary, the document fenced as data."""
    system = Template(_template(SYSTEM_TEMPLATE)).substitute(language=language)
    user = Template(_template(USER_TEMPLATE)).substitute(document=_defuse(document))
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


@cache
def _questions() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in _template(PICK_QUESTIONS).splitlines() if "=" in line)
    return {key.strip(): text.strip() for key, text in pairs}


def question(key: str, **values: str) -> str:
    return Template(_questions()[key]).substitute(values)


def pick_messages(passage: str, questions: dict[str, str]) -> list[dict[str, str]]:
    """Messages for a multiple-choice call: one passage, one question per answer field."""
    asked = "\n".join(f"{field}: {text}" for field, text in questions.items())
    user = Template(_template(PICK_USER_TEMPLATE)).substitute(
        passage=_defuse(passage), questions=asked
    )
    return [
        {"role": "system", "content": _template(PICK_SYSTEM_TEMPLATE)},
        {"role": "user", "content": user},
    ]
