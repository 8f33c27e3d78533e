"""tokens: counts offline, by tiktoken for OpenAI models when it loads, else the estimate
(about 4 characters per token, 1 per Chinese or Japanese character)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import NoReturn

import pytest

from summarise.core import tokens as tokens_module
from summarise.core.tokens import CHARS_PER_TOKEN_ESTIMATE, estimate_tokens, token_counter_for


def test_estimate_tokens_counts_cjk_per_character_and_english_per_four() -> None:
    assert CHARS_PER_TOKEN_ESTIMATE == 4.0
    assert estimate_tokens("") == 0
    english = "The trial met its primary endpoint. " * 30
    assert estimate_tokens(english) == pytest.approx(len(english) / 4, abs=1)
    chinese = "安全性数据与既往研究一致，未观察到新的安全信号。" * 20
    assert estimate_tokens(chinese) == len(chinese)
    with_digits = (
        "第3项三期临床研究显示，该药物使患者的无进展生存期延长了12个月，共245名受试者。" * 10
    )
    digits = sum(ch.isascii() for ch in with_digits)
    assert estimate_tokens(with_digits) == pytest.approx(
        len(with_digits) - digits + digits / 4, abs=1
    )
    japanese = "臨床試験の結果を発表しました。"
    assert estimate_tokens(japanese) == len(japanese)
    mixed = "该药物 (ZN-101) 达到主要终点。"
    cjk = sum(1 for ch in mixed if ch > "\u2fff")
    assert estimate_tokens(mixed) == pytest.approx(cjk + (len(mixed) - cjk) / 4, abs=1)


@pytest.fixture
def fresh_counter_cache() -> Iterator[None]:
    """tiktoken's counter is cached per model, failures included: each test starts empty."""
    tokens_module._tiktoken_counter.cache_clear()
    yield
    tokens_module._tiktoken_counter.cache_clear()


@pytest.mark.usefixtures("fresh_counter_cache")
def test_token_counter_for_openai_model_works_offline() -> None:
    counter = token_counter_for("gpt-4o-mini")
    assert callable(counter)
    assert counter("Acme Pharma announced positive results.") > 0
    assert token_counter_for("openai/gpt-4o-mini") is counter


def test_token_counter_for_other_models_is_the_estimate() -> None:
    assert token_counter_for("gemma-3-270m") is estimate_tokens
    assert token_counter_for("claude-3-5-haiku") is estimate_tokens


@pytest.mark.usefixtures("fresh_counter_cache")
def test_token_counter_falls_back_on_any_tiktoken_failure_and_remembers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def encoding_for_model(model: str) -> NoReturn:
        calls.append(model)
        raise OSError("could not download cl100k_base.tiktoken: network blocked")

    fake = types.ModuleType("tiktoken")
    fake.encoding_for_model = encoding_for_model  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tiktoken", fake)
    assert token_counter_for("gpt-4o-mini") is estimate_tokens
    assert token_counter_for("gpt-4o-mini") is estimate_tokens
    assert calls == ["gpt-4o-mini"]  # cached: not retried per call

    monkeypatch.setitem(sys.modules, "tiktoken", None)  # not installed: import fails
    assert token_counter_for("o3-mini") is estimate_tokens


@pytest.mark.usefixtures("fresh_counter_cache")
def test_token_counter_uses_tiktoken_when_it_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    class WordEncoding:
        def encode(self, text: str, disallowed_special: object = "all") -> list[int]:
            return [0] * len(text.split())

    fake = types.ModuleType("tiktoken")
    fake.encoding_for_model = lambda model: WordEncoding()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tiktoken", fake)
    counter = token_counter_for("gpt-4.1")
    assert counter is not estimate_tokens
    assert counter("one two three <|endoftext|>") == 4
