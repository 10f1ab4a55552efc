"""Named bodies the article shows by the shape of their names: a head noun of an institution or
a group («حكومة», «مجلس», «الجيش», «قوات», «حركة», «حزب», «منظمة») and the words that make it a
name (a genitive and the adjectives after it): «مجلس النواب», «الحكومة العراقية», «قوات الدعم
السريع», «الجيش الاتحادي الإثيوبي», «المجلس الأعلى للدولة الليبي», «حكومة أفغانستان».

Arabic builds these names one way: an indefinite head takes a genitive (the last noun of the
chain alone carries «ال»), then adjectives agree with it. A definite head takes adjectives
only. So after the first definite word only adjectives may follow, and an adjective is a nisba
(«السوداني», «الوطنية») or one of the few other adjectives names use («الأعلى», «السريع»); a
definite noun after it («أعلن الجيش السوداني السيطرة») ends the name. A bare head («الحكومة»,
«المجلس») is no name. A small model misses many of these bodies, and they are the sides of
most agreements.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..text.arabic import TANWEEN, fold
from .countries import folded_country_names
from .gentilics import states_named
from .titles import starts_with_role

# Head nouns (folded, without «ال») and the type of the body they name.
HEADS: dict[str, str] = {
    **dict.fromkeys(
        ("حكومه", "مجلس", "وزاره", "رئاسه", "برلمان", "جيش", "محكمه", "اداره", "جهاز", "سلطه", "هيئه"),
        "government",
    ),
    **dict.fromkeys(
        ("قوات", "ميليشيا", "مليشيا", "جماعه", "كتائب", "جبهه", "حركه"),
        "armed_group",
    ),
    **dict.fromkeys(("حزب", "ائتلاف"), "political_party"),
    **dict.fromkeys(("منظمه", "اتحاد", "جامعه", "بعثه", "تحالف"), "international_organization"),
    **dict.fromkeys(("لجنه", "مؤسسه"), "organization"),
}
# Heads whose adjectives are feminine: «الحكومة العراقية», «القوات المسلحة» (a plural of things
# takes a feminine adjective); the others take masculine ones («الجيش السوداني»). An adjective
# of the other gender right after a definite head belongs to a word before it («رئيس الحكومة
# الإسرائيلي»): no name.
_FEMININE_HEADS = {h for h in HEADS if h.endswith("ه")} | {"قوات", "ميليشيا", "مليشيا", "كتائب"}
# Indefinite nouns that carry the chain on to the genitive («قوات حكومة الوفاق», «قوات إقليم
# تيغراي»); after a region or a state word one word names it.
_LINKS = {"حكومه", "مجلس", "اقليم", "دوله", "جمهوريه", "مملكه", "ولايه", "منطقه"}
_NAMED_BY_NEXT = {"اقليم", "دوله", "جمهوريه", "مملكه", "ولايه", "منطقه"}
# Genitives that make a council or a body international.
_INTERNATIONAL = {("مجلس", "الامن"), ("مجلس", "التعاون"), ("جامعه", "الدول")}
# Adjectives names use that are no nisba (folded).
_NAME_ADJECTIVES = {
    "الاعلي",
    "العليا",
    "السريع",
    "المسلحه",
    "الخاصه",
    "المؤقت",
    "المؤقته",
    "الموحد",
    "الموحده",
    "المصغر",
    "العامه",
    "العام",
    "المستقل",
    "المستقله",
    "المشترك",
    "المشتركه",
    "الدائم",
    "الدائمه",
    "الحر",
    "المتحده",
}
# Words ending like a nisba that are not one: times, ordinals, relatives, participles.
_NOT_NISBA = {
    "الماضي",
    "الماضيه",
    "الحالي",
    "الحاليه",
    "الجاري",
    "الجاريه",
    "التالي",
    "التاليه",
    "الثاني",
    "الثانيه",
    "الذي",
    "التي",
    "المعني",
    "المعنيه",
    "الراعي",
    "الراعيه",
    "الباقي",
    "الباقيه",
    "المنقضي",
    "الاولي",
    "القوي",
}
# Adjectives that make a head a generic group, not a named body («القوات الأجنبية»).
_GENERIC = {
    fold(w)
    for w in ("الأجنبي", "الأجنبية", "الموالي", "الموالية", "المحلي", "المحلية", "المعادي", "المعادية", "المختلفة")
}
# Words that never start a genitive: function words that carry «ال»-like letters, and the
# generic nouns that follow a head without naming a body («الحكومة الجديدة» has no nisba anyway).
_NOT_GENITIVE = {"الان", "الذي", "التي", "الذين", "اللذين", "اللتين", "الي", "الا"} | {
    # the two sides, the parties: «قوات الطرفين» names no body
    fold(w)
    for w in ("الطرفين", "الطرفان", "الجانبين", "الجانبان", "البلدين", "البلدان", "الأطراف", "الدولتين")
}
# A name in quotes right after an indefinite head: at most four words
_QUOTED = re.compile(r"\s*[\"«“'](\p{Arabic}[\w\p{M}]*(?: [\w\p{M}]+){0,3})[\"»”']")
_CLITIC = re.compile(r"^(?:[وف]?[بلك]?)")
_WORD = re.compile(r"[\w\p{M}]+")
_MAX_WORDS = 6


@dataclass(frozen=True)
class Body:
    start: int
    end: int
    type: str


def _nisba(word: str) -> bool:
    return word.startswith("ال") and len(word) >= 5 and word.endswith(("ي", "يه")) and word not in _NOT_NISBA


def _adjective(word: str) -> bool:
    return (_nisba(word) or word in _NAME_ADJECTIVES) and word not in _GENERIC


def _feminine(adjective: str) -> bool:
    return adjective.endswith("ه") or adjective == "العليا"


def _country_at(words: list[str], i: int) -> int:
    """Words of a country name starting at ``words[i]`` (0: none)."""
    for n in (3, 2, 1):
        if i + n <= len(words) and fold(" ".join(words[i : i + n])) in folded_country_names():
            return n
    return 0


def _head(word: str) -> tuple[int, str, bool] | None:
    """(clitic length, head, definite) when ``word`` is a head noun, with or without a clitic;
    «لل» (ل + ال) leaves no clean name and is skipped."""
    key = fold(word)
    for n in range(len(_CLITIC.match(key).group()), -1, -1):
        rest = key[n:]
        if rest.startswith("ال") and rest[2:] in HEADS:
            return n, rest[2:], True
        if rest in HEADS and not (n and key[n - 1] == "ل" and rest.startswith("ل")):
            return n, rest, False
    return None


def find_bodies(text: str) -> list[Body]:
    """Every named body, in text order; a body inside a longer one is not listed apart."""
    toks = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    keys = [fold(t[2]) for t in toks]
    words = [t[2] for t in toks]
    out: list[Body] = []
    i = 0
    while i < len(toks):
        found = _head(toks[i][2])
        if found is None:
            i += 1
            continue
        clitic, head, definite = found
        quoted = None if definite else _QUOTED.match(text, toks[i][1])
        if quoted:  # «حركة "طالبان"»: the name in quotes after its head noun
            out.append(Body(quoted.start(1), quoted.end(1), HEADS[head]))
            i += 1
            continue
        j, state, genitive = i + 1, "adjectives" if definite else "genitive", None
        last = i  # the last word of the name so far
        named = False
        while j < len(toks) and j - i < _MAX_WORDS and text[toks[j - 1][1] : toks[j][0]].isspace():
            w = keys[j]
            if state == "genitive":
                if w in _LINKS:
                    state = "named by next" if w in _NAMED_BY_NEXT else "genitive"
                    j += 1
                    continue
                n = _country_at(words, j)
                k = _chain_end(text, toks, keys, j)
                if n:
                    j += n
                elif k is not None:
                    genitive = genitive or keys[j]
                    j = k + 1
                elif j == i + 1 and head in _GROUP_HEADS and _own_name(toks[j][2]):
                    j += 1  # «حركة حماس», «حركة طالبان»: the group's own name
                else:
                    break
                last, named, state = j - 1, True, "adjectives"
            elif state == "named by next":
                if w.startswith("ال") or len(w) < 3:
                    break
                j += 1
                last, named, state = j - 1, True, "adjectives"
            else:  # adjectives, and «لل» + a noun with its own adjective («للدولة الليبي»)
                if j == i + 1 and _adjective(w) and _feminine(w) != (head in _FEMININE_HEADS):
                    break
                if _adjective(w):
                    j += 1
                    last, named = j - 1, True
                elif w.startswith("لل") and j + 1 < len(toks) and _adjective(keys[j + 1]) and (named or definite):
                    j += 2
                    last, named = j - 1, True
                else:
                    break
        # «الإدارة» names a body only as a state's («الإدارة الأمريكية»), not «الإدارة الذاتية»
        if named and head == "اداره" and not states_named(" ".join(keys[i + 1 : last + 1])):
            named = False
        if named:
            kind = HEADS[head]
            if (head, genitive) in _INTERNATIONAL or {"الدولي", "الدوليه"} & set(keys[i + 1 : last + 1]):
                kind = "international_organization"
            elif kind == "armed_group" and head == "قوات" and _state_forces(keys[i + 1 : last + 1]):
                kind = "government"
            start = toks[i][0] + clitic
            if head == "قوات" and genitive and genitive[2:] in HEADS and keys[i + 1] == genitive:
                # «قوات الجيش الوطني» are the army's: the army is the body; «قوات الجيش» alone none
                if last == i + 1:
                    i += 1
                    continue
                start, kind = toks[i + 1][0], HEADS[genitive[2:]]
            out.append(Body(start, toks[last][1], kind))
            i = last + 1
        else:
            i += 1
    return out


# Heads a group's own one-word name may follow with no «ال» («حركة حماس», «جماعة طالبان»).
_GROUP_HEADS = {"حركه", "جماعه", "جبهه", "حزب"}
# Words that follow such a head and name no group: prepositions and quantifiers.
_NOT_OWN_NAME = {"بين", "خلال", "عند", "لدي", "ضد", "نحو", "حول", "بعد", "قبل", "منذ", "غير", "ذات", "كل", "دون"}


def _own_name(word: str) -> bool:
    """A word that can be a group's own name after its head: not definite, no feminine noun or
    adjective («حركة مقاومة», «جبهة واسعة»), no verb («جماعة تنشط», «حركة انشقت»), no verbal noun of a
    derived form («حركة احتجاج», «حزب معارض»), no tanween, no title."""
    key = fold(word)
    return (
        len(key) >= 3
        and not key.startswith(("ال", "ي", "ت", "ن"))
        and not key.endswith(("ه", "ت"))
        and not (key[0] in "ام" and len(key) >= 5)
        and key not in _NOT_OWN_NAME
        and not TANWEEN.search(word)
        and not starts_with_role(key)
    )


def _definite_genitive(word: str) -> bool:
    return word.startswith("ال") and word not in _NOT_GENITIVE and len(word) >= 4 and not starts_with_role(word)


def _chain_end(text: str, toks: list, keys: list[str], j: int) -> int | None:
    """Where a genitive chain from ``keys[j]`` ends in its definite noun: at once («مجلس
    النواب») or after one indefinite noun («قوات حرس الحدود»); None if it does not. The noun
    between is no verb («تضم», «يضم»), preposition («لهذه») or feminine adjective («مشتركة»)."""
    if _definite_genitive(keys[j]):
        return j
    w = keys[j]
    if (
        j + 1 < len(keys)
        and text[toks[j][1] : toks[j + 1][0]].isspace()
        and _definite_genitive(keys[j + 1])
        and len(w) >= 3
        and not w.startswith(("ال", "ي", "ت", "ل", "ب"))
        and not w.endswith("ه")
        and not TANWEEN.search(toks[j][2])
        and not starts_with_role(w)
    ):
        return j + 1
    return None


def _state_forces(words: list[str]) -> bool:
    """«القوات المسلحة السودانية», «القوات الأمريكية», «قوات حكومة الوفاق»: a state's forces."""
    return any(w in ("المسلحه", "حكومه", "الحكوميه") for w in words) or any(
        _nisba(w) and states_named(w) for w in words
    )
