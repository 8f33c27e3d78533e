"""Legacy encodings: each decodes to the text that was written, and nothing decodes to mojibake.

Every file is written here, in tmp_path, from text in this module. The CJK
encodings overlap: most of these files also decode without error, to wrong
text, as GB18030 (and the Korean one as GBK and EUC-JP), which is what the
plausibility scoring has to see through.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from summarise.pipeline.charset import CREDIBLE_SCORE, rank_decodings
from summarise.pipeline.load import load_document
from tests.bad_input import assert_one_line_error, write_file

JAPANESE_PMDA = (
    "独立行政法人医薬品医療機器総合機構（PMDA）\n\n"
    "厚生労働省は、令和8年3月19日付で、サンプル製薬株式会社の「エグザンプリブ錠100mg」"
    "（一般名：エグザンプリブ）について、EGFR遺伝子変異陽性の切除不能な進行・再発の"
    "非小細胞肺がんを効能・効果とする製造販売承認を行いました。\n"
    "本承認は、日本を含む国際共同第III相臨床試験の結果に基づくものです。"
    "同試験では、無増悪生存期間の中央値が18.2カ月となり、対照群の9.1カ月を上回りました。\n"
    "同社は平成31年に本剤の開発を開始し、これまでに約120億円を投じてきました。\n"
)
KOREAN_MFDS = (
    "세온바이오로직스는 식품의약품안전처(MFDS)로부터 비소세포폐암 치료제 '델스타정'의 "
    "품목허가를 받았다고 20일 밝혔다.\n"
    "이번 허가는 국내외 32개 기관에서 환자 120명을 대상으로 진행한 임상 2상 시험 결과를 "
    "바탕으로 이뤄졌다. 객관적 반응률(ORR)은 44.2%였다.\n"
    "한결제약은 계약금 50억 원과 단계별 마일스톤 최대 120억 원을 지급한다.\n"
)
TRADITIONAL_HKEX = (
    "香港交易及結算所有限公司及香港聯合交易所有限公司對本公告的內容概不負責。\r\n"
    "\r\n"
    "本公司董事會欣然宣佈，本集團自主研發的口服KRAS G12D抑制劑RH-1024已於2025年3月12日"
    "獲得中國國家藥品監督管理局的藥物臨床試驗批准，用於治療攜帶KRAS G12D突變的晚期實體瘤。\r\n"
)
SIMPLIFIED_NMPA = (
    "恒瑞医药今日宣布，其自主研发的创新药物艾玛昔替尼片获得国家药品监督管理局批准上市，"
    "用于治疗重度斑秃成人患者。首付款为1.2亿元，里程碑付款最高可达10亿美元。\n"
)
WESTERN = "The CHMP’s “positive opinion” – adopted in Zürich, née Smith – cost €12 million…\n"


def _load(tmp_path: Path, text: str, encoding: str, name: str = "release.txt"):
    return load_document(write_file(tmp_path, name, text.encode(encoding)))


@pytest.mark.parametrize(
    ("text", "written_as", "reported_as"),
    [
        (JAPANESE_PMDA, "shift_jis", "shift-jis"),
        (JAPANESE_PMDA + "検査値は①から③の範囲でした。\n", "cp932", "cp932"),
        (JAPANESE_PMDA, "euc_jp", "euc-jp"),
        (KOREAN_MFDS, "euc_kr", "euc-kr"),
        (TRADITIONAL_HKEX, "big5", "big5"),
        (SIMPLIFIED_NMPA, "gb18030", "gb18030"),
        (SIMPLIFIED_NMPA + "罕见字：㐀𠀀。\n", "gb18030", "gb18030"),
        (WESTERN, "cp1252", "cp1252"),
    ],
    ids=["shift_jis", "cp932", "euc_jp", "euc_kr", "big5", "gb18030", "gb18030-4byte", "cp1252"],
)
def test_each_legacy_encoding_decodes_to_the_intended_text(
    tmp_path: Path, text: str, written_as: str, reported_as: str
) -> None:
    document = _load(tmp_path, text, written_as)
    assert document.text == text.replace("\r\n", "\n")
    assert document.encoding == reported_as


@pytest.mark.parametrize(
    ("text", "written_as"),
    [(JAPANESE_PMDA, "shift_jis"), (JAPANESE_PMDA, "euc_jp"), (KOREAN_MFDS, "euc_kr")],
)
def test_the_gb18030_reading_of_japanese_and_korean_is_decodable_but_not_credible(
    text: str, written_as: str
) -> None:
    raw = text.encode(written_as)
    assert raw.decode("gb18030") != text  # the mojibake exists: strict decoding cannot see it
    scores = {decoding.encoding: decoding.score for decoding in rank_decodings(raw)}
    assert scores["gb18030"] < CREDIBLE_SCORE


def test_big5_with_crlf_line_ends(tmp_path: Path) -> None:
    document = _load(tmp_path, TRADITIONAL_HKEX, "big5")
    assert "\r" not in document.text
    assert document.text.splitlines()[0] == (
        "香港交易及結算所有限公司及香港聯合交易所有限公司對本公告的內容概不負責。"
    )


def test_utf16_with_bom_decodes_every_script(tmp_path: Path) -> None:
    text = JAPANESE_PMDA + KOREAN_MFDS + WESTERN
    document = _load(tmp_path, text, "utf-16")
    assert document.text == text
    assert document.encoding == "utf-16"


def test_utf8_stays_utf8(tmp_path: Path) -> None:
    document = _load(tmp_path, JAPANESE_PMDA + SIMPLIFIED_NMPA, "utf-8")
    assert document.encoding == "utf-8"


@pytest.mark.parametrize(
    "text",
    [
        "Price: 5€ per dose\n",
        "© 2025 Acme Inc. All rights reserved.\n",
        "Approval “granted” for the drug\n",
    ],
)
def test_english_with_a_few_cp1252_symbols_is_cp1252(tmp_path: Path, text: str) -> None:
    """Other code pages read these bytes as letters of other alphabets, inside English."""
    document = _load(tmp_path, text, "cp1252")
    assert (document.text, document.encoding) == (text, "cp1252")


def test_a_code_page_charset_normalizer_proposes_is_judged_by_its_alphabet(tmp_path: Path) -> None:
    text = "Компания объявила, что препарат одобрен Министерством здравоохранения России.\n"
    document = _load(tmp_path, text, "cp1251")
    assert (document.text, document.encoding) == (text, "cp1251")


def test_english_with_one_korean_name_is_read_as_korean(tmp_path: Path) -> None:
    text = "Seon Biologics (세온바이오로직스) said the MFDS approved Delstar on May 19.\n"
    assert _load(tmp_path, text, "euc_kr").text == text


def test_byte_soup_is_refused_with_one_line(tmp_path: Path) -> None:
    soup = bytes(random.Random(7).randrange(0xA1, 0xFF) for _ in range(400))
    assert soup.decode("gb18030")  # it decodes, as hanzi soup
    path = write_file(tmp_path, "soup.txt", soup)
    message = assert_one_line_error(path, "cannot decode text credibly (best guesses: gb18030 0.")
    assert message.startswith(f"{path}: ")


def test_a_lone_character_two_encodings_read_alike_is_refused(tmp_path: Path) -> None:
    path = write_file(tmp_path, "amount.txt", "Total 5万 units\n".encode("gbk"))
    message = assert_one_line_error(path, "cannot decode text credibly")
    assert "gb18030" in message and "euc-jp" in message


def test_html_meta_charset_is_taken_when_credible(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="euc-jp"></head><body><p>{JAPANESE_PMDA}</p></body></html>'
    document = _load(tmp_path, html, "euc_jp", "release.html")
    assert document.encoding == "euc-jp"
    assert "製造販売承認を行いました" in document.text


def test_a_wrong_html_meta_charset_is_ignored(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="gbk"></head><body><p>{JAPANESE_PMDA}</p></body></html>'
    document = _load(tmp_path, html, "shift_jis", "release.html")
    assert document.encoding == "shift-jis"
    assert "製造販売承認を行いました" in document.text
