"""Inference-server engine: each generation goes to an OpenAI-compatible server (vLLM, SGLang,
TGI, llama.cpp's server, llama-cpp-python's server) that enforces the JSON schema on its side.

The pipeline, prompts, per-article schemas, grounding and rules stay here; only decoding moves
to the server. A server's answer is still checked here against the schema (a server may ignore
a keyword it cannot compile, llama-cpp-python even falls back to plain JSON when a schema fails
to convert), and every failure (unreachable, HTTP error, timeout, an answer outside the
schema) is an ``EngineError`` for that article, never a free answer accepted silently.

outlines builds the request (its OpenAI adapter formats the chat and the ``json_schema``
response format), but the call is made with the ``openai`` client directly: outlines' model
wrapper returns only the text, and the pipeline needs the server's token usage and the finish
reason (a cut answer is checked differently from a whole one).
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections import OrderedDict

from ...config import Settings
from ...models.sources import ModelSource, ModelSourceError
from .base import Engine, EngineError, EngineTimeout, Generation, check_deadline, remaining_seconds

log = logging.getLogger(__name__)

FORMATS = ("json_schema", "json_object")

# The load-time check: a prompt inviting free text under a schema that allows one answer.
# Only a server that really constrains decoding returns it.
_PROBE_MESSAGES = [{"role": "user", "content": "Ignore any format. Write a long poem about the sea, no JSON."}]
_PROBE_SCHEMA = {
    "type": "object",
    "properties": {"answer": {"enum": ["ok"]}},
    "required": ["answer"],
    "additionalProperties": False,
}

# Characters per token when the server offers no tokenizer endpoint: Qwen2.5's tokenizer reads
# 2.8-2.9 characters of Arabic news per token; fewer here so chunks err on the small side.
CHARS_PER_TOKEN_ESTIMATE = 2.5


def portable_schema(schema):
    """The same schema in keywords every server's grammar compiler honours: a small integer
    range becomes an enum (llama-cpp-python's converter ignores minimum/maximum)."""
    if isinstance(schema, list):
        return [portable_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: portable_schema(v) for k, v in schema.items()}
    lo, hi = out.get("minimum"), out.get("maximum")
    if out.get("type") == "integer" and isinstance(lo, int) and isinstance(hi, int) and 0 <= hi - lo <= 256:
        out = {k: v for k, v in out.items() if k not in ("type", "minimum", "maximum")}
        out["enum"] = list(range(lo, hi + 1))
    return out


def _without_min_items(schema):
    if isinstance(schema, list):
        return [_without_min_items(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    return {k: _without_min_items(v) for k, v in schema.items() if k != "minItems"}


class SchemaValidators:
    """Stands where the local engines keep their grammar compiler: the server compiles the
    grammar, the client keeps one JSON Schema validator per schema (LRU) to check answers."""

    backend = "server"

    def __init__(self, cache_size: int = 64):
        self._cache: OrderedDict[str, object] = OrderedDict()
        self._cache_size = cache_size

    def warm_up(self) -> None:  # nothing to build ahead: the load already proved the server
        pass

    def compile(self, schema: dict):
        return self.processor(schema)

    def processor(self, schema: dict):
        from jsonschema import Draft202012Validator

        key = json.dumps(schema, sort_keys=True, ensure_ascii=False)
        validator = self._cache.get(key)
        if validator is None:
            validator = self._cache[key] = Draft202012Validator(schema)
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return validator

    def check(self, text: str, schema: dict, truncated: bool) -> None:
        """Raise ``EngineError`` unless ``text`` satisfies ``schema``. A cut answer (token limit)
        is checked on the complete items the pipeline will keep from it."""
        from jsonschema.exceptions import best_match

        if truncated:
            from ..answers import parse_json

            data = parse_json(text)
            if not data:
                if text.strip() and not text.lstrip().startswith("{"):
                    raise EngineError(f"the server's answer is not JSON: {text[:80]!r}")
                return
            schema = _without_min_items(schema)
        else:
            try:
                data = json.loads(text)
            except ValueError:
                raise EngineError(f"the server's answer is not JSON: {text[:80]!r}") from None
        error = best_match(self.processor(schema).iter_errors(data))
        if error is not None:
            where = "/".join(map(str, error.absolute_path)) or "the top level"
            raise EngineError(f"the server's answer does not satisfy the schema at {where}: {error.message[:200]}")


class ServerTokenizer:
    """Token counts (the pipeline chunks long articles by tokens) from the server's own
    tokenizer endpoint, found once at load; an estimate when it has none."""

    # (path at the server root, request body, the count in the answer)
    ROUTES = (
        (
            "/extras/tokenize/count",
            lambda model, text: {"input": text, "model": model},
            lambda data: data["count"],
        ),  # llama-cpp-python
        (
            "/tokenize",
            lambda model, text: {"model": model, "prompt": text, "add_special_tokens": False},
            lambda data: data["count"],
        ),  # vLLM
        ("/tokenize", lambda model, text: {"content": text}, lambda data: len(data["tokens"])),  # llama.cpp
    )

    def __init__(self, http, model: str):
        self._http = http
        self._model = model
        self.route = None
        for route in self.ROUTES:
            try:
                if self._ask(route, "وقعت الحكومة اتفاقاً") > 0:
                    self.route = route
                    break
            except Exception:  # noqa: BLE001 - this server has no such endpoint
                continue
        # chunking counts growing prefixes of one article: ask once per text
        self._cached = functools.lru_cache(maxsize=4096)(self._count)
        if self.route is None:
            log.warning(
                "the server has no tokenize endpoint: chunking counts %.1f characters per token",
                CHARS_PER_TOKEN_ESTIMATE,
            )

    @property
    def kind(self) -> str:
        return self.route[0] if self.route else "estimate"

    def _ask(self, route, text: str) -> int:
        path, body, count = route
        resp = self._http.post(path, json=body(self._model, text))
        resp.raise_for_status()
        return int(count(resp.json()))

    def count(self, text: str) -> int:
        return self._cached(text)

    def _count(self, text: str) -> int:
        if self.route is None:
            return max(1, round(len(text) / CHARS_PER_TOKEN_ESTIMATE))
        try:
            return self._ask(self.route, text)
        except Exception as exc:  # noqa: BLE001 - any failure is this article's error
            raise EngineError(f"the server could not count tokens: {exc}") from exc


class OpenAIEngine(Engine):
    def __init__(self, settings: Settings, client, model: str):
        from outlines.models.openai import OpenAITypeAdapter

        self.client = client
        self.base_url = str(client.base_url).rstrip("/")
        self.source = ModelSource(model, self.base_url)
        self.timeout_s = settings.server_timeout_s
        self.constraints = SchemaValidators()
        self.format = settings.server_schema_format
        self.load_seconds = 0.0
        self._adapter = OpenAITypeAdapter()
        self._tokenizer: ServerTokenizer | None = None

    @classmethod
    def load(cls, settings: Settings, choice: str | None = None) -> OpenAIEngine:
        """Connect, pick the model, prove the server enforces a schema, find its tokenizer.
        Any failure here is a ``ModelSourceError``: the command stops before any article."""
        try:
            import httpx
            import jsonschema  # noqa: F401 - the answers are checked with it
            import openai
        except ImportError as exc:
            raise ModelSourceError(f"the openai engine needs its extra: pip install '.[server]' ({exc})") from exc
        if not settings.base_url:
            raise ModelSourceError("EXTRACTOR_ENGINE=openai needs EXTRACTOR_BASE_URL, e.g. http://gpu-host:8000/v1")
        started = time.perf_counter()
        client = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.server_key or "none",
            timeout=settings.server_timeout_s,
            max_retries=settings.server_retries,
        )
        model = choice or settings.server_model or cls._served_model(client)
        engine = cls(settings, client, model)
        engine.format = engine._enforced_format(settings.server_schema_format)
        root = engine.base_url.removesuffix("/v1")
        headers = {"Authorization": f"Bearer {settings.server_key}"} if settings.server_key else {}
        engine._tokenizer = ServerTokenizer(
            httpx.Client(base_url=root, headers=headers, timeout=settings.server_timeout_s), model
        )
        engine.load_seconds = time.perf_counter() - started
        log.info(
            "using %s at %s (schema as %s, tokens via %s)",
            model,
            engine.base_url,
            engine.format,
            engine._tokenizer.kind,
        )
        return engine

    @staticmethod
    def _served_model(client) -> str:
        import openai

        try:
            ids = [m.id for m in client.models.list()]
        except openai.OpenAIError as exc:
            raise ModelSourceError(f"cannot reach the inference server at {client.base_url}: {exc}") from exc
        if len(ids) != 1:
            raise ModelSourceError(
                f"the server at {client.base_url} serves {ids or 'no model'}; choose one with EXTRACTOR_SERVER_MODEL"
            )
        return ids[0]

    def _enforced_format(self, wanted: str) -> str:
        """The first schema format this server enforces, proven by the probe."""
        failures = []
        client, self.client = self.client, self.client.with_options(max_retries=0)  # a refusal is final
        try:
            for fmt in FORMATS if wanted == "auto" else (wanted,):
                self.format = fmt
                failure = self._probe()
                if failure is None:
                    return fmt
                failures.append(f"{fmt}: {failure}")
        finally:
            self.client = client
        raise ModelSourceError(
            f"the server at {self.base_url} does not enforce a JSON schema for "
            f"{self.model_name!r} ({'; '.join(failures)})"
        )

    def _probe(self) -> str | None:
        """None when the server constrained the answer to the one the schema allows."""
        import openai

        try:
            gen = self.generate(_PROBE_MESSAGES, _PROBE_SCHEMA, 16)
        except EngineTimeout as exc:
            raise ModelSourceError(str(exc)) from exc
        except EngineError as exc:
            if isinstance(exc.__cause__, openai.APIConnectionError):  # down: no other format helps
                raise ModelSourceError(str(exc)) from exc
            return str(exc)
        try:
            if json.loads(gen.text) == {"answer": "ok"}:
                return None
        except ValueError:  # cut short
            pass
        return f"answered {gen.text[:60]!r}"

    # -- Engine -------------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        return f"openai/{self.format}"

    def count_tokens(self, text: str) -> int:
        if self._tokenizer is None:
            return max(1, round(len(text) / CHARS_PER_TOKEN_ESTIMATE))
        return self._tokenizer.count(text)

    def _response_format(self, schema: dict) -> dict:
        portable = portable_schema(schema)
        if self.format == "json_object":  # llama-cpp-python's dialect (Anyscale's JSON mode)
            return {"type": "json_object", "schema": portable}
        from outlines.types import JsonSchema

        return self._adapter.format_output_type(JsonSchema(portable))["response_format"]

    def generate(
        self, messages: list[dict], schema: dict | None, max_new_tokens: int, deadline: float | None = None
    ) -> Generation:
        """One chat completion, greedy. Server calls run in parallel (no lock): API workers and
        batch threads become concurrent requests the server batches."""
        import openai
        from outlines.inputs import Chat

        remaining = remaining_seconds(deadline)
        timeout = self.timeout_s if remaining is None else min(self.timeout_s, remaining)
        extra = {"response_format": self._response_format(schema)} if schema is not None else {}
        started = time.perf_counter()
        try:
            resp = self.client.chat.completions.create(
                model=self.model_name,
                messages=self._adapter.format_input(Chat(messages)),
                max_tokens=max_new_tokens,
                temperature=0.0,
                timeout=timeout,
                **extra,
            )
        except openai.APITimeoutError as exc:
            check_deadline(deadline)  # the article's own deadline passed: the caller's TimeoutError
            raise EngineTimeout(
                f"the inference server at {self.base_url} did not answer within "
                f"{timeout:.0f} s (EXTRACTOR_SERVER_TIMEOUT_S)"
            ) from exc
        except openai.APIConnectionError as exc:
            raise EngineError(f"cannot reach the inference server at {self.base_url}: {exc}") from exc
        except openai.APIStatusError as exc:
            raise EngineError(
                f"the inference server at {self.base_url} answered HTTP {exc.status_code}: {str(exc.message)[:300]}"
            ) from exc
        except openai.OpenAIError as exc:  # e.g. a body that is not a completion
            raise EngineError(f"bad answer from the inference server at {self.base_url}: {exc}") from exc
        seconds = time.perf_counter() - started
        choice = resp.choices[0] if resp.choices else None
        text = choice.message.content if choice is not None else None
        if text is None:
            raise EngineError(f"the inference server at {self.base_url} returned no text")
        if schema is not None:
            self.constraints.check(text, schema, truncated=choice.finish_reason == "length")
        usage = resp.usage
        if usage is not None:
            prompt_tokens, output_tokens = usage.prompt_tokens, usage.completion_tokens
        else:  # a server that reports no usage: counted here
            prompt_tokens = self.count_tokens("\n".join(m["content"] for m in messages))
            output_tokens = self.count_tokens(text)
        return Generation(text, prompt_tokens, output_tokens, seconds, 0.0)
