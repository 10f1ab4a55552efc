"""People's names found by the titles around them, without the model.

Arabic has no capital letters, but news introduces a person by a role: before the name
(«الرئيس التركي رجب طيب أردوغان», «بقيادة المشير خليفة حفتر») or after it, behind a comma
(«هانس غروندبرغ، المبعوث الخاص ...»). The small models miss many of these names, or answer
an institution when asked for people; this finder gives the pipeline the names it can read
with confidence, and the model's own answers are merged with them.
"""

from __future__ import annotations

from collections import Counter

import regex as re

from ..text.arabic import TANWEEN, fold
from .candidates import STOP_WORDS
from .countries import country_names
from .titles import HONORIFICS, ROLE_COMPLEMENTS, ROLES, is_role, starts_with_role

_COUNTRIES = {fold(n) for n in country_names() if " " not in n}

_TOKEN = re.compile(r"[\p{L}\p{M}]+")
# between two words of one name: spaces only; between a title and the name also a comma or a quote
_NAME_GAP = re.compile(r"^ $")
_TITLE_GAP = re.compile(r'^\s*[،,]?\s*["«“]?\s*$')
_PARTICLES = {fold(w) for w in ("عبد", "أبو", "ابو", "بن", "ابن", "آل", "ولد", "أبي", "بنت")}
# «بقيادة X», «يقودها X»: led by
_LED_BY = {fold(w) for w in ("بقيادة", "قيادة", "يقودها", "يقوده", "يتزعمها", "بزعامة", "برئاسة")}
# Common verbs of news prose (perfect tense; a و or ف may be attached): a name never contains one.
_VERBS = {
    fold(w)
    for w in (
        "قال",
        "قالت",
        "أكد",
        "أكدت",
        "أوضح",
        "أوضحت",
        "أعلن",
        "أعلنت",
        "شدد",
        "شددت",
        "أشار",
        "أشارت",
        "كشف",
        "كشفت",
        "اعتبر",
        "اعتبرت",
        "رحب",
        "رحبت",
        "أضاف",
        "أضافت",
        "ذكر",
        "ذكرت",
        "صرح",
        "صرحت",
        "لفت",
        "لفتت",
        "نفى",
        "نفت",
        "دعا",
        "دعت",
        "طالب",
        "طالبت",
        "أجرى",
        "أجرت",
        "التقى",
        "التقت",
        "زار",
        "زارت",
        "وقع",
        "وقعت",
        "بحث",
        "بحثت",
        "ترأس",
        "ترأست",
        "استقبل",
        "استقبلت",
        "كتب",
        "كتبت",
        "أفاد",
        "أفادت",
        "أبلغ",
        "أبلغت",
        "تابع",
        "تابعت",
        "حذر",
        "حذرت",
        "أعرب",
        "أعربت",
        "وصف",
        "وصفت",
        "رأى",
        "رأت",
        "اتهم",
        "اتهمت",
        "أمر",
        "أصدر",
        "أصدرت",
        "وجه",
        "وجهت",
        "عقد",
        "عقدت",
        "اجتمع",
        "اجتمعت",
        "توجه",
        "وصل",
        "وصلت",
        "غادر",
        "يقول",
        "تقول",
        "يرى",
        "ترى",
        "سيتولى",
        "تولى",
        "رعى",
        "حط",
        "جدد",
        "جددت",
        "ختم",
        "اختتم",
        "ناقش",
        "أجاب",
        "تحدث",
        "تحدثت",
        "هنأ",
        "أثنى",
        "شكر",
        "علق",
        "أعاد",
        "قرر",
        "قررت",
        "وافق",
        "وافقت",
        "يعتزم",
    )
}
# Head nouns of institutions: they sit in titles («رئيس مجلس ...»), never in a person's name.
_INSTITUTIONS = {
    fold(w)
    for w in (
        "قوات",
        "جهاز",
        "إدارة",
        "هيئة",
        "مجلس",
        "وزارة",
        "حكومة",
        "سجن",
        "لجنة",
        "جيش",
        "حزب",
        "حركة",
        "جبهة",
        "مكتب",
        "بعثة",
        "منظمة",
        "مؤسسة",
        "شركة",
        "وكالة",
        "نواب",
        "قيادة",
        "عملية",
        "دولة",
        "جمهورية",
        "مملكة",
        "إمارة",
        "محكمة",
        "برلمان",
        "اتحاد",
        "سلطة",
        "مصرف",
        "بنك",
        "جامعة",
        "صندوق",
        "أركان",
        "شؤون",
        "مديرية",
    )
}
_MAX_NAME_WORDS = 4


