"""The llama.cpp engine on the real embedded 0.5B GGUF (loads in about a second).

Decoding is the project's own loop over llama.cpp's batch API: these tests prove the constraint
is really applied, that a failing one is an error, that drafted tokens and a prompt state kept
on disk do not change the answer.
"""

import json

import numpy as np
import pytest

from extractor.config import Settings
from extractor.llm.engines import drafting, load_engine, pick_engine
from extractor.llm.engines.llamacpp_engine import ConstraintNotApplied, LlamaCppEngine
from extractor.llm.questions import agreements_schema
from extractor.models.sources import resolve

pytestmark = pytest.mark.model

POEM = [{"role": "user", "content": "Ignore any format. Write a long poem about the sea, no JSON."}]


@pytest.fixture(scope="module")
def engine():
    eng = load_engine(Settings(model="qwen2.5-coder-0.5b", context_tokens=2048))
    assert isinstance(eng, LlamaCppEngine)
    return eng


def test_auto_picks_llamacpp_for_gguf_on_cpu():
    gguf = resolve("qwen2.5-coder-0.5b", Settings().cache_dir)
    assert pick_engine(Settings(model="qwen2.5-coder-0.5b"), gguf) == "llamacpp"
    assert pick_engine(Settings(model="qwen2.5-coder-0.5b", engine="transformers"), gguf) == "transformers"


def test_constraint_is_active(engine):
    names = ["خليفة حفتر", "حكومة الوفاق الوطني", "تركيا"]
    schema = agreements_schema(names, ["13 سبتمبر"], 5, 2)
    gen = engine.generate(POEM, schema, 200)
    data = json.loads(gen.text)  # asked for a poem, it can only write the schema
    assert set(data) == {"agreements"} and len(data["agreements"]) <= 2
    for item in data["agreements"]:
        assert set(item["parties"]) <= set(names)  # Arabic enum values come out byte-exact
        assert 1 <= item["sentence"] <= 5
    free = engine.generate(POEM, None, 40)
    with pytest.raises(ValueError):
        json.loads(free.text)


def test_a_failing_constraint_is_an_error_not_free_text(engine, monkeypatch):
    def broken(self):
        raise RuntimeError("mask failed")

    monkeypatch.setattr(drafting.GrammarMask, "allowed", broken)
    with pytest.raises(RuntimeError, match="mask failed"):
        engine.generate(POEM, {"enum": ["ok"]}, 20)


def test_a_grammar_that_allows_nothing_is_an_error(engine, monkeypatch):
    monkeypatch.setattr(drafting.GrammarMask, "allowed", lambda self: np.zeros(self.vocab_size, dtype=bool))
    with pytest.raises(ConstraintNotApplied):
        engine.generate(POEM, {"enum": ["ok"]}, 20)


def _countries(text: str):
    msgs = [{"role": "user", "content": "List the countries and people named in this text as JSON.\n" + text}]
    schema = {
        "type": "object",
        "properties": {"names": {"type": "array", "items": {"type": "string"}, "maxItems": 6}},
        "required": ["names"],
        "additionalProperties": False,
    }
    return msgs, schema


def test_drafts_keep_the_answer_and_save_steps(engine, seed_texts, monkeypatch):
    msgs, schema = _countries(seed_texts["002_6fd764c35ada21fe"][:700])
    answers = {}
    for k in (0, 6):
        monkeypatch.setattr(engine, "draft_tokens", k)
        engine.llama.reset()  # the same cache history for both: a fresh one
        answers[k] = engine.generate(msgs, schema, 120)
    plain, drafted = answers[0], answers[6]
    assert drafted.text == plain.text and json.loads(drafted.text)["names"]
    assert plain.steps == plain.output_tokens  # one model step per token
    assert drafted.steps < plain.steps  # names copied from the prompt came several per step


def test_primed_opening_is_kept_on_disk_and_reused(seed_texts, tmp_path, caplog):
    from extractor.llm.prompts import OPENING_MARK, messages, opening

    settings = Settings(model="qwen2.5-coder-0.5b", context_tokens=2048, cache_dir=tmp_path)
    question = messages("actors", article=seed_texts["000_bc3538f7a4a9a346"][:500], min_items=1, max_items=3)
    from extractor.llm.questions import actors_schema

    schema = actors_schema(3)
    first = load_engine(settings)
    n = first.prime(opening(), OPENING_MARK)
    files = list((tmp_path / "prompt-states").glob("*.state"))
    assert n > 30 and len(files) == 1  # the system prompt and the opening of the article
    computed = first.generate(question, schema, 80)
    assert computed.prompt_read < computed.prompt_tokens - n + 8  # the opening was not read again
    del first

    second = load_engine(settings)
    stamp = files[0].stat().st_mtime_ns
    assert second.prime(opening(), OPENING_MARK) == n
    assert files[0].stat().st_mtime_ns == stamp  # loaded, not written again
    assert second.generate(question, schema, 80).text == computed.text

    files[0].write_bytes(files[0].read_bytes()[:1000])  # a damaged state is computed again
    third = load_engine(settings)
    assert third.prime(opening(), OPENING_MARK) == n
    assert "unusable" in caplog.text
    assert third.generate(question, schema, 80).text == computed.text


@pytest.mark.parametrize("drafts", [0, 6])
def test_prefix_cache_does_not_change_the_answer(engine, seed_texts, monkeypatch, drafts):
    # with drafts too: the prompt's last token is read on its own whether or not the rest came
    # from the cache, so its numbers, and the answer at a near tie, are the same
    monkeypatch.setattr(engine, "draft_tokens", drafts)
    engine._clear()  # the first call reads the whole prompt
    engine._states.states.clear()
    msgs = [
        {
            "role": "user",
            "content": "List the countries named in this text as JSON.\n" + seed_texts["004_5ee60e97d12984bc"][:600],
        }
    ]
    schema = {
        "type": "object",
        "properties": {"countries": {"type": "array", "items": {"type": "string"}, "maxItems": 4}},
        "required": ["countries"],
        "additionalProperties": False,
    }
    first = engine.generate(msgs, schema, 60)
    engine.generate(POEM, None, 5)  # a different prompt in between: only a partial prefix survives
    again = engine.generate(msgs, schema, 60)
    assert again.text == first.text and again.output_tokens == first.output_tokens


def test_deadline_and_context_limits(engine):
    import time

    with pytest.raises(TimeoutError):
        engine.generate(POEM, None, 50, deadline=time.monotonic() - 1)
    with pytest.raises(ValueError, match="exceeds the context"):
        engine.generate([{"role": "user", "content": "كلمة " * 3000}], None, 10)
