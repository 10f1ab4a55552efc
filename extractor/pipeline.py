"""The extraction pipeline: dates (deterministic), actors pass, agreements pass, grounding."""

from __future__ import annotations

import datetime as dt
import time

from .actors import assemble_actors
from .agreements import add_earlier_agreements, agreement_contexts, resolve_agreements
from .config import Settings
from .contract import Agreement, ArticleExtraction, DateMention, Meta
from .finders.candidates import candidate_spans
from .finders.dates import find_dates
from .grounding import Grounder
from .llm.answers import parse_json
from .llm.engines import Engine
from .llm.prompts import messages
from .llm.questions import ACTOR_QUESTIONS, AGREEMENTS, Question
from .text.segments import chunks


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

    def extract(
        self, text: str, published: dt.date | None = None, id: str | None = None, timeout_s: float | None = None
    ) -> ArticleExtraction:
        check_text(text, self.settings.max_text_chars)
        started = time.perf_counter()
        # per-call state (the extractor is shared by threads): token usage and the deadline
        usage = {"prompt": 0, "output": 0, "deadline": time.monotonic() + timeout_s if timeout_s else None}
        grounder = Grounder(text)

        found = find_dates(text, published)
        dates = [
            DateMention(id=f"D{i}", text=d.text, start=d.start, end=d.end, value=d.value)
            for i, d in enumerate(found, start=1)
        ]

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
                q = ACTOR_QUESTIONS[name]
                n, least = q.max_items(self.settings), q.min_items(self.settings)
                schema = q.schema(n, phrases, least, list(q.types) if q.types else None)
                raw = self._ask(usage, q, schema, article=part.text, max_items=n, min_items=least)
                items += raw.get("actors", [])
            for item in items:
                cand = grounder.actor(item)
                if cand is not None:
                    cands.append(cand)
        # names the article itself shows (titles before people, CLDR country and body names) join the
        # model's answers: a small model misses many of them
        actors = assemble_actors(text, cands, grounder.norm)

        # no agreement was reached on a day the report looks ahead to, nor on a period the
        # publication date does not pin down («الأسبوع الماضي»)
        unfit = {d.start for d in found if d.ahead or (published and d.value is None)}
        agreements = self._agreements(text, actors, dates, usage, unfit, parts)
        agreements = add_earlier_agreements(text, agreements, dates, published)

        return ArticleExtraction(
            id=id,
            published=published,
            actors=actors,
            agreements=agreements,
            dates=dates,
            meta=Meta(
                model=self.engine.model_name,
                backend=self.engine.backend,
                prompt_tokens=usage["prompt"],
                output_tokens=usage["output"],
                seconds=round(time.perf_counter() - started, 2),
                dropped_ungrounded=grounder.dropped,
                chunks=len(parts),
            ),
        )

    def _ask(self, usage: dict, question: Question, schema: dict, **values) -> dict:
        gen = self.engine.generate(
            messages(question.template, **values), schema, question.max_new_tokens(self.settings), usage["deadline"]
        )
        usage["prompt"] += gen.prompt_tokens
        usage["output"] += gen.output_tokens
        return parse_json(gen.text)

    def _agreements(
        self, text, actors, dates, usage, unfit: frozenset[int] | set[int] = frozenset(), parts=None
    ) -> list[Agreement]:
        contexts = agreement_contexts(text, actors, dates, self.settings.max_agreement_sentences, unfit, parts)
        n = AGREEMENTS.max_items(self.settings)
        items, sents, offered = [], [], []
        for ctx in contexts:  # none when no sentence states an agreement: nothing to ask the model
            schema = AGREEMENTS.schema(ctx.names, ctx.date_texts, len(ctx.sentences), n)
            raw = self._ask(
                usage,
                AGREEMENTS,
                schema,
                actors=ctx.names,
                dates=ctx.date_texts,
                sentences=[s.text for s in ctx.sentences],
                max_items=n,
            )
            # the sentence numbers of each part's answer continue those of the parts before it
            items += [
                {**item, "sentence": len(sents) + min(max(int(item["sentence"]), 1), len(ctx.sentences))}
                for item in raw.get("agreements", [])
            ]
            sents += ctx.sentences
            offered += [d for d in ctx.dates if d not in offered]
        return resolve_agreements(text, items, sents, actors, offered) if items else []
