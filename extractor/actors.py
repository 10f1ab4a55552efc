"""The actors half of the record: the model's grounded answers and what the article shows by
itself (people from their titles, acting countries and capitals, international bodies) merged
into one actor per referent, with every mention found in the text and titles read beside them.

The agreements half is built the same way in ``agreements.py``: ask, ground, then let the
article's own words decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .contract import Actor, Span
from .finders.countries import (
    CAPITALS,
    acting_capitals,
    acting_countries,
    find_countries,
    folded_country_names,
    international_bodies,
)
from .finders.cues import agreement_sentences
from .finders.gentilics import find_gentilics, states_named
from .finders.institutions import find_bodies
from .finders.people import find_people
from .finders.titles import ROLE_COMPLEMENTS, find_title, starts_with_role
from .text.arabic import Normalized, find_all, fold
from .text.segments import sentences


@dataclass
class ActorCandidate:
    """An actor before merging: a grounded name, its type, and the forms it is written in."""

    name: str
    type: str
    title: str | None
    start: int
    end: int
    forms: set[str] = field(default_factory=set)


def add_found_people(article: str, cands: list[ActorCandidate], norm: Normalized) -> list[ActorCandidate]:
    """Join the names read from titles (people.py) to the model's candidates. Where the model
    named a person in the same place, the longer answer stands («رجب طيب أردوغان» over
    «أردوغان»), unless the found name is the model's answer without words that run on into
    the sentence or the title («أبوظبي محمد بن زايد» → «محمد بن زايد»)."""
    people = [c for c in cands if c.type == "person"]
    spans = {id(c): find_all(article, c.name, norm) for c in people}
    found = []
    for s, e in find_people(article):
        name = article[s:e]
        # a title before the name shows a person, whatever type the model gave it
        for c in cands:
            if c.type != "person" and fold(c.name) == fold(name):
                c.type = "person"
        over = [c for c in people if any(s < te and e > ts for ts, te in spans[id(c)])]
        if not over:
            found.append(ActorCandidate(name=name, type="person", title=None, start=s, end=e, forms={name}))
            continue
        for c in over:
            inside = any(ts <= s and e <= te and (ts, te) != (s, e) for ts, te in spans[id(c)])
            if inside and len(name.split()) >= 2:
                c.name, c.start, c.end, c.forms = name, s, e, {name}
    return cands + found


def drop_misread_people(cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """«الردع» answered as a person where «قوات الردع الخاصة» is a group: one definite word
    that belongs to another actor's name is not a person's family name."""
    words = {w for c in cands if c.type != "person" for w in fold(c.name).split()[1:]}
    return [
        c
        for c in cands
        if not (
            c.type == "person" and " " not in fold(c.name) and fold(c.name).startswith("ال") and fold(c.name) in words
        )
    ]


def _in_title(word: str) -> bool:
    return starts_with_role(word) or fold(word) in ROLE_COMPLEMENTS


def _same_name(a: str, b: str) -> bool:
    """«الإمارات» and «الإمارات العربية المتحدة», «حكومة الوفاق» and «حكومة الوفاق الوطني»: the
    same name, or one name opens the other."""
    a, b = fold(a), fold(b)
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def add_found_states(article: str, cands: list[ActorCandidate], norm: Normalized) -> list[ActorCandidate]:
    """Join the countries that act in the article (countries.py, CLDR names) as states, and
    drop a country the model listed where the article only names it as a place."""
    named = find_countries(article, norm)
    acting = acting_countries(article, norm, _in_title, named)
    acting_keys = {fold(name) for name, _ in acting}
    places = {fold(name) for name, _ in named} - acting_keys
    countries = acting_keys | places
    capitals = acting_capitals(article, norm, _in_title)
    # a capital named only as a place («وقّعا في روما») is where it happened, never an actor
    places |= {fold(c) for c in CAPITALS if find_all(article, c, norm)} - {fold(c) for c, _, _ in capitals}
    kept = []
    for c in cands:
        key = fold(c.name)
        if key in countries and c.type == "person":
            c.type = "state"  # «السعودية» answered as a person
        if key in places and (c.type == "state" or key not in countries):
            continue
        if sum(1 for w in re.split(r"\s+و", key) if w.strip() in countries) > 1:
            continue  # «إيران والسعودية والصين»: a list of actors, not one
        kept.append(c)
    known = {fold(c.name) for c in kept}
    found: list[ActorCandidate] = []
    for name, spans in acting:
        key = fold(name)
        if key in known:
            continue
        forms = {article[s:e] for s, e in spans}
        # «الإمارات» and «الإمارات العربية المتحدة» in one article: one state
        same = next((f for f in found if _same_name(f.name, name)), None)
        if same is not None:
            same.forms |= forms
            continue
        found.append(
            ActorCandidate(name=name, type="state", title=None, start=spans[0][0], end=spans[0][1], forms=forms)
        )
    # a capital that acts stands for its state: a mention of the state when the article names
    # it, else the state under the capital's name («موسكو»)
    for capital, country, spans in capitals:
        forms = {article[s:e] for s, e in spans}
        state = next(
            (c for c in kept + found if c.type == "state" and _same_name(c.name, country)),
            None,
        )
        if state is not None:
            state.forms |= forms
            # the model's answer under the capital's name is the same state
            kept = [c for c in kept if c is state or fold(c.name) != fold(capital)]
        elif fold(capital) not in known:
            found.append(
                ActorCandidate(name=capital, type="state", title=None, start=spans[0][0], end=spans[0][1], forms=forms)
            )
    return _merge_formal_names(kept + found)


# Words of a state's formal name around its common one: «جمهورية العراق», «دولة قطر»,
# «روسيا الاتحادية», «الجمهورية الإسلامية الإيرانية», «المملكة الأردنية الهاشمية» (folded).
_FORMAL = {
    fold(w)
    for w in (
        "دولة",
        "جمهورية",
        "الجمهورية",
        "مملكة",
        "المملكة",
        "سلطنة",
        "إمارة",
        "الاتحادية",
        "العربية",
        "الإسلامية",
        "الديمقراطية",
        "الشعبية",
        "الهاشمية",
        "الاشتراكية",
        "الفيدرالية",
        "اتحاد",
    )
}


def _merge_formal_names(cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """A state named by its formal name is the state named by its common one («جمهورية العراق»
    is «العراق», «الجمهورية الإسلامية الإيرانية» is «إيران»): one actor, the common name."""
    states = [c for c in cands if c.type == "state"]
    out = []
    for c in cands:
        words = fold(c.name).split()
        core = " ".join(w for w in words if w not in _FORMAL)
        if c.type in ("state", "government") and core and core != " ".join(words):
            same = next(
                (s for s in states if s is not c and (_same_name(s.name, core) or find_gentilics(core, s.name))),
                None,
            )
            if same is not None:
                same.forms |= c.forms
                continue
        out.append(c)
    return out


def add_found_bodies(article: str, cands: list[ActorCandidate], norm: Normalized) -> list[ActorCandidate]:
    """The United Nations and the European Union, where the article names them (CLDR names)."""
    known = {fold(c.name) for c in cands}
    found = []
    for name in international_bodies():
        spans = find_all(article, name, norm)
        if spans and fold(name) not in known:
            s, e = spans[0]
            found.append(
                ActorCandidate(
                    name=article[s:e],
                    type="international_organization",
                    title=None,
                    start=s,
                    end=e,
                    forms={article[a:b] for a, b in spans},
                )
            )
    return cands + found


# Bodies that stand for their state as a whole (not its army or a council of its own)
_STATE_ITSELF = {"حكومه", "رئاسه", "برلمان", "اداره"}


def add_named_bodies(article: str, cands: list[ActorCandidate], norm: Normalized) -> list[ActorCandidate]:
    """Governments, councils, armies and groups the article names by the shape of their names
    (institutions.py), where a sentence that states an agreement names them: the sides and
    mediators a small model misses. A body named already in a shorter or longer form («حكومة
    الوفاق» beside «حكومة الوفاق الوطني») is that actor: the form joins it, no actor is added."""
    groups = [c for c in cands if c.type not in ("person", "state")]
    states = [c for c in cands if c.type == "state"]
    found: list[ActorCandidate] = []
    bodies = find_bodies(article)
    # a body becomes an actor where the article names it in a sentence that states an agreement
    # (a side or a mediator), or when it is a state's government; elsewhere only a form of an
    # actor the model named
    # (or names them by a short form there: «اتفاق مع إقليم كردستان» for «حكومة إقليم كردستان»)
    stating = agreement_sentences(article, sentences(article), limit=len(article))
    sides = set()
    for b in bodies:
        name = article[b.start : b.end]
        form = _region_form(name)
        if any(s.start <= b.start < s.end or (form and find_all(s.text, form)) for s in stating):
            sides.add(fold(name))
    for body in bodies:
        name = article[body.start : body.end]
        same = next((c for c in groups + found if _same_name(c.name, name)), None)
        # «الحكومة التركية», «البرلمان المصري» where Turkey or Egypt acts: the state itself
        if same is None and fold(name).split()[0].removeprefix("ال") in _STATE_ITSELF:
            named = states_named(name)
            same = next((c for c in states if any(_same_name(c.name, n) for n in named)), None)
        if same is not None:
            same.forms.add(name)
        elif fold(name) in sides or _national_government(name):
            found.append(
                ActorCandidate(name=name, type=body.type, title=None, start=body.start, end=body.end, forms={name})
            )
    for body in found:
        if form := _region_form(body.name):
            body.forms.add(form)
    return cands + found


def _national_government(name: str) -> bool:
    """«الحكومة العراقية», «الإدارة الأمريكية»: a state's government, named with its gentilic,
    acts wherever the article names it (where the state acts too, it is that state, above)."""
    head = fold(name).split()[0].removeprefix("ال")
    return head in ("حكومه", "اداره") and bool(states_named(name))


def _region_form(name: str) -> str | None:
    """«حكومة إقليم كردستان» is named by its region too («اتفاق مع إقليم كردستان»); not a
    state's government by the state's name, nor by one word («حكومة الوفاق»: «الوفاق» is no name)."""
    head, _, rest = name.partition(" ")
    if fold(head) == "حكومه" and rest and fold(rest) not in folded_country_names() and " " in rest:
        return rest
    return None


def merge_actors(cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """One actor per referent: same folded name, or a person's short form of a longer name."""
    merged: list[ActorCandidate] = []
    for c in sorted(cands, key=lambda c: -len(c.name)):
        key = fold(c.name)
        for m in merged:
            mkey = fold(m.name)
            # «أردوغان» answered as a government is the family name of the person «رجب طيب أردوغان»
            short_form = m.type == "person" and (c.type == "person" or " " not in key) and key in mkey.split()
            if key == mkey or short_form:
                m.forms |= c.forms
                m.title = m.title or c.title
                m.start = min(m.start, c.start)
                break
        else:
            merged.append(c)
    return merged


