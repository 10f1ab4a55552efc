"""The sides of an agreement, read from the sentence that states it.

Arabic news names the sides together, joined by «و» or «مع»: «توصلت أنقرة وموسكو إلى اتفاق»,
«وقعت أرمينيا وأذربيجان اتفاقاً», «اتفاق بين الحكومة والمعارضة», «وقعت مصر مع السودان». A
state may be named by its gentilic («الجانبان التركي والروسي»). Actors named that way after a
word of mediation («برعاية روسيا وفرنسا», «بوساطة قطرية», «بالتعاون مع ...») mediated it. A
place is no side («وقّع الطرفان في روما»). The small model picks sides far less reliably than
this reading, so where the sentence shows them, it wins.
"""

from __future__ import annotations

import regex as re

from ..contract import Actor, Span
from ..text.arabic import find_all, fold
from .gentilics import find_gentilics

# Between two actors named together: «و» (the next name carries it) or a comma and «و», after
# a gentilic that may follow a name («الولايات المتحدة الأمريكية والمملكة ...»).
_JOINED = re.compile(r"(?:\s+ال\w+(?:ي|ية|يه))?\s*(?:،?\s*و|مع\s+)(?:ال)?")
_MEDIATION = re.compile(r"(?:بوساطه|برعايه|بالتعاون مع|بمشاركه|بدعم|تحت رعايه)(?:\s+من)?$")
_MEDIATION_WORDS = 4
# A name right after a locative preposition is where it happened, not who agreed.
_PLACE = re.compile(r"(?:^|\s)[وف]?(?:في|داخل|عاصمه)\s*$")


def side_mentions(text: str, sentence: Span, actors: list[Actor]) -> list[tuple[int, int, str]]:
    """(start, end, actor id) of every actor named in the sentence: its mentions, and a state's
    gentilic where no mention stands; places left out."""
    inside = [
        (m.start, m.end, a.id)
        for a in actors
        for m in a.mentions
        if sentence.start <= m.start and m.end <= sentence.end
    ]
    ends = {me for _, me, _ in inside}
    for a in actors:
        if a.type != "state":
            continue
        for s, e in find_gentilics(text, a.name, sentence.start, sentence.end):
            # right after a name it describes that actor («الحكومة السودانية», «الولايات المتحدة
            # الأمريكية»); after a common noun it names the state («الوفد السوداني»)
            if any(text[me:s].strip() in ("", "ال") for me in ends if me <= s):
                continue
            if all(e <= ms or s >= me for ms, me, _ in inside):
                inside.append((s, e, a.id))
    return sorted(m for m in inside if not _PLACE.search(fold(text[max(sentence.start, m[0] - 12) : m[0]])))


def _named_together(text: str, sentence: Span, actors: list[Actor]) -> list[tuple[int, list[str]]]:
    """Runs of different actors named one after another, joined by «و» or «مع»: (start of the run,
    actor ids); a run may be one actor."""
    inside = side_mentions(text, sentence, actors)
    runs: list[tuple[int, list[tuple[int, int, str]]]] = []
    for mention in inside:
        if runs and mention[0] >= runs[-1][1][-1][1]:
            last = runs[-1][1]
            if _JOINED.fullmatch(text[last[-1][1] : mention[0]]) and mention[2] not in {m[2] for m in last}:
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
        before = " ".join(fold(text[sentence.start : start]).split()[-_MEDIATION_WORDS:])
        if _MEDIATION.search(before):
            mediators += [i for i in ids if i not in mediators]
        elif not parties and len(ids) >= 2:
            parties = ids
    return parties, [m for m in mediators if m not in parties]


def mediators_named(text: str, actors: list[Actor]) -> set[str]:
    """The actors the article names after a word of mediation anywhere («بوساطة قطرية»,
    «برعاية روسيا وفرنسا»): the only ones that can mediate."""
    return set(read_sides(text, Span(text=text, start=0, end=len(text)), actors)[1])


def speaks_for(person: Actor, actors: list[Actor]) -> str | None:
    """The state a person's title names («وزير الخارجية الأمريكي», «رئيس وزراء العراق»),
    when the article has it as an actor: the side he signs or speaks for."""
    if person.type != "state" and " " not in person.name.strip():
        # «المصري» listed as an actor of its own: the gentilic of a state the article has
        for a in actors:
            if a.type == "state" and find_gentilics(person.name, a.name):
                return a.id
    if person.type != "person" or not person.title:
        return None
    for a in actors:
        if a.type == "state" and (find_all(person.title, a.name) or find_gentilics(person.title, a.name)):
            return a.id
    return None
