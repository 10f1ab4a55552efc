"""The llama.cpp engine on the real embedded 0.5B GGUF (loads in about a second).

llama.cpp runs logits processors inside a C callback that prints and swallows exceptions, so
these tests prove the constraint is really applied and that a failing one is an error.
"""

import json

import pytest

from extractor.config import Settings
from extractor.llm.engines import load_engine, pick_engine
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
    class Broken:
        def __call__(self, input_ids, logits):
            raise RuntimeError("mask failed")

    monkeypatch.setattr(engine.constraints, "processor", lambda schema: Broken())
    with pytest.raises(ConstraintNotApplied, match="mask failed"):
        engine.generate(POEM, {"enum": ["ok"]}, 20)


def test_prefix_cache_does_not_change_the_answer(engine, seed_texts):
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
