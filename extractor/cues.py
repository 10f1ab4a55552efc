"""Lexical cues in Arabic agreement vocabulary.

Only sentences with a cue are offered to the agreement pass, and an article without any cue
skips it (a battle report, an election result). The words of a sentence also narrow which
kinds and statuses the model may choose for it: «هدنة» can be a truce, not a memorandum.
"""

from __future__ import annotations

import regex as re

from .arabic import fold
from .segments import Segment

# Folded forms (no hamza, ة→ه, ى→ي), most specific first.
_KIND_CUES: list[tuple[str, str]] = [
    ("prisoner_exchange", r"تبادل (?:الاسري|السجناء|المحتجزين)|صفقه (?:الاسري|تبادل)"),
    ("memorandum_of_understanding", r"مذكر(?:ه|تي|ات) (?:ال)?تفاهم"),
    ("military_cooperation", r"تعاون (?:ال)?عسكري|(?:ال)?تعاون العسكري"),
    ("security_cooperation", r"تعاون (?:ال)?امني|(?:ال)?اتفاق (?:ال)?امني|الاتفاقيه الامنيه"),
    ("ceasefire", r"وقف (?:ل)?اطلاق (?:ال)?نار|وقف النار|وقف (?:ال)?قتال|وقف الاعمال القتاليه|وقف العمليات العسكريه"),
    ("truce", r"هدن|تهدئه"),
    ("peace_agreement", r"(?:اتفاق|اتفاقيه|معاهده) (?:ال)?سلام|السلام (?:ال)?شامل"),
    ("economic_agreement", r"اقتصادي|تجاري|استثمار|طريق التنميه"),
    ("initiative", r"مبادر"),
    ("political_agreement", r"سياسي|تفاهمات|توافق|تطبيع|استئناف العلاقات|اعلان"),
]
_ANY_AGREEMENT = r"اتفاق|اتفق|صفق|معاهد|بروتوكول|(?<!\w)[وف]?وقع(?:ت|ا|وا)?(?!\w)"
_CUE = re.compile("|".join([p for _, p in _KIND_CUES] + [_ANY_AGREEMENT]))
_KIND_RX = [(k, re.compile(p)) for k, p in _KIND_CUES]

_STATUS_CUES: list[tuple[str, str]] = [
    ("collapsed", r"انهيار|انهار|انهت العمل"),
    ("violated", r"خرق|انتهاك|انتهك"),
    ("in_effect", r"حيز التنفيذ|دخل .{0,20}التنفيذ|سريان|يسري|تطبيق"),
    ("ratified", r"صادق|مصادق|اقر|تفعيل"),
    ("signed", r"(?<!\w)[وف]?وقع(?:ت|ا|وا)?(?!\w)|توقيع|الموقع|ابرم|ابرام"),
    ("reached", r"توصل|اتفق|التوصل|اعلن|اعلان"),
    ("under_negotiation", r"مفاوض|محادث|مشاورات|السعي|يسعي|جولة|حوار"),
    ("proposed", r"مبادر|اقترح|طرح|عرض|دعا|دعوه|يدعو"),
]
_STATUS_RX = [(s, re.compile(p)) for s, p in _STATUS_CUES]


def agreement_sentences(sents: list[Segment], limit: int = 10) -> list[Segment]:
    return [s for s in sents if _CUE.search(fold(s.text))][:limit]


def kind_choices(sentence: str) -> list[str]:
    """Kinds the sentence's words support, most specific first; «other» is always allowed."""
    folded = fold(sentence)
    return [k for k, rx in _KIND_RX if rx.search(folded)] + ["other"]


def status_choices(sentence: str) -> list[str] | None:
    """Statuses the sentence's verbs support, or None when nothing narrows them."""
    folded = fold(sentence)
    found = [s for s, rx in _STATUS_RX if rx.search(folded)]
    return found or None
