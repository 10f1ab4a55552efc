"""Settings, one place: every knob has an environment default (prefix ``EXTRACTOR_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "qwen2.5-coder-1.5b"


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "arabic-extractor"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EXTRACTOR_", frozen=True)

    model: str = Field(DEFAULT_MODEL, description="embedded alias, Hugging Face id, local folder or .gguf file")
    cache_dir: Path = Field(default_factory=_default_cache_dir, description="where embedded models are assembled")
    offline: bool = Field(False, description="never reach a model hub; a hub id must be in the local cache")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    engine: Literal["auto", "transformers", "llamacpp", "openai"] = Field(
        "auto",
        description="auto: llamacpp for a .gguf model on CPU, transformers otherwise; "
        "openai: an OpenAI-compatible inference server at base_url",
    )
    threads: int = Field(0, description="CPU threads; 0: torch's default, all cores for llama.cpp")
    context_tokens: int = Field(8192, description="llama.cpp context (prompt + answer) in tokens")
    constraint_backend: Literal["xgrammar", "outlines_core"] = "xgrammar"
    name_constraint: Literal["free", "span"] = Field(
        "free",
        description="span: names chosen among article phrases; free: written by the model, then aligned to the text",
    )
    max_chunk_tokens: int = Field(900, description="the actor passes read the article in chunks of this size")
    max_agreement_sentences: int = Field(10, description="sentences stating an agreement offered to the model")
    max_actors: int = Field(14, description="bound on actors per chunk (stops runaway lists)")
    min_actors: int = Field(2, description="actors the model must list per chunk (small models stop early)")
    actor_passes: tuple[Literal["actors", "people", "groups"], ...] = Field(
        ("actors",), min_length=1, description="questions asked per chunk for actors (prompts/<name>.jinja)"
    )
    max_people: int = Field(10, description="bound on people per chunk in the people pass")
    max_agreements: int = Field(4, description="bound on agreements per chunk")
    max_text_chars: int = Field(50_000, description="longest article accepted")
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
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: str | None = Field(None, description="when set, requests need header X-API-Key")
    max_body_bytes: int = 512 * 1024
    queue_size: int = Field(4, description="requests that may wait for the model")
    workers: int = Field(1, description="model calls served at once")
    request_timeout_s: float = 600.0


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROMPTS_DIR = PROJECT_ROOT / "prompts"
SCHEMAS_DIR = PROJECT_ROOT / "schemas"
SEEDS_DIR = PROJECT_ROOT / "seeds"
EVALS_DIR = PROJECT_ROOT / "evals"
