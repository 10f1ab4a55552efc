"""The parts of the server engine and the Ray batch that need no server or cluster: the schema
sent to servers, the checks on their answers, the batch plan, the ``--ray`` option."""

import json

import pytest
from jsonschema import Draft202012Validator

from extractor.batch import plan_batch
from extractor.cli import _optional_ray_address
from extractor.llm.engines import EngineError
from extractor.llm.engines.openai_engine import SchemaValidators, portable_schema
from extractor.llm.questions import actors_schema, agreements_schema


def test_portable_schema_says_the_same_in_keywords_every_server_honours():
    schema = agreements_schema(["أ", "ب"], [], 4, 2)
    portable = portable_schema(schema)
    sentence = portable["properties"]["agreements"]["items"]["properties"]["sentence"]
    assert sentence == {"enum": [1, 2, 3, 4]}
    assert portable["properties"]["agreements"]["maxItems"] == 2  # everything else untouched
    original, ported = Draft202012Validator(schema), Draft202012Validator(portable)
    base = {"kind": "truce", "status": "signed", "parties": ["أ"], "mediators": [], "date": None}
    for n in (0, 1, 4, 5, 2.5, "2"):
        doc = {"agreements": [{**base, "sentence": n}]}
        assert original.is_valid(doc) == ported.is_valid(doc), n
    assert portable_schema({"type": "integer", "minimum": 0}) == {"type": "integer", "minimum": 0}


def test_answers_are_checked_against_the_schema():
    check = SchemaValidators().check
    schema = actors_schema(3, None, 1)
    check('{"actors":[{"name":"تركيا","type":"state"}]}', schema, truncated=False)
    with pytest.raises(EngineError, match="at actors/0/type"):
        check('{"actors":[{"name":"تركيا","type":"country"}]}', schema, truncated=False)
    with pytest.raises(EngineError, match="not JSON"):
        check("The actors are Turkey and Russia.", schema, truncated=False)
    with pytest.raises(EngineError, match="at actors"):  # below minItems
        check('{"actors":[]}', schema, truncated=False)


def test_a_cut_answer_is_checked_on_the_items_the_pipeline_keeps():
    check = SchemaValidators().check
    schema = actors_schema(3, None, 2)
    check('{"actors":[{"name":"تركيا","type":"state"},{"name":"رو', schema, truncated=True)  # one whole item
    check('{"act', schema, truncated=True)  # nothing whole yet: nothing kept
    with pytest.raises(EngineError, match="actors/0/type"):
        check('{"actors":[{"name":"تركيا","type":"planet"},{"na', schema, truncated=True)
    with pytest.raises(EngineError, match="not JSON"):
        check("Once upon a time, by the sea", schema, truncated=True)


def test_bare_ray_option_means_a_local_instance():
    assert _optional_ray_address(["batch", "in", "--ray"]) == ["batch", "in", "--ray", "local"]
    assert _optional_ray_address(["batch", "in", "--ray", "--workers", "2"])[3] == "local"
    assert _optional_ray_address(["batch", "in", "--ray", "10.0.0.1:6379"]) == ["batch", "in", "--ray", "10.0.0.1:6379"]
    assert _optional_ray_address(["batch", "in", "--ray=auto"]) == ["batch", "in", "--ray=auto"]


def test_plan_skips_written_ids_repairs_a_torn_line_and_keeps_each_id_once(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": "نص"}) + "\n" for i in ["a", "b", "a", "c", "d"]))
    out.write_text('{"id": "a", "actors": []}\n{"id": "b", "error": {"type": "x", "message": "y"}}\n{"id": "c", "act')
    plan = plan_batch(str(src), out)
    # a and b already written; the second a (same text) is a duplicate, skipped and said so
    assert [r.id for r in plan.todo] == ["c", "d"] and plan.skipped == 2 and len(plan.duplicates) == 1
    assert out.read_text().count("\n") == 2 and out.read_text().endswith("}\n")  # torn line cut off
    retry = plan_batch(str(src), out, retry_errors=True, limit=2)
    assert [r.id for r in retry.todo] == ["b", "c"] and retry.skipped == 1 and len(retry.duplicates) == 1
