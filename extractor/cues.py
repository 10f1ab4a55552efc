"""Lexical cues that a sentence reports an agreement (Arabic agreement vocabulary).

Only sentences that state an agreement are offered to the agreement pass: the model chooses
among them, and an article without one skips the pass (a battle report, an election result).
"""

from __future__ import annotations

import regex as re

from .arabic import fold
from .segments import Segment

# Folded forms (no hamza, ة→ه, ى→ي): agreement, accord, truce, ceasefire, cessation of
# hostilities, memorandum of understanding (or «the memorandum» named before), initiative,
# understandings, consensus, deal, prisoner exchange, treaty, protocol, de-escalation, declaration.
# The verb «وقع» alone is no cue: it also means "occurred" («وقعت اشتباكات»).
_CUE = re.compile(
    r"اتفاق|اتفق|هدن|وقف اطلاق النار|وقف لاطلاق النار|وقف النار|وقف القتال|وقف الاعمال القتاليه"
    r"|مذكره تفاهم|مذكرتي تفاهم|(?<!\w)[وب]?المذكره|مبادر|تفاهمات|توافق|صفق|تبادل الاسري|معاهد|بروتوكول|تهدئه"
    r"|(?<!\w)اعلان (?!عن)\w+"
)

# A sentence that *states* an agreement has a verb of reaching, signing, announcing,
# approving or proposing it; one that only mentions it («لتهدئة التوترات», a question) does not.
_STATEMENT = re.compile(
    r"توصل|التوصل|(?<!\w)[وف]?(?:وقع|وقعت|وقعا|وقعوا)(?!\w)|توقيع|ابرم|اتفق|تم الاتفاق|(?<!\w)[وف]?اعلن"
    r"|طرح|حيز التنفيذ|صادق|مصادقه|(?<!\w)[وف]?(?:ت?وافق)|موافقه|سريان|يسري|تبادل"
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


def _states(key: str) -> bool:
    for m in _STATEMENT.finditer(key):
        before = _CLAUSE_END.split(key[:m.start()])[-1].split()[-_BACKGROUND_WORDS:]
        if not any(_BACKGROUND.fullmatch(w) for w in before):
            return True
    return False


def _is_title(article: str, s: Segment) -> bool:
    return (not _CLOSING.search(s.text) and len(s.text.split()) <= _TITLE_WORDS
            and article[s.end:s.end + 1] in ("\n", ""))


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
