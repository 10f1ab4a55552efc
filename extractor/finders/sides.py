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
from ..text.arabic import find_all, fold, normalize
from .gentilics import find_gentilics, states_named
from .titles import ROLE_COMPLEMENTS, starts_with_role

# Between two actors named together: «و» (the next name carries it) or a comma and «و», after
# a gentilic that may follow a name («الولايات المتحدة الأمريكية والمملكة ...»).
_JOINED = re.compile(r"(?:\s+ال\w+(?:ي|ية|يه))?\s*(?:،?\s*و|مع\s+)(?:ال)?")
# words of mediation, and the mediator named as such («وسيط الاتحاد الإفريقي», «الوسيط القطري»)
_MEDIATION = re.compile(
    r"(?:بوساطه|برعايه|بالتعاون مع|بمشاركه|بدعم|تحت رعايه|(?<!\w)[وب]?(?:ال)?(?:وسيط|وساطه|وسطاء))(?:\s+من)?$"
)
_MEDIATION_WORDS = 4
# «مع» right before a name: the other side of what the sentence's subject agreed
_WITH = re.compile(
    r"(?:^|\s)مع(?:\s+(?:حركه|جماعه|حكومه|دوله|جمهوريه|مملكه|قوات|اقليم|سلطات))?\s*[\"«“]?\s*$"
)  # «مع حركة "..."», not «تناقضاً مع مساعي القاهرة»
# «بحضور»: those present at a signing witnessed it
_PRESENT = re.compile(r"بحضور|بشهاده|شهد (?:ال)?توقيع")
# The words of an agreement or of agreeing («اتفاق», «هدنة», «وقعت», «توصل»), folded.
_AGREEMENT_WORD = re.compile(
    r"اتفا?ق|هدن|وقف|مذكر|تفاهم|صفق|معاهد|بروتوكول|اعلان|مبادر|(?<!\w)[وف]?(?:وقع|وقعت|وقعا|وقعتا|توصل|ابرم)"
)
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
            # after a role it is part of a person's title («رئيس الوزراء العراقي»): the person
            # stands for the state where he is a side
            before = fold(re.sub(r"\S*$", "", text[max(sentence.start, s - 30) : s])).split()  # «ال» cut off
            if before and (starts_with_role(before[-1]) or before[-1] in ROLE_COMPLEMENTS):
                continue
            if all(e <= ms or s >= me for ms, me, _ in inside):
                inside.append((s, e, a.id))
    # «في» before a country or a capital is where it happened; before a body it is membership
    # («مسؤول في حركة حماس»)
    states = {a.id for a in actors if a.type == "state"}
    return sorted(
        m for m in inside if not (m[2] in states and _PLACE.search(fold(text[max(sentence.start, m[0] - 12) : m[0]])))
    )