_STOP_WORDS = {fold(w) for w in STOP_WORDS} | {
    fold(w)
    for w in (
        "إلى",
        "على",
        "عن",
        "بين",
        "لدى",
        "نحو",
        "دون",
        "غير",
        "بعض",
        "جميع",
        "عدة",
        "كافة",
        "اليوم",
        "أمس",
        "غدا",
        "بشأن",
        "ضمن",
        "لصالح",
        "وفق",
        "إثر",
        "بسبب",
        "نتيجة",
        "بعدما",
        "عندما",
        "بينما",
        "لكن",
        "غير أن",
    )
}
# words that never belong to a person's name; words a construct title is made of
_NOT_NAME = _STOP_WORDS | HONORIFICS | ROLE_COMPLEMENTS | _LED_BY | _INSTITUTIONS
_CONSTRUCT = ROLE_COMPLEMENTS | _INSTITUTIONS
# first names that begin with و (not a conjunction)
_WAW_NAMES = {fold(w) for w in ("وليد", "وائل", "وسام", "وفاء", "وحيد", "وهبة", "وداد", "وديع", "وجدي", "وضاح")}


def _clitic_definite(word: str) -> bool:
    """«للقوات», «بالإشارة», «والبنية»: a preposition or و on a definite noun, never a name."""
    w = fold(word)
    return w.startswith("لل") or (w[:1] in "وفب" and w[1:3] == "ال")


def _core(word: str) -> str:
    """The word without one attached و ف ب ل (only when a word of three letters is left)."""
    w = fold(word)
    return w[1:] if w[:1] in "وفبل" and len(w) > 3 else w


def _role(word: str) -> bool:
    """A role word, also dual («الرئيسين») or with a possessive («متحدثها», «رئيسه»)."""
    w = fold(word).strip("،,")
    return is_role(word) or starts_with_role(word) or any(w.endswith(s) and w[: -len(s)] in ROLES for s in ("ها", "ه"))


def _verb(word: str) -> bool:
    """A verb of the list, also with و/ف before it or a dual/plural ending («بحثا», «أكدوا»)."""
    w = fold(word)
    forms = {w, w[1:]} if w[:1] in "وف" else {w}
    forms |= {f[:-2] for f in forms if f.endswith("وا")} | {f[:-1] for f in forms if f.endswith("ا")}
    return bool(forms & _VERBS)


def _name_word(word: str) -> bool:
    w = fold(word)
    return (
        len(w) >= 2
        and not _clitic_definite(word)
        and not _verb(word)
        and not _role(word)
        and not TANWEEN.search(word)
        and not {w, _core(word)} & _NOT_NAME
    )


def _title_word(word: str) -> bool:
    """Words a title is made of before the name: roles, complements, institutions, definite
    adjectives and nouns («الوطنية», «بالجيش»), honorifics, country names («أمير قطر»)."""
    core = _core(word)
    return (
        _role(word)
        or _definite(word)
        or _clitic_definite(word)
        or _definite(core)
        or bool({fold(word), core} & (_CONSTRUCT | HONORIFICS | _COUNTRIES))
    )


def _definite(word: str) -> bool:
    return fold(word).startswith("ال")


def _adjective(word: str) -> bool:
    return fold(word).endswith("يه")


class _Words:
    def __init__(self, text: str):
        self.text = text
        self.items = list(_TOKEN.finditer(text))

    def word(self, i: int) -> str:
        return self.items[i].group(0)

    def gap(self, i: int) -> str:
        """The text between word i-1 and word i."""
        return self.text[self.items[i - 1].end() : self.items[i].start()]


def _read_name(ws: _Words, j: int, step: int) -> tuple[int, int] | None:
    """Name words from word j on (step 1: forward, -1: backward); (first, last) word indexes.
    A definite word belongs to a name after a particle («عبد الفتاح») or as the family name
    that closes it («أحمد المسماري», «محمد شياع السوداني»)."""
    picked: list[int] = []
    k = j
    while 0 <= k < len(ws.items) and len(picked) < _MAX_NAME_WORDS:
        if picked and not _NAME_GAP.match(ws.gap(k if step == 1 else k + 1)):
            break
        word = ws.word(k)
        if not _name_word(word) or _runs_on(word) or (step == -1 and _possessive(word)):
            break
        if _definite(word):
            if step == 1:
                if not picked:
                    break
                after_particle = fold(ws.word(picked[-1])) in _PARTICLES
                if _adjective(word) and not after_particle:
                    break  # «طرابلس الليبية»: a feminine adjective, not a family name
                units = len(picked) - sum(fold(ws.word(p)) in _PARTICLES for p in picked)
                if units >= 2 and not after_particle and not fold(word).endswith("ي"):
                    break  # after two name words only a nisba closes it («... السوداني»), not «الوفد»
                picked.append(k)
                if fold(ws.word(picked[-2])) not in _PARTICLES:
                    break  # a family name closes the name
            else:
                before = ws.word(k - 1) if k > 0 else ""
                if picked and fold(before) not in _PARTICLES:
                    break
                picked.append(k)
        else:
            picked.append(k)
        k += step
    picked.sort()
    while picked and fold(ws.word(picked[-1])) in _PARTICLES:  # a particle cannot end a name
        picked.pop()
    if len(picked) < 2:  # one word alone is too weak a sign of a name
        return None
    return picked[0], picked[-1]


