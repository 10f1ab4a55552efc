"""Sentences and chunks with offsets into the original article."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s)|\n+")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str


def _strip(article: str, start: int, end: int) -> Segment | None:
    while start < end and article[start].isspace():
        start += 1
    while end > start and article[end - 1].isspace():
        end -= 1
    return Segment(start, end, article[start:end]) if end > start else None


def sentences(article: str, start: int = 0, end: int | None = None) -> list[Segment]:
    end = len(article) if end is None else end
    out: list[Segment] = []
    cursor = start
    for m in _SENTENCE_END.finditer(article, start, end):
        seg = _strip(article, cursor, m.end() if m.group(0).strip() else m.start())
        if seg and any(ch.isalpha() for ch in seg.text):
            out.append(seg)
        cursor = m.end()
    seg = _strip(article, cursor, end)
    if seg and any(ch.isalpha() for ch in seg.text):
        out.append(seg)
    return out


def chunks(article: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[Segment]:
    """Split at paragraph (then sentence) boundaries so no chunk exceeds ``max_tokens``.

    Nothing is dropped: every sentence lands in exactly one chunk.
    """
    if count_tokens(article) <= max_tokens:
        seg = _strip(article, 0, len(article))
        return [seg] if seg else []
    units = sentences(article)
    out: list[Segment] = []
    cur_start: int | None = None
    cur_end = 0
    for unit in units:
        # count the real chunk text (separators included), not a sum of parts
        if cur_start is not None and count_tokens(article[cur_start : unit.end]) > max_tokens:
            out.append(Segment(cur_start, cur_end, article[cur_start:cur_end]))
            cur_start = None
        if cur_start is None:
            cur_start = unit.start
        cur_end = unit.end
    if cur_start is not None:
        out.append(Segment(cur_start, cur_end, article[cur_start:cur_end]))
    return out
