"""Grounding: every name the model writes becomes a verbatim span of the article, or is dropped.

The product's central promise: exact match first, then an Arabic-aware match (folded letters,
clitics), then the closest phrase of the article within a small edit distance. A person's name
is cut to the name itself (no title, no gentilic, no description); what cannot be grounded is
counted in ``dropped`` and never reaches the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .actors import ActorCandidate
from .finders.candidates import candidate_spans
from .finders.countries import folded_country_names
from .finders.titles import name_after_title, starts_with_role
from .text.arabic import WORD, Normalized, fold, locate, normalize

_PARTICLE_BEFORE = re.compile(r"(?<!\w)(عبد|أبو|ابو|بن|ابن|آل|ولد) $")


def _all_definite(name: str) -> bool:
    """Two or more words, each with the article ال: a description, not a person's name."""
    words = [fold(w) for w in WORD.findall(name)]
    return len(words) > 1 and all(w.startswith("ال") for w in words)


# One word that cannot be an actor's name: an indefinite adjective («دولية», «أممية»), a common
# noun with a possessive pronoun («بلاده», «حكومتها») or with «لل» attached («للحركة»).
_NOT_A_NAME = re.compile(
    r"[^ ]*يه|[وبلف]?(?:بلاد|حكوم[هت]|دول[هت]|جيش|قوات|حرك[هت]|جماع[هت]|ادار[هت]|وزار[هت]|طرف)(?:ه|ها|هم|هما)"
    r"|لل[^ ]+"
)


def descriptive(name: str) -> bool:
    key = fold(name)
    return (
        " " not in key
        and not key.startswith("ال")
        and bool(_NOT_A_NAME.fullmatch(key))
        and key not in folded_country_names()
        and key[:-2] + "يا" not in folded_country_names()
    )  # «سورية» is «سوريا»


FUZZY_CUTOFF = 88  # rapidfuzz ratio on normalised text: one or two letters off in a name


@dataclass
class Grounder:
    article: str
    dropped: int = 0
    norm: Normalized = field(init=False)
    _phrase_cache: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.norm = normalize(self.article)

    def span(self, text: str | None) -> tuple[int, int] | None:
        """Where ``text`` stands in the article: exact or Arabic-aware match first, then the
        closest phrase of the article when the model slightly misspelled it."""
        if not text or not text.strip():
            return None
        hit = locate(self.article, text, self.norm)
        if hit is None:
            words = text.split()
            if words and words[0].startswith("ال") and len(words[0]) > 4:  # a spurious article «الإبراهيم»
                hit = locate(self.article, " ".join([words[0][2:], *words[1:]]), self.norm)
        return hit or self._closest(text)

    def _whole_compound_name(self, hit: tuple[int, int]) -> tuple[int, int]:
        """«الرؤوف كارة» is the tail of «عبد الرؤوف كارة»: take the particle too."""
        m = _PARTICLE_BEFORE.search(self.article, 0, hit[0])
        return (m.start(1), hit[1]) if m else hit

    def _person_span(self, hit: tuple[int, int]) -> tuple[int, int]:
        """«المصري عبد الفتاح السيسي», «الرئاسة التركية إبراهيم كالين» → the name: descriptive
        ال-words before the first word without ال belong to a title. A name made only of ال-words
        stays as it is (a surname alone, «السيسي»)."""
        words = list(WORD.finditer(self.article, hit[0], hit[1]))
        first = next((w for w in words if not fold(w.group(0)).startswith("ال")), None)
        return (first.start(), hit[1]) if first is not None else hit

    def _gentilic(self, name: str) -> bool:
        """«المصري» alone is the adjective of «مصر» (which the article names), not a person;
        «السيسي» stays: no word of the article starts with «سيس»."""
        word = fold(name)
        if " " in word or not (word.startswith("ال") and word.endswith("ي")) or len(word) < 6:
            return False
        return re.search(rf"(?<!\w){re.escape(word[2:-1])}", self.norm.text) is not None

    def _closest(self, text: str) -> tuple[int, int] | None:
        target = fold(text)
        n_words = len(target.split())
        if len(target) < 5:
            return None
        best = process.extractOne(target, self._phrases(n_words), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return locate(self.article, best[0], self.norm) if best else None

    def _phrases(self, n_words: int) -> list[str]:
        if n_words not in self._phrase_cache:
            self._phrase_cache[n_words] = [
                fold(p) for p in candidate_spans(self.article, max_words=6) if len(p.split()) == n_words
            ]
        return self._phrase_cache[n_words]

    def actor(self, raw: dict) -> ActorCandidate | None:
        hit = self.span(str(raw.get("name", "")))
        if hit is None:
            self.dropped += 1
            return None
        if raw["type"] == "person":
            inner = name_after_title(self.article[hit[0] : hit[1]])
            if inner is not None:  # the model wrote the title with the name: keep the name
                hit = (hit[0] + inner[0], hit[0] + inner[1])
            hit = self._person_span(self._whole_compound_name(hit))
        name = self.article[hit[0] : hit[1]]
        if raw["type"] == "person" and (_all_definite(name) or self._gentilic(name)):
            self.dropped += 1
            return None
        if starts_with_role(name) or descriptive(name):  # «رئيس الاستخبارات التركية» is a title, not a name
            self.dropped += 1
            return None
        # titles are read from the text next to the mentions (titles.py), not from the model
        return ActorCandidate(name=name, type=raw["type"], title=None, start=hit[0], end=hit[1], forms={name})
