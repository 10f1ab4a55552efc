"""Arabic-aware text matching: normalisation that keeps a map back to original offsets.

Spans are always cut from the original text; normalisation only decides *where*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Harakat, superscript alef, Quranic marks and tatweel carry no letters: drop them.
_DROP = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ی": "ي",
        "ک": "ك",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
    }
)
# Proclitics that attach to a name: conjunctions, prepositions.
CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_WORD_CHAR = re.compile(r"\w")
# The two ways the finders cut text: words (letters and digits, punctuation apart) and tokens
# (anything between spaces, punctuation attached, as a title phrase is read word by word)
WORD = re.compile(r"\w+")
TOKEN = re.compile(r"\S+")
# Nunation marks: a word that carries one is an indefinite adjective or adverb («تركيًا»,
# «مشيرًا»), never a proper name
TANWEEN = re.compile(r"[\u064B-\u064D]")


@dataclass(frozen=True)
class Normalized:
    text: str
    index: list[int]  # index[i] = offset in the original of normalized char i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1


def normalize(text: str) -> Normalized:
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        if _DROP.match(ch):
            continue
        ch = ch.translate(_FOLD)
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch)
        index.append(i)
    return Normalized("".join(out), index)


def fold(text: str) -> str:
    """Normalized form for comparing two strings (no offsets needed)."""
    return normalize(text.strip()).text


def _is_word(ch: str) -> bool:
    return bool(_WORD_CHAR.match(ch))


def _boundary_ok(norm: str, start: int, end: int) -> tuple[bool, int]:
    """Whole-word check that allows a proclitic before the match; returns (ok, clitic length)."""
    if end < len(norm) and _is_word(norm[end]):
        return False, 0
    if start == 0 or not _is_word(norm[start - 1]):
        return True, 0
    word_start = start
    while word_start > 0 and _is_word(norm[word_start - 1]):
        word_start -= 1
    prefix = norm[word_start:start]
    if prefix.endswith("ك") and norm.startswith("ال", start):
        return False, 0  # «كالين» is a name, not ك + «الين»; «كال…» names are far more common than the clitic
    return (prefix in CLITICS), len(prefix)


def find_all(text: str, query: str, norm: Normalized | None = None) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``query`` in ``text`` as original (start, end) offsets.

    Matching ignores diacritics, tatweel and alef/yeh/teh-marbuta variants and allows an
    attached proclitic (و ب ل ف ك), which stays outside the span. A query starting with
    «ال» also matches after «لل» (ل + ال), where the span must keep the clitic.
    """
    q = fold(query)
    if len(q) < 2:
        return []
    norm = norm or normalize(text)
    hits: list[tuple[int, int]] = []
    for m in re.finditer(re.escape(q), norm.text):
        ok, _ = _boundary_ok(norm.text, m.start(), m.end())
        if ok:
            hits.append(norm.original_span(m.start(), m.end()))
    if q.startswith("ال") and len(q) > 3:
        for m in re.finditer(r"(?<!\w)[وف]?لل" + re.escape(q[2:]), norm.text):
            if m.end() == len(norm.text) or not _is_word(norm.text[m.end()]):
                start = m.start() + (1 if norm.text[m.start()] in "وف" else 0)
                hits.append(norm.original_span(start, m.end()))
    return sorted(set(hits))


def locate(text: str, query: str, norm: Normalized | None = None) -> tuple[int, int] | None:
    """First grounded occurrence of ``query``: verbatim if possible, else Arabic-aware."""
    query = query.strip()
    if not query:
        return None
    hits = find_all(text, query, norm)
    if hits:
        exact = [h for h in hits if text[h[0] : h[1]] == query]
        return (exact or hits)[0]
    return None


def non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the longest spans first, drop any that overlap one already kept."""
    kept: list[tuple[int, int]] = []
    for s in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
    return sorted(kept)
