"""JSON schemas for the model passes. The agreement schema is built per article, so the
model can only pick parties, dates and evidence among what the article contains."""

from __future__ import annotations

from typing import get_args

from ..contract import ActorType, AgreementKind, AgreementStatus


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def actors_schema(max_items: int, phrases: list[str] | None = None, min_items: int = 0,
                  types: list[str] | None = None) -> dict:
    """A bounded list of {name, type}; names are chosen among ``phrases`` when given.
    Titles are not asked for: they are read from the text next to each mention."""
    item = {
        "type": "object",
        "properties": {
            "name": {"enum": phrases} if phrases else {"type": "string", "minLength": 2, "maxLength": 60},
            "type": {"enum": types or list(get_args(ActorType))},
        },
        "required": ["name", "type"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"actors": {"type": "array", "items": item, "minItems": min(min_items, max_items),
                                  "maxItems": max_items}},
        "required": ["actors"],
        "additionalProperties": False,
    }


def _choice_list(choices: list[str], max_items: int) -> dict:
    if not choices:
        return {"type": "array", "maxItems": 0}
    return {"type": "array", "items": {"enum": choices}, "maxItems": max_items}


def agreements_schema(actor_names: list[str], date_texts: list[str], n_sentences: int, max_items: int) -> dict:
    date = _nullable({"enum": date_texts}) if date_texts else {"type": "null"}
    item = {
        "type": "object",
        "properties": {
            "kind": {"enum": list(get_args(AgreementKind))},
            "status": {"enum": list(get_args(AgreementStatus))},
            "parties": _choice_list(actor_names, 4),
            "mediators": _choice_list(actor_names, 3),
            "sentence": {"type": "integer", "minimum": 1, "maximum": max(n_sentences, 1)},
            "date": date,
        },
        "required": ["kind", "status", "parties", "mediators", "sentence", "date"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"agreements": {"type": "array", "items": item, "maxItems": max_items}},
        "required": ["agreements"],
        "additionalProperties": False,
    }
