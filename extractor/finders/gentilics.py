"""Gentilics (nisba adjectives) of states: «المصري», «مصرية», «الجانبان التركي والروسي»,
«بوساطة قطرية» stand for مصر، تركيا، روسيا، قطر.

Arabic forms them regularly: the name without «ال» and without a final «يا»/«ا»/«ية», then
«ي» (feminine «ية», plurals «يون/يين», dual «يان/يين»). A few states take another word; those
are listed once below. Only the states an article already has as actors are looked for, so a
gentilic never creates an actor, it only adds a mention of one.
"""

from __future__ import annotations

from functools import lru_cache

import regex as re

from ..text.arabic import fold, normalize

# States whose gentilic is not formed from their name (folded forms).
_IRREGULAR = {
    fold(k): tuple(fold(v) for v in vs)
    for k, vs in {
        "الولايات المتحدة": ("أمريكي", "أميركي"),
        "الولايات المتحدة الأمريكية": ("أمريكي", "أميركي"),
        "الولايات المتحدة الأميركية": ("أمريكي", "أميركي"),
        "أمريكا": ("أمريكي", "أميركي"),
        "المملكة المتحدة": ("بريطاني",),
        "بريطانيا": ("بريطاني",),
        "المملكة العربية السعودية": ("سعودي",),
        "السعودية": ("سعودي",),
        "الإمارات العربية المتحدة": ("إماراتي",),
        "الإمارات": ("إماراتي",),
    }.items()
}
_ENDINGS = r"(?:ي|يه|يين|يون|يان|يتان|يتين)"
# the clitics and article a gentilic may carry: «والتركي», «بالسعودي», «وسعودية»
_BEFORE = r"(?<![\w])(?:[وفبل]?(?:ال|لل)?)"


def _stems(state: str) -> tuple[str, ...]:
    key = fold(state)
    if key in _IRREGULAR:
        return tuple(s[:-1] for s in _IRREGULAR[key])  # the stem, without its «ي»
    if " " in key:
        return ()  # a name of several words («كوريا الشمالية») has no regular gentilic
    word = key[2:] if key.startswith("ال") else key
    for ending in ("يا", "يه", "ا"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return (word[: -len(ending)],)
    if word.endswith("ي"):
        return ()  # «مالي»: the gentilic is the name itself (and the common word «مالي», financial)
    return (word,)


@lru_cache(maxsize=512)
def _pattern(state: str) -> re.Pattern | None:
    stems = _stems(state)
    if not stems:
        return None
    return re.compile(_BEFORE + "((?:" + "|".join(re.escape(s) for s in stems) + ")" + _ENDINGS + r")(?!\w)")


def find_gentilics(text: str, state: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where ``text[start:end]`` names ``state`` by its gentilic, as original offsets of the
    adjective without its clitics and article («والتركي» → «تركي»)."""
    pattern = _pattern(state)
    if pattern is None:
        return []
    end = len(text) if end is None else end
    norm = normalize(text[start:end])
    out = []
    for m in pattern.finditer(norm.text):
        s, e = norm.original_span(m.start(1), m.end(1))
        out.append((start + s, start + e))
    return out


@lru_cache(maxsize=4096)
def states_named(phrase: str) -> frozenset[str]:
    """The CLDR countries whose gentilics ``phrase`` contains («وزير الخارجية الأمريكي» → the
    United States); imported late: countries.py reads this module."""
    from .countries import country_names

    return frozenset(c for c in country_names() if find_gentilics(phrase, c))
