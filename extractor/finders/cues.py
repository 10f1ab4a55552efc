"""Lexical cues that a sentence reports an agreement (Arabic agreement vocabulary).

Only sentences that state an agreement are offered to the agreement pass: the model chooses
among them, and an article without one skips the pass (a battle report, an election result).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..text.arabic import fold, normalize
from ..text.segments import Segment
from .countries import CAPITALS
from .dates import future_clause

# Folded forms (no hamza, ة→ه, ى→ي): agreement, accord, truce, ceasefire, cessation of
# hostilities, memorandum of understanding (or «the memorandum» named before), initiative,
# understandings, consensus, deal, prisoner exchange, treaty, protocol, de-escalation, declaration.
# The verb «وقع» alone is no cue: it also means "occurred" («وقعت اشتباكات»).
_CUE = re.compile(
    r"اتفاق|اتفق|هدن|وقف (?:\w+ )?ل?اطلاق (?:ال)?نار|وقف (?:ال)?نار|وقف القتال|وقف الاعمال القتاليه"
    r"|مذكره تفاهم|مذكرتي تفاهم|(?<!\w)[وب]?المذكره|مبادر|تفاهمات|توافق|صفق|تبادل الاسري|معاهد|بروتوكول|تهدئه"
    r"|(?<!\w)اعلان (?!عن)\w+"
)

# Verbs that tell each stage of an agreement (folded; «وقع» as a whole word: signed).
_PROPOSED = r"طرح|اقترح"
_REACHED = r"توصل|اتفق|تم الاتفاق|(?<!\w)[وف]?توافق"
_SIGNED = r"توقيع|(?<!\w)[وف]?(?:وقع|وقعت|وقعا|وقعوا)(?!\w)|ابرم|ابرام"
_RATIFIED = r"صادق|مصادقه"
_IN_EFFECT = r"حيز التنفيذ"

# A sentence that *states* an agreement has a verb of reaching, signing, announcing,
# approving or proposing it; one that only mentions it («لتهدئة التوترات», a question) does not.
_STATEMENT = re.compile(
    "|".join(
        (
            _PROPOSED,
            _REACHED,
            _SIGNED,
            _RATIFIED,
            _IN_EFFECT,
            r"(?<!\w)[وف]?اعلن|(?<!\w)[وف]?وافق|موافقه|سريان|يسري|تبادل",
        )
    )
)

# A statement right after a relative pronoun or a temporal conjunction is background to what
# the sentence reports: «رحبت مصر بالاتفاق الذي جرى التوصل إليه», «وصل السراج غداة دخول
# الهدنة حيز التنفيذ» are about a welcome and a visit.
_BACKGROUND = re.compile(r"(?<!\w)[وف]?(?:الذي|التي|اللذين|اللتين|الذين|غداه|عقب|بعد|بعدما|قبل|اثر|منذ)(?!\w)")
_BACKGROUND_WORDS = 5
_CLAUSE_END = re.compile(r"[،,؛;:.!?؟()\"]")

# A title line: no closing punctuation, a few words, a line of its own. Analysts cite the body,
# which tells what a headline sums up.
_CLOSING = re.compile(r"[.!?؟:\"”»)]\s*$")
_TITLE_WORDS = 16
# Share of the shorter sentence's words that makes a sentence a retelling of an earlier one.
_RETOLD = 0.8


# The stage a statement verb tells, furthest last (the order of ``AgreementStatus``).
_STAGES = tuple(
    (stage, re.compile(verbs))
    for stage, verbs in (
        ("proposed", _PROPOSED),
        ("reached", _REACHED),
        ("signed", _SIGNED),
        ("ratified", _RATIFIED),
        ("in_effect", _IN_EFFECT),
    )
)


# Words that name the kind of an agreement (folded). A sentence that names none leaves the kind
# to the model, but not one of these: a kind with words of its own is not assumed.
_KINDS = (
    ("memorandum_of_understanding", re.compile(r"مذكره تفاهم|مذكرتي تفاهم|مذكرات تفاهم")),
    ("initiative", re.compile(r"مبادره")),
    ("prisoner_exchange", re.compile(r"تبادل (?:ال|لل)?(?:اسري|اسرى|محتجزين|معتقلين|سجناء|رهائن)|صفقه تبادل")),
    ("truce", re.compile(r"هدن")),
    # «وقف إطلاق النار», «وقف فوري لإطلاق النار», «وقف شامل لإطلاق النار»
    (
        "ceasefire",
        re.compile(
            r"وقف (?:\w+ )?(?:ل)?اطلاق (?:ال)?نار|وقف (?:ال)?نار|وقف (?:ال)?اعمال (?:ال)?(?:قتاليه|عدائيه)|وقف القتال"
        ),
    ),
    ("peace_agreement", re.compile(r"(?:اتفاق|اتفاقيه|معاهده) (?:ال)?سلام")),
    ("military_cooperation", re.compile(r"تعاون (?:ال)?عسكري|(?:اتفاق|اتفاقيه) (?:ال)?(?:عسكري|دفاعي)")),
    ("security_cooperation", re.compile(r"تعاون (?:ال)?امني|(?:اتفاق|اتفاقيه) (?:ال)?امني")),
    (
        "economic_agreement",
        re.compile(r"(?:اتفاق|اتفاقيه|تعاون|شراكه)\w* (?:ال)?(?:اقتصادي|تجاري|استثماري|تجاره|طاقه)"),
    ),
    ("political_agreement", re.compile(r"مصالحه|(?:استئناف|استعاده|اعاده|تطبيع) (?:ال)?علاقات|اتفاق (?:ال)?سياسي")),
    # a named declaration, quoted or after the capital it was made in («"إعلان جدة"», «إعلان
    # الدوحة»): a text of commitments of its own kind, not the announcing of something
    # («إعلان وقف إطلاق النار», «إعلان الرئيس»)
    ("other", re.compile(r"[\"«“]اعلان \w+|(?<!\w)[وب]?اعلان (?:" + "|".join(fold(c) for c in CAPITALS) + r")(?!\w)")),
)
# kinds with words of their own; «other» keeps the model's reading where no declaration is named
_NAMED_KINDS = {kind for kind, _ in _KINDS} - {"political_agreement", "economic_agreement", "other"}


def unnamed_kind(model_kind: str, article: str = "") -> str:
    """The kind of an agreement whose sentence names none: the model's reading, unless it is a
    kind with words of its own (a ceasefire, a memorandum ...) that the article never names."""
    if model_kind not in _NAMED_KINDS:
        return model_kind
    pattern = dict(_KINDS)[model_kind]
    return model_kind if pattern.search(fold(article)) else "political_agreement"


def _foreground(key: str, pattern: re.Pattern) -> list[re.Match]:
    """Matches of ``pattern`` that are not in a relative or temporal clause."""
    out = []
    for m in pattern.finditer(key):
        before = _CLAUSE_END.split(key[: m.start()])[-1].split()[-_BACKGROUND_WORDS:]
        if not any(_BACKGROUND.fullmatch(w) for w in before):
            out.append(m)
    return out


_RELATIVE = re.compile(r"(?<!\w)[وف]?(?:الذي|التي|اللذين|اللتين|الذين|اللذان|اللتان)(?!\w)")


def in_relative_clause(text: str, start: int) -> bool:
    """Whether ``text[start:]`` follows a relative pronoun in its clause («الاتفاق الذي أبرم في
    ...»): what it tells is background to the sentence."""
    clause = _AHEAD_CLAUSE_END.split(fold(text[max(0, start - 120) : start]))[-1]
    return any(_RELATIVE.fullmatch(w) for w in clause.split()[-_BACKGROUND_WORDS:])


def _states(key: str) -> bool:
    return bool(_foreground(key, _STATEMENT))


def stated_kinds(sentence: str) -> list[str]:
    """The kinds the sentence names («مذكرة تفاهم», «هدنة», «وقف إطلاق النار»), in the order
    it names them."""
    key = fold(sentence)
    found = sorted((m.start(), kind) for kind, pattern in _KINDS if (m := pattern.search(key)))
    return [kind for _, kind in found]


# The stages in the order an agreement goes through them; a violated or collapsed one is past them.
STAGE_ORDER = ("proposed", "under_negotiation", "reached", "signed", "ratified", "in_effect")


# Words that put a stage still ahead: the future («سيتم التوقيع», «من المقرر أن يوقع»), a
# purpose («ليشارك في التوقيع»), and a pursuit («سعياً إلى بلوغ توافق», «من أجل التوصل إلى»).
_PURSUIT = re.compile(r"(?<!\w)[وف]?(?:سعيا|سعي|مساعي|بهدف|بغيه|لاجل|اجل|محاوله|محاولات|جهود)(?!\w)")
_PURPOSE_VERB = re.compile(r"^[وف]?ل[يت][^ا\W]\w{2,}$")
_AHEAD_WORDS = 6
_AHEAD_CLAUSE_END = re.compile(r"[،,؛;:.!?؟()]")  # quotes do not end the clause: «بلوغ "توافق شامل"»


def _ahead_of(key: str, at: int) -> str | None:
    """«pursued» or «future» when the clause before ``key[at:]`` puts what follows ahead."""
    words = _AHEAD_CLAUSE_END.split(key[:at])[-1].replace('"', " ").split()[-_AHEAD_WORDS:]
    if any(_PURSUIT.fullmatch(w) for w in words):
        return "pursued"
    if future_clause(" ".join(words)) or any(
        _PURPOSE_VERB.match(w) and not w.startswith(("ليبي", "ليبيا")) for w in words
    ):
        return "future"
    return None


def stated_status(sentence: str) -> str | None:
    """The furthest stage the sentence's own verbs tell («وقّع» signed, «دخل حيز التنفيذ» in
    effect), or None when they tell none. A stage still pursued is under negotiation; a signing
    still to come tells that the agreement was reached, other stages to come tell nothing."""
    key = fold(sentence)
    found = []
    for stage, pattern in _STAGES:
        for m in _foreground(key, pattern):
            ahead = _ahead_of(key, m.start())
            if ahead == "pursued":
                found.append("under_negotiation")
            elif ahead is None:
                found.append(stage)
            elif stage == "signed":
                found.append("reached")
    return max(found, key=STAGE_ORDER.index) if found else None


def _is_title(article: str, s: Segment) -> bool:
    return (
        not _CLOSING.search(s.text) and len(s.text.split()) <= _TITLE_WORDS and article[s.end : s.end + 1] in ("\n", "")
    )


def _retold(words: set[str], earlier: list[set[str]]) -> bool:
    return any(len(words & w) >= _RETOLD * min(len(words), len(w)) for w in earlier)


def agreement_sentences(article: str, sents: list[Segment], limit: int = 10) -> list[Segment]:
    """The sentences that state an agreement, in article order, each told once (a lead that
    retells an earlier sentence, with or without an aside, is left out); title lines only when
    no body sentence states one. Empty when the article only mentions agreements."""
    stating = [s for s in sents if _CUE.search(key := fold(s.text)) and _states(key)]
    out: list[Segment] = []
    seen: list[set[str]] = []
    for s in [s for s in stating if not _is_title(article, s)] or stating:
        words = set(fold(s.text).split())
        if not _retold(words, seen):
            out.append(s)
            seen.append(words)
    return out[:limit]


# An earlier agreement named in passing, with the signing or reaching in a relative clause and
# the date it was made: «استناداً إلى اتفاق الصخيرات الذي أبرم في دجنبر 2015». The agreement
# exists; the sentence reports something else. «اتفاق» in construct with a name (no ال on it)
# is an agreement named by its place or subject; «بالاتفاق الذي جرى التوصل إليه» (no name) is
# the report's own agreement told again.
_NAMED_EARLIER = re.compile(
    r"(?<!\w)[وبلف]?((?:اتفاق|اتفاقيه|معاهده|مذكره تفاهم|اعلان)"
    r" (?!(?:الذي|التي)(?!\w))\w+(?: \w+)?"
    r" (?:الذي|التي) (?:تم |جري )?(?:ابرم|ابرمت|وقع|وقعت|توقيعه|توقيعها|ابرامه|ابرامها|التوصل اليه|التوصل اليها|توصل|توصلت)\w*)"
)


@dataclass(frozen=True)
class EarlierAgreement:
    start: int  # the named agreement and its relative clause, up to the clause's end
    end: int
    kind: str
    status: str


def earlier_agreements(text: str) -> list[EarlierAgreement]:
    """Agreements an article names in passing as made before, each with the clause that says
    so (``text[start:end]``): the kind its name tells («اتفاق السلام»: a peace agreement; else a
    political one), the stage the clause's verb tells (signed, or reached)."""
    norm = normalize(text)
    out = []
    for m in _NAMED_EARLIER.finditer(norm.text):
        clause_end = _AHEAD_CLAUSE_END.search(norm.text, m.end())
        start, end = norm.original_span(m.start(1), clause_end.start() if clause_end else len(norm.text))
        while end > start and text[end - 1].isspace():
            end -= 1
        kinds = stated_kinds(text[start:end])
        status = "reached" if "توصل" in m.group(0) else "signed"
        out.append(EarlierAgreement(start, end, kinds[0] if kinds else "political_agreement", status))
    return out
