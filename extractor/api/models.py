"""Request and response bodies of the API (the OpenAPI schema is generated from these)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article, UTF-8, as published")
    published: dt.date | None = Field(None, description="publication date YYYY-MM-DD; resolves relative dates")
    id: str | None = Field(None, max_length=200, description="caller's id, echoed in the result")


class Info(BaseModel):
    model: str
    backend: str
    schema_version: str
    max_text_chars: int
    max_body_bytes: int
    workers: int
    queue_size: int
    request_timeout_s: float


class ErrorBody(BaseModel):
    error: dict[str, str]
