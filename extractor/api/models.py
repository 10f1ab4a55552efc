"""Request and response bodies of the API (the OpenAPI schema is generated from these).

The request schema states what the server enforces: ``text`` must hold an Arabic letter (so it
is not empty or blank) and at most ``EXTRACTOR_MAX_TEXT_CHARS`` characters, ``published`` is
exactly ``YYYY-MM-DD`` (years 1000-2999). The text rules are checked by the handler, which answers 422 and 413 for
them, so they are stated in the schema rather than enforced by the model (a 400).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from ..published_date import PATTERN as PUBLISHED_PATTERN
from ..published_date import parse_published

ARABIC_LETTER = "[\u0600-\u06ff]"  # the same block check_text looks for


class _ExtractRequestBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    published: dt.date | None = Field(
        None,
        description="publication date YYYY-MM-DD (years 1000-2999); resolves relative dates",
        json_schema_extra={"pattern": PUBLISHED_PATTERN},
    )
    id: str | None = Field(None, max_length=200, description="caller's id, echoed in the result and logged")

    @field_validator("published", mode="before")
    @classmethod
    def _iso_date_only(cls, value):
        # pydantic alone would also take numbers and timestamps; the contract says YYYY-MM-DD
        return None if value is None else parse_published(value)


def extract_request_model(max_text_chars: int) -> type[BaseModel]:
    """The request body, with the configured text limit in its schema."""
    text = Field(
        description=f"the article, as published: at least one Arabic letter, at most {max_text_chars} "
        "characters (422 when there is no Arabic letter, 413 when longer)",
        json_schema_extra={"minLength": 1, "maxLength": max_text_chars, "pattern": ARABIC_LETTER},
    )
    return create_model("ExtractRequest", __base__=_ExtractRequestBase, text=(str, text))


ExtractRequest = extract_request_model(50_000)  # the default limit; the app builds its own


class Info(BaseModel):
    model: str
    backend: str
    schema_version: str
    max_text_chars: int
    max_body_bytes: int
    workers: int
    queue_size: int
    request_timeout_s: float


class ErrorDetail(BaseModel):
    type: str = Field(description="machine-readable kind, e.g. invalid_request, invalid_text, body_too_large")
    message: str = Field(description="what went wrong, in a sentence")


class ErrorBody(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "not_ready", "shutting_down"]
    error: str | None = Field(None, description="why the server is not ready")
