"""Deterministic Arabic date detection and ISO normalisation.

The model never writes a date value: this module finds every date expression with its
offsets and resolves it against the publication date when one is given. Without one, a
year the text does not state stays unknown (``--MM-DD`` / ``--MM``), never guessed.

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

from ..text.arabic import fold

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_AL = "[اأإآ]"  # any alef
_H = "[ةه]"

# month number -> spellings (regex fragments); Gregorian, Levantine/Iraqi and Maghrebi names.
_MONTHS: dict[int, list[str]] = {
    1: ["يناير", "كانون الثاني", "جانفي", "ينایر"],
    2: ["فبراير", "شباط", "فيفري", "فبرایر"],
    3: ["مارس", f"{_AL}ذار"],
    4: [f"{_AL}بريل", "نيسان", f"{_AL}فريل"],
    5: ["مايو", "ماي", f"{_AL}يار"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "جويلي" + _H, "يوليوز"],
    8: [f"{_AL}غسطس", f"{_AL}ب", "غشت", f"{_AL}وت"],
    9: ["سبتمبر", f"{_AL}يلول", "شتنبر"],
    10: [f"{_AL}كتوبر", f"تشرين {_AL}ل{_AL}ول"],
    11: ["نوفمبر", "تشرين الثاني", "نونبر"],
    12: ["ديسمبر", f"كانون {_AL}ل{_AL}ول", "دجنبر"],
}
_HIJRI_MONTHS: dict[int, list[str]] = {
    1: ["محرم"], 2: ["صفر"], 3: [f"ربيع {_AL}ل{_AL}ول"], 4: [f"ربيع {_AL}ل{_AL}خر", "ربيع الثاني"],
    5: [f"جماد[ىي] {_AL}ل{_AL}ول[ىي]"], 6: [f"جماد[ىي] {_AL}ل{_AL}خر{_H}", "جماد[ىي] الثاني" + _H],
    7: ["رجب"], 8: ["شعبان"], 9: ["رمضان"], 10: ["شوال"], 11: ["ذو القعد" + _H, "ذي القعد" + _H],
    12: ["ذو الحج" + _H, "ذي الحج" + _H],
}
_WEEKDAYS = {  # Python weekday numbers
    0: "ال[اإ]ثنين|[اإ]لاثنين", 1: "الثلاثاء", 2: "الأربعاء|الاربعاء", 3: "الخميس", 4: "الجمعة|الجمعه",
    5: "السبت", 6: "الأحد|الاحد",
}
_ORDINAL_UNITS = ["الأول|الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_ORDINAL_TEENS = {10: "العاشر", 20: "العشرين", 30: "الثلاثين"}


def _alt(parts: list[str]) -> str:
    return "(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


def _ordinal_table() -> dict[str, int]:
    """Ordinal day words 1..31 («الرابع», «الحادي عشر», «الثالث والعشرين»)."""
    table: dict[str, int] = {}
    units = [u.split("|") for u in _ORDINAL_UNITS]
    for n, forms in enumerate(units, start=1):
        for f in forms:
            table[f] = n
    table["العاشر"] = 10
    for n, forms in enumerate(units, start=1):
        for f in forms:
            word = "الحادي" if n == 1 else f
            if n <= 9:
                table[f"{word} عشر"] = 10 + n
    for tens in (20, 30):
        table[_ORDINAL_TEENS[tens]] = tens
        for n, forms in enumerate(units, start=1):
            if tens + n > 31:
                break
            for f in forms:
                word = "الحادي" if n == 1 else f
                table[f"{word} و{_ORDINAL_TEENS[tens]}"] = tens + n
    return table


_ORDINALS = _ordinal_table()
_MONTH_LOOKUP = [(re.compile(f"^{p}$"), n) for n, ps in _MONTHS.items() for p in ps]
_HIJRI_LOOKUP = [(re.compile(f"^{p}$"), n) for n, ps in _HIJRI_MONTHS.items() for p in ps]
_WEEKDAY_LOOKUP = [(re.compile(f"^(?:{p})$"), n) for n, p in _WEEKDAYS.items()]

B = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"  # word start, or after an attached و ف ب ل
E = r"(?![\w])"
D = r"[0-9٠-٩]"
MONTH = _alt([p for ps in _MONTHS.values() for p in ps])
HMONTH = _alt([p for ps in _HIJRI_MONTHS.values() for p in ps])
PAIRED = rf"{MONTH}(?:\s*/\s*{MONTH}|\s*\(\s*{MONTH}\s*\))?"
WEEKDAY = _alt([p for ps in _WEEKDAYS.values() for p in ps.split("|")])
ORD = _alt(list(_ORDINALS))
YEAR = rf"(?:{D}{{4}})\s*(?:م|ميلادي)?{E}"
PYEAR = rf"(?:\(\s*{D}{{4}}\s*م?\s*\)|{YEAR})"
DIR_WORD = r"(?:الماضي|المنصرم|المقبل|القادم|الجاري|الحالي)"
REL_DAY = r"(?:أول أمس|اول امس|أمس الأول|امس الاول|أمس|امس|اليوم|غداً|غدا|غدًا|بعد غد)"
TIME_OF_DAY = r"(?:(?:منتصف\s+)?(?:ليل|ليلة|فجر|مساء|صباح|ظهر|عصر)\s+)"
PART_WORD = r"(?:مطلع|منتصف|أواخر|اواخر|أوائل|اوائل|بداية|نهاية|أواسط|اواسط)"

_PATTERNS: list[tuple[str, str]] = [
    ("numeric_named", rf"{B}{D}{{1,2}}\s*[-/]\s*{PAIRED}\s*[-/]\s*{D}{{4}}{E}"),
    ("iso", rf"{B}{D}{{4}}[-/.]{D}{{1,2}}[-/.]{D}{{1,2}}{E}"),
    ("dmy", rf"{B}{D}{{1,2}}[-/.]{D}{{1,2}}[-/.]{D}{{4}}{E}"),
    # a Hijri month needs a day or a year: «رجب» alone is usually a first name
    ("hijri", rf"{B}(?:{D}{{1,2}}\s+{HMONTH}(?:\s+(?:عام\s+|سنة\s+)?{D}{{4}}\s*(?:هـ|ه)?)?"
              rf"|{HMONTH}\s+(?:عام\s+|سنة\s+)?{D}{{4}}\s*(?:هـ|ه)?){E}"),
    ("day_month", rf"{B}{TIME_OF_DAY}?(?:(?:{REL_DAY}\s+)?(?:يوم\s+)?{WEEKDAY}\s*(?:\(|،|,)?\s*)?"
                  rf"(?:{REL_DAY}\s+)?"
                  rf"(?:(?P<d1>{D}{{1,2}})(?:\s*[-–]\s*(?P<d2>{D}{{1,2}}))?|(?P<ord>{ORD})\s+من)\s+"
                  rf"(?:شهر\s+)?(?P<m>{PAIRED})(?:\s*\)?\s*(?:من\s+)?(?:عام\s+|سنة\s+)?(?P<y>{PYEAR}))?"
                  rf"(?:\s+(?P<dir>{DIR_WORD}))?\)?{E}"),
    ("part_month", rf"{B}(?P<part>{PART_WORD})\s+(?:شهر\s+)?(?P<m>{PAIRED})(?:\s+(?:عام\s+)?(?P<y>{PYEAR}))?"
                   rf"(?:\s+(?P<dir>{DIR_WORD}))?{E}"),
    ("part_rel", rf"{B}(?P<part>{PART_WORD})\s+(?P<unit>الشهر|العام|الأسبوع|الاسبوع|السنة)(?:\s+(?P<dir>{DIR_WORD}))?{E}"),
    ("month_year", rf"{B}(?:شهر\s+)?(?P<m>{PAIRED})\s*(?:من\s+)?(?:عام\s+|سنة\s+)?(?P<y>{PYEAR})"
                   rf"(?:\s+(?P<dir>{DIR_WORD}))?"),
    ("month_relyear", rf"{B}(?:شهر\s+)?(?P<m>{PAIRED})\s+من\s+(?:العام|السنة)\s+(?P<dir>{DIR_WORD}){E}"),
    ("month_dir", rf"{B}(?:شهر\s+)?(?P<m>{PAIRED})\s+(?P<dir>{DIR_WORD}){E}"),
    ("month_alone", rf"(?<=(?:^|\s)[وف]?(?:في|من|إلى|الى|حتى|منذ|خلال)\s)(?:شهر\s+)?(?P<m>{PAIRED}){E}"),
    ("year", rf"{B}(?:(?:عام|العام|سنة|لعام|ولعام|بعام)\s+)?(?P<y>(?:19|20){D}{{2}}|[١٢][٩٠]{D}{{2}})\s*(?:م|ميلادي)?{E}"),
    ("rel_unit", rf"{B}(?P<unit>العام|السنة|الشهر|الأسبوع|الاسبوع)\s+(?P<dir>{DIR_WORD}){E}"),
    ("night_pair", rf"{B}(?:ليل|ليلة)\s+(?P<w1>{WEEKDAY})\s*(?:-|/|و)?\s*(?P<w2>{WEEKDAY}){E}"),
    ("last_night", rf"{B}(?:الليلة الماضية|ليلة أمس|ليل أمس|مساء أمس|صباح أمس|صباح اليوم|مساء اليوم){E}"),
    ("rel_weekday", rf"{B}{TIME_OF_DAY}?(?P<rel>{REL_DAY})\s*(?:\(\s*)?(?P<w>{WEEKDAY})\)?{E}"),
    ("weekday", rf"{B}(?:(?:يوم|ليل|ليلة|مساء|صباح|فجر)\s+)?(?P<w>{WEEKDAY})(?:\s+(?P<dir>{DIR_WORD}))?{E}"),
    ("rel_day", rf"{B}(?P<rel>{REL_DAY}){E}"),
]
_COMPILED = [(name, re.compile(p)) for name, p in _PATTERNS]


@dataclass(frozen=True)
class FoundDate:
    text: str
    start: int
    end: int
    value: str | None
    kind: str  # which pattern matched; a hint for callers and tests


def _month_of(name: str, table=_MONTH_LOOKUP) -> int | None:
    first = re.split(r"\s*[/(]\s*", name.strip())[0].strip()
    for rx, n in table:
        if rx.match(first):
            return n
    return None


def _weekday_of(word: str) -> int | None:
    for rx, n in _WEEKDAY_LOOKUP:
        if rx.match(word):
            return n
    return None


def _num(s: str) -> int:
    return int(re.sub(r"\D", "", s.translate(_DIGITS)))


_NEXT = ("المقبل", "القادم")
# relative days (folded) and their offset from the publication date
_DAY_OFFSETS = {"اليوم": 0, "امس": -1, "غدا": 1, "بعد غد": 2, "اول امس": -2, "امس الاول": -2}


def _dir(word: str | None) -> int:
    if not word:
        return 0
    if word in ("الماضي", "المنصرم"):
        return -1
    if word in _NEXT:
        return 1
    return 0  # الجاري / الحالي: the current one


# the words that point forward, folded (the feminine «المقبلة» too)
_AHEAD = re.compile(r"(?<!\w)(?:{})(?!\w)".format("|".join(
    [*(day for day, offset in _DAY_OFFSETS.items() if offset > 0), *_NEXT, *(w + "ه" for w in _NEXT)])))


def points_ahead(expression: str) -> bool:
    """Whether the expression points forward from the report («غداً السبت», «الاثنين المقبل»):
    a day to come, not one on which something was done."""
    return bool(_AHEAD.search(fold(expression)))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: int | None, direction: int, pub: dt.date | None) -> str | None:
    if year is None and pub is not None:
        year = pub.year
        cand = _safe_date(year, month, day)
        if cand is None:
            return None
        if direction < 0 and cand > pub:
            year -= 1
        elif direction > 0 and cand < pub:
            year += 1
    if year is None:
        return f"--{month:02d}-{day:02d}" if _safe_date(2000, month, day) else None
    d = _safe_date(year, month, day)
    return d.isoformat() if d else None


def _month_value(month: int, year: int | None, direction: int, pub: dt.date | None) -> str:
    if year is None and pub is not None:
        year = pub.year
        if direction < 0 and month >= pub.month and not (month == pub.month and direction == 0):
            year -= 1
        elif direction > 0 and month <= pub.month:
            year += 1
    return f"{year:04d}-{month:02d}" if year is not None else f"--{month:02d}"


def _relative_day(rel: str, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    rel = rel.replace("أ", "ا").replace("ً", "")
    offset = _DAY_OFFSETS.get(rel)
    return None if offset is None else (pub + dt.timedelta(days=offset)).isoformat()


def _weekday_value(weekday: int, direction: int, pub: dt.date | None) -> str | None:
    if pub is None:
        return None
    delta = (pub.weekday() - weekday) % 7
    if direction > 0:
        ahead = (weekday - pub.weekday()) % 7 or 7
        return (pub + dt.timedelta(days=ahead)).isoformat()
    if direction < 0 and delta == 0:
        delta = 7
    return (pub - dt.timedelta(days=delta)).isoformat()


def _year_of(raw: str | None) -> int | None:
    return _num(raw) if raw else None


def _resolve(kind: str, m: re.Match, pub: dt.date | None) -> str | None:
    g = m.groupdict()
    text = m.group(0)
    if kind == "numeric_named":
        nums = re.findall(r"[0-9٠-٩]+", text)
        month = _month_of(re.sub(r"[0-9٠-٩\-/\s]+", " ", text).strip())
        d = _safe_date(_num(nums[-1]), month, _num(nums[0])) if month else None
        return d.isoformat() if d else None
    if kind in ("iso", "dmy"):
        a, b, c = (_num(x) for x in re.split(r"[-/.]", text.translate(_DIGITS)))
        d = _safe_date(a, b, c) if kind == "iso" else _safe_date(c, b, a)
        return d.isoformat() if d else None
    if kind == "hijri":
        nums = [_num(x) for x in re.findall(r"[0-9٠-٩]+", text)]
        hm = _month_of(re.sub(r"[0-9٠-٩]+|هـ|عام|سنة", " ", text).strip(), _HIJRI_LOOKUP)
        day = nums[0] if len(nums) == 2 else None
        year = nums[-1] if nums and nums[-1] > 1000 else None
        if hm is None or year is None:
            return None
        try:
            g_date = Hijri(year, hm, day or 1).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return g_date.isoformat() if day else f"{g_date.year:04d}-{g_date.month:02d}"
    if kind == "day_month":
        month = _month_of(g["m"])
        year = _year_of(g["y"])
        if g["d2"]:  # a day range: valued at the coarsest shared unit
            return _month_value(month, year, _dir(g["dir"]), pub)
        day = _num(g["d1"]) if g["d1"] else _ORDINALS.get(g["ord"])
        return _day_month(day, month, year, _dir(g["dir"]), pub) if day else None
    if kind in ("part_month", "month_year", "month_dir", "month_alone"):
        return _month_value(_month_of(g["m"]), _year_of(g.get("y")), _dir(g.get("dir")), pub)
    if kind == "month_relyear":
        if pub is None:
            return None
        return f"{pub.year + _dir(g['dir']):04d}-{_month_of(g['m']):02d}"
    if kind in ("part_rel", "rel_unit"):
        unit, direction = g["unit"], _dir(g.get("dir"))
        if pub is None or unit in ("الأسبوع", "الاسبوع"):
            return None  # a week has no ISO form in the contract
        if unit in ("العام", "السنة"):
            return f"{pub.year + direction:04d}"
        month = pub + relativedelta(months=direction)
        return f"{month.year:04d}-{month.month:02d}"
    if kind == "year":
        return f"{_num(g['y']):04d}"
    if kind == "night_pair":  # «ليل السبت الأحد»: the night that ends on the second day
        return _weekday_value(_weekday_of(g["w2"]), 0, pub)
    if kind == "last_night":
        if pub is None:
            return None
        back = 0 if "اليوم" in text else 1
        return (pub - dt.timedelta(days=back)).isoformat()
    if kind == "rel_weekday":
        return _relative_day(g["rel"], pub)
    if kind == "weekday":
        return _weekday_value(_weekday_of(g["w"]), _dir(g["dir"]), pub)
    if kind == "rel_day":
        return _relative_day(g["rel"], pub)
    return None


_TIME_PREPS = {"في", "وفي", "منذ", "حتى", "إلى", "الى", "قبل", "بعد", "وبعد", "حتى", "أمس", "امس", "غدا", "غداً", "اليوم"}


_COMPOUND_HEADS = {"سوق", "صلاة", "خطبة", "مسجد", "جامع", "شارع", "حي", "جمعة", "لجنة", "مجموعة"}


def _weak(kind: str, m: re.Match, text: str) -> bool:
    """Matches that are usually not dates: bare «الاثنين» (also 'both'), «اليوم» in a name."""
    if kind == "weekday" and m.group(0) == m.group("w"):
        # «سوق الجمعة» is a place, «صلاة الجمعة» a prayer; «الاثنين» also means 'the two',
        # so it counts only after punctuation or a time preposition.
        before = text[:m.start()].rstrip()
        prev_word = before.split()[-1] if before.split() else ""
        if prev_word in _COMPOUND_HEADS:
            return True
        if re.sub("[إأ]", "ا", m.group("w")) == "الاثنين":
            return not (not before or before[-1] in "،,(.:؛\n-–" or prev_word in _TIME_PREPS)
    if kind == "rel_day" and m.group(0) == "اليوم":
        before = text[max(0, m.start() - 8):m.start()]
        return bool(re.search(r"(أخبار|اخبار|حتى|منذ)\s*\(?$", before))
    return False


def find_dates(text: str, published: dt.date | None = None) -> list[FoundDate]:
    """All date expressions, longest first, no overlaps, in text order."""
    candidates: list[tuple[int, int, int, str, re.Match]] = []
    for priority, (kind, rx) in enumerate(_COMPILED):
        for m in rx.finditer(text):
            if m.end() > m.start() and not _weak(kind, m, text):
                candidates.append((m.start(), m.end(), priority, kind, m))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for start, end, _, kind, m in candidates:
        if any(start < e and end > s for s, e in taken):
            continue
        # trim trailing spaces/brackets that patterns may swallow
        while end > start and text[end - 1] in " )(" and text[start:end].count("(") <= text[start:end].count(")") - (text[end - 1] == ")"):
            end -= 1
        taken.append((start, end))
        found.append(FoundDate(text[start:end], start, end, _resolve(kind, m, published), kind))
    return sorted(found, key=lambda f: f.start)
