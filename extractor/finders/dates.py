"""Deterministic Arabic date detection and ISO normalisation.

The model never writes a date value: this module finds every date expression with its
offsets and resolves it against the publication date when one is given. Without one, a
year the text does not state stays unknown (``--MM-DD`` / ``--MM``), never guessed.

Matching runs line by line on the folded text (``arabic.normalize``: hamza on alef, alef
maqsura, taa marbuta, diacritics and tatweel), so each word below is written once and
«الماضى», «الـ7» or «غدًا» match like «الماضي», «ال7», «غدا»; spans are cut from the
original line, never across a line break, and never start or end with white space.

Why not dateparser: tried first (1.5.0, ``languages=["ar"]``), it parsed 4 of 11 seed-style
expressions (none of the paired «سبتمبر/أيلول» forms, ordinals, «الماضي/القادم», Hijri,
weekdays or ranges), gave «27 نوفمبر» an invented year, and ``search_dates`` found nothing in
«وفي 25 أغسطس/آب، زار كالين بنغازي». Hijri conversion uses ``hijridate`` (Umm al-Qura) and date
arithmetic ``dateutil``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex as re  # variable-width look-behind for the context words
from dateutil.relativedelta import relativedelta
from hijridate import Hijri

from ..text.arabic import fold, normalize

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# month number -> spellings: Gregorian (Egypt, Gulf), Levantine/Iraqi (also without ال, as
# written in Iraq), Algerian/Tunisian (جانفي, أفريل, جوان, أوت) and Moroccan (يوليوز, غشت, دجنبر)
_MONTHS: dict[int, list[str]] = {
    1: ["يناير", "كانون الثاني", "كانون ثاني", "جانفي"],
    2: ["فبراير", "شباط", "فيفري"],
    3: ["مارس", "آذار"],
    4: ["أبريل", "نيسان", "أفريل"],
    5: ["مايو", "ماي", "أيار"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "جويلية", "يوليوز"],
    8: ["أغسطس", "أوغسطس", "آب", "غشت", "أوت"],
    9: ["سبتمبر", "أيلول", "شتنبر"],
    10: ["أكتوبر", "تشرين الأول", "تشرين أول"],
    11: ["نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر"],
    12: ["ديسمبر", "كانون الأول", "كانون أول", "دجنبر"],
}
_HIJRI_MONTHS: dict[int, list[str]] = {
    1: ["محرم"],
    2: ["صفر"],
    3: ["ربيع الأول"],
    4: ["ربيع الآخر", "ربيع الثاني"],
    5: ["جمادى الأولى"],
    6: ["جمادى الآخرة", "جمادى الثانية"],
    7: ["رجب"],
    8: ["شعبان"],
    9: ["رمضان"],
    10: ["شوال"],
    11: ["ذو القعدة", "ذي القعدة"],
    12: ["ذو الحجة", "ذي الحجة"],
}
_WEEKDAYS = {0: "الاثنين", 1: "الثلاثاء", 2: "الأربعاء", 3: "الخميس", 4: "الجمعة", 5: "السبت", 6: "الأحد"}
_ORDINAL_UNITS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_ORDINAL_TENS = {10: "العاشر", 20: "العشرين", 30: "الثلاثين"}
# counted days before the report («قبل يومين», «قبل ثلاثة أيام»)
_DAY_COUNTS = {
    "يوم": 1,
    "يوم واحد": 1,
    "يومين": 2,
    "ثلاثة أيام": 3,
    "أربعة أيام": 4,
    "خمسة أيام": 5,
    "ستة أيام": 6,
    "سبعة أيام": 7,
    "ثمانية أيام": 8,
    "تسعة أيام": 9,
    "عشرة أيام": 10,
}
# periods counted back that have no single ISO value («قبل أيام», «قبل شهر»)
_VAGUE_COUNTS = [
    "أيام",
    "أسبوع",
    "أسبوعين",
    "أسابيع",
    "شهر",
    "شهرين",
    "أشهر",
    "عام",
    "عامين",
    "أعوام",
    "سنة",
    "سنتين",
    "سنوات",
]
_DIRECTIONS = {
    "الماضي": -1,
    "المنصرم": -1,
    "الفائت": -1,
    "قبل الماضي": -2,
    "المقبل": 1,
    "القادم": 1,
    "الآتي": 1,
    "الجاري": 0,
    "الحالي": 0,
}
_NEXT = ("المقبل", "القادم", "الآتي")
# relative days and their offset from the publication date
_DAY_OFFSETS = {
    "اليوم": 0,
    "أمس": -1,
    "غدا": 1,
    "يوم غد": 1,
    "بعد غد": 2,
    "أول أمس": -2,
    "أول من أمس": -2,
    "أمس الأول": -2,
}
# «اليوم نفسه»: a day named by the date just before it; offset from that date
_ANAPHORA = {"نفسه": 0, "ذاته": 0, "التالي": 1, "السابق": -1}
_TIMES = ["ليل", "ليلة", "فجر", "مساء", "صباح", "ظهر", "عصر", "ظهيرة", "ضحى", "صبيحة"]  # not «عشية»: the eve
_PARTS = ["مطلع", "منتصف", "أواخر", "أوائل", "بداية", "نهاية", "أواسط", "مستهل", "آخر"]


def _alt(parts) -> str:
    """A regex alternation of the words, folded, longest first (so «مايو» before «ماي»)."""
    return "(?:" + "|".join(sorted({fold(p) for p in parts}, key=len, reverse=True)) + ")"


def _ordinal_table() -> dict[str, int]:
    """Ordinal day words 1..31 («الرابع», «الحادي عشر», «الثالث والعشرين», «أول»), folded."""
    table = {"أول": 1}
    for n, word in enumerate(_ORDINAL_UNITS, start=1):
        table[word] = n
    table[_ORDINAL_TENS[10]] = 10
    for tens in (10, 20, 30):
        if tens > 10:
            table[_ORDINAL_TENS[tens]] = tens
        for n, word in enumerate(_ORDINAL_UNITS, start=1):
            if tens + n > 31:
                break
            word = "الحادي" if n == 1 else word
            table[f"{word} عشر" if tens == 10 else f"{word} و{_ORDINAL_TENS[tens]}"] = tens + n
    return {fold(k): v for k, v in table.items()}


_ORDINALS = _ordinal_table()
_MONTH_LOOKUP = [(re.compile(rf"^{_alt(ps)}(?!\w)"), n) for n, ps in _MONTHS.items()]
_HIJRI_LOOKUP = [(re.compile(rf"^{_alt(ps)}(?!\w)"), n) for n, ps in _HIJRI_MONTHS.items()]
_WEEKDAY_OF = {fold(w): n for n, w in _WEEKDAYS.items()}
_DIRECTION_OF = {fold(w): n for w, n in _DIRECTIONS.items()}
_OFFSET_OF = {fold(w): n for w, n in _DAY_OFFSETS.items()}
_COUNT_OF = {fold(w): n for w, n in _DAY_COUNTS.items()}
_YEAR_UNITS = {fold("العام"), fold("السنة")}
_WEEK = fold("الأسبوع")

# Patterns are folded before they are compiled, like the text they run on.
B = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"  # word start, or after an attached و ف ب ل
E = r"(?!\w)"
D = r"[0-9٠-٩۰-۹]"


def _paired(months: dict[int, list[str]]) -> str:
    """A month, or the same month twice in two calendars: «مارس/آذار», «مارس آذار»,
    «فبراير-شباط», «أيار (مايو)». Two different months are a range, not one month."""
    alts = []
    for names in months.values():
        m = _alt(names) + E
        alts.append(rf"{m}(?:\s*[/\-–]\s*{m}|\s+{m}|\s*\(\s*{m}\s*\))?")
    return "(?:" + "|".join(alts) + ")"


PAIRED = _paired(_MONTHS)
HMONTH = _alt([p for ps in _HIJRI_MONTHS.values() for p in ps])
WEEKDAY = _alt(_WEEKDAYS.values())
ORD = _alt(_ORDINALS)
YEAR = rf"(?:{D}{{4}})(?:م|\s*ميلادية?)?{E}"  # «2023م», «2023 ميلادية»; a lone «م» stays out
PYEAR = rf"(?:\(\s*{D}{{4}}\s*م?\s*\)|{YEAR})"
HSUFFIX = r"(?:\s*(?:ه|هجري|هجرية|للهجرة))"
DIR_WORD = (
    r"(?:قبل الماضي|الماضي|المنصرم|الفائت|المقبل|القادم|الآتي|الجاري|الحالي)(?:ة|ين|ان)?"  # «الماضية», «الماضيين»
)
REL_DAY = _alt(_DAY_OFFSETS)
# a time of day that belongs to the span: «ظهر الأحد», «بعد ظهر اليوم», «منتصف ليل السبت»
TIME_OF_DAY = rf"(?:(?:(?:بعد|قبل|قبيل)\s+)?(?:منتصف\s+)?(?:{_alt(_TIMES)})\s+(?:يوم\s+)?)"
PART_WORD = _alt(_PARTS)
DAY = (
    rf"(?:يوم\s+)?(?:ال\s?)?(?P<d1>{D}{{1,2}})"
    rf"(?:\s*(?:[-–]|و|إلى|حتى)\s*(?P<d2>{D}{{1,2}}))?(?:\s+من)?"  # «6- 10», «5 و6», «الـ7 من»
    rf"|(?P<ord>{ORD})(?:\s+من)?"
)
UNIT = r"(?:العام|السنة|الشهر|الأسبوع)"
# a counted period is a date on its own («قبل يومين», «قبل شهر،»), not in «بعد أشهر من المفاوضات»
# (a span of time) nor in «قبل يوم الانتخابات»
ALONE = (
    r"(?:(?<=(?:ين|أيام|أسابيع|أشهر|أعوام|سنوات|يوما|واحد))(?!\s+(?:من|على)(?!\w))"
    r"|(?=\s*(?:[^\w\s]|$)|\s+(?:فقط|تقريبا)(?!\w)))"
)

_PATTERNS: list[tuple[str, str]] = [
    ("numeric_named", rf"{B}{D}{{1,2}}\s*[-/]\s*{PAIRED}\s*[-/]\s*{D}{{4}}{E}"),
    ("iso", rf"{B}{D}{{4}}[-/.]{D}{{1,2}}[-/.]{D}{{1,2}}{E}"),
    ("dmy", rf"{B}{D}{{1,2}}[-/.]{D}{{1,2}}[-/.]{D}{{4}}{E}"),
    # a Hijri month needs a day or a year: «رجب» alone is usually a first name
    (
        "hijri",
        rf"{B}(?:(?:يوم\s+)?{WEEKDAY}\s*[،,]?\s*)?"
        rf"(?:{D}{{1,2}}\s+(?:من\s+)?{HMONTH}(?:\s+(?:عام\s+|سنة\s+)?{D}{{4}}{HSUFFIX}?)?"
        rf"|{HMONTH}\s+(?:عام\s+|سنة\s+)?{D}{{4}}{HSUFFIX}?){E}",
    ),
    ("hijri_year", rf"{B}(?:(?:عام|العام|سنة)\s+)?{D}{{4}}{HSUFFIX}{E}"),
    (
        "day_month",
        rf"{B}{TIME_OF_DAY}?(?:(?:{REL_DAY}\s+)?(?:يوم\s+)?{WEEKDAY}\s*(?:\(|،|,)?\s*)?"
        rf"(?:{REL_DAY}\s+)?(?:{DAY})\s+(?:شهر\s+)?(?P<m>{PAIRED})"
        rf"(?:\s*\)?\s*(?:من\s+)?(?:عام\s+|سنة\s+)?(?P<y>{PYEAR}))?"
        rf"(?:\s+(?P<dir>{DIR_WORD}))?\)?{E}",
    ),
    # «الثاني من الشهر الجاري», «5 من الشهر الماضي»
    ("day_relmonth", rf"{B}{TIME_OF_DAY}?(?:{DAY})\s+(?:هذا\s+)?الشهر(?:\s+(?P<dir>{DIR_WORD}))?{E}"),
    (
        "part_month",
        rf"{B}(?P<part>{PART_WORD})\s+(?:شهر\s+)?(?P<m>{PAIRED})(?:\s+(?:عام\s+)?(?P<y>{PYEAR}))?"
        rf"(?:\s+(?P<dir>{DIR_WORD}))?{E}",
    ),
    ("part_rel", rf"{B}(?P<part>{PART_WORD})\s+(?:هذا\s+|هذه\s+)?(?P<unit>{UNIT})(?:\s+(?P<dir>{DIR_WORD}))?{E}"),
    # «مارس - أبريل 2020», «مايو ويونيو الماضيين»: two months that share a year, valued at it
    # («من مايو إلى سبتمبر» stays two dates)
    (
        "month_range",
        rf"{B}(?:شهري\s+)?(?P<m>{PAIRED})\s*(?:[-–]|و)\s*(?P<m2>{PAIRED})"
        rf"(?:\s*(?:من\s+)?(?:عام\s+|سنة\s+)?(?P<y>{PYEAR})|\s+(?P<dir>{DIR_WORD})){E}",
    ),
    (
        "month_year",
        rf"{B}(?:شهر\s+)?(?P<m>{PAIRED})\s*(?:من\s+)?(?:عام\s+|سنة\s+)?(?P<y>{PYEAR})"
        rf"(?:\s+(?P<dir>{DIR_WORD}))?",
    ),
    ("month_relyear", rf"{B}(?:شهر\s+)?(?P<m>{PAIRED})\s+من\s+(?:العام|السنة)\s+(?P<dir>{DIR_WORD}){E}"),
    ("month_dir", rf"{B}(?:شهر\s+)?(?P<m>{PAIRED})\s+(?P<dir>{DIR_WORD}){E}"),
    ("month_alone", rf"(?<=(?:^|\s)[وف]?(?:في|من|إلى|حتى|منذ|خلال|قبل|بعد|بين)\s)(?:شهر\s+)?(?P<m>{PAIRED}){E}"),
    (
        "year",
        rf"{B}(?:(?:عام|العام|سنة|لعام|بعام)\s+)?(?P<y>(?:19|20){D}{{2}}|[١٢][٩٠]{D}{{2}})"
        rf"(?:م|\s*ميلادية?)?{E}",
    ),
    ("rel_unit", rf"{B}(?P<unit>{UNIT})\s+(?P<dir>{DIR_WORD}){E}"),
    ("this_unit", rf"{B}(?:هذا|هذه)\s+(?P<unit>{UNIT}){E}"),
    ("night_pair", rf"{B}(?:منتصف\s+)?(?:ليل|ليلة)\s+(?P<w1>{WEEKDAY})\s*(?:[-–/]|و|على|إلى)?\s*(?P<w2>{WEEKDAY}){E}"),
    ("last_night", rf"{B}الليلة الماضية{E}"),
    ("rel_weekday", rf"{B}{TIME_OF_DAY}?(?P<rel>{REL_DAY})\s*(?:\(\s*)?(?P<w>{WEEKDAY})\)?{E}"),
    ("weekday", rf"{B}(?:{TIME_OF_DAY}|يوم\s+)?(?P<w>{WEEKDAY})(?:\s+(?P<dir>{DIR_WORD}))?{E}"),
    # «اليوم نفسه», «في اليوم التالي», «ذات اليوم»: valued from the date named before it
    (
        "same_day",
        rf"{B}{TIME_OF_DAY}?(?:(?P<unit>اليوم|الشهر|العام|السنة)\s+(?P<ana>نفسه|ذاته|نفسها|ذاتها|التالي|السابق)"
        rf"|(?:نفس|ذات)\s+(?P<unit2>اليوم|الشهر|العام|السنة)){E}",
    ),
    # «في وقت سابق اليوم», «في وقت لاحق من أمس»
    ("earlier_today", rf"{B}(?:في\s+)?وقت\s+(?:سابق|لاحق)\s+(?:من\s+)?{TIME_OF_DAY}?(?P<rel>{REL_DAY}){E}"),
    # «قبل يومين»: counted back from the report; «بعد أيام», «قبل شهر» have no single value
    ("days_ago", rf"{B}قبل\s+(?P<n>{_alt(_DAY_COUNTS)}|{D}{{1,2}}\s+(?:أيام|يوما)){E}{ALONE}"),
    (
        "vague_ago",
        rf"{B}(?:قبل|بعد)\s+(?P<n>{_alt(_VAGUE_COUNTS)}|{_alt(_DAY_COUNTS)}|{D}{{1,2}}\s+(?:أيام|يوما))"
        rf"{E}{ALONE}",
    ),
    ("rel_day", rf"{B}(?:{TIME_OF_DAY}|يوم\s+)?(?P<rel>{REL_DAY}){E}"),
]
_COMPILED = [(name, re.compile(fold(p))) for name, p in _PATTERNS]
_HMONTH_RX = re.compile(fold(HMONTH))


@dataclass(frozen=True)
class FoundDate:
    text: str
    start: int
    end: int
    value: str | None
    kind: str  # which pattern matched; a hint for callers and tests
    ahead: bool = False  # a day the report looks forward to («غداً», «سيصل الأربعاء», «ويبدأ العمل بها في 21 مايو»)


def _month_of(name: str, table=_MONTH_LOOKUP) -> int | None:
    name = fold(name)
    for rx, n in table:
        if rx.match(name):
            return n
    return None


def _weekday_of(word: str) -> int | None:
    return _WEEKDAY_OF.get(fold(word))


def _num(s: str) -> int:
    return int(re.sub(r"\D", "", s.translate(_DIGITS)))


def _dir(word: str | None) -> int:
    if not word:
        return 0
    word = fold(word)
    for stem in (word, word[:-1], word[:-2]):  # «الماضية», «الماضيين»
        if stem in _DIRECTION_OF:
            return _DIRECTION_OF[stem]
    return 0


# the words that point forward, folded (the feminine «المقبلة» too)
_AHEAD = re.compile(
    r"(?<!\w)(?:{})(?!\w)".format(
        "|".join(
            [*(fold(day) for day, offset in _DAY_OFFSETS.items() if offset > 0), *_NEXT, *(w + "ه" for w in _NEXT)]
        )
    )
)


def points_ahead(expression: str) -> bool:
    """Whether the expression points forward from the report («غداً السبت», «الاثنين المقبل»):
    a day to come, not one on which something was done."""
    return bool(_AHEAD.search(fold(expression)))


# Words that make a clause future: «سوف», negated future «لن», «من المقرر أن», and present
# verbs of scheduling («تبدأ», «ينطلق», «يسري»). A سـ-prefixed imperfect verb counts too
# (see _future_verb).
_FUTURE_WORDS = {fold(w) for w in ["سوف", "لن", "المقرر", "المنتظر", "المتوقع", "المرتقب", "المزمع"]}
_SCHEDULE_VERB = re.compile(fold(r"^[وف]?[يت](?:بدأ|نطلق|سري|نعقد|ستأنف|نتهي|ختتم|دخل)$"))
# common nouns and names that look like a سـ + imperfect verb
_NOT_VERBS = {
    fold(w)
    for w in [
        "سيدي",
        "سيرت",
        "سيرغي",
        "سيرجي",
        "سيناء",
        "سينما",
        "سيول",
        "ستيفن",
        "ستيف",
        "سنغال",
        "سنجار",
        "سيدني",
        "سيناتور",
        "ستالين",
        "سيمون",
        "سنوي",
        "سنويا",
        "سنين",
        "ستين",
        "ستون",
        "سيبيريا",
        "سيريلانكا",
        "سيراليون",
        "ستوكهولم",
        "سيئ",
        "سيئه",
        "ستوديو",
        "سيرين",
        "سينمائي",
        "ستينات",
        "سنتين",
        "سيناريو",
        "ستيفاني",
        "ستيفان",
        "سيبراني",
        "سيناتورات",
    ]
}


def _future_verb(word: str) -> bool:
    """سـ + an imperfect prefix + a stem: «سيعقد», «ستبدأ», «سنعمل», «سيصل» (not «سياسة»,
    «سنوات», «سيد»: no alef after the prefix, no ة or ات ending, a stem of two letters or more)."""
    w = re.sub(r"^[وف](?=س)", "", word)
    return (
        bool(re.match(r"^س[يتن][^ا\W]\w+$", w))
        and not w.endswith(("ه", "ات"))
        and w not in _NOT_VERBS
        and not w.startswith("سيطر")
    )  # «سيطرت»: a past verb


# words after which the clause is no longer the future one: «كان», a relative pronoun that opens a
# clause of its own («ستواصل اللجنة عملها الذي بدأ في 5 مارس»), «منذ»
_PAST_AUX = {fold(w) for w in ["كان", "كانت", "كانوا", "الذي", "التي", "الذين", "منذ"]}


def future_clause(before: str) -> bool:
    """Whether the clause that leads to a date speaks of the future: the last eight words
    since a full stop, a colon, a semicolon or a comma that opens a new «و» clause; a word of
    _PAST_AUX after the future word ends its reach."""
    clause = re.split(r"[.!?؟؛:]|،\s*(?=[وف])", before)[-1]
    future = False
    for w in (re.sub(r"[^\w]", "", w) for w in fold(clause).split()[-8:]):
        if re.sub(r"^[وف]", "", w) in _PAST_AUX:
            future = False
        elif w in _FUTURE_WORDS or _future_verb(w) or _SCHEDULE_VERB.match(w):
            future = True
    return future


# «اعتباراً من», «ابتداءً من»: a start that cannot come before a day the sentence already named
_FROM = re.compile(r"(?:اعتبارا|ابتداء|بدءا|بدء)\s+من(?!\w)")


def _anchor(sentence: str, before: list[FoundDate], sentence_start: int) -> dt.date | None:
    """The last full date named earlier in the sentence when the date follows «اعتباراً من»."""
    if not _FROM.search(fold(sentence)):
        return None
    for f in reversed(before):
        if f.start >= sentence_start and f.value and len(f.value) == 10 and not f.value.startswith("--"):
            return dt.date.fromisoformat(f.value)
    return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# With no year and no direction word, a day or a month is the nearest one, but a report
# looks back: one that would fall more than two months after the report is last year's.
_AHEAD_SLACK = dt.timedelta(days=61)


def _day_month(
    day: int, month: int, year: int | None, direction: int, pub: dt.date | None, forward: bool = False
) -> str | None:
    if year is None and pub is not None:
        year = pub.year
        cand = _safe_date(year, month, day) or _safe_date(year - 1, month, day)  # 29 February
        if cand is None:
            return None
        year = cand.year
        if direction < 0 and cand > pub:
            year -= 1
        elif (direction > 0 or forward) and cand < pub:
            year += 1
        elif direction == 0 and not forward and cand > pub + _AHEAD_SLACK:
            year -= 1
    if year is None:
        return f"--{month:02d}-{day:02d}" if _safe_date(2000, month, day) else None
    d = _safe_date(year, month, day)
    return d.isoformat() if d else None


def _month_value(month: int, year: int | None, direction: int, pub: dt.date | None, forward: bool = False) -> str:
    if year is None and pub is not None:
        year = pub.year
        if direction < 0 and month >= pub.month:
            year -= 1
        elif direction > 0 and month <= pub.month:
            year += 1
        elif direction == 0 and forward and month < pub.month:
            year += 1
        elif direction == 0 and not forward and month > pub.month + 2:
            year -= 1
    return f"{year:04d}-{month:02d}" if year is not None else f"--{month:02d}"


def _relative_day(rel: str, pub: dt.date | None) -> str | None:
    offset = _OFFSET_OF.get(fold(rel))
    return None if pub is None or offset is None else (pub + dt.timedelta(days=offset)).isoformat()


def _weekday_value(weekday: int, direction: int, pub: dt.date | None, forward: bool = False) -> str | None:
    """The weekday before the report (that day itself included); the one after it with
    «المقبل» (a week on if it is today) or in a clause about the future (today included)."""
    if pub is None:
        return None
    if direction > 0 or forward:
        ahead = (weekday - pub.weekday()) % 7
        if direction > 0:
            ahead = ahead or 7
        return (pub + dt.timedelta(days=ahead)).isoformat()
    delta = (pub.weekday() - weekday) % 7
    if direction < 0 and delta == 0:
        delta = 7
    if direction < -1:  # «الأحد قبل الماضي»: a week before the last one
        delta += 7
    return (pub - dt.timedelta(days=delta)).isoformat()


def _year_of(raw: str | None) -> int | None:
    return _num(raw) if raw else None


def _anaphora(g: dict, before: list[FoundDate]) -> str | None:
    """«اليوم نفسه», «اليوم التالي», «العام نفسه»: the last date before it that is precise
    enough, moved by the offset (a date without a year moves only by nothing)."""
    unit = g["unit"] or g["unit2"]
    offset = _ANAPHORA[(g["ana"] or "نفسه").removesuffix("ا")]  # «نفسها» → «نفسه»
    for f in reversed(before):
        v = f.value
        if not v:
            continue
        if v.startswith("--"):  # no year: «--MM-DD» or «--MM»
            if offset == 0 and unit == "الشهر":
                return v[:4]
            if offset == 0 and unit == "اليوم" and len(v) == 7:
                return v
            continue
        if unit == "اليوم" and len(v) == 10:
            return (dt.date.fromisoformat(v) + dt.timedelta(days=offset)).isoformat()
        if unit == "الشهر" and len(v) >= 7:
            month = dt.date(int(v[:4]), int(v[5:7]), 1) + relativedelta(months=offset)
            return f"{month.year:04d}-{month.month:02d}"
        if unit in _YEAR_UNITS:
            return f"{int(v[:4]) + offset:04d}"
    return None


def _resolve(
    kind: str, m: re.Match, pub: dt.date | None, forward: bool, before: list[FoundDate], anchor: dt.date | None = None
) -> str | None:
    g = m.groupdict()
    text = m.group(0)
    if kind == "numeric_named":
        nums = re.findall(r"[0-9٠-٩۰-۹]+", text)
        month = _month_of(re.sub(r"[0-9٠-٩۰-۹\-/\s]+", " ", text).strip())
        d = _safe_date(_num(nums[-1]), month, _num(nums[0])) if month else None
        return d.isoformat() if d else None
    if kind in ("iso", "dmy"):
        a, b, c = (_num(x) for x in re.split(r"[-/.]", text.translate(_DIGITS)))
        d = _safe_date(a, b, c) if kind == "iso" else _safe_date(c, b, a)
        return d.isoformat() if d else None
    if kind == "hijri":
        nums = [_num(x) for x in re.findall(r"[0-9٠-٩۰-۹]+", text)]
        hm = _month_of(_HMONTH_RX.search(text).group(0), _HIJRI_LOOKUP)
        day = nums[0] if len(nums) == 2 else None
        year = nums[-1] if nums and nums[-1] > 1000 else None
        if hm is None or year is None:
            return None
        try:
            g_date = Hijri(year, hm, day or 1).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return g_date.isoformat() if day else f"{g_date.year:04d}-{g_date.month:02d}"
    if kind == "hijri_year":
        return None  # a Hijri year straddles two Gregorian years
    if kind == "day_month":
        month = _month_of(g["m"])
        year = _year_of(g["y"])
        if g["d2"]:  # a day range or list: valued at the coarsest shared unit
            return _month_value(month, year, _dir(g["dir"]), pub, forward)
        day = _num(g["d1"]) if g["d1"] else _ORDINALS.get(g["ord"])
        return _day_month(day, month, year, _dir(g["dir"]), pub, forward) if day else None
    if kind == "day_relmonth":
        if pub is None or g["d2"]:
            return None
        month = pub + relativedelta(months=_dir(g["dir"]))
        d = _safe_date(month.year, month.month, _num(g["d1"]) if g["d1"] else _ORDINALS.get(g["ord"]))
        return d.isoformat() if d else None
    if kind in ("part_month", "month_year", "month_dir", "month_alone"):
        return _month_value(_month_of(g["m"]), _year_of(g.get("y")), _dir(g.get("dir")), pub, forward)
    if kind == "month_range":
        first = _month_value(_month_of(g["m"]), _year_of(g["y"]), _dir(g["dir"]), pub, forward)
        return None if first.startswith("--") else first[:4]
    if kind == "month_relyear":
        if pub is None:
            return None
        return f"{pub.year + _dir(g['dir']):04d}-{_month_of(g['m']):02d}"
    if kind in ("part_rel", "rel_unit", "this_unit"):
        unit, direction = g["unit"], _dir(g.get("dir"))
        if pub is None or unit == _WEEK:
            return None  # a week has no ISO form in the contract
        if unit in _YEAR_UNITS:
            return f"{pub.year + direction:04d}"
        month = pub + relativedelta(months=direction)
        return f"{month.year:04d}-{month.month:02d}"
    if kind == "year":
        return f"{_num(g['y']):04d}"
    if kind == "night_pair":  # «ليل السبت الأحد»: the night that ends on the second day
        w1, w2 = _weekday_of(g["w1"]), _weekday_of(g["w2"])
        if pub is not None and not forward and w1 == pub.weekday():
            return (pub + dt.timedelta(days=1)).isoformat()  # tonight: it begins on the report's day
        return _weekday_value(w2, 0, pub, forward)
    if kind == "last_night":
        return None if pub is None else (pub - dt.timedelta(days=1)).isoformat()
    if kind in ("rel_weekday", "rel_day", "earlier_today"):
        return _relative_day(g["rel"], pub)
    if kind == "weekday":
        if anchor is not None and not g["dir"]:  # «وافق الخميس على هدنة اعتباراً من فجر الجمعة»
            return _weekday_value(_weekday_of(g["w"]), 0, anchor, forward=True)
        return _weekday_value(_weekday_of(g["w"]), _dir(g["dir"]), pub, forward)
    if kind == "same_day":
        return _anaphora(g, before)
    if kind == "days_ago":
        n = _COUNT_OF.get(g["n"])
        n = n if n is not None else _num(g["n"])
        return None if pub is None else (pub - dt.timedelta(days=n)).isoformat()
    return None


_TIME_PREPS = {fold(w) for w in ["في", "وفي", "منذ", "حتى", "إلى", "قبل", "بعد", "وبعد", "أمس", "غدا", "اليوم"]}
_COMPOUND_HEADS = {fold(w) for w in ["سوق", "صلاة", "خطبة", "مسجد", "جامع", "شارع", "حي", "جمعة", "لجنة", "مجموعة"]}
# nouns that a day and month with no year name («ثورة 25 يناير», «ساحة 14 آذار», «قوى 8 آذار»)
_NAME_HEADS = {
    fold(w)
    for w in [
        "ثورة",
        "حركة",
        "تيار",
        "قوى",
        "تحالف",
        "ساحة",
        "ميدان",
        "شارع",
        "جسر",
        "حي",
        "صحيفة",
        "جريدة",
        "موقع",
        "قناة",
        "مدرسة",
        "جامعة",
        "ملعب",
        "مستشفى",
        "لواء",
    ]
}
_QUOTES = "\"'«»“”"


def _weak(kind: str, m: re.Match, before: str, after: str) -> bool:
    """Matches that are usually not dates: bare «الاثنين» (also 'both'), «اليوم» in a name,
    a date that names something («ثورة 25 يناير», a site called "26 سبتمبر")."""
    opens, closes = before.rstrip()[-1:], after.lstrip()[:1]
    if opens and closes and opens in _QUOTES and closes in _QUOTES:
        return True  # the whole quotation: a name
    if kind == "day_month" and not m.group("y"):
        words = before.split()
        if words and fold(words[-1]) in _NAME_HEADS:
            return True
    if kind == "weekday" and m.group(0) == m.group("w"):
        # «سوق الجمعة» is a place, «صلاة الجمعة» a prayer; «الاثنين» also means 'the two',
        # so it counts only after punctuation or a time preposition.
        before = before.rstrip()
        prev_word = fold(before.split()[-1]) if before.split() else ""
        if prev_word in _COMPOUND_HEADS:
            return True
        if m.group("w") == "الاثنين":
            return not (not before or before[-1] in "،,(.:؛-–" or prev_word in _TIME_PREPS)
    if kind == "rel_day" and m.group(0) == "اليوم":
        # «أخبار اليوم», a channel called "روسيا اليوم": the last of two quoted words
        return bool(
            re.search(r"(أخبار|اخبار|حتى|منذ)\s*\(?$", before[-8:])
            or bool(re.search(f"[{_QUOTES}]\\s*\\w+\\s+$", before) and closes and closes in _QUOTES)
        )
    return False


def _forward_kind(kind: str, m: re.Match) -> bool:
    """Whether a future clause moves this match forward: a day or month named without a
    year or a direction word of its own."""
    g = m.groupdict()
    if g.get("dir") or g.get("y") or g.get("rel"):
        return False
    return kind in ("weekday", "night_pair", "day_month", "month_alone", "part_month", "month_range")


def _candidates(line: str) -> list[tuple[int, int, int, str, re.Match]]:
    """Every pattern's matches in one line, as spans of the original line."""
    norm = normalize(line)
    kept = set(norm.index)
    out = []
    for priority, (kind, rx) in enumerate(_COMPILED):
        for m in rx.finditer(norm.text):
            if m.end() <= m.start():
                continue
            start, end = norm.original_span(m.start(), m.end())
            while end < len(line) and end not in kept and not line[end].isspace():
                end += 1  # the marks folding dropped after the last letter («غداً»)
            if not _weak(kind, m, line[:start], line[end:]):
                out.append((start, end, priority, kind, m))
    return out


