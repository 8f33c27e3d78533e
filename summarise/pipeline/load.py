"""load: file -> text.

Turns one press-release file (.txt, .md, .html, .pdf) into text, or fails
with an ``InputError`` whose message is one line naming the file.  The text is
what evidence quotes are later aligned against, so apart from newline
normalisation (and, for HTML, main-content extraction) it is returned exactly
as decoded: no trimming, no whitespace or Unicode normalisation.  A PDF's text
is extracted page by page with pypdf, with the line breaks its layout put inside
Chinese or Japanese text removed (``join_cjk_lines``); the pages are kept
(``pages``) so that a quote can be traced to the page it came from (see
``summarise.pipeline.pages``).  Which encoding a text file is in is judged by
``summarise.pipeline.charset``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from summarise.core.errors import InputError
from summarise.core.settings import MAX_INPUT_BYTES_DEFAULT
from summarise.pipeline.charset import char_kind, decode_legacy, strict_decode
from summarise.pipeline.sentences import CJK_LETTER_RE

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}
NO_EXTENSION_MEDIA_TYPE = "text/plain"

# A PDF is read as a PDF whatever its extension, as is any ``.pdf`` file that
# does not carry another binary format's signature.
PDF_MAGIC = b"%PDF-"
PDF_MEDIA_TYPE = "application/pdf"
PDF_ENCODING = "pdf"  # ``LoadedDocument.encoding`` of a PDF: its text is extracted, not decoded
PDF_PAGE_SEPARATOR = "\n\n"
# pypdf logs what it recovers from ("EOF marker not found"); with no logging
# configured those lines would go to stderr next to our one-line error.  A
# NullHandler silences that fallback but still lets configured logging see them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
PDF_ERROR_DETAIL_CHARS = 120
LINE_BREAK_RE = re.compile(r"[ \t]*\n[ \t]*")
UNSPACED_LETTER_KINDS = frozenset({"han", "kana", "halfwidth_kana"})
"""Letters of the scripts that put no space between words (``charset.char_kind``)."""
CJK_SENTENCE_ENDS = frozenset("。！？")
"""A PDF line ending in one of these most likely ends its paragraph, not a wrap."""

# Signatures of binary formats people drop into a folder of press releases by
# mistake; naming the format makes the one-line error actionable.
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ZIP archive, e.g. DOCX/XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
)

# Byte-order marks of encodings whose text legitimately contains NUL bytes.
UTF16_32_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Text files contain almost no C0 control bytes besides tab, newline, CR, FF.
CONTROL_BYTES = frozenset(range(0x00, 0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
BINARY_CONTROL_SHARE = 0.05
BINARY_SNIFF_BYTES = 65_536

HTML_CHARSET_SNIFF_BYTES = 4_096
HTML_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
HTML_SNIFF_RE = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>])", re.I)
# Characters in file names that would break the one-line error message.
UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
WHITESPACE_RUN_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class LoadedDocument:
    path: Path | None  # None for standard input
    raw_bytes_sha256: str
    text: str
    encoding: str  # the text's encoding, e.g. "utf-8" or "gb18030"; "pdf" for a PDF
    media_type: str  # "text/plain", "text/markdown", "text/html", "application/pdf"
    # A PDF's text per page, as extracted (newlines normalised), so that
    # ``text == "\n\n".join(pages)``; empty for every other input.
    pages: tuple[str, ...] = ()
    # The text of an HTML page's elements hidden from readers, removed before
    # extraction (see ``html_to_text``), so that it can be reported.
    hidden_text: tuple[str, ...] = ()


def load_document(path: Path, max_bytes: int = MAX_INPUT_BYTES_DEFAULT) -> LoadedDocument:
    """Read ``path`` and return its text; raise ``InputError`` for unusable input.

    Checks run cheapest first and before the whole file is read, so a huge or
    missing file fails fast.  Content is sniffed before the extension is
    trusted: a file starting with ``%PDF-`` is read as a PDF whatever its name,
    and a ``.docx`` says "binary file (ZIP archive...)" rather than the less
    helpful "unsupported extension".
    """
    path = Path(path)
    name = _display(path)
    if not path.exists():
        raise InputError(f"{name}: file not found")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if not path.is_file():
        raise InputError(f"{name}: not a regular file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(_too_large(name, size, max_bytes))
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"{name}: cannot read file ({error.strerror or error})") from None
    return load_bytes(raw, name, _extension(path), path, max_bytes)


def load_bytes(
    raw: bytes,
    name: str,
    extension: str = "",
    path: Path | None = None,
    max_bytes: int = MAX_INPUT_BYTES_DEFAULT,
) -> LoadedDocument:
    """The text of ``raw`` (a file's bytes, or standard input's), checked as a file is;
    ``name`` is what the one-line errors call it, ``extension`` what type it claims."""
    if len(raw) > max_bytes:
        raise InputError(_too_large(name, len(raw), max_bytes))
    if not raw:
        raise InputError(f"{name}: empty file (0 bytes)")

    if raw.startswith(PDF_MAGIC) or (extension == ".pdf" and _magic_label(raw) is None):
        pages = pdf_pages(raw, name)
        return LoadedDocument(
            path=path,
            raw_bytes_sha256=hashlib.sha256(raw).hexdigest(),
            text=PDF_PAGE_SEPARATOR.join(pages),
            encoding=PDF_ENCODING,
            media_type=PDF_MEDIA_TYPE,
            pages=pages,
        )

    binary_reason = _binary_reason(raw)
    if binary_reason:
        raise InputError(f"{name}: binary file ({binary_reason}), not text")

    if extension and extension not in MEDIA_TYPES:
        supported = ", ".join(MEDIA_TYPES)
        raise InputError(
            f"{name}: unsupported file extension {extension!r} (supported: {supported})"
        )

    text, encoding = _decode(raw, name, html=MEDIA_TYPES.get(extension) == "text/html")
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(f"{name}: empty file (only whitespace)")

    media_type = MEDIA_TYPES.get(extension, NO_EXTENSION_MEDIA_TYPE)
    if not extension and HTML_SNIFF_RE.match(text):
        media_type = "text/html"
    hidden: tuple[str, ...] = ()
    if media_type == "text/html":
        text, hidden = html_to_text(text)
        if not text.strip():
            raise InputError(f"{name}: no readable text in HTML")

    return LoadedDocument(
        path=path,
        raw_bytes_sha256=hashlib.sha256(raw).hexdigest(),
        text=text,
        encoding=encoding,
        media_type=media_type,
        hidden_text=hidden,
    )


def pdf_pages(raw: bytes, name: str) -> tuple[str, ...]:
    """The text of each page of the PDF ``raw``; ``InputError`` naming ``name`` if unusable.

    An encrypted PDF is opened when it has an empty user password (the usual
    "no copying" restriction); one that needs a password is refused.  pypdf
    raises many exception types on malformed files (its own errors, but also
    KeyError, ValueError, zlib errors...), and all of them mean a broken input
    file, not a bug here, so they all become a one-line ``InputError``.
    A PDF with pages but no extractable text is a scan: it is refused rather
    than summarised as nothing.
    """
    from pypdf import PdfReader  # imported here: commands that read no PDF never load it
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: encrypted PDF that needs a password; remove it first")
        pages = tuple(
            join_cjk_lines(normalise_newlines(page.extract_text() or "")) for page in reader.pages
        )
    except InputError:
        raise
    except FileNotDecryptedError:
        raise InputError(f"{name}: encrypted PDF that needs a password; remove it first") from None
    except DependencyError as error:
        raise InputError(
            f"{name}: encrypted PDF that cannot be decrypted here ({_one_line(error)})"
        ) from None
    except Exception as error:
        detail = _one_line(error) or type(error).__name__
        raise InputError(f"{name}: broken or unreadable PDF ({detail})") from None
    if not pages:
        raise InputError(f"{name}: PDF has no pages")
    if not any(page.strip() for page in pages):
        raise InputError(f"{name}: no text layer (a scanned PDF?); run OCR on it first")
    return pages


def join_cjk_lines(text: str) -> str:
    """Remove the line breaks a PDF's layout put inside Chinese or Japanese text.

    pypdf ends every laid-out line with a newline, which alignment reads as a
    space; Chinese and Japanese put no space between words, so "真\n实性" would
    never match the quote "真实性".  A single break (with the blanks around it)
    between two such characters, or beside CJK punctuation, is removed.  A break
    stays next to Latin text or Hangul (Korean separates words by spaces), except that a
    break between two Latin words on a line of Chinese or Japanese becomes the space the
    wrap took ("靶向Claudin\n18.2"); it stays after a full stop, question or exclamation
    mark (where a PDF line usually ends its paragraph), and so do blank lines and a
    paragraph's ideographic-space indent.
    """

    def join(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else "\n"
        after = text[match.end()] if match.end() < len(text) else "\n"
        if _wrapped(before, after):
            return ""
        if before.isascii() and after.isascii() and not (before + after).isspace():
            line_start = text.rfind("\n", 0, match.start()) + 1
            if before not in ".!?" and CJK_LETTER_RE.search(text, line_start, match.start()):
                return " "  # "靶向Claudin\n18.2": a wrap between two Latin words of CJK text
        return match.group()

    return LINE_BREAK_RE.sub(join, text)


def _wrapped(before: str, after: str) -> bool:
    """Is a line break between ``before`` and ``after`` a wrap inside CJK text?"""
    if before in CJK_SENTENCE_ENDS:
        return False
    kinds = {_unspaced_kind(before), _unspaced_kind(after)}
    if None in kinds:  # a blank line, an indent or the page's edge
        return False
    return "other" not in kinds or "mark" in kinds


def _unspaced_kind(char: str) -> str | None:
    """The character's side of a line break: a Chinese or Japanese "letter", CJK
    punctuation (a "mark"), any "other" visible character, or None for whitespace."""
    if char.isspace():
        return None
    if char.isascii():
        return "other"
    kind = char_kind(char)
    if kind == "cjk_mark":
        return "mark"
    return "letter" if kind in UNSPACED_LETTER_KINDS else "other"


def _one_line(error: BaseException) -> str:
    text = WHITESPACE_RUN_RE.sub(" ", str(error)).strip()
    if len(text) > PDF_ERROR_DETAIL_CHARS:
        text = text[: PDF_ERROR_DETAIL_CHARS - 3] + "..."
    return UNPRINTABLE_RE.sub("?", text)


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF; the only change made to plain text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _display(path: Path) -> str:
    return UNPRINTABLE_RE.sub(lambda match: repr(match.group())[1:-1], str(path))


def _too_large(name: str, size: int, max_bytes: int) -> str:
    return (
        f"{name}: file is {size:,} bytes, over the input limit of {max_bytes:,} bytes "
        "(the limit is configurable: max_input_bytes)"
    )


def _extension(path: Path) -> str:
    """Lower-case suffix, or "" when the name has none (or only a version-like ".2")."""
    suffix = path.suffix.lower()
    return suffix if any(char.isalpha() for char in suffix) else ""


def _magic_label(raw: bytes) -> str | None:
    """The name of the (non-PDF) binary format whose signature ``raw`` starts with, or None."""
    for magic, label in BINARY_MAGIC:
        if raw.startswith(magic):
            return label
    return None


def _binary_reason(raw: bytes) -> str | None:
    """Why ``raw`` is not text, or None.

    NUL bytes never occur in text in an 8-bit or multibyte encoding, except in
    UTF-16/32, which is only accepted with a byte-order mark.
    """
    label = _magic_label(raw)
    if label:
        return label
    if any(raw.startswith(bom) for bom, _ in UTF16_32_BOMS):
        return None
    sample = raw[:BINARY_SNIFF_BYTES]
    if b"\x00" in sample:
        return "contains NUL bytes"
    controls = sum(1 for byte in sample if byte in CONTROL_BYTES)
    if controls / len(sample) > BINARY_CONTROL_SHARE:
        return f"{controls / len(sample):.0%} control characters"
    return None


def _decode(raw: bytes, name: str, *, html: bool = False) -> tuple[str, str]:
    """Decode ``raw`` and name the encoding; ``InputError`` naming ``name`` if no
    decoding is credible.

    A byte-order mark is trusted.  Strict UTF-8 comes next because it almost
    never decodes anything else by accident.  Everything else is a legacy
    encoding, judged by the text each candidate gives
    (:func:`summarise.pipeline.charset.decode_legacy`); an HTML
    ``<meta charset>`` declaration is taken when its text is credible.
    """
    for bom, encoding in UTF16_32_BOMS:
        if raw.startswith(bom):
            text = strict_decode(raw, encoding)
            if text is None:
                raise InputError(f"{name}: cannot decode text (invalid {encoding} after its BOM)")
            return text, encoding
    text = strict_decode(raw, "utf-8-sig")
    if text is not None:
        return text, "utf-8"
    declared = _declared_html_charset(raw) if html else None
    decoding = decode_legacy(raw, name, declared)
    return decoding.text, decoding.encoding


def _declared_html_charset(raw: bytes) -> str | None:
    match = HTML_CHARSET_RE.search(raw[:HTML_CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


class HtmlText(NamedTuple):
    text: str
    """The main content, paragraphs separated by blank lines."""
    hidden: tuple[str, ...]
    """The text of each element hidden from readers, removed before extraction."""


def html_to_text(html: str) -> HtmlText:
    """Main content of an HTML page as plain text, paragraphs separated by blank lines.

    Elements hidden from readers go first (``_remove_hidden``), their text kept aside
    to be reported.  trafilatura drops navigation, cookie banners, footers and
    comments.  On pages too small or odd for it to find a main block it returns
    nothing; then a plain tag-strip of the body is better than failing the document.
    """
    import trafilatura  # imported here: commands that read no HTML never load it

    html, hidden = _remove_hidden(html)

    extracted = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        output_format="txt",
    )
    if not extracted or not extracted.strip():
        extracted = _strip_tags(html)
    lines = (line.strip() for line in normalise_newlines(extracted).split("\n"))
    return HtmlText("\n\n".join(line for line in lines if line), hidden)


# Inline styles and attributes that hide an element from a reader while its text stays
# in the page.  A summary is of the page people read, and hidden text is where
# instructions aimed at AI tools are put.  Stylesheets and classes are not evaluated.
HIDDEN_STYLES: dict[str, re.Pattern[str]] = {
    "display": re.compile(r"none"),
    "visibility": re.compile(r"hidden|collapse"),
    "font-size": re.compile(r"(?:0+(?:\.0*)?|\.0+)(?:[a-z]+|%)?"),
    "opacity": re.compile(r"(?:0+(?:\.0*)?|\.0+)%?"),
}
IMPORTANT_RE = re.compile(r"\s*!\s*important\s*$", re.I)
# ``<html>`` and ``<body>`` hidden inline are a page-load trick (a script reveals them),
# not text kept from readers: removing them would remove the page.
NEVER_HIDDEN_TAGS = frozenset({"html", "body"})
# Within a hidden element, text that is not text in any case: never reported.
UNREPORTED_TAGS = ("script", "style", "template", "noscript")


def _is_hidden(element: HtmlElement) -> bool:
    if element.tag in NEVER_HIDDEN_TAGS:
        return False
    if element.get("hidden") is not None:
        return True
    if (element.get("aria-hidden") or "").strip().lower() == "true":
        return True
    for declaration in (element.get("style") or "").split(";"):
        prop, _, value = declaration.partition(":")
        pattern = HIDDEN_STYLES.get(prop.strip().lower())
        if pattern and pattern.fullmatch(IMPORTANT_RE.sub("", value).strip().lower()):
            return True
    return False


def _remove_hidden(html: str) -> tuple[str, tuple[str, ...]]:
    """``html`` without its hidden elements, and the visible text of each one removed.

    Only the outermost hidden element of a hidden subtree is reported, and only when
    its text has a letter or digit (an icon's glyph is not worth a line).  A page with
    nothing hidden is returned as it came, so extraction sees exactly the input.
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:  # bytes with an explicit encoding: lxml refuses str with an XML declaration
        root = lxml_html.document_fromstring(
            html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError):
        return html, ()
    hidden = [e for e in root.iter() if isinstance(e.tag, str) and _is_hidden(e)]
    marked = set(hidden)
    outermost = [e for e in hidden if not any(a in marked for a in e.iterancestors())]
    if not outermost:
        return html, ()
    texts = []
    for element in outermost:
        for unreported in element.iter(*UNREPORTED_TAGS):
            unreported.text = None
        # Pieces joined by spaces: a report reads "one. Two", never "one.Two".
        text = WHITESPACE_RUN_RE.sub(" ", " ".join(element.itertext())).strip()
        if any(char.isalnum() for char in text):
            texts.append(text)
        element.drop_tree()
    return lxml_html.tostring(root, encoding="unicode"), tuple(texts)


# Elements whose text is never page content, and elements that end a block.
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "title", "nav", "footer", "svg"}
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
    | {"header", "footer", "main", "aside", "blockquote", "pre", "table", "ul", "ol", "dd", "dt"}
)


class _TagStripper(HTMLParser):
    """Collects text outside non-content elements, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(WHITESPACE_RUN_RE.sub(" ", data))


def _strip_tags(html: str) -> str:
    stripper = _TagStripper()
    stripper.feed(html)
    stripper.close()
    return "".join(stripper.parts)
