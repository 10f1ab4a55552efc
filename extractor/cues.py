"""Lexical cues that a sentence reports an agreement (Arabic agreement vocabulary).

Only sentences with a cue are offered to the agreement pass: the model chooses among them,
and an article without any cue skips the pass (a battle report, an election result).
"""

from __future__ import annotations

import regex as re

from .arabic import fold
from .segments import Segment

# Folded forms (no hamza, ة→ه, ى→ي): agreement, accord, truce, ceasefire, cessation of
# hostilities, memorandum of understanding, initiative, understandings, consensus, deal,
# prisoner exchange, treaty, protocol, de-escalation, declaration, signed.
_CUE = re.compile(
    r"اتفاق|اتفق|هدن|وقف اطلاق النار|وقف لاطلاق النار|وقف النار|وقف القتال|وقف الاعمال القتاليه"
    r"|مذكره تفاهم|مذكرتي تفاهم|مبادر|تفاهمات|توافق|صفق|تبادل الاسري|معاهد|بروتوكول|تهدئه"
    r"|(?<!\w)اعلان (?!عن)\w+|(?<!\w)[وف]?وقع(?:ت|ا|وا)?(?!\w)"
)


# A sentence that *states* an agreement has a verb of reaching, signing, announcing or
# proposing it; one that only mentions it («لتهدئة التوترات», a question) does not.
_STATEMENT = re.compile(
    r"توصل|التوصل|(?<!\w)[وف]?(?:وقع|وقعت|وقعا|وقعوا)(?!\w)|توقيع|ابرم|اتفق|تم الاتفاق|(?<!\w)[وف]?اعلن"
    r"|طرح|حيز التنفيذ|صادق|مصادقه|وافق|موافقه|سريان|يسري|تبادل"
)


def agreement_sentences(sents: list[Segment], limit: int = 10) -> list[Segment]:
    """Sentences with a cue, each text once (a headline repeated as the lead is one choice).
    None when no sentence states an agreement: the article only mentions one."""
    cued: dict[str, Segment] = {}
    for s in sents:
        key = fold(s.text)
        if key not in cued and _CUE.search(key):
            cued[key] = s
    if not any(_STATEMENT.search(key) for key in cued):
        return []
    return list(cued.values())[:limit]