def _short_forms(actor: ActorCandidate) -> set[str]:
    """A person is also named by the last word of the full name («حفتر» for «خليفة حفتر»)."""
    words = actor.name.split()
    if actor.type == "person" and len(words) >= 2 and len(words[-1]) >= 3:
        return {words[-1]}
    return set()


def assign_mentions(article: str, actors: list[ActorCandidate], norm: Normalized) -> list[list[Span]]:
    """All mentions for all actors at once: longer forms win, a short form shared by two
    actors (two people named حفتر) is ambiguous and not used."""
    owners: dict[str, set[int]] = {}
    for i, a in enumerate(actors):
        for f in a.forms | _short_forms(a):
            owners.setdefault(fold(f), set()).add(i)
    claims: list[tuple[int, int, int]] = []
    for form, idxs in owners.items():
        if len(idxs) != 1:
            continue
        (i,) = idxs
        for s, e in find_all(article, form, norm):
            claims.append((s, e, i))
    claims.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    per_actor: list[list[Span]] = [[] for _ in actors]
    for s, e, i in claims:
        if any(s < te and e > ts for ts, te in taken):
            continue
        taken.append((s, e))
        per_actor[i].append(Span(text=article[s:e], start=s, end=e))
    for spans in per_actor:
        spans.sort(key=lambda sp: sp.start)
    return per_actor


