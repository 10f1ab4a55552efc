"""Candidate spans: the phrases a name or title may be chosen from.

Constraining names to these (an enum in the schema) makes the model choose text from the
article instead of writing it, which rules out invented or misspelled names.
"""

from __future__ import annotations

import regex as re

_WORD = re.compile(r"[\p{L}\p{M}\p{N}]+")
_CLITIC = re.compile(r"^(?:و|ف|ب|ل|ك|وب|ول|فب|فل|وك|لل)(?=\p{L}{3})")
# Function words that never start or end a name or title.
STOP_WORDS = {
    "في",
    "من",
    "على",
    "إلى",
    "الى",
    "عن",
    "مع",
    "أن",
    "إن",
    "ان",
    "أو",
    "او",
    "ثم",
    "قد",
    "لا",
    "لم",
    "لن",
    "ما",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "كان",
    "كانت",
    "بين",
    "بعد",
    "قبل",
    "عند",
    "حول",
    "خلال",
    "منذ",
    "حتى",
    "كما",
    "وقد",
    "وفي",
    "فيما",
    "حيث",
    "إذ",
    "أي",
    "كل",
    "هو",
    "هي",
    "هم",
    "أنه",
    "انه",
    "أنها",
    "عبر",
    "ضد",
    "لدى",
    "وهو",
    "وهي",
    "تم",
    "قال",
    "وقال",
    "أكد",
    "وأكد",
    "إنه",
}


def candidate_spans(text: str, max_words: int = 5) -> list[str]:
    """Contiguous word n-grams (1..max_words, same line, no punctuation inside), in order."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    seen: dict[str, None] = {}
    for i, (start, _) in enumerate(words):
        for n in range(1, max_words + 1):
            if i + n > len(words):
                break
            if n > 1 and text[words[i + n - 2][1] : words[i + n - 1][0]] != " ":
                break  # punctuation or a line break ends a phrase
            first, last = text[start : words[i][1]], text[words[i + n - 1][0] : words[i + n - 1][1]]
            if first in STOP_WORDS or last in STOP_WORDS or first.isdigit():
                continue
            phrase = text[start : words[i + n - 1][1]]
            seen.setdefault(phrase)
            bare = _CLITIC.sub("", phrase)
            if bare != phrase and bare.split()[0] not in STOP_WORDS:
                seen.setdefault(bare)
    return list(seen)
