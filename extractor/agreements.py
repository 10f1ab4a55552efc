"""Agreements from the model's answer and the sentences that state them.

The model chooses the sentence, kind, stage, sides and date of each agreement among the
article's own choices; what the chosen sentence says in so many words then beats its reading:
the kind it names (each of its agreements takes the next kind it names), the stage its verb
tells, the sides it names together.
"""

from __future__ import annotations

from .contract import Actor, Agreement, DateMention, Span
from .finders.cues import stated_kinds, stated_status
from .text.segments import Segment
from .finders.sides import read_sides


def resolve_agreements(text: str, items: list[dict], sents: list[Segment], actors: list[Actor],
                       dates: list[DateMention]) -> list[Agreement]:
    by_name = {a.name: a.id for a in actors}
    by_date = {d.text: d.id for d in dates}
    kinds_left = {s.start: stated_kinds(s.text) for s in sents}
    out: list[Agreement] = []
    seen: list[tuple[str, int, list[str]]] = []
    for item in items:
        sent = sents[min(max(int(item["sentence"]), 1), len(sents)) - 1]
        evidence = Span(text=sent.text, start=sent.start, end=sent.end)
        sides, brokers = read_sides(text, evidence, actors)
        parties = sides or list(dict.fromkeys(by_name[p] for p in item["parties"] if p in by_name))
        mediators = brokers or [by_name[m] for m in dict.fromkeys(item["mediators"])
                                if m in by_name and by_name[m] not in parties]
        kind = kinds_left[sent.start].pop(0) if kinds_left[sent.start] else item["kind"]
        # no duplicate items: the same kind is one agreement told again unless two sentences
        # name different sides for it (the model's own picks of sides tell nothing apart)
        if any(k == kind and not (sides and read and start != sent.start and not set(sides) & set(read))
               for k, start, read in seen):
            continue
        seen.append((kind, sent.start, sides))
        out.append(Agreement(
            id=f"G{len(out) + 1}", kind=kind, status=stated_status(sent.text) or item["status"],
            parties=parties, mediators=mediators, date=by_date.get(item.get("date") or ""),
            evidence=evidence))
    return out
