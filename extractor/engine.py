"""Inference engine: chat messages + JSON schema in, constrained JSON text out."""

from __future__ import annotations

import time
from dataclasses import dataclass

import outlines
import torch
from outlines.inputs import Chat

from .constraints import ConstraintCompiler
from .models.loader import LoadedModel


@dataclass(frozen=True)
class Generation:
    text: str
    prompt_tokens: int
    output_tokens: int
    seconds: float
    compile_seconds: float


class Engine:
    """Runs one model under schema constraints (outlines over transformers)."""

    def __init__(self, loaded: LoadedModel, constraint_backend: str = "xgrammar"):
        self.loaded = loaded
        self.constraints = ConstraintCompiler(loaded.outlines_model, constraint_backend)

    @property
    def model_name(self) -> str:
        return self.loaded.source.name

    @property
    def backend(self) -> str:
        return f"{self.loaded.backend}/{self.constraints.backend}"

    def count_tokens(self, text: str) -> int:
        return len(self.loaded.tokenizer(text, add_special_tokens=False).input_ids)

    def generate(self, messages: list[dict], schema: dict | None, max_new_tokens: int,
                 deadline: float | None = None) -> Generation:
        """Constrained generation; ``deadline`` (time.monotonic) stops decoding and raises TimeoutError."""
        extra = {}
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("extraction deadline passed")
            extra["max_time"] = remaining  # transformers stops decoding once this is spent
        t0 = time.perf_counter()
        processor = self.constraints.processor(schema) if schema is not None else None
        t1 = time.perf_counter()
        generator = outlines.Generator(self.loaded.outlines_model, processor=processor)
        chat = Chat(messages)
        prompt = self.loaded.outlines_model.type_adapter.format_input(chat)
        with torch.inference_mode():
            text = generator(chat, max_new_tokens=max_new_tokens, do_sample=False,
                             temperature=None, top_p=None, top_k=None, **extra)
        seconds = time.perf_counter() - t1
        if deadline is not None and time.monotonic() >= deadline:
            raise TimeoutError("extraction deadline passed")
        return Generation(text, self.count_tokens(prompt), self.count_tokens(text), seconds, t1 - t0)
