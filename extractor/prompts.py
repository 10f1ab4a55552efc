"""Prompt templates live as files in ``prompts/``; this module only renders them."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from .config import PROMPTS_DIR

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,
)


@lru_cache(maxsize=None)
def system_prompt() -> str:
    return (PROMPTS_DIR / "system.txt").read_text(encoding="utf-8").strip()


def messages(template: str, **values) -> list[dict]:
    user = _env.get_template(f"{template}.jinja").render(**values)
    return [{"role": "system", "content": system_prompt()}, {"role": "user", "content": user}]
