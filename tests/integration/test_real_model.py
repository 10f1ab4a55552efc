"""End to end on the real embedded default model (Qwen2.5-Coder-0.5B GGUF from PyPI parts)."""

import json

import pytest

from extractor.config import Settings
from extractor.contract import ArticleExtraction, grounding_errors

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def real_extractor():
    from extractor.runtime import build_extractor

    return build_extractor(Settings(), "qwen2.5-coder-0.5b")


def test_real_model_constraint_is_active(real_extractor):
    prompt = [{"role": "user", "content": "Write three sentences about the weather. Do not use JSON."}]
    schema = {
        "type": "object",
        "properties": {"answer": {"enum": ["yes", "no"]}},
        "required": ["answer"],
        "additionalProperties": False,
    }
    gen = real_extractor.engine.generate(prompt, schema, 20)
    assert json.loads(gen.text)["answer"] in ("yes", "no")


def test_real_model_on_a_seed_end_to_end(real_extractor, seed_texts):
    text = seed_texts["000_bc3538f7a4a9a346"]
    result = real_extractor.extract(text, None, "000")
    ArticleExtraction.model_validate(result.model_dump())
    assert grounding_errors(result, text) == []
    assert result.meta.model == "qwen2.5-coder-0.5b" and result.meta.output_tokens > 0
    assert result.meta.backend.startswith("llamacpp/")  # a GGUF on CPU runs on llama.cpp
    assert any(a.type == "person" and len(a.name.split()) >= 2 for a in result.actors)
    assert all(text[m.start : m.end] == m.text for a in result.actors for m in a.mentions)
    values = {d.text: d.value for d in result.dates}
    assert values["5 نوفمبر"] == "--11-05"  # no invented year without a publication date
