"""Arabic country names from CLDR (via babel), to find the states an article names.

CLDR gives the formal names («المملكة العربية السعودية»); the short forms every Arabic
newsroom also writes are added below.
"""

from __future__ import annotations

from functools import lru_cache

import regex as re
from babel import Locale

from ..text.arabic import TANWEEN, Normalized, find_all, fold, non_overlapping

# CLDR codes that are regions or groupings, not states
_NOT_STATES = {"EU", "UN", "EZ", "QO", "ZZ", "XA", "XB"}
_SHORT_FORMS = ("السعودية", "الإمارات", "أمريكا", "بريطانيا", "فلسطين", "كوريا الشمالية", "الكونغو")


@lru_cache(maxsize=1)
def country_names() -> tuple[str, ...]:
    names = [
        name
        for code, name in Locale("ar").territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_STATES and "-" not in name
    ]
    return tuple(dict.fromkeys([*names, *_SHORT_FORMS]))


@lru_cache(maxsize=1)
def folded_country_names() -> dict[str, int]:
    """Folded country names → their number of words."""
    return {fold(n): len(n.split()) for n in country_names()}


@lru_cache(maxsize=1)
def international_bodies() -> tuple[str, ...]:
    """CLDR's names of the bodies among its regions: the United Nations, the European Union."""
    return tuple(Locale("ar").territories[code] for code in ("UN", "EU"))


Found = list[tuple[str, list[tuple[int, int]]]]  # (name as written, mentions) per country


def find_countries(text: str, norm: Normalized | None = None) -> Found:
    """Each country the text names, as written at its first mention, with all its mentions
    (the longest name wins where two overlap: «جنوب السودان» is not «السودان»)."""
    hits = [(s, e) for name in country_names() for s, e in find_all(text, name, norm)]
    by_name: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for s, e in non_overlapping(hits):
        if TANWEEN.search(text[s:e]):  # «مسؤولًا تركيًا»: the adjective, not the country
            continue
        by_name.setdefault(fold(text[s:e]), (text[s:e], []))[1].append((s, e))
    return list(by_name.values())


# A country after these words is a place («في ليبيا», «شرق ليبيا»), not a state that acts.
_PLACE_WORDS = {
    fold(w)
    for w in (
        "في",
        "إلى",
        "الى",
        "من",
        "داخل",
        "خارج",
        "عبر",
        "نحو",
        "عن",
        "حول",
        "حتى",
        "أنحاء",
        "أرجاء",
        "عاصمة",
        "شرق",
        "غرب",
        "شمال",
        "جنوب",
        "شرقي",
        "غربي",
        "شمالي",
        "جنوبي",
        "وسط",
        "ومن",
        "وفي",
        "وإلى",
        "أراضي",
    )
}


def _previous_word(text: str, start: int) -> str:
    words = text[max(0, start - 30) : start].split()
    return fold(words[-1]).strip("،,") if words else ""


# Capitals that stand for their state in news («توصلت أنقرة وموسكو ...»). Left out where the
# name is ambiguous (طرابلس: Libya or Lebanon, and in Libyan news one government; عمان: Oman
# or Amman) or equal to the country's own name (الكويت، تونس، الجزائر).
CAPITALS = {
    "أنقرة": "تركيا",
    "موسكو": "روسيا",
    "القاهرة": "مصر",
    "واشنطن": "الولايات المتحدة",
    "الرياض": "السعودية",
    "طهران": "إيران",
    "دمشق": "سوريا",
    "بغداد": "العراق",
    "بيروت": "لبنان",
    "الدوحة": "قطر",
    "أبوظبي": "الإمارات",
    "المنامة": "البحرين",
    "مسقط": "عُمان",
    "صنعاء": "اليمن",
    "الخرطوم": "السودان",
    "الرباط": "المغرب",
    "نواكشوط": "موريتانيا",
    "مقديشو": "الصومال",
    "باريس": "فرنسا",
    "لندن": "المملكة المتحدة",
    "برلين": "ألمانيا",
    "روما": "إيطاليا",
    "بكين": "الصين",
    "تل أبيب": "إسرائيل",
    "أديس أبابا": "إثيوبيا",
    "كابل": "أفغانستان",
    "إسلام آباد": "باكستان",
    "نيودلهي": "الهند",
    "طوكيو": "اليابان",
    "كييف": "أوكرانيا",
}


_MEDIATION_FROM = re.compile(r"(?:وساطه|رعايه)\s+من\s*$")


def acts(text: str, spans: list[tuple[int, int]], in_title) -> bool:
    """At least half of the mentions are not places («في ليبيا», «بليبيا», a dateline at the
    top of the text); a mention inside a person's title counts neither way."""
    place = acts = 0
    for s, _ in spans:
        attached = text[s - 1] if s > 0 and not text[s - 1].isspace() else ""
        prev = _previous_word(text, s - len(attached))
        if prev == "من" and _MEDIATION_FROM.search(fold(text[max(0, s - 30) : s])):
            acts += 1  # «بوساطة من واشنطن»: the state mediated
        elif attached == "ب" or (not attached and (prev in _PLACE_WORDS or not text[:s].strip())):
            place += 1
        elif not attached and in_title(prev):
            continue
        else:
            acts += 1
    return bool(acts) and acts >= place


def acting_countries(
    text: str, norm: Normalized | None = None, in_title=lambda word: False, named: Found | None = None
) -> Found:
    """The countries that act in the text (see ``acts``); a country named only in titles or
    as a place is not an actor. ``named``: the text's countries when already found."""
    named = find_countries(text, norm) if named is None else named
    return [(name, spans) for name, spans in named if acts(text, spans, in_title)]


def acting_capitals(
    text: str, norm: Normalized | None = None, in_title=lambda word: False
) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(capital as written, its country, mentions) for the capitals that act in the text."""
    out = []
    for capital, country in CAPITALS.items():
        spans = find_all(text, capital, norm)
        if spans and acts(text, spans, in_title):
            out.append((text[spans[0][0] : spans[0][1]], country, spans))
    return out