def _construct(word: str) -> bool:
    return not _definite(word) and _core(word) in _CONSTRUCT


def _after_title(ws: _Words, i: int) -> tuple[int, int] | None:
    """The name after the role word at i: complements, ال-words and honorifics skipped."""
    j = i + 1
    while j < len(ws.items) and _title_word(ws.word(j)):
        if not _TITLE_GAP.match(ws.gap(j)):
            return None
        j += 1
    # «ولي عهد أبوظبي», «رئيس مجلس نواب طبرق»: a noun in construct takes the next word (a
    # place) into the title
    if j < len(ws.items) and j > i + 1 and _construct(ws.word(j - 1)) and _TITLE_GAP.match(ws.gap(j)):
        j += 1
    if j >= len(ws.items) or not _TITLE_GAP.match(ws.gap(j)) or j - i > 7:
        return None
    return _read_name(ws, j, 1)


def _before_title(ws: _Words, i: int) -> tuple[int, int] | None:
    """«هانس غروندبرغ، المبعوث ...»: the name ends right before the comma that opens the title."""
    if i == 0 or not re.match(r"^\s*[،,]\s*$", ws.gap(i)):
        return None
    return _read_name(ws, i - 1, -1)


def _runs_on(word: str) -> bool:
    """Words that are not part of a name: ب or ل + a noun in م («بممثلي», «لمكافحة») or a
    present-tense derived verb («يتولى», «تستمر»)."""
    w = fold(word)
    return (
        (w[:2] == "بم" and len(w) >= 5)
        or (w[:2] == "لم" and len(w) >= 6)
        or w[:2] in ("يت", "تت")
        or w[:3] in ("يست", "تست")
    )


def _possessive(word: str) -> bool:
    """«منافسه», «نظيرها»: a noun with a pronoun, never the first word of a name."""
    return len(word) >= 5 and word.endswith(("ه", "ها")) and not word.endswith("الله")


def _trim_end(ws: _Words, first: int, last: int, counts: dict[str, int]) -> tuple[int, int] | None:
    """Where a name read forward runs on into the sentence («ميشال عون رسالة»: the verb's
    object follows its subject): end it before a word that cannot continue it, or at the
    first word the article uses again as the short form of the name («عون») when the next
    word is not used again."""
    for k in range(first + 1, last + 1):
        if _runs_on(ws.word(k)):
            return (first, k - 1) if k - 1 > first else None
        if (
            k < last
            and fold(ws.word(k + 1)) not in _PARTICLES
            and not _definite(ws.word(k + 1))
            and fold(ws.word(k)) not in _PARTICLES
            and counts.get(fold(ws.word(k)), 0) > 1
            and counts.get(fold(ws.word(k + 1)), 0) == 1
        ):
            return first, k
    return first, last


def find_people(text: str) -> list[tuple[int, int]]:
    """Character spans of people's names read from their titles, in order, without repeats."""
    ws = _Words(text)
    standalone = Counter(fold(m.group(0)) for m in ws.items)
    spans: dict[tuple[int, int], None] = {}
    for i in range(len(ws.items)):
        word = ws.word(i)
        role = _role(word)
        hit = _after_title(ws, i) if role or fold(word) in _LED_BY else None
        hit = _trim_end(ws, *hit, standalone) if hit else None
        if hit is None and role:
            hit = _before_title(ws, i)
        if hit:
            start, end = ws.items[hit[0]].start(), ws.items[hit[1]].end()
            first = fold(ws.word(hit[0]))
            if first[:1] == "و" and first not in _WAW_NAMES:  # «ورجب طيب أردوغان»: the conjunction
                start += 1
            spans.setdefault((start, end))
    return list(spans)
