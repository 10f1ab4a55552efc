"""Prompt templates live as files in ``prompts/``; this module only renders them.

The passes that read the article see the same opening (system prompt, then the article) and
their own question after it, so an engine that reuses a cached prompt prefix reads each article
once for all of them; the opening itself can be prepared once (``opening``, ``Engine.prime``).
"""

from __future__ import annotations

from functools import cache

import jinja2

from ..config import PROMPTS_DIR

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,
)


@cache
def system_prompt() -> str:
    return (PROMPTS_DIR / "system.txt").read_text(encoding="utf-8").strip()


def messages(template: str, article: str | None = None, **values) -> list[dict]:
    """System prompt, then the article (when the pass reads it), then the pass's question."""
    question = _env.get_template(f"{template}.jinja").render(**values)
    if article is not None:
        question = _env.get_template("article.jinja").render(article=article) + "\n" + question
    return [{"role": "system", "content": system_prompt()}, {"role": "user", "content": question}]


OPENING_MARK = "\u2063"  # invisible separator: where the article goes


def opening() -> list[dict]:
    """The messages every question starts with, the article's place marked by ``OPENING_MARK``:
    an engine can compute this opening once (``Engine.prime``)."""
    return messages("actors", article=OPENING_MARK, min_items=0, max_items=1)
