"""The extraction pipeline: dates (deterministic), actors pass, agreements pass, grounding."""

from __future__ import annotations

import datetime as dt
import time

from .candidates import candidate_spans
from .config import ACTOR_PASSES, Settings
from .cues import agreement_sentences, stated_kinds, stated_status
from .contract import Agreement, ArticleExtraction, DateMention, Meta, Span
from .dates import find_dates, points_ahead
from .engines import Engine
from .passes import actors_schema, agreements_schema
from .prompts import messages
from .resolver import Grounder, add_found_bodies, add_found_people, add_found_states, build_actors, parse_json
from .segments import chunks, sentences
from .sides import read_sides

_TOKENS_PER_ACTOR = 30
_TOKENS_PER_AGREEMENT = 60


class InputError(ValueError):
    """The article cannot be processed (empty, no Arabic, too long)."""


def check_text(text: str, max_chars: int) -> None:
    if not isinstance(text, str) or not text.strip():
        raise InputError("article text is empty")
    if len(text) > max_chars:
        raise InputError(f"article has {len(text)} characters; the limit is {max_chars}")
    if not any("\u0600" <= ch <= "\u06ff" for ch in text):
        raise InputError("article contains no Arabic text")


class Extractor:
    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings

    def extract(self, text: str, published: dt.date | None = None, id: str | None = None,
                timeout_s: float | None = None) -> ArticleExtraction:
        check_text(text, self.settings.max_text_chars)
        started = time.perf_counter()
        # per-call state (the extractor is shared by threads): token usage and the deadline
        usage = {"prompt": 0, "output": 0, "deadline": time.monotonic() + timeout_s if timeout_s else None}
        grounder = Grounder(text)

        found = find_dates(text, published)
        dates = [DateMention(id=f"D{i}", text=d.text, start=d.start, end=d.end, value=d.value)
                 for i, d in enumerate(found, start=1)]

        # a long article is split (never truncated): a small model lists the actors of a few
        # paragraphs far better than of a page
        parts = chunks(text, self.engine.count_tokens, self.settings.max_chunk_tokens)
        cands = []
        for part in parts:
            phrases = candidate_spans(part.text) if self.settings.name_constraint == "span" else None
            items = []
            # several questions per chunk (e.g. all actors, then people alone): a focused question
            # gets more from a small model than one long list
            for name in self.settings.actor_passes:
                types = ACTOR_PASSES[name]
                n = self.settings.max_people if name == "people" else self.settings.max_actors
                min_items = 0 if name == "people" else self.settings.min_actors
                raw = self._run(usage, name, actors_schema(n, phrases, min_items, types), n * _TOKENS_PER_ACTOR,
                                article=part.text, max_items=n, min_items=min_items)
                items += raw.get("actors", [])
            for item in items:
                cand = grounder.actor(item)
                if cand is not None:
                    cands.append(cand)
        # names the article itself shows (titles before people, CLDR country and body names) join the
        # model's answers: a small model misses many of them
        for add_found in (add_found_people, add_found_states, add_found_bodies):
            cands = add_found(text, cands, grounder.norm)
        actors = build_actors(text, cands, grounder.norm)

        agreements = self._agreements(text, actors, dates, usage)

        return ArticleExtraction(
            id=id, published=published, actors=actors, agreements=agreements, dates=dates,
            meta=Meta(model=self.engine.model_name, backend=self.engine.backend,
                      prompt_tokens=usage["prompt"], output_tokens=usage["output"],
                      seconds=round(time.perf_counter() - started, 2),
                      dropped_ungrounded=grounder.dropped, chunks=len(parts)),
        )

    def _run(self, usage: dict, template: str, schema: dict, max_new_tokens: int, **values) -> dict:
        gen = self.engine.generate(messages(template, **values), schema, max_new_tokens, usage["deadline"])
        usage["prompt"] += gen.prompt_tokens
        usage["output"] += gen.output_tokens
        return parse_json(gen.text)

    def _agreements(self, text, actors, dates, usage) -> list[Agreement]:
        sents = agreement_sentences(text, sentences(text), self.settings.max_agreement_sentences)
        if not sents:  # no sentence states an agreement: nothing to ask the model
            return []
        # the parties of an agreement are named where it is stated: offer those actors (all of
        # them when the sentences name fewer than two)
        named = [a for a in actors if any(s.start <= m.start < s.end for m in a.mentions for s in sents)]
        names = [a.name for a in (named if len(named) >= 2 else actors)]
        # the day an agreement was reached or signed is not one the report looks ahead to
        # («يبدأ سريانها غداً السبت» is when it takes effect)
        in_sents = [d for d in dates if any(s.start <= d.start < s.end for s in sents) and not points_ahead(d.text)]
        date_texts = list(dict.fromkeys(d.text for d in in_sents))
        n = self.settings.max_agreements
        raw = self._run(usage, "agreements", agreements_schema(names, date_texts, len(sents), n),
                        n * _TOKENS_PER_AGREEMENT + 20,
                        actors=names, dates=date_texts, sentences=[s.text for s in sents], max_items=n)
        by_name = {a.name: a.id for a in actors}
        by_date = {d.text: d.id for d in in_sents}
        # what the sentence says in so many words beats the small model's reading: the kind it
        # names (each of its agreements takes the next kind it names), the stage its verb tells,
        # the sides it names together
        kinds_left = {s.start: stated_kinds(s.text) for s in sents}
        out: list[Agreement] = []
        seen: list[tuple[str, int, list[str]]] = []
        for item in raw.get("agreements", []):
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
