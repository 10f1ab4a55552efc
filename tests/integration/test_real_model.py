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
    schema = {"type": "object", "properties": {"answer": {"enum": ["yes", "no"]}}, "required": ["answer"],
              "additionalProperties": False}
    gen = real_extractor.engine.generate(prompt, schema, 20)
    assert json.loads(gen.text)["answer"] in ("yes", "no")


def test_real_model_on_a_seed_end_to_end(real_extractor, seed_texts):
    text = seed_texts["001_b84856964a7b5a3d"]
    result = real_extractor.extract(text, None, "001")
    ArticleExtraction.model_validate(result.model_dump())
    assert grounding_errors(result, text) == []
    assert result.meta.model == "qwen2.5-coder-0.5b" and result.meta.output_tokens > 0
    assert len(result.actors) >= 1
    values = {d.text: d.value for d in result.dates}
    assert values["13 سبتمبر/أيلول الماضي"] == "--09-13"  # no invented year without a publication date
