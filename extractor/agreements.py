"""Agreements from the model's answer and the sentences that state them.

The model chooses the sentence, kind, stage, sides and date of each agreement among the
article's own choices; what the chosen sentence says in so many words then beats its reading:
the kind it names (each of its agreements takes the next kind it names), the stage its verb
tells, the sides it names together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .contract import Actor, Agreement, DateMention, Span
from .finders.cues import (
    STAGE_ORDER,
    agreement_sentences,
    earlier_agreements,
    in_relative_clause,
    stated_kinds,
    stated_status,
    unnamed_kind,
)
from .finders.dates import points_ahead
from .finders.sides import (
    is_spokesman,
    mediators_named,
    names_sides_by_anaphor,
    paired_sides,
    read_sides,
    speaks_for,
)
from .text.segments import Segment, sentences

_SAME_KIND = {"truce": "ceasefire"}


@dataclass(frozen=True)
class AgreementContext:
    """What the agreements question offers the model for one article."""

    sentences: list[Segment]  # the sentences that state an agreement, numbered from 1
    names: list[str]  # the actors it may pick as parties and mediators
    dates: list[DateMention]  # the dates it may pick (in those sentences, fit to be its day)
    date_texts: list[str]


def agreement_contexts(
    text: str,
    actors: list[Actor],
    dates: list[DateMention],
    max_sentences: int,
    unfit: frozenset[int] | set[int] = frozenset(),
    parts: list[Segment] | None = None,
) -> list[AgreementContext]:
    """One question per part of the article that states an agreement (a long article is read in
    parts, as for the actors: a small model lists the agreements of a page far worse than of a
    few paragraphs); none when no sentence states one. ``unfit``: the starts of dates that cannot
    be the day of an agreement (looked ahead to, or a vague period)."""
    stating = agreement_sentences(text, sentences(text), limit=len(text))
    groups = [[s for s in stating if p.start <= s.start < p.end] for p in parts] if parts else [stating]
    return [_context(text, group[:max_sentences], actors, dates, unfit) for group in groups if group]


def _context(
    text: str, sents: list[Segment], actors: list[Actor], dates: list[DateMention], unfit: frozenset[int] | set[int]
) -> AgreementContext:
    # the parties of an agreement are named where it is stated: offer those actors (all of
    # them when the sentences name fewer than two)
    def stated(pos: int) -> bool:
        return any(s.start <= pos < s.end for s in sents)

    named = [a for a in actors if any(stated(m.start) for m in a.mentions)]
    names = [a.name for a in (named if len(named) >= 2 else actors)]
    # the day an agreement was reached or signed is not one the report looks ahead to
    # («يبدأ سريانها غداً السبت» is when it takes effect, «ستوقع الخميس» is still to come: the
    # ``unfit`` dates), nor one of a relative clause («اتفاق الصخيرات الذي أبرم في 2015»: an earlier agreement's)
    in_sents = [
        d
        for d in dates
        if stated(d.start)
        and not points_ahead(d.text)
        and d.start not in unfit
        and not in_relative_clause(text, d.start)
    ]
    date_texts = list(dict.fromkeys(d.text for d in in_sents))
    return AgreementContext(sents, names, in_sents, date_texts)


def resolve_agreements(
    text: str, items: list[dict], sents: list[Segment], actors: list[Actor], dates: list[DateMention]
) -> list[Agreement]:
    by_name = {a.name: a.id for a in actors}
    by_date = {d.text: d.id for d in dates}
    kinds_left = {s.start: stated_kinds(s.text) for s in sents}
    brokers_named = mediators_named(text, actors)
    out: list[Agreement] = []
    seen: list[tuple[str, int, list[str]]] = []
    for item in items:
        sent = sents[min(max(int(item["sentence"]), 1), len(sents)) - 1]
        evidence = Span(text=sent.text, start=sent.start, end=sent.end)
        sides, brokers = read_sides(text, evidence, actors)
        if not sides and names_sides_by_anaphor(sent.text):  # «توصل طرفا النزاع إلى اتفاق»
            sides = [i for i in paired_sides(text, actors, sent.start) if i not in brokers]
        sides = _sides(sides, actors)
        # the model's picks where the sentence shows no sides: never a body the article names
        # as a mediator; a mediator only where the article names one
        picked = _sides([by_name[p] for p in item["parties"] if p in by_name], actors)
        parties = sides or [p for p in picked if p not in brokers_named]
        # a body the article names as a mediator that the model picked as a side mediated it
        mediators = _sides(brokers, actors) or [
            by_name[m]
            for m in dict.fromkeys([*item["mediators"], *item["parties"]])
            if by_name.get(m) in brokers_named and by_name[m] not in parties
        ]
        kind = kinds_left[sent.start].pop(0) if kinds_left[sent.start] else unnamed_kind(item["kind"], text)
        # no duplicate items: the same kind is one agreement told again unless two sentences
        # name different sides for it (the model's own picks of sides tell nothing apart); a
        # truce and a ceasefire in one report are one halt told in two words
        if any(
            _SAME_KIND.get(k, k) == _SAME_KIND.get(kind, kind)
            and not (sides and read and start != sent.start and not set(sides) & set(read))
            for k, start, read in seen
        ):
            continue
        seen.append((kind, sent.start, sides))
        out.append(
            Agreement(
                id=f"G{len(out) + 1}",
                kind=kind,
                status=stated_status(sent.text) or item["status"],
                parties=parties,
                mediators=mediators,
                date=by_date.get(item.get("date") or ""),
                evidence=evidence,
            )
        )
    # the furthest stage the article tells of each: a ceasefire «signed» in one sentence that
    # «entered into force» in another is in effect. The sentences that name its kind tell of it
    # (items of one kind are one agreement, above) unless they name other sides.
    telling = {
        s.start: (
            stated_kinds(s.text),
            stated_status(s.text),
            _sides(read_sides(text, Span(text=s.text, start=s.start, end=s.end), actors)[0], actors),
        )
        for s in sents
    }
    return [
        _furthest_stage(
            a,
            [
                stage
                for kinds, stage, sides in telling.values()
                if a.kind in kinds and not (sides and a.parties and not set(sides) & set(a.parties))
            ],
        )
        for a in out
    ]


def _furthest_stage(agreement: Agreement, told: list[str | None]) -> Agreement:
    """The furthest of the agreement's stage and the stages ``told`` of it elsewhere; a violated
    or collapsed agreement stays so."""
    if agreement.status not in STAGE_ORDER:
        return agreement
    best = max([agreement.status, *filter(None, told)], key=STAGE_ORDER.index)
    return agreement.model_copy(update={"status": best})


def _sides(ids: list[str], actors: list[Actor]) -> list[str]:
    """Sides at the level of states and groups: a person whose title names a state the article
    has stands for it; a news outlet is never a side, nor a spokesman who speaks for no actor."""
    by_id = {a.id: a for a in actors}
    out = []
    for i in ids:
        actor = by_id[i]
        if actor.type == "media":
            continue
        side = speaks_for(actor, actors)
        if side is None and is_spokesman(actor):
            continue
        out.append(side or i)
    return list(dict.fromkeys(out))


# An agreement made at least this long before the report is one it names in passing, not its news.
_EARLIER_DAYS = 60


def add_earlier_agreements(
    text: str, agreements: list[Agreement], dates: list[DateMention], published: dt.date | None
) -> list[Agreement]:
    """Add the earlier agreements the article names in passing with the date they were made
    («اتفاق الصخيرات الذي أبرم في دجنبر 2015»): they exist, and an analyst tracing who agreed
    what needs them. Only where the clause dates it, and that date is well before the report
    (a date of this month is the report's own agreement told again); one already listed with
    that date is not repeated. No sides: the clause names none."""
    out = list(agreements)
    for found in earlier_agreements(text):
        day = next((d for d in dates if found.start <= d.start < found.end and d.value), None)
        if day is None or not _well_before(day.value, published) or any(a.date == day.id for a in out):
            continue
        out.append(
            Agreement(
                id=f"G{len(out) + 1}",
                kind=found.kind,
                status=found.status,
                parties=[],
                mediators=[],
                date=day.id,
                evidence=Span(text=text[found.start : found.end], start=found.start, end=found.end),
            )
        )
    return out


def _well_before(value: str, published: dt.date | None) -> bool:
    """Whether an ISO date value («2015-12», «2015», «2015-12-17») lies ``_EARLIER_DAYS`` before
    ``published``; a value without a year («--12-17») or an article without a date cannot tell."""
    if value.startswith("-"):
        return False
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 28
    latest = dt.date(year, month, min(day, 28))  # the latest day the value may mean
    reference = published or dt.date.today()
    return (reference - latest).days >= _EARLIER_DAYS
