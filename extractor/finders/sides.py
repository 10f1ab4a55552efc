"""The sides of an agreement, read from the sentence that states it.

Arabic news names the sides together, joined by «و»: «توصلت أنقرة وموسكو إلى اتفاق»,
«وقعت أرمينيا وأذربيجان اتفاقاً», «اتفاق بين الحكومة والمعارضة». Actors named that way after
a word of mediation («برعاية روسيا وفرنسا», «بالتعاون مع ...») mediated it. The small model
picks sides far less reliably than this reading, so where the sentence shows them, it wins.
"""

from __future__ import annotations

import regex as re

from ..contract import Actor, Span
from ..text.arabic import fold

# Between two actors named together: «و» (the next name carries it) or a comma and «و», after
# a gentilic that may follow a name («الولايات المتحدة الأمريكية والمملكة ...»).
_JOINED = re.compile(r"(?:\s+ال\w+(?:ي|ية|يه))?\s*،?\s*و")
_MEDIATION = re.compile(r"(?:بوساطه|برعايه|بالتعاون مع|بمشاركه|بدعم|تحت رعايه)(?:\s+من)?$")
_MEDIATION_WORDS = 4


def _named_together(text: str, sentence: Span, actors: list[Actor]) -> list[tuple[int, list[str]]]:
    """Runs of different actors named one after another, joined by «و»: (start of the run,
    actor ids); a run may be one actor."""
    inside = sorted((m.start, m.end, a.id) for a in actors for m in a.mentions
                    if sentence.start <= m.start and m.end <= sentence.end)
    runs: list[tuple[int, list[tuple[int, int, str]]]] = []
    for mention in inside:
        if runs and mention[0] >= runs[-1][1][-1][1]:
            last = runs[-1][1]
            if _JOINED.fullmatch(text[last[-1][1]:mention[0]]) and mention[2] not in {m[2] for m in last}:
                last.append(mention)
                continue
        runs.append((mention[0], [mention]))
    return [(start, [m[2] for m in run]) for start, run in runs]


def read_sides(text: str, sentence: Span, actors: list[Actor]) -> tuple[list[str], list[str]]:
    """(parties, mediators) the sentence names: the first run of two or more actors named
    together, and the actors named after a word of mediation; empty lists where it names none."""
    parties: list[str] = []
    mediators: list[str] = []
    for start, ids in _named_together(text, sentence, actors):
        before = " ".join(fold(text[sentence.start:start]).split()[-_MEDIATION_WORDS:])
        if _MEDIATION.search(before):
            mediators += [i for i in ids if i not in mediators]
        elif not parties and len(ids) >= 2:
            parties = ids
    return parties, [m for m in mediators if m not in parties]
