"""An engine that remembers: answers keyed by the exact request (messages, schema, token
limit) and the model that gave them, kept in a JSONL file. Decoding is greedy, so the same request gets the same
answer; a rule change that leaves a question untouched re-scores without running the model.

Used by ``extractor eval --cache FILE`` for experiments; never by the API or the batch, whose
answers must come from the model they name.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

from .base import Engine, Generation


def request_key(messages: list[dict], schema: dict | None, max_new_tokens: int) -> str:
    payload = json.dumps([messages, schema, max_new_tokens], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class CachedEngine(Engine):
    def __init__(self, engine: Engine, path: Path):
        self.engine = engine
        self.path = Path(path)
        self.hits = self.misses = 0
        self._lock = threading.Lock()
        self._answers: dict[str, dict] = {}
        if self.path.is_file():
            for n, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
                if line.strip():
                    try:
                        record = json.loads(line)
                        if record["model"] == engine.model_name:  # another model's answers do not count
                            self._answers[record["key"]] = record
                    except (json.JSONDecodeError, KeyError):
                        raise ValueError(f"{self.path}:{n}: not a cached answer") from None

    # the wrapped engine's identity, so reports and records name the real model
    source = property(lambda self: self.engine.source)
    constraints = property(lambda self: self.engine.constraints)
    load_seconds = property(lambda self: self.engine.load_seconds)
    backend = property(lambda self: self.engine.backend)

    def count_tokens(self, text: str) -> int:
        return self.engine.count_tokens(text)

    def generate(
        self, messages: list[dict], schema: dict | None, max_new_tokens: int, deadline: float | None = None
    ) -> Generation:
        key = request_key(messages, schema, max_new_tokens)
        with self._lock:
            record = self._answers.get(key)
        if record is not None:
            self.hits += 1
            return Generation(record["text"], record["prompt_tokens"], record["output_tokens"], 0.0, 0.0)
        self.misses += 1
        gen = self.engine.generate(messages, schema, max_new_tokens, deadline)
        record = {
            "key": key,
            "model": self.model_name,
            "text": gen.text,
            "prompt_tokens": gen.prompt_tokens,
            "output_tokens": gen.output_tokens,
        }
        with self._lock:
            self._answers[key] = record
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return gen
