"""A Chinese release, GBK-encoded: loaded, chunked when forced, quotes and numbers grounded.

The answers are hand-made (tests/handmade_llm.py): they quote the chunk they
are given, as a careful model would.
"""

from __future__ import annotations

import asyncio
from typing import Any

from summarise.api import asummarise_file
from tests.handmade_llm import HandmadeResponder

RELEASE = """示例制药宣布伊伐昔替尼片获国家药品监督管理局批准上市

2025年3月18日，示例制药股份有限公司（港交所：01234）宣布，其自主研发的JAK1抑制剂伊伐昔替尼片（SHR0302）获国家药品监督管理局（NMPA）批准上市，用于治疗成人重度斑秃。

该批准基于一项随机、双盲、安慰剂对照的III期临床研究，共入组123例患者。研究结果显示，第24周时，治疗组的应答率为46.3%，安慰剂组为8.1%。

此前，公司已与一家国际制药企业就伊伐昔替尼达成海外授权协议，首付款为1.2亿元。
"""
QUOTES = {
    "approval": "伊伐昔替尼片（SHR0302）获国家药品监督管理局（NMPA）批准上市",
    "trial": "随机、双盲、安慰剂对照的III期临床研究，共入组123例患者",
    "result": "治疗组的应答率为46.3%，安慰剂组为8.1%",
    "deal": "达成海外授权协议，首付款为1.2亿元",
}


def _answer(chunk: str) -> dict[str, Any]:
    present = {name for name, quote in QUOTES.items() if quote in chunk}
    trial_results = [
        {
            "endpoint": "response rate",
            "timepoint": "week 24",
            "arm_value": 46.3,
            "comparator_value": 8.1,
            "comparator": "placebo",
            "unit": "%",
            "evidence": [{"quote": QUOTES["result"]}],
        }
    ]
    return {
        "document": {"language": "zh"},
        "headline": "Ivarmacitinib approved by the NMPA for severe alopecia areata.",
        "summary": "The NMPA approved ivarmacitinib tablets for severe alopecia areata.",
        "drugs": [
            {
                "name": "SHR0302",
                "local_names": ["伊伐昔替尼"],
                "development_codes": ["SHR0302"],
                "evidence": [{"quote": QUOTES["approval"]}],
            }
        ]
        if "approval" in present
        else [],
        "regulatory_events": [
            {"agency": "NMPA", "action": "approval", "evidence": [{"quote": QUOTES["approval"]}]}
        ]
        if "approval" in present
        else [],
        "trials": [
            {
                "phase": "phase_3",
                "enrolled": 123,
                "evidence": [{"quote": QUOTES["trial"]}],
                "results": trial_results if "result" in present else [],
            }
        ]
        if "trial" in present
        else [],
        "deals": [
            {
                "deal_type": "licensing",
                "upfront": {"amount": 120000000, "currency": "CNY"},
                "evidence": [{"quote": QUOTES["deal"]}],
            }
        ]
        if "deal" in present
        else [],
    }


def test_gbk_chinese_release_is_chunked_grounded_and_summarised_in_english(tmp_path, endpoint_for):
    source = tmp_path / "release_zh.txt"
    source.write_bytes(RELEASE.encode("gbk"))
    responder = HandmadeResponder(_answer)
    endpoint, _ = endpoint_for(responder, input_budget_tokens=120)
    record = asyncio.run(asummarise_file(source, endpoint))

    assert len(responder.requests) > 1, "a small budget must split the release"
    assert "English" in responder.requests[0]["messages"][0]["content"]
    text = RELEASE.rstrip("\n")
    summary = record.summary
    facts = [
        *summary.drugs,
        *summary.regulatory_events,
        *summary.trials,
        *summary.trials[0].results,
        *summary.deals,
    ]
    for fact in facts:
        evidence = fact.evidence[0]
        assert evidence.alignment == "exact"
        assert text[evidence.start : evidence.end] == evidence.quote
    assert summary.drugs[0].local_names == ["伊伐昔替尼"]
    assert summary.trials[0].enrolled == 123
    assert (
        summary.trials[0].results[0].arm_value,
        summary.trials[0].results[0].comparator_value,
    ) == (
        46.3,
        8.1,
    )
    assert summary.deals[0].upfront.amount == 120_000_000
    assert record.provenance.dropped == []
    assert record.provenance.validation_passed


def test_a_number_not_in_a_chinese_quote_is_reasked(tmp_path, endpoint_for):
    source = tmp_path / "release_zh.txt"
    source.write_bytes(RELEASE.encode("gbk"))

    def wrong_then_right(chunk: str) -> dict[str, Any]:
        answer = _answer(chunk)
        if not responder.requests[:-1] and answer["trials"]:
            answer["trials"][0]["enrolled"] = 132
        return answer

    responder = HandmadeResponder(wrong_then_right)
    endpoint, _ = endpoint_for(responder)
    record = asyncio.run(asummarise_file(source, endpoint))
    assert len(responder.requests) == 2
    assert "132 does not occur" in str(responder.requests[1]["messages"])
    assert record.summary.trials[0].enrolled == 123
