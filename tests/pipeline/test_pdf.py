"""PDF input: load_document on .pdf files and page_of.  Offline: PDFs are made here with fpdf2."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF

from summarise.pipeline.load import join_cjk_lines, load_document
from summarise.pipeline.pages import page_of
from tests.bad_input import assert_one_line_error, write_file

PAGE_ONE = "Page one says the NMPA approved Examplinib on 8 November 2023."
PAGE_TWO = "Page two says 39 patients were treated at 10 centers."


def _pdf(*pages: str, rectangle: bool = False, **encryption: str) -> bytes:
    """A PDF with one page per string (core Helvetica, so English only)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if encryption:
        pdf.set_encryption(**encryption)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 10, text)
        if rectangle:
            pdf.rect(20, 20, 100, 50, style="F")
    return bytes(pdf.output())


def _cjk_pdf(*lines: str) -> bytes:
    """A one-page PDF with one text line per string, in any script.

    fpdf2 needs a font file with the glyphs, and no CJK font is installed here,
    so the PDF is written by hand: a non-embedded CID font (STSong-Light) whose
    UniGB-UCS2-H encoding makes each character code its UTF-16 code, which is
    all pypdf needs to extract the text.
    """
    shown = " ".join(f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in lines)
    content = f"BT /F1 12 Tf 72 800 Td 16 TL {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>",
    ]
    pdf = io.BytesIO()
    pdf.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(pdf.tell())
        pdf.write(f"{number} 0 obj\n{body}\nendobj\n".encode("ascii"))
    xref = pdf.tell()
    pdf.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii"))
    pdf.write("".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii"))
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    pdf.write(trailer.encode("ascii"))
    return pdf.getvalue()


# --- reading -------------------------------------------------------------------


def test_two_page_press_release_loads_page_by_page(tmp_path: Path) -> None:
    path = write_file(tmp_path, "release.pdf", _pdf(PAGE_ONE, PAGE_TWO))
    document = load_document(path)
    assert document.media_type == "application/pdf"
    assert document.encoding == "pdf"
    assert len(document.pages) == 2
    assert PAGE_ONE in document.pages[0]
    assert PAGE_TWO in document.pages[1]
    assert document.text == "\n\n".join(document.pages)
    assert PAGE_ONE in document.text and PAGE_TWO in document.text


def test_page_of_finds_the_page_of_each_quote(tmp_path: Path) -> None:
    pages = load_document(write_file(tmp_path, "release.pdf", _pdf(PAGE_ONE, PAGE_TWO))).pages
    assert page_of("the NMPA approved Examplinib on 8 November 2023", pages) == 1
    assert page_of("39 patients were treated at 10 centers", pages) == 2
    assert page_of("the FDA granted Breakthrough Therapy designation", pages) is None


def test_cjk_line_breaks_are_joined_and_latin_ones_kept(tmp_path: Path) -> None:
    pdf = _cjk_pdf(
        "本公司董事会保证本公告内容的真",
        "实性、准确性和完整性。",
        "厚生労働省は、令和8年3月19日付で承認を",
        "行いました。",
        "The results were",
        "very encouraging.",
    )
    document = load_document(write_file(tmp_path, "announcement.pdf", pdf))
    assert document.text.splitlines() == [
        "本公司董事会保证本公告内容的真实性、准确性和完整性。",
        "厚生労働省は、令和8年3月19日付で承認を行いました。",
        "The results were",
        "very encouraging.",
    ]
    assert document.pages == (document.text,)


@pytest.mark.parametrize(
    ("extracted", "joined"),
    [
        ("内容的真\n实性", "内容的真实性"),
        ("内容的真 \n 实性", "内容的真实性"),
        ("承認を\n行いました", "承認を行いました"),
        ("客观缓解率（ORR\n）为", "客观缓解率（ORR）为"),
        ("Therapeutics, Inc.\n（以下简称", "Therapeutics, Inc.（以下简称"),
        ("靶向Claudin\n18.2", "靶向Claudin 18.2"),
        ("获得美国\nFDA批准", "获得美国\nFDA批准"),
        ("The results\nwere good", "The results\nwere good"),
        ("세온바이오로직스는\n품목허가를", "세온바이오로직스는\n품목허가를"),
        ("投资风险。\n一、交易概述", "投资风险。\n一、交易概述"),
        ("公告\n\n本公司", "公告\n\n本公司"),
        ("审议。\n\u3000\u3000本公司", "审议。\n\u3000\u3000本公司"),
    ],
)
def test_join_cjk_lines(extracted: str, joined: str) -> None:
    assert join_cjk_lines(extracted) == joined


def test_page_of_without_pages_is_none() -> None:
    assert page_of("the NMPA approved Examplinib", ()) is None


def test_text_inputs_have_no_pages(tmp_path: Path) -> None:
    assert load_document(write_file(tmp_path, "release.txt", PAGE_ONE.encode())).pages == ()


def test_pdf_magic_is_read_whatever_the_extension(tmp_path: Path) -> None:
    document = load_document(write_file(tmp_path, "release.txt", _pdf(PAGE_ONE)))
    assert document.media_type == "application/pdf"
    assert PAGE_ONE in document.text


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = write_file(tmp_path, "locked.pdf", _pdf(PAGE_ONE, owner_password="owner"))
    assert PAGE_ONE in load_document(path).text


# --- unusable PDFs -------------------------------------------------------------


def test_blank_page_has_no_text_layer(tmp_path: Path) -> None:
    assert_one_line_error(write_file(tmp_path, "scan.pdf", _pdf("")), "no text layer")


def test_drawing_without_text_has_no_text_layer(tmp_path: Path) -> None:
    message = assert_one_line_error(
        write_file(tmp_path, "scan.pdf", _pdf("", rectangle=True)), "OCR"
    )
    assert "no text layer" in message


def test_truncated_pdf_is_an_input_error(tmp_path: Path) -> None:
    assert_one_line_error(write_file(tmp_path, "cut.pdf", _pdf(PAGE_ONE, PAGE_TWO)[:200]), "PDF")


def test_pypdf_warnings_do_not_reach_stderr(tmp_path: Path) -> None:
    # In a fresh interpreter: pytest's own log handler would hide logging's stderr fallback.
    path = write_file(tmp_path, "cut.pdf", _pdf(PAGE_ONE)[:200])
    script = (
        "import sys; from summarise.pipeline.load import load_document\n"
        "from summarise.core.errors import InputError\n"
        "try:\n    load_document(sys.argv[1])\nexcept InputError as e:\n    print(e)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    assert "cut.pdf" in result.stdout
    assert result.stderr == ""


def test_text_named_pdf_is_an_input_error(tmp_path: Path) -> None:
    assert_one_line_error(write_file(tmp_path, "notes.pdf", b"just some text\n"), "PDF")


def test_pdf_that_needs_a_password_is_refused(tmp_path: Path) -> None:
    data = _pdf(PAGE_ONE, owner_password="owner", user_password="user")
    assert_one_line_error(write_file(tmp_path, "secret.pdf", data), "password")


@pytest.mark.parametrize(
    ("name", "data", "label"),
    [
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "PNG"),
        ("release.docx", b"PK\x03\x04rest", "ZIP"),
        ("blob.txt", b"press release\x00\x01\x02\x00 more\x00", "NUL"),
    ],
)
def test_other_binary_is_still_rejected(tmp_path: Path, name: str, data: bytes, label: str) -> None:
    message = assert_one_line_error(write_file(tmp_path, name, data), "binary file")
    assert label in message


def test_over_size_pdf_is_rejected_before_reading(tmp_path: Path) -> None:
    data = _pdf(PAGE_ONE, PAGE_TWO)
    path = write_file(tmp_path, "big.pdf", data)
    message = assert_one_line_error(path, "over the input limit", max_bytes=len(data) - 1)
    assert f"{len(data):,}" in message
    assert load_document(path, max_bytes=len(data)).pages  # exactly at the limit is fine
