"""load: file -> text.

Turns one press-release file (.txt, .md, .html, .pdf) into text, or fails
with an ``InputError`` whose message is one line naming the file.  The text is
what evidence quotes are later aligned against, so apart from newline
normalisation (and, for HTML, main-content extraction) it is returned exactly
as decoded: no trimming, no whitespace or Unicode normalisation.  A PDF's text
is extracted page by page with pypdf; the pages are kept (``pages``) so that a
quote can be traced to the page it came from (see ``summarise.pipeline.pages``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from charset_normalizer import from_bytes

from summarise.core.errors import InputError
from summarise.core.settings import MAX_INPUT_BYTES_DEFAULT

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

# Legacy encodings met in practice for English and Chinese press releases,
# in order of preference when they are equally plausible.
FALLBACK_ENCODINGS: tuple[str, ...] = ("gb18030", "big5", "cp1252")
PLAUSIBILITY_SAMPLE_CHARS = 20_000
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

    decoded = _decode(raw, html=MEDIA_TYPES.get(extension) == "text/html")
    if decoded is None:
        tried = ", ".join(("utf-8", *FALLBACK_ENCODINGS))
        raise InputError(f"{name}: cannot decode text (tried {tried} and detection)")
    text, encoding = decoded
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
        pages = tuple(normalise_newlines(page.extract_text() or "") for page in reader.pages)
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


def _decode(raw: bytes, *, html: bool = False) -> tuple[str, str] | None:
    """Decode ``raw`` and name the encoding, or None if nothing fits.

    Strict UTF-8 comes first because it almost never decodes anything else by
    accident.  For legacy encodings charset-normalizer alone is not reliable
    on short press releases: it calls a cp1252 paragraph "cp1250" or "cp1257"
    (turning "Señor" into "Seńor") and a short GBK or Big5 paragraph "cp949"
    or "euc_jis_2004".  So its guess competes with an explicit list of the
    encodings we actually meet (gb18030, big5, cp1252); every candidate that
    decodes strictly is scored by ``_implausibility`` and the least odd text
    wins, ties going to the earlier candidate.  An HTML ``<meta charset>``
    declaration, when present and valid, is trusted before guessing.
    Known limit: legacy Korean or Japanese files (rare next to UTF-8) can
    score as plausible GB18030 and would then be misread.
    """
    for bom, encoding in UTF16_32_BOMS:
        if raw.startswith(bom):
            text = _strict(raw, encoding)
            return (text, encoding) if text is not None else None
    text = _strict(raw, "utf-8-sig")
    if text is not None:
        return text, "utf-8"
    if html:
        declared = _declared_html_charset(raw)
        text = _strict(raw, declared) if declared else None
        if text is not None:
            return text, declared

    candidates = list(FALLBACK_ENCODINGS)
    guess = from_bytes(raw).best()
    if guess is not None and guess.encoding not in candidates:
        candidates.append(guess.encoding)
    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(candidates):
        text = _strict(raw, encoding)
        if text is None:
            continue
        key = (_implausibility(text[:PLAUSIBILITY_SAMPLE_CHARS]), rank, text, encoding)
        if best is None or key[:2] < best[:2]:
            best = key
    return (best[2], best[3]) if best else None


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_html_charset(raw: bytes) -> str | None:
    match = HTML_CHARSET_RE.search(raw[:HTML_CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def _implausibility(text: str) -> float:
    """Penalty points for signs that ``text`` is a wrong decoding (lower is better).

    Each wrong decoding has a signature: CJK bytes read as cp1252 give runs of
    accented Latin symbols ("ºãÈðÒ½"); Big5 read as GB18030 gives private-use
    characters, kana, Cyrillic and box drawing among the hanzi; GBK read as
    Big5 gives hanzi outside the frequently used tiers of both standards;
    cp1252 read as a CJK codec gives lone hanzi amid, or glued inside, Latin
    words (real Chinese runs hanzi together).
    """
    penalty = 0.0
    previous_odd = False
    for index, char in enumerate(text):
        if char.isascii():
            previous_odd = False
            continue
        kind = _char_kind(char)
        if kind == "bad":
            penalty += 5
        elif kind == "foreign":
            penalty += 2
        elif kind == "han":
            if not _is_common_han(char):
                penalty += 1
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if not (_is_cjk(before) or _is_cjk(after)):
                penalty += 1  # a lone hanzi amid Latin text
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                penalty += 1  # ... glued inside a Latin word
        if kind == "latin" and previous_odd:
            penalty += 1
        previous_odd = kind in ("latin", "foreign", "bad")
    return penalty


@functools.lru_cache(maxsize=8192)
def _char_kind(char: str) -> str:
    """Coarse class of a non-ASCII character for ``_implausibility``."""
    code = ord(char)
    category = unicodedata.category(char)
    if char == "\ufffd" or category in ("Co", "Cn", "Cs") or (category == "Cc" and code >= 0x80):
        return "bad"
    if 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return "cjk_punctuation"
    if 0x80 <= code <= 0x24F:
        return "latin"
    if 0x2000 <= code <= 0x22FF or 0x2460 <= code <= 0x24FF or 0x25A0 <= code <= 0x25FF:
        return "neutral"  # punctuation, currency, arithmetic, bullets: any script
    return "foreign"


def _is_cjk(char: str) -> bool:
    return not char.isascii() and _char_kind(char) in ("han", "cjk_punctuation")


@functools.lru_cache(maxsize=8192)
def _is_common_han(char: str) -> bool:
    """Is ``char`` in GB2312 level 1 or Big5's frequently used tier?

    Those tiers hold the few thousand hanzi that make up nearly all running
    text, simplified and traditional; text decoded with the wrong Chinese
    codec scatters into the rarer rows.
    """
    try:
        gb = char.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
        return len(big5) == 2 and 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


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
