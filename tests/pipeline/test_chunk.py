"""chunk: long documents split on paragraph/sentence boundaries with overlap; short ones never."""

from __future__ import annotations

import random
import re
import time
from itertools import pairwise

import pytest

from summarise.core.tokens import estimate_tokens
from summarise.pipeline.chunk import (
    DEFAULT_OVERLAP_TOKENS,
    Chunk,
    chunk_text,
)

BUDGET = 2_000

VOCABULARY = (
    "the company announced that its phase three trial of the investigational antibody met "
    "primary endpoint with statistically significant improvement in progression free survival "
    "among patients receiving treatment compared with placebo across all prespecified subgroups "
    "safety profile was consistent previous studies no new signals were observed investigators "
    "plan to present detailed results at an upcoming medical meeting regulators submission "
    "expected later this year pending discussions with health authorities"
)
WORDS = VOCABULARY.split()

PLANTED_START = "PLANTED-START: Zenovimab cut the annualised relapse rate by 47% versus placebo."
PLANTED_MIDDLE = "PLANTED-MIDDLE: The FDA set a PDUFA target action date of 14 March 2027."
PLANTED_END = "PLANTED-END: Northwind Bio will pay $310 million upfront for global rights."
PLANTED = (PLANTED_START, PLANTED_MIDDLE, PLANTED_END)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "!", "?"])


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 8)))


def _long_document(target: int = 70_000, seed: int = 7) -> str:
    """~70,000 characters of paragraphs of sentences with three planted facts."""
    rng = random.Random(seed)
    paragraphs = [f"{_sentence(rng)} {PLANTED_START} {_paragraph(rng)}"]
    while sum(len(p) + 2 for p in paragraphs) < target - 400:
        paragraphs.append(_paragraph(rng))
    middle = len(paragraphs) // 2
    paragraphs[middle] = f"{_sentence(rng)} {PLANTED_MIDDLE} {paragraphs[middle]}"
    paragraphs.append(f"{_sentence(rng)} {_sentence(rng)} {PLANTED_END}")
    return "\n\n".join(paragraphs)


def _chinese_document() -> str:
    """~3,000 characters of Chinese sentences, every one ending in 。, in one paragraph."""
    templates = (
        "第{i}项三期临床研究显示，该药物使患者的无进展生存期延长了{n}个月。",
        "公司表示，截至第{i}个季度，共有{n}名受试者完成了全部给药周期。",
        "安全性数据与既往研究一致，第{i}组中未观察到新的安全信号，严重不良事件发生率为百分之{n}。",
        "监管机构已受理第{i}份新药上市申请，预计将在{n}个月内完成审评。",
        "研究者计划在即将召开的学术会议上公布第{i}批详细数据，涉及{n}家临床中心。",
    )
    sentences = []
    i = 0
    while sum(map(len, sentences)) < 3_000:
        sentences.append(templates[i % len(templates)].format(i=i + 1, n=(i * 7) % 90 + 3))
        i += 1
    return "".join(sentences)


def _assert_invariants(text: str, chunks: list[Chunk]) -> None:
    """Exact offsets, whole coverage in order, overlap and progress."""
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert chunks[0].start == 0
    assert chunks[-1].end == len(text)
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
    for previous, current in pairwise(chunks):
        assert current.start <= previous.end, "gap between chunks"
        assert current.start > previous.start, "no progress"
        assert current.end > previous.end
        # anything not covered by a chunk's span is whitespace at a chunk's end
        assert text[previous.end : current.start].strip() == ""


@pytest.fixture(scope="module")
def long_document() -> str:
    return _long_document()


@pytest.fixture(scope="module")
def long_chunks(long_document: str) -> list[Chunk]:
    return chunk_text(long_document, BUDGET)


def test_short_text_is_one_chunk_equal_to_the_text() -> None:
    text = "Acme Pharma today announced positive topline results.\n\nMore details follow."
    assert chunk_text(text, BUDGET) == [Chunk(index=0, start=0, end=len(text), text=text)]
    # exactly at budget is still not chunked; empty text is one empty chunk
    assert len(chunk_text("x" * 4 * 50, 50)) == 1
    assert chunk_text("", 10) == [Chunk(index=0, start=0, end=0, text="")]


def test_long_document_chunks_within_budget_and_keeps_planted_facts(
    long_document: str, long_chunks: list[Chunk]
) -> None:
    assert 70_000 <= len(long_document) < 71_000
    assert estimate_tokens(long_document) > 8 * BUDGET
    assert 9 <= len(long_chunks) <= 12
    _assert_invariants(long_document, long_chunks)
    for planted in PLANTED:
        assert long_document.count(planted) == 1
        assert any(planted in c.text for c in long_chunks), planted
    assert PLANTED_START in long_chunks[0].text
    assert PLANTED_END in long_chunks[-1].text
    # Slack 0: the contract allows a chunk to run over by one sentence, but
    # pieces are packed by their summed counts and estimate_tokens is
    # subadditive (ceil of a sum <= sum of ceils), so a chunk never exceeds the
    # budget with the estimate.
    slack = 0
    for c in long_chunks:
        assert estimate_tokens(c.text) <= BUDGET + slack
    # Greedy packing: a chunk stops short of the budget only because the next
    # paragraph would not fit, so it is short by less than the longest paragraph.
    longest_paragraph = max(map(estimate_tokens, long_document.split("\n\n")))
    assert longest_paragraph < BUDGET / 4
    for c in long_chunks[:-1]:
        assert estimate_tokens(c.text) > BUDGET - longest_paragraph


