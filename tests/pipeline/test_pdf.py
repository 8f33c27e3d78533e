"""PDF input: load_document on .pdf files and page_of.  Offline: PDFs are made here with fpdf2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF

from summarise.pipeline.load import load_document
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
