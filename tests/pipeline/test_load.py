"""load: file -> text.  Offline and fast: every input is a seed or written to tmp_path."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from summarise.core.errors import InputError
from summarise.core.settings import MAX_INPUT_BYTES_DEFAULT
from summarise.pipeline.load import LoadedDocument, load_document
from tests.bad_input import assert_one_line_error, write_file
from tests.conftest import SEEDS

# ~200 characters of Chinese press-release prose, simplified and traditional.
CHINESE_SIMPLIFIED = (
    "恒瑞医药今日宣布，其自主研发的创新药物艾玛昔替尼片获得国家药品监督管理局批准上市，"
    "用于治疗重度斑秃成人患者。这是中国首个获批用于该适应症的口服JAK1抑制剂。"
    "三期临床试验结果显示，治疗二十四周时，患者头发再生比例显著高于安慰剂组，安全性良好。"
    "公司表示将继续推进该药物在其他自身免疫性疾病中的开发，并积极拓展国际市场，"
    "为更多患者带来新的治疗选择。"
)
CHINESE_TRADITIONAL = (
    "恆瑞醫藥今日宣布，其自主研發的創新藥物艾瑪昔替尼片獲得國家藥品監督管理局批准上市，"
    "用於治療重度斑禿成人患者。這是中國首個獲批用於該適應症的口服JAK1抑制劑。"
    "三期臨床試驗結果顯示，治療二十四週時，患者頭髮再生比例顯著高於安慰劑組，安全性良好。"
)
WESTERN = (
    "The company said the results were “very encouraging” – especially for the café’s "
    "regulars, née Smith – and that Señor Muñoz would present them in Zürich.\n"
    "“We’re thrilled,” said Dr. Müller; a filing worth €12 million is expected in 2025…\n"
)

HTML_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Acme wins approval</title></head><body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/news">Newsroom</a></li>
  <li><a href="/investors">Investor Relations</a></li>
</ul></nav></header>
<div class="cookie-banner" id="cookie-consent">
  <p>We use cookies to improve your experience on our website.</p>
  <button>Accept cookies</button>
</div>
<main><article>
<h1>Acme Pharma receives NMPA approval for AC-101</h1>
<p>SHANGHAI, March 3, 2025 – Acme Pharma today announced that the National Medical Products
Administration has approved AC-101 for adults with relapsed multiple myeloma.</p>
<p>The approval is based on a Phase III trial in 412 patients in which AC-101 reduced the risk
of progression by 45% compared with standard therapy.</p>
<p>“This is an important day for patients,” said Dr. Li Wei, Chief Medical Officer.</p>
</article></main>
<footer><p>Copyright 2025 Acme Pharma. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


# --- seeds -------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name[:3])
def test_seeds_load_verbatim(seed: Path) -> None:
    raw = seed.read_bytes()
    document = load_document(seed)
    assert isinstance(document, LoadedDocument)
    assert document.path == seed
    assert document.encoding == "utf-8"
    assert document.media_type == "text/plain"
    assert document.raw_bytes_sha256 == hashlib.sha256(raw).hexdigest()
    assert document.text == raw.decode("utf-8")


def test_default_limit_is_five_megabytes() -> None:
    assert MAX_INPUT_BYTES_DEFAULT == 5_000_000


# --- encodings ---------------------------------------------------------------


def test_gbk_paragraph_decodes_exactly(tmp_path: Path) -> None:
    assert 150 <= len(CHINESE_SIMPLIFIED) <= 250
    path = write_file(tmp_path, "gbk.txt", CHINESE_SIMPLIFIED.encode("gbk"))
    document = load_document(path)
    assert document.text == CHINESE_SIMPLIFIED
    assert document.encoding == "gb18030"  # the superset of GBK


def test_gbk_with_english_and_numbers(tmp_path: Path) -> None:
    text = "恒瑞医药（600276.SH）宣布，SHR-0302 获得 NMPA 批准。Phase III 数据：40% vs 9%。\n"
    path = write_file(tmp_path, "mixed.txt", text.encode("gbk"))
    assert load_document(path).text == text


def test_big5_paragraph_decodes_exactly(tmp_path: Path) -> None:
    path = write_file(tmp_path, "big5.txt", CHINESE_TRADITIONAL.encode("big5"))
    document = load_document(path)
    assert document.text == CHINESE_TRADITIONAL
    assert document.encoding == "big5"


def test_cp1252_curly_quotes_and_accents_decode_exactly(tmp_path: Path) -> None:
    path = write_file(tmp_path, "cp1252.txt", WESTERN.encode("cp1252"))
    document = load_document(path)
    assert document.text == WESTERN
    assert document.encoding == "cp1252"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = write_file(tmp_path, "bom.md", "\ufeff# Title\n\nBody “quoted” é\n".encode())
    document = load_document(path)
    assert document.text == "# Title\n\nBody “quoted” é\n"
    assert document.encoding == "utf-8"
    assert document.media_type == "text/markdown"


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    path = write_file(tmp_path, "utf16.txt", "Approval “granted” 批准\n".encode("utf-16"))
    assert load_document(path).text == "Approval “granted” 批准\n"


def test_newlines_are_normalised_and_nothing_else(tmp_path: Path) -> None:
    path = write_file(tmp_path, "crlf.txt", b"  Title  \r\n\r\nLine one\rLine two\t \r\n")
    assert load_document(path).text == "  Title  \n\nLine one\nLine two\t \n"


def test_file_without_extension_is_text(tmp_path: Path) -> None:
    path = write_file(tmp_path, "README", b"Plain press release text.\n")
    document = load_document(path)
    assert document.media_type == "text/plain"
    assert document.text == "Plain press release text.\n"


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    path = write_file(tmp_path, "RELEASE.TXT", b"Text.\n")
    assert load_document(path).media_type == "text/plain"


# --- bad input -----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert_one_line_error(tmp_path / "nope.txt", "not found")


def test_directory(tmp_path: Path) -> None:
    directory = tmp_path / "folder.txt"
    directory.mkdir()
    assert_one_line_error(directory, "directory")


def test_empty_file(tmp_path: Path) -> None:
    assert_one_line_error(write_file(tmp_path, "empty.txt", b""), "empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert_one_line_error(write_file(tmp_path, "blank.txt", b" \n\t\r\n  \n"), "empty")


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    data = b"press release\x00\x01\x02\x00 more\x00"
    assert_one_line_error(write_file(tmp_path, "blob.txt", data), "binary")


def test_binary_with_many_control_characters(tmp_path: Path) -> None:
    data = bytes(range(1, 9)) * 20 + b"some text"
    assert_one_line_error(write_file(tmp_path, "controls", data), "binary")


def test_pdf_magic_is_read_as_pdf(tmp_path: Path) -> None:
    path = write_file(tmp_path, "x.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert_one_line_error(path, "x.pdf: broken or unreadable PDF")


def test_pdf_magic_wins_over_supported_extension(tmp_path: Path) -> None:
    assert_one_line_error(write_file(tmp_path, "release.txt", b"%PDF-1.4\n"), "PDF")


def test_zip_magic_is_named(tmp_path: Path) -> None:
    assert_one_line_error(write_file(tmp_path, "release.docx", b"PK\x03\x04rest"), "ZIP")


def test_over_size_limit_names_size_and_limit(tmp_path: Path) -> None:
    path = write_file(tmp_path, "big.txt", b"a" * 1_500)
    message = assert_one_line_error(path, "limit", max_bytes=1_000)
    assert "1,500" in message
    assert "1,000" in message
    assert "configurable" in message


def test_file_at_the_limit_is_accepted(tmp_path: Path) -> None:
    path = write_file(tmp_path, "edge.txt", b"a" * 1_000)
    assert len(load_document(path, max_bytes=1_000).text) == 1_000


def test_unsupported_extension(tmp_path: Path) -> None:
    message = assert_one_line_error(write_file(tmp_path, "table.csv", b"a,b\n1,2\n"), "unsupported")
    assert ".txt" in message


def test_control_characters_in_file_name_stay_on_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_document(tmp_path / "bad\nname.txt")
    assert "\n" not in str(caught.value)


# --- HTML --------------------------------------------------------------------


def test_html_keeps_article_and_drops_page_chrome(tmp_path: Path) -> None:
    path = write_file(tmp_path, "page.html", HTML_PAGE.encode())
    document = load_document(path)
    text = document.text
    assert document.media_type == "text/html"
    assert "Acme Pharma today announced that the National Medical Products" in text
    assert "reduced the risk" in text
    assert "“This is an important day for patients,” said Dr. Li Wei" in text
    for chrome in ("Accept cookies", "We use cookies", "Newsroom", "Investor Relations"):
        assert chrome not in text
    assert "All rights reserved" not in text
    assert "Privacy policy" not in text
    assert "<" not in text


def test_html_paragraphs_are_separated_by_blank_lines(tmp_path: Path) -> None:
    text = load_document(write_file(tmp_path, "page.htm", HTML_PAGE.encode())).text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) >= 3
    assert any(paragraph.startswith("The approval is based on") for paragraph in paragraphs)


def test_html_falls_back_to_tag_strip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    text = load_document(write_file(tmp_path, "page.html", HTML_PAGE.encode())).text
    assert "reduced the risk" in text
    assert "Newsroom" not in text  # <nav> is skipped even by the fallback
    assert "\n\n" in text


def test_html_in_gbk_with_meta_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="gbk"></head><body><article>'
        f"<p>{CHINESE_SIMPLIFIED}</p></article></body></html>"
    )
    document = load_document(write_file(tmp_path, "zh.html", html.encode("gbk")))
    assert CHINESE_SIMPLIFIED in document.text.replace("\n", "")


def test_html_without_text_is_an_input_error(tmp_path: Path) -> None:
    path = write_file(
        tmp_path, "empty.html", b"<html><body><script>var x = 1;</script></body></html>"
    )
    assert_one_line_error(path, "no readable text")
