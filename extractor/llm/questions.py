"""The questions put to the model, in one table: the template that asks it
(``prompts/<template>.jinja``), the JSON schema its answer must fill (built per call), and the
limits that bound it (list sizes from the settings, output tokens per item).

The agreement schema is built per article, so the model can only pick parties, dates and
evidence among what the article contains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from ..contract import ActorType, AgreementKind, AgreementStatus


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def actors_schema(
    max_items: int, phrases: list[str] | None = None, min_items: int = 0, types: list[str] | None = None
) -> dict:
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
        "properties": {
            "actors": {"type": "array", "items": item, "minItems": min(min_items, max_items), "maxItems": max_items}
        },
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


@dataclass(frozen=True)
class Question:
    """One question to the model."""

    template: str  # prompts/<template>.jinja
    schema: Callable[..., dict]  # builds the JSON schema the answer fills
    max_setting: str  # the Settings field that bounds the answer's list
    min_setting: str | None  # the Settings field for the least items (None: 0)
    tokens_per_item: int  # output budget per list item
    types: tuple[str, ...] | None = None  # actor types it may answer (None: all)
    extra_tokens: int = 0

    def max_items(self, settings) -> int:
        return getattr(settings, self.max_setting)

    def min_items(self, settings) -> int:
        return getattr(settings, self.min_setting) if self.min_setting else 0

    def max_new_tokens(self, settings) -> int:
        return self.max_items(settings) * self.tokens_per_item + self.extra_tokens


_GROUP_TYPES = (
    "government",
    "state",
    "armed_group",
    "political_party",
    "international_organization",
    "organization",
    "media",
)

# the actor questions that may be asked per chunk (``EXTRACTOR_ACTOR_PASSES``)
ACTOR_QUESTIONS: dict[str, Question] = {
    "actors": Question("actors", actors_schema, "max_actors", "min_actors", 30),
    "people": Question("people", actors_schema, "max_people", None, 30, types=("person",)),
    "groups": Question("groups", actors_schema, "max_actors", "min_actors", 30, types=_GROUP_TYPES),
}
AGREEMENTS = Question("agreements", agreements_schema, "max_agreements", None, 60, extra_tokens=20)
