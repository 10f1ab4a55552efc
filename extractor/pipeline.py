"""The extraction pipeline: dates (deterministic), actors pass, agreements pass, grounding."""

from __future__ import annotations

import datetime as dt
import time

from .agreements import resolve_agreements
from .candidates import candidate_spans
from .config import ACTOR_PASSES, Settings
from .contract import Agreement, ArticleExtraction, DateMention, Meta
from .cues import agreement_sentences
from .dates import find_dates, points_ahead
from .engines import Engine
from .passes import actors_schema, agreements_schema
from .prompts import messages
from .resolver import Grounder, add_found_bodies, add_found_people, add_found_states, build_actors, parse_json
from .segments import chunks, sentences

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

        ahead = {d.start for d in found if d.ahead}
        agreements = self._agreements(text, actors, dates, usage, ahead)

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

    def _agreements(self, text, actors, dates, usage, ahead: frozenset[int] | set[int] = frozenset()) -> list[Agreement]:
        sents = agreement_sentences(text, sentences(text), self.settings.max_agreement_sentences)
        if not sents:  # no sentence states an agreement: nothing to ask the model
            return []
        # the parties of an agreement are named where it is stated: offer those actors (all of
        # them when the sentences name fewer than two)
        def stated(pos: int) -> bool:
            return any(s.start <= pos < s.end for s in sents)

        named = [a for a in actors if any(stated(m.start) for m in a.mentions)]
        names = [a.name for a in (named if len(named) >= 2 else actors)]
        # the day an agreement was reached or signed is not one the report looks ahead to
        # («يبدأ سريانها غداً السبت» is when it takes effect, «ستوقع الخميس» is still to come)
        in_sents = [d for d in dates if stated(d.start) and not points_ahead(d.text) and d.start not in ahead]
        date_texts = list(dict.fromkeys(d.text for d in in_sents))
        n = self.settings.max_agreements
        raw = self._run(usage, "agreements", agreements_schema(names, date_texts, len(sents), n),
                        n * _TOKENS_PER_AGREEMENT + 20,
                        actors=names, dates=date_texts, sentences=[s.text for s in sents], max_items=n)
        return resolve_agreements(text, raw.get("agreements", []), sents, actors, in_sents)
