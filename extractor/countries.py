"""Arabic country names from CLDR (via babel), to find the states an article names.

CLDR gives the formal names («المملكة العربية السعودية»); the short forms every Arabic
newsroom also writes are added below.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from .arabic import Normalized, find_all, fold, non_overlapping

_TANWEEN = re.compile(r"[\u064B-\u064D]")
# CLDR codes that are regions or groupings, not states
_NOT_STATES = {"EU", "UN", "EZ", "QO", "ZZ", "XA", "XB"}
_SHORT_FORMS = ("السعودية", "الإمارات", "أمريكا", "بريطانيا", "فلسطين", "كوريا الشمالية", "الكونغو")


@lru_cache(maxsize=1)
def country_names() -> tuple[str, ...]:
    names = [name for code, name in Locale("ar").territories.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_STATES and "-" not in name]
    return tuple(dict.fromkeys([*names, *_SHORT_FORMS]))


@lru_cache(maxsize=1)
def international_bodies() -> tuple[str, ...]:
    """CLDR's names of the bodies among its regions: the United Nations, the European Union."""
    return tuple(Locale("ar").territories[code] for code in ("UN", "EU"))


def find_countries(text: str, norm: Normalized | None = None) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each country the text names, as written at its first mention, with all its mentions
    (the longest name wins where two overlap: «جنوب السودان» is not «السودان»)."""
    hits = [(s, e) for name in country_names() for s, e in find_all(text, name, norm)]
    by_name: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for s, e in non_overlapping(hits):
        if _TANWEEN.search(text[s:e]):  # «مسؤولًا تركيًا»: the adjective, not the country
            continue
        by_name.setdefault(fold(text[s:e]), (text[s:e], []))[1].append((s, e))
    return list(by_name.values())


# A country after these words is a place («في ليبيا», «شرق ليبيا»), not a state that acts.
_PLACE_WORDS = {fold(w) for w in (
    "في", "إلى", "الى", "من", "داخل", "خارج", "عبر", "نحو", "عن", "حول", "حتى", "أنحاء", "أرجاء", "عاصمة",
    "شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "وسط", "ومن", "وفي", "وإلى", "أراضي",
)}


def _previous_word(text: str, start: int) -> str:
    words = text[max(0, start - 30):start].split()
    return fold(words[-1]).strip("،,") if words else ""


def acting_countries(text: str, norm: Normalized | None = None,
                     in_title=lambda word: False) -> list[tuple[str, list[tuple[int, int]]]]:
    """The countries that act in the text: at least half of their mentions are not places
    («في ليبيا», «بليبيا»). A mention inside a person's title («وزير خارجية الإمارات») counts
    neither way; a country named only in titles or as a place is not an actor."""
    acting = []
    for name, spans in find_countries(text, norm):
        place = acts = 0
        for s, _ in spans:
            attached = text[s - 1] if s > 0 and not text[s - 1].isspace() else ""
            prev = _previous_word(text, s - len(attached))
            if attached == "ب" or (not attached and prev in _PLACE_WORDS):
                place += 1
            elif not attached and in_title(prev):
                continue
            else:
                acts += 1
        if acts and acts >= place:
            acting.append((name, spans))
    return acting
