"""The caching engine: the same request is answered from the file, a new one by the model."""

from extractor.llm.engines.base import Engine, Generation
from extractor.llm.engines.cached import CachedEngine


class _Counting(Engine):
    source = type("S", (), {"name": "counting-model"})()
    constraints = None
    load_seconds = 0.0
    backend = "test"

    def __init__(self):
        self.calls = 0

    def count_tokens(self, text):
        return len(text)

    def generate(self, messages, schema, max_new_tokens, deadline=None):
        self.calls += 1
        return Generation(f'{{"n": {self.calls}}}', 10, 3, 0.1, 0.0)


def test_a_request_asked_before_is_answered_from_the_file(tmp_path):
    path = tmp_path / "cache.jsonl"
    inner = _Counting()
    engine = CachedEngine(inner, path)
    msgs = [{"role": "user", "content": "السؤال"}]
    first = engine.generate(msgs, {"type": "object"}, 50)
    again = CachedEngine(inner, path).generate(msgs, {"type": "object"}, 50)  # a new process
    other = engine.generate(msgs, {"type": "object"}, 60)  # another token limit: another request
    assert first.text == again.text == '{"n": 1}' and other.text == '{"n": 2}'
    assert inner.calls == 2 and engine.hits == 0 and engine.misses == 2
    assert (again.prompt_tokens, again.output_tokens) == (10, 3)
    assert engine.model_name == "counting-model" and engine.backend == "test"


def test_another_models_answers_do_not_count(tmp_path):
    path = tmp_path / "cache.jsonl"
    msgs = [{"role": "user", "content": "السؤال"}]
    CachedEngine(_Counting(), path).generate(msgs, None, 50)
    other = _Counting()
    other.source = type("S", (), {"name": "another-model"})()
    CachedEngine(other, path).generate(msgs, None, 50)
    assert other.calls == 1


def test_a_damaged_cache_file_is_a_clear_error(tmp_path):
    path = tmp_path / "cache.jsonl"
    path.write_text("not json\n", encoding="utf-8")
    try:
        CachedEngine(_Counting(), path)
    except ValueError as exc:
        assert "cache.jsonl:1" in str(exc)
    else:
        raise AssertionError("no error")