def drop_fragments(article: str, actors: list[ActorCandidate], norm: Normalized) -> list[ActorCandidate]:
    """A name that never stands alone («المسلحة الليبية الشرقية» only inside «للقوات المسلحة
    الليبية الشرقية») is a fragment of another actor's name, not an actor."""
    occ = {id(a): find_all(article, a.name, norm) for a in actors}
    kept = []
    for a in actors:
        inside = [b for b in actors if b is not a and len(b.name) > len(a.name)]
        spans = occ[id(a)]
        if (
            spans
            and inside
            and all(any(bs <= s and e <= be for b in inside for bs, be in occ[id(b)]) for s, e in spans)
        ):
            continue
        kept.append(a)
    return kept


def build_actors(article: str, cands: list[ActorCandidate], norm: Normalized) -> list[Actor]:
    actors = drop_fragments(article, merge_actors(drop_misread_people(cands)), norm)
    mentions = assign_mentions(article, actors, norm)
    order = sorted(range(len(actors)), key=lambda i: (mentions[i][0].start if mentions[i] else actors[i].start))
    out = []
    for n, i in enumerate(order, start=1):
        a = actors[i]
        spans = mentions[i] or [Span(text=a.name, start=a.start, end=a.end)]
        title = a.title or (find_title(article, spans) if a.type == "person" else None)
        out.append(Actor(id=f"A{n}", name=a.name, type=a.type, title=title, mentions=spans))
    return out


def assemble_actors(article: str, cands: list[ActorCandidate], norm: Normalized) -> list[Actor]:
    """The model's grounded answers joined by the names the article shows itself (titles before
    people, CLDR country and body names): a small model misses many of them."""
    for add_found in (add_found_people, add_found_states, add_found_bodies, add_named_bodies):
        cands = add_found(article, cands, norm)
    return build_actors(article, cands, norm)