def test_long_document_chunks_on_paragraph_boundaries_with_sentence_overlap(
    long_document: str, long_chunks: list[Chunk]
) -> None:
    for previous, current in pairwise(long_chunks):
        # every paragraph fits the budget, so chunks end at paragraph ends
        assert long_document[previous.end : previous.end + 2] == "\n\n"
        # the overlap starts a sentence and is about DEFAULT_OVERLAP_TOKENS long
        assert long_document[current.start - 2 : current.start] in {". ", "! ", "? ", "\n\n"}
        assert current.text[0].isupper()
        overlap = estimate_tokens(long_document[current.start : previous.end])
        assert DEFAULT_OVERLAP_TOKENS / 2 <= overlap <= DEFAULT_OVERLAP_TOKENS


def test_long_document_chunks_fast(long_document: str) -> None:
    started = time.perf_counter()
    chunk_text(long_document, BUDGET)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5  # typically ~2 ms; generous for loaded CI machines


def test_wall_of_sentences_splits_on_sentence_boundaries(long_document: str) -> None:
    wall = re.sub(r"\s+", " ", long_document)
    assert "\n" not in wall
    chunks = chunk_text(wall, BUDGET)
    assert len(chunks) >= 9
    _assert_invariants(wall, chunks)
    for c in chunks[:-1]:
        assert c.text[-1] in ".!?", repr(c.text[-30:])
        assert wall[c.end] == " "
        assert estimate_tokens(c.text) <= BUDGET
    for c in chunks[1:]:
        assert wall[c.start - 2 : c.start] in {". ", "! ", "? "}
    for planted in PLANTED:
        assert any(planted in c.text for c in chunks), planted


def test_abbreviations_and_initials_are_not_sentence_ends() -> None:
    sentence = "Results were presented by Dr. Smith of the U.S. site vs. placebo, e.g. in Fig. 2. "
    text = sentence * 40
    for c in chunk_text(text, 60, overlap_tokens=0)[:-1]:
        assert c.text.rstrip().endswith("in Fig. 2."), repr(c.text[-30:])


def test_chinese_text_splits_after_full_stop() -> None:
    text = _chinese_document()
    assert 3_000 <= len(text) < 3_100
    assert "\n" not in text and " " not in text
    budget = 200
    chunks = chunk_text(text, budget, overlap_tokens=40)
    assert len(chunks) >= 15
    _assert_invariants(text, chunks)
    for c in chunks[:-1]:
        assert c.text.endswith("。"), repr(c.text[-10:])
    for c in chunks:
        assert estimate_tokens(c.text) <= budget
    for c in chunks[1:]:
        assert text[c.start - 1] == "。"
        assert c.start < chunks[c.index - 1].end  # overlaps the previous chunk


def test_sentence_without_punctuation_splits_between_words() -> None:
    text = " ".join(f"word{i:04d}" for i in range(2_000))
    chunks = chunk_text(text, 100, overlap_tokens=10)
    _assert_invariants(text, chunks)
    assert len(chunks) > 10
    words = set(text.split())
    for c in chunks:
        assert set(c.text.split()) <= words  # no word cut in half
        assert estimate_tokens(c.text) <= 100


def test_text_without_whitespace_splits_at_a_hard_limit() -> None:
    text = "ACGT" * 2_500
    chunks = chunk_text(text, 100, overlap_tokens=0)
    _assert_invariants(text, chunks)
    assert all(estimate_tokens(c.text) <= 100 for c in chunks)
    assert "".join(c.text for c in chunks) == text  # no overlap: an exact tiling


def test_no_overlap_tiles_the_text_exactly(long_document: str) -> None:
    chunks = chunk_text(long_document, BUDGET, overlap_tokens=0)
    _assert_invariants(long_document, chunks)
    for previous, current in pairwise(chunks):
        assert current.start == previous.end


def test_custom_counter_is_respected(long_document: str) -> None:
    def count_words(text: str) -> int:
        return len(text.split())

    chunks = chunk_text(long_document, 1_000, count=count_words, overlap_tokens=50)
    _assert_invariants(long_document, chunks)
    assert len(chunks) >= 10
    assert all(count_words(c.text) <= 1_000 for c in chunks)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError):
        chunk_text("text", 0)
    with pytest.raises(ValueError):
        chunk_text("text", 10, overlap_tokens=-1)


def test_random_texts_keep_the_invariants() -> None:
    """Mixed scripts, CRLF, tabs, emoji, tiny budgets: offsets and coverage always hold."""
    rng = random.Random(0)
    parts = ["word ", "Word. ", "x", "\n", "\n\n", "  ", "。", "中文", "? ", "Dr. ", "🙂", "\r\n"]
    for _ in range(300):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 300)))
        budget = rng.randint(1, 40)
        chunks = chunk_text(text, budget, overlap_tokens=rng.randint(0, 20))
        if len(chunks) == 1:
            assert chunks[0].text == text
            continue
        _assert_invariants(text, chunks)
        assert all(estimate_tokens(c.text) <= budget for c in chunks)
