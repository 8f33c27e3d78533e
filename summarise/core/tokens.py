"""tokens: how many tokens a text costs a model, counted offline.

Chunking, rate limiting, metering and the Batch API's size estimates all
need the same count, so it lives here, below every layer that uses it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache

# Documented rule of thumb for OpenAI-style BPE tokenizers: English prose
# averages about four characters per token.
CHARS_PER_TOKEN_ESTIMATE = 4.0
# Chinese and Japanese: about one token per character with common BPE tokenizers.
CJK_CHARS_PER_TOKEN_ESTIMATE = 1.0
TokenCounter = Callable[[str], int]

# Model names served by OpenAI, whose tokenizer tiktoken knows.
_OPENAI_PREFIXES = ("gpt-", "o1", "o3", "o4", "chatgpt-")

# Characters counted at CJK_CHARS_PER_TOKEN_ESTIMATE: CJK symbols and
# punctuation, kana, CJK ideographs (with extension A, compatibility and the
# supplementary planes), Hangul syllables, and half-/full-width forms.
_CJK = re.compile(
    "[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)


def estimate_tokens(text: str) -> int:
    """Tokens in ``text`` by characters-per-token: ~1 per CJK character, ~1 per 4 others."""
    if text.isascii():
        return math.ceil(len(text) / CHARS_PER_TOKEN_ESTIMATE)
    cjk = len(text) - len(_CJK.sub("", text))
    other = len(text) - cjk
    return math.ceil(cjk / CJK_CHARS_PER_TOKEN_ESTIMATE + other / CHARS_PER_TOKEN_ESTIMATE)


def token_counter_for(model: str) -> TokenCounter:
    """The best token counter available offline for ``model``.

    OpenAI models get tiktoken's encoding when tiktoken is installed and its BPE
    file can be loaded (it is downloaded on first use, so offline it often
    cannot); anything else, or any failure, gets :func:`estimate_tokens`.
    """
    name = model.strip().rsplit("/", 1)[-1]
    if not name.lower().startswith(_OPENAI_PREFIXES):
        return estimate_tokens
    return _tiktoken_counter(name)


@cache
def _tiktoken_counter(model: str) -> TokenCounter:
    """tiktoken's counter for ``model``, or the estimate; cached so failures are not retried."""
    try:
        import tiktoken

        encoding = tiktoken.encoding_for_model(model)
        encoding.encode("probe", disallowed_special=())
    except Exception:  # missing package, unknown model, no network for the BPE file, ...
        return estimate_tokens

    def count_tiktoken(text: str) -> int:
        return len(encoding.encode(text, disallowed_special=()))

    return count_tiktoken