def find_dates(text: str, published: dt.date | None = None) -> list[FoundDate]:
    """All date expressions, longest first, no overlaps, in text order."""
    chosen: list[tuple[int, int, str, re.Match]] = []
    offset = 0
    for line in text.split("\n"):
        candidates = _candidates(line)
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        taken: list[tuple[int, int]] = []
        for start, end, _, kind, m in candidates:
            if any(start < e and end > s for s, e in taken):
                continue
            # trim white space and unbalanced brackets that patterns may swallow
            while end > start and (
                line[end - 1].isspace()
                or line[end - 1] in "("
                or (line[end - 1] == ")" and line[start:end].count("(") < line[start:end].count(")"))
            ):
                end -= 1
            while start < end and line[start].isspace():
                start += 1
            taken.append((start, end))
            chosen.append((offset + start, offset + end, kind, m))
        offset += len(line) + 1
    chosen.sort(key=lambda c: c[0])
    found: list[FoundDate] = []
    for start, end, kind, m in chosen:  # in text order: «اليوم نفسه» needs the dates before it
        line_start = text.rfind("\n", 0, start) + 1
        future = future_clause(text[line_start:start])
        forward = _forward_kind(kind, m) and future
        sentence_start = max(text.rfind(c, 0, start) for c in ".!?؟؛\n") + 1
        anchor = _anchor(text[sentence_start:start], found, sentence_start)
        span = text[start:end]
        found.append(
            FoundDate(
                span,
                start,
                end,
                _resolve(kind, m, published, forward, found, anchor),
                kind,
                ahead=future or points_ahead(span),
            )
        )
    return found
