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


def agreement_sentences(sents: list[Segment], limit: int = 10) -> list[Segment]:
    return [s for s in sents if _CUE.search(fold(s.text))][:limit]
