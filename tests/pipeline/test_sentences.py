"""Sentence splitting around company legal forms."""

from __future__ import annotations

from summarise.pipeline.sentences import split_sentences


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
