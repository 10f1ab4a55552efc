"""A person's title, read from the words next to a mention («الرئيس التركي رجب طيب أردوغان»,
«خليفة حفتر، القائد العام ...»): a verbatim phrase that starts with a role word."""

from __future__ import annotations

import regex as re

from ..contract import Span
from ..text.arabic import TOKEN, fold

# Folded role words that open a title phrase.
ROLES = {
    fold(w)
    for w in (
        "رئيس",
        "الرئيس",
        "رئيسة",
        "وزير",
        "وزيرة",
        "نائب",
        "النائب",
        "المتحدث",
        "متحدث",
        "الناطق",
        "ناطق",
        "مستشار",
        "مستشارة",
        "قائد",
        "القائد",
        "مدير",
        "المدير",
        "الملك",
        "الأمير",
        "ولي",
        "المشير",
        "اللواء",
        "العقيد",
        "العميد",
        "الفريق",
        "الجنرال",
        "الشيخ",
        "السفير",
        "سفير",
        "المبعوث",
        "مبعوث",
        "الأمين",
        "أمين",
        "زعيم",
        "الزعيم",
        "المنسق",
        "منسق",
        "المفوض",
        "الممثل",
        "ممثل",
        "نظيره",
        "نظيرها",
        "عضو",
        "محافظ",
        "حاكم",
        "الحاكم",
        "المرشد",
        "رئيسا",
        "قائدا",
        "وزيرا",
        "المتحدثة",
        "متحدثة",
        "المنسقة",
        "منسقة",
        "الوسيط",
        "وسيط",
        "الوسيطة",
        "أمير",
        "مبعوثة",
        "المبعوثة",
        "الممثلة",
        "سفيرة",
        "السفيرة",
    )
}
_PLURAL_ROLES = {fold(w) for w in ("وزراء", "الوزراء", "رؤساء", "الرؤساء", "قادة", "القادة", "مستشارو", "ممثلو")}
# Honorifics that may sit between a role and the name («... الليبي اللواء أحمد المسماري»).
HONORIFICS = {
    fold(w)
    for w in (
        "اللواء",
        "الدكتور",
        "د.",
        "الشيخ",
        "السيد",
        "السيدة",
        "العقيد",
        "العميد",
        "الفريق",
        "المشير",
        "المهندس",
        "الأستاذ",
    )
}
_BOUNDARY = re.compile(r"[.!?؟:؛\"«»“”()\[\]\n]")
_COMMA = re.compile(r"[،,]")
_MAX_WORDS = 8


def _clitic_role(word: str) -> bool:
    """«وولي», «بالرئيس»: a role word with an attached و or ب (left out of the title)."""
    token = fold(word).strip("،,")
    return token[:1] in "وب" and token[1:] in ROLES


def is_role(word: str) -> bool:
    return fold(word).strip("،,") in ROLES or _clitic_role(word)


def starts_with_role(phrase: str) -> bool:
    words = phrase.split()
    if not words:
        return False
    first = fold(words[0])
    # dual and plural forms open a title too: «الرئيسين الفرنسي والمصري», «وزراء خارجية ...»
    return first in ROLES or (first.endswith(("ين", "ان")) and first[:-2] in ROLES) or first in _PLURAL_ROLES


# words that complete a role word before the name: «ولي عهد», «المتحدث باسم», «وزير خارجية»
ROLE_COMPLEMENTS = {
    fold(w)
    for w in (
        "عهد",
        "باسم",
        "خارجية",
        "دفاع",
        "داخلية",
        "عام",
        "أركان",
        "مجلس",
        "حكومة",
        "رئاسة",
        "الوزراء",
        "الحكومة",
        "الدولة",
        "الأمن",
        "العام",
    )
}


def name_after_title(phrase: str) -> tuple[int, int] | None:
    """Offsets of the name inside «الرئيس الأمريكي دونالد ترامب» (→ «دونالد ترامب»): the role
    word, its complements, descriptive ال-words and honorifics are skipped. None when no name
    is left (the phrase is a bare title)."""
    words = list(TOKEN.finditer(phrase))
    if not words or not starts_with_role(phrase):
        return None
    i = 1
    while i < len(words) and (
        is_role(words[i].group(0))
        or fold(words[i].group(0)).strip("،,") in ROLE_COMPLEMENTS
        or fold(words[i].group(0)).startswith("ال")
    ):
        i += 1
    if i >= len(words):
        return None
    return words[i].start(), words[-1].end()


def _role_start(words: list[re.Match]) -> int | None:
    starts = [i for i, w in enumerate(words) if is_role(w.group(0))]
    if not starts:
        return None
    # «الرئيس الأمريكي دونالد ترامب وولي عهد أبوظبي»: a conjoined role starts a new title
    conj = [i for i in starts[1:] if fold(words[i].group(0))[:1] == "و" and _clitic_role(words[i].group(0))]
    return conj[-1] if conj else starts[0]


def _before(text: str, start: int) -> tuple[int, int] | None:
    lo = max(0, start - 160)
    window = text[lo:start].rstrip().rstrip('"«“').rstrip()
    if window.endswith(("،", ",")):
        window = window[:-1].rstrip()
    cut = max((m.end() for m in _BOUNDARY.finditer(window)), default=0)
    segment_start = lo + cut
    words = list(TOKEN.finditer(text, segment_start, lo + len(window)))[-_MAX_WORDS:]
    i = _role_start(words)
    if i is None or any("،" in w.group(0) or "," in w.group(0) for w in words[i:-1]):
        return None
    words = words[i:]
    while len(words) > 1 and fold(words[-1].group(0)) in HONORIFICS:
        words = words[:-1]
    first = words[0]
    begin = first.start() + (1 if _clitic_role(first.group(0)) else 0)
    return begin, words[-1].end() - (1 if words[-1].group(0).endswith(("،", ",")) else 0)


def _after(text: str, end: int) -> tuple[int, int] | None:
    m = re.match(r"\s*[،,]\s*", text[end : end + 4])
    if not m:
        return None
    seg_start = end + m.end()
    stop = _BOUNDARY.search(text, seg_start)
    comma = _COMMA.search(text, seg_start)
    seg_end = min(x.start() for x in (stop, comma) if x) if (stop or comma) else len(text)
    words = list(TOKEN.finditer(text, seg_start, seg_end))
    if not words or len(words) > _MAX_WORDS or _role_start(words[:1]) != 0:
        return None
    return words[0].start(), words[-1].end()


def find_title(text: str, mentions: list[Span]) -> str | None:
    for m in mentions:
        hit = _before(text, m.start) or _after(text, m.end)
        if hit and hit[1] > hit[0]:
            return text[hit[0] : hit[1]]
    return None
