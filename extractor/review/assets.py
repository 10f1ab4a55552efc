"""The review pages' static files, and self-contained HTML pages built from them.

A self-contained page inlines its CSS and scripts and carries its data as JSON in a
``<script type="application/json">`` block. Its Content-Security-Policy allows only those exact
inline scripts and styles (by SHA-256) and no network at all, so nothing in the data can run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib import resources

STATIC = resources.files(__package__) / "static"

# For the page served by `extractor serve`: its own files and its own API only.
SERVED_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def static_text(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def script_json(obj) -> str:
    """JSON that can sit inside a <script> block: no '<', '>' or '&' can end it or open a tag."""
    text = json.dumps(obj, ensure_ascii=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def page(
    title: str, body: str, *, scripts: tuple[str, ...] = (), data=None, lang: str = "ar", direction: str = "rtl"
) -> str:
    """A whole HTML document; `body` must already be escaped HTML, `scripts` are static file names."""
    css = static_text("review.css")
    code = [static_text(name) for name in scripts]
    if any("</" in c for c in (css, *code)):  # would end the inline block early
        raise ValueError("an inlined static file contains '</'")
    script_src = " ".join(_sha256(c) for c in code) or "'none'"
    csp = (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {script_src}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}" dir="{direction}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        body,
    ]
    if data is not None:
        parts.append(f'<script type="application/json" id="data">{script_json(data)}</script>')
    parts += [f"<script>{c}</script>" for c in code]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
