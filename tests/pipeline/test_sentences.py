"""Sentence splitting around company legal forms."""

from __future__ import annotations

from summarise.pipeline.sentences import hedging, is_heading, split_sentences


def test_a_legal_forms_period_runs_on_into_chinese_text_and_a_second_form() -> None:
    chinese = "公司与Xylo Therapeutics, Inc.签订独家许可协议。公司将收取首付款。"
    assert [s.text for s in split_sentences(chinese)] == [
        "公司与Xylo Therapeutics, Inc.签订独家许可协议。",
        "公司将收取首付款。",
    ]
    english = "Goldman Sachs & Co. LLC is advising. It signed with Pfizer Inc. The deal closed."
    assert [s.text for s in split_sentences(english)] == [
        "Goldman Sachs & Co. LLC is advising.",
        "It signed with Pfizer Inc.",  # a legal form ending a sentence still ends it
        "The deal closed.",
    ]


def test_headings_and_the_sections_that_only_hedge() -> None:
    text = (
        "Key Terms of the Agreement\nOsprey will pay US$25 million upfront.\n"
        "Forward-Looking Statements\nOsprey may receive an exclusive license.\n"
        "## 2.\nA new story begins here.\n"
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences if is_heading(s, text)] == [
        "Key Terms of the Agreement",
        "Forward-Looking Statements",
        "## 2.",
    ]
    assert hedging(sentences, text) == {2, 3}
