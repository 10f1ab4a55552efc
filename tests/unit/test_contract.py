import json

import pytest
from pydantic import ValidationError

from extractor.contract import ArticleExtraction, Meta, Span, grounding_errors
from extractor.schema_export import SCHEMA_FILE, render


def test_exported_schema_is_in_sync():
    assert SCHEMA_FILE.is_file(), "run `extractor schema`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), "schemas/ is stale: run `extractor schema`"


def test_schema_enums_are_the_public_contract():
    schema = json.loads(render())
    defs = schema["$defs"]
    assert set(defs["Actor"]["properties"]["type"]["enum"]) == {
        "person",
        "government",
        "state",
        "armed_group",
        "political_party",
        "international_organization",
        "organization",
        "media",
    }
    assert "prisoner_exchange" in defs["Agreement"]["properties"]["kind"]["enum"]
    assert "collapsed" in defs["Agreement"]["properties"]["status"]["enum"]


def test_span_length_must_match():
    with pytest.raises(ValidationError):
        Span(text="abc", start=0, end=5)


def test_unknown_fields_are_rejected():
    with pytest.raises(ValidationError):
        ArticleExtraction(meta=Meta(model="m", backend="b"), extra_field=1)


def test_date_value_must_be_iso():
    from extractor.contract import DateMention

    DateMention(id="D1", text="x", start=0, end=1, value="--09-13")
    with pytest.raises(ValidationError):
        DateMention(id="D1", text="x", start=0, end=1, value="13/09/2020")


def test_grounding_errors_detect_wrong_offsets_and_ids():
    article = "وقعت تركيا اتفاقا"
    result = ArticleExtraction.model_validate(
        {
            "actors": [
                {
                    "id": "A1",
                    "name": "تركيا",
                    "type": "state",
                    "title": None,
                    "mentions": [{"text": "تركيا", "start": 0, "end": 5}],
                }
            ],
            "agreements": [
                {
                    "id": "G1",
                    "kind": "other",
                    "parties": ["A9"],
                    "mediators": [],
                    "status": "signed",
                    "date": None,
                    "evidence": {"text": "وقعت", "start": 0, "end": 4},
                }
            ],
            "dates": [],
            "meta": {"model": "m", "backend": "b"},
        }
    )
    errors = grounding_errors(result, article)
    assert any("mention" in e for e in errors)
    assert any("unknown actor A9" in e for e in errors)
