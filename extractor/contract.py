"""The public output contract (Pydantic v2). Field names and enum values are stable API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

ActorType = Literal[
    "person",
    "government",
    "state",
    "armed_group",
    "political_party",
    "international_organization",
    "organization",
    "media",
]
AgreementKind = Literal[
    "ceasefire",
    "truce",
    "peace_agreement",
    "memorandum_of_understanding",
    "security_cooperation",
    "military_cooperation",
    "prisoner_exchange",
    "political_agreement",
    "economic_agreement",
    "initiative",
    "other",
]
AgreementStatus = Literal[
    "proposed", "under_negotiation", "reached", "signed", "ratified", "in_effect", "violated", "collapsed"
]
ISO_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Strict):
    """A verbatim piece of the article: ``text == article[start:end]``."""

    text: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end - self.start != len(self.text):
            raise ValueError("end - start must equal len(text)")
        return self


class Actor(_Strict):
    id: str = Field(pattern=r"^A\d+$")
    name: str = Field(description="verbatim name as written in the article")
    type: ActorType
    title: str | None = Field(None, description="verbatim role or title, e.g. «رئيس الاستخبارات التركية»")
    mentions: list[Span] = Field(description="every place the article names this actor")


class Agreement(_Strict):
    id: str = Field(pattern=r"^G\d+$")
    kind: AgreementKind
    parties: list[str] = Field(description="actor ids of the sides bound by it")
    mediators: list[str] = Field(description="actor ids of mediators or sponsors")
    status: AgreementStatus
    date: str | None = Field(None, pattern=r"^D\d+$", description="id of the date it was reached or signed")
    evidence: Span


class DateMention(_Strict):
    id: str = Field(pattern=r"^D\d+$")
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: str | None = Field(
        None, pattern=ISO_DATE, description="YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD or --MM; null if unresolvable"
    )
    event: str | None = Field(None, description="what happened then, when known")


class Meta(_Strict):
    model: str
    backend: str
    prompt_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    dropped_ungrounded: int = Field(0, description="model items dropped because no span of the text matched")
    chunks: int = 1
    schema_version: str = SCHEMA_VERSION


class ArticleExtraction(_Strict):
    id: str | None = None
    published: dt.date | None = None
    actors: list[Actor] = []
    agreements: list[Agreement] = []
    dates: list[DateMention] = []
    meta: Meta


def grounding_errors(result: ArticleExtraction, article: str) -> list[str]:
    """Every span and verbatim string must sit in the article; ids must resolve."""
    errors: list[str] = []

    def span(label: str, text: str, start: int, end: int) -> None:
        if article[start:end] != text:
            errors.append(f"{label}: {text!r} != article[{start}:{end}]")

    actor_ids = {a.id for a in result.actors}
    date_ids = {d.id for d in result.dates}
    for a in result.actors:
        if a.name not in article:
            errors.append(f"{a.id}: name {a.name!r} not in article")
        if a.title is not None and a.title not in article:
            errors.append(f"{a.id}: title {a.title!r} not in article")
        for m in a.mentions:
            span(f"{a.id} mention", m.text, m.start, m.end)
    for g in result.agreements:
        span(f"{g.id} evidence", g.evidence.text, g.evidence.start, g.evidence.end)
        for ref in g.parties + g.mediators:
            if ref not in actor_ids:
                errors.append(f"{g.id}: unknown actor {ref}")
        if g.date is not None and g.date not in date_ids:
            errors.append(f"{g.id}: unknown date {g.date}")
    for d in result.dates:
        span(d.id, d.text, d.start, d.end)
    return errors
