"""Settings, one place: every knob has an environment default (prefix ``EXTRACTOR_``).

Every value is validated when the settings are read; a bad one is reported in one line that
names the variable and the expected form (``describe_settings_error``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .resources import data_folder

DEFAULT_MODEL = "qwen2.5-coder-1.5b"
ENV_PREFIX = "EXTRACTOR_"


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "arabic-extractor"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True)

    model: str = Field(
        DEFAULT_MODEL, min_length=1, description="embedded alias, Hugging Face id, local folder or .gguf file"
    )
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="where embedded models are assembled")
    offline: bool = Field(False, description="never reach a model hub; a hub id must be in the local cache")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    engine: Literal["auto", "transformers", "llamacpp", "openai"] = Field(
        "auto",
        description="auto: llamacpp for a .gguf model on CPU, transformers otherwise; "
        "openai: an OpenAI-compatible inference server at base_url",
    )
    threads: int = Field(0, ge=0, description="CPU threads; 0: torch's default, all cores for llama.cpp")
    context_tokens: int = Field(8192, ge=256, description="llama.cpp context (prompt + answer) in tokens")
    # off: on a CPU whose matmuls are slow a drafted step costs 3-4x a plain one, more than the
    # steps it saves (BENCHMARKS.md, 2026-12-03 A/B; evals/experiments.md row 36)
    draft_tokens: int = Field(
        0,
        ge=0,
        le=64,
        description="llama.cpp: drafted tokens checked per decoding step (grammar, prompt lookup); 0: off",
    )
    constraint_backend: Literal["xgrammar", "outlines_core"] = "xgrammar"
    name_constraint: Literal["free", "span"] = Field(
        "free",
        description="span: names chosen among article phrases; free: written by the model, then aligned to the text",
    )
    max_chunk_tokens: int = Field(900, ge=64, description="the actor passes read the article in chunks of this size")
    max_agreement_sentences: int = Field(10, ge=1, description="sentences stating an agreement offered to the model")
    max_actors: int = Field(14, ge=1, description="bound on actors per chunk (stops runaway lists)")
    min_actors: int = Field(2, ge=0, description="actors the model must list per chunk (small models stop early)")
    # NoDecode: the raw value reaches the validator below, which takes JSON or a comma-separated list
    actor_passes: Annotated[tuple[Literal["actors", "people", "groups"], ...], NoDecode] = Field(
        ("actors",), min_length=1, description="questions asked per chunk for actors (prompts/<name>.jinja)"
    )
    max_people: int = Field(10, ge=1, description="bound on people per chunk in the people pass")
    max_agreements: int = Field(4, ge=1, description="bound on agreements per chunk")
    max_text_chars: int = Field(50_000, ge=1, description="longest article accepted")
    # inference server (engine "openai")
    base_url: str | None = Field(None, description="the server's OpenAI-compatible URL, e.g. http://gpu-host:8000/v1")
    server_model: str | None = Field(None, description="model name sent to the server; unset: the one it serves")
    server_key: str | None = Field(None, description="bearer key for the server (not the API's own api_key)")
    server_timeout_s: float = Field(300.0, gt=0, description="limit for one server call")
    server_retries: int = Field(2, ge=0, description="retries of a call on a connection error, 429 or 5xx")
    server_schema_format: Literal["auto", "json_schema", "json_object"] = Field(
        "auto",
        description="how the schema is sent: json_schema (OpenAI, vLLM, SGLang, llama.cpp), "
        "json_object with a schema (llama-cpp-python); auto: the first the server enforces",
    )
    # API
    host: str = Field("127.0.0.1", min_length=1)
    port: int = Field(8000, ge=1, le=65535)
    api_key: str | None = Field(None, description="when set, requests need header X-API-Key")
    max_body_bytes: int = Field(512 * 1024, ge=1024, description="largest request body accepted")
    queue_size: int = Field(4, ge=0, description="requests that may wait for the model")
    workers: int = Field(1, ge=1, description="model calls served at once")
    request_timeout_s: float = Field(600.0, gt=0)
    shutdown_grace_s: float = Field(30.0, ge=0, description="on SIGTERM, time given to work in progress")

    @field_validator("actor_passes", mode="before")
    @classmethod
    def _list_from_text(cls, value):
        """``people,groups`` as well as ``["people", "groups"]``."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    return json.loads(text)
                except ValueError:
                    raise ValueError("not a valid JSON list") from None
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _bounds_agree(self):
        if self.min_actors > self.max_actors:
            raise ValueError(
                f"EXTRACTOR_MIN_ACTORS ({self.min_actors}) must not exceed EXTRACTOR_MAX_ACTORS ({self.max_actors})"
            )
        return self


def _expected_form(name: str) -> str:
    """The form a setting takes, in words, read from its schema."""
    prop = Settings.model_json_schema()["properties"].get(name, {})
    if name == "actor_passes":
        from .llm.questions import ACTOR_QUESTIONS

        choices = ", ".join(ACTOR_QUESTIONS)
        return f"a comma-separated list (or a JSON list) of: {choices}"
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    prop = options[0] if options else prop
    if "enum" in prop:
        return "one of " + ", ".join(map(str, prop["enum"]))
    kind = prop.get("type")
    if kind == "boolean":
        return "true or false"
    if kind in ("integer", "number"):
        word = "a whole number" if kind == "integer" else "a number"
        bounds = []
        if "minimum" in prop:
            bounds.append(f"at least {prop['minimum']:g}")
        if "exclusiveMinimum" in prop:
            bounds.append(f"above {prop['exclusiveMinimum']:g}")
        if "maximum" in prop:
            bounds.append(f"at most {prop['maximum']:g}")
        return word + (" " + " and ".join(bounds) if bounds else "")
    if prop.get("format") == "path":
        return "a path"
    return "a non-empty text"


_SECRET = {"api_key", "server_key"}


def describe_settings_error(exc: ValidationError) -> str:
    """One line naming each bad variable, the value given and the form it takes."""
    parts = []
    for err in exc.errors():
        if not err["loc"]:  # a rule across settings: its message names them
            parts.append(str(err["msg"]).removeprefix("Value error, "))
            continue
        name = str(err["loc"][0])
        given = "" if name in _SECRET else f" (got {str(err.get('input'))[:60]!r})"
        parts.append(f"{ENV_PREFIX}{name.upper()}{given} must be {_expected_form(name)}")
    return "bad setting: " + "; ".join(dict.fromkeys(parts))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


PROJECT_ROOT = Path(__file__).resolve().parent.parent
# runtime data ship inside the package (extractor/assets); see extractor/resources.py
PROMPTS_DIR = data_folder("prompts")
SCHEMAS_DIR = data_folder("schemas")
DOCS_ASSETS_DIR = data_folder("docs")
# project data for evaluation and benchmarks (a checkout, not the installed package)
SEEDS_DIR = PROJECT_ROOT / "seeds"
EVALS_DIR = PROJECT_ROOT / "evals"
