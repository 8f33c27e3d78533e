"""markup: an HTML page that loads nothing: escaped text, and a CSP allowing only its own code."""

from __future__ import annotations

import base64
import hashlib
import html
import urllib.parse


def escape(value: object) -> str:
    """Escaped text for element content and double-quoted attributes."""
    return html.escape(str(value), quote=True)


def relative_href(href: str) -> str:
    """A path-only link: percent-encoding ':' keeps any scheme (javascript:, https:) out
    (and '#' too: a file name holding one is still a file name)."""
    return urllib.parse.quote(href, safe="/")


def _csp_hash(code: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
    )


def html_page(title: str, style: str, body: str, script: str = "", lang: str = "en") -> str:
    """A whole HTML document whose policy allows nothing but its own style and script."""
    policy = [
        "default-src 'none'",
        f"style-src {_csp_hash(style)}",
        f"script-src {_csp_hash(script)}" if script else "script-src 'none'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    script_element = f"<script>{script}</script>\n" if script else ""
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape("; ".join(policy))}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"{body}\n{script_element}</body>\n</html>\n"
    )
    # A lone surrogate (possible in JSON-decoded text) cannot be written as UTF-8.
    return page.encode("utf-8", "replace").decode("utf-8")