def _named_together(text: str, inside: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """Runs of different actors named one after another (``inside``: their mentions, from
    ``side_mentions``), joined by «و» or «مع»: (start and end of the run, actor ids); a run may
    be one actor."""
    runs: list[tuple[int, list[tuple[int, int, str]]]] = []
    for mention in inside:
        if runs and mention[0] >= runs[-1][1][-1][1]:
            last = runs[-1][1]
            if _JOINED.fullmatch(text[last[-1][1] : mention[0]]) and mention[2] not in {m[2] for m in last}:
                last.append(mention)
                continue
        runs.append((mention[0], [mention]))
    return [(start, run[-1][1], [m[2] for m in run]) for start, run in runs]


def read_sides(text: str, sentence: Span, actors: list[Actor]) -> tuple[list[str], list[str]]:
    """(parties, mediators) the sentence names: the first run of two or more actors named
    together (else an actor and the one it agreed «مع», with), and the actors named after a word
    of mediation; empty lists where it names none."""
    parties: list[str] = []
    mediators: list[str] = []
    runs = _named_together(text, side_mentions(text, sentence, actors))
    sides: list[tuple[int, list[str]]] = []
    brokered_until = -1  # the end of the last run named as mediating
    for start, end, ids in runs:
        before = " ".join(fold(text[sentence.start : start]).split()[-_MEDIATION_WORDS:])
        # a name right after a mediator's is the same mediator told again («وسيط الاتحاد
        # الإفريقي أولوسيغون أوباسانجو»)
        if _MEDIATION.search(before) or (brokered_until >= 0 and not text[brokered_until:start].strip()):
            mediators += [i for i in ids if i not in mediators]
            brokered_until = end
            continue
        brokered_until = -1
        if not _PRESENT.search(before):  # those present at a signing are no sides
            sides.append((start, ids))
    together = next((ids for _, ids in sides if len(ids) >= 2), [])
    parties = together or _with_counterpart(text, sentence, sides)
    return parties, [m for m in mediators if m not in parties]


def _with_counterpart(text: str, sentence: Span, runs: list[tuple[int, list[str]]]) -> list[str]:
    """«وقعت مالي اتفاقاً مع النيجر», «هدنة مع دولة الاحتلال» told by one of its sides: the
    actor named right after «مع» once the sentence has named the agreement, and the nearest
    actor named before that «مع»."""
    norm = normalize(text[sentence.start : sentence.end])
    agreement = _AGREEMENT_WORD.search(norm.text)
    if agreement is None:
        return []
    named_at = sentence.start + norm.original_span(agreement.start(), agreement.end())[0]
    for k, (start, ids) in enumerate(runs):
        if k == 0 or start < named_at:
            continue
        if _WITH.search(fold(text[sentence.start : start])):
            before = [i for _, run in runs[:k] for i in run if i not in ids]
            return [before[-1], ids[0]] if before else []
    return []


# The sides told by an anaphor, not by name: «طرفا النزاع», «الطرفان», «كلا الجانبين», «أطراف
# الصراع». «جانبي» alone is also an adjective («لقاء جانبي»): only the definite dual, or a dual
# in a construct with the conflict or the agreement, is read as the sides. Folded text.
_ANAPHOR = re.compile(
    r"(?<!\w)[وبل]?(?:ال|لل)(?:طرف|جانب)(?:ان|ين)(?!\w)"
    r"|(?<!\w)[وبل]?(?:طرف|جانب)(?:ا|ي)\s+(?:ال)?(?:نزاع|صراع|حرب|ازمه|قتال|خلاف|اتفاق|حوار|مفاوضات)(?!\w)"
    r"|(?<!\w)[وبل]?اطراف\s+(?:ال)?(?:نزاع|صراع|حرب|ازمه|قتال|خلاف)(?!\w)"
)
# Where the article names its two sides as a pair: after «بين» or a dual of sides or delegations
# («وفدا مجلس النواب والمجلس الأعلى», «بممثلي الحكومة والحركة», «طرفي الحكومة والمعارضة»), or
# one set against the other («الحكومة في مواجهة الحوثيين», «الجيش ضد المتمردين»). Folded text.
_PAIR_AFTER = re.compile(
    r"(?:(?<!\w)بين|(?<!\w)[وبل]?(?:وفدا|وفدي|ممثلي|ممثلو|طرفا|طرفي|جانبا|جانبي))(?:\s+(?:كل\s+)?من)?\s*$"
)
_AGAINST = re.compile(r"^[\s،,]*(?:في\s+مواجهه|ضد)(?:\s+ال)?\s*$")
_PAIR_WORDS = 3


def names_sides_by_anaphor(sentence: str) -> bool:
    """Whether the sentence tells of the sides without naming them («توصل طرفا النزاع إلى اتفاق»)."""
    return bool(_ANAPHOR.search(fold(sentence)))


def paired_sides(text: str, actors: list[Actor], at: int) -> list[str]:
    """The two actors the article names as the pair of sides nearest before ``at`` (else the
    first after it): what «الطرفان» or «طرفا النزاع» refers to; empty where it names no pair."""
    mentions = side_mentions(text, Span(text=text, start=0, end=len(text)), actors)
    pairs: list[tuple[int, list[str]]] = []
    for start, _, ids in _named_together(text, mentions):
        before = " ".join(fold(text[:start]).split()[-_PAIR_WORDS:])
        if len(ids) == 2 and _PAIR_AFTER.search(before):
            pairs.append((start, ids))
    for (s1, e1, a1), (s2, _, a2) in zip(mentions, mentions[1:], strict=False):
        if a1 != a2 and _AGAINST.match(fold(text[e1:s2])):
            pairs.append((s1, [a1, a2]))
    pairs.sort()
    before = [ids for start, ids in pairs if start < at]
    after = [ids for start, ids in pairs if start >= at]
    return before[-1] if before else after[0] if after else []


def mediators_named(text: str, actors: list[Actor]) -> set[str]:
    """The actors the article names after a word of mediation anywhere («بوساطة قطرية»,
    «برعاية روسيا وفرنسا»): the only ones that can mediate."""
    return set(read_sides(text, Span(text=text, start=0, end=len(text)), actors)[1])


# A spokesman («المتحدث باسم الحكومة», «الناطقة باسم الجيش») tells of an agreement; he is no
# side to it, whom he speaks for may be.
_SPOKESMAN = re.compile(r"^(?:ال)?(?:متحدث|ناطق)(?:ه)?(?!\w)")


def is_spokesman(actor: Actor) -> bool:
    return actor.type == "person" and bool(actor.title) and bool(_SPOKESMAN.match(fold(actor.title)))


# the head of a government, his title naming no state
_HEAD_OF_GOVERNMENT = re.compile(r"^رئيس (?:ال)?(?:حكومه|الوزراء|مجلس الوزراء)$")


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
    # no such state among the actors: the government the article names with the same gentilic
    # («وزير الخارجية الأمريكي» → «الإدارة الأمريكية»)
    named = states_named(person.title)
    for a in actors:
        if named and a.type == "government" and named & states_named(a.name):
            return a.id
    # «رئيس الحكومة», «رئيس مجلس الوزراء» with no state named: the one state's government the
    # article has («الحكومة العراقية»)
    if not named and _HEAD_OF_GOVERNMENT.search(fold(person.title)):
        national = [a.id for a in actors if a.type == "government" and states_named(a.name)]
        if len(national) == 1:
            return national[0]
    return None
