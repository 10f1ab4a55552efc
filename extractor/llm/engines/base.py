"""The small interface every inference engine implements: chat messages + JSON schema in,
constrained JSON text out. Engines differ only in how they run the model."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ...models.sources import ModelSource
from ..constraints import ConstraintCompiler


class EngineError(RuntimeError):
    """The engine gave no usable answer for this call (an inference server unreachable, failing,
    or answering outside the schema): an error for the article, never a silent free answer."""


class EngineTimeout(EngineError):
    """An inference server did not answer in time."""


@dataclass(frozen=True)
class Generation:
    text: str
    prompt_tokens: int
    output_tokens: int
    seconds: float
    compile_seconds: float
    steps: int | None = None  # model evaluations after the prompt (fewer than tokens when drafts are kept)
    drafted: int | None = None  # drafted tokens checked
    prompt_read: int | None = None  # prompt tokens computed (the rest came from a prompt cache)


class Engine(ABC):
    source: ModelSource
    constraints: ConstraintCompiler
    load_seconds: float

    @property
    def model_name(self) -> str:
        return self.source.name

    @property
    @abstractmethod
    def backend(self) -> str:
        """Engine, device, weights and constraint engine, e.g. ``llamacpp/cpu/gguf/xgrammar``."""

    @abstractmethod
    def count_tokens(self, text: str) -> int: ...

    def prime(self, messages: list[dict], mark: str) -> int:
        """Prepare the prompt opening every call shares (the chat up to ``mark``), for engines
        that keep a prompt cache; returns the tokens prepared (0: nothing to do)."""
        return 0

    @abstractmethod
    def generate(
        self, messages: list[dict], schema: dict | None, max_new_tokens: int, deadline: float | None = None
    ) -> Generation:
        """Greedy decoding under ``schema`` (None: free text). ``deadline`` (time.monotonic)
        stops decoding and raises TimeoutError."""


def remaining_seconds(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("extraction deadline passed")
    return remaining


def check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() >= deadline:
        raise TimeoutError("extraction deadline passed")


def repeats_itself(tokens: list[int], detokenize, min_period: int = 6, max_period: int = 128) -> bool:
    """True when the JSON answer ends with a whole list item written twice in a row.

    Under greedy decoding a small model that writes one item twice keeps writing it until the
    token limit; stopping at the second copy saves that time and loses nothing (the pipeline keeps
    complete items and merges duplicates). Only a repeated run holding both braces counts: a
    name repeated inside one item's list is bounded by the schema, and cutting there would lose
    the item.
    """
    n = len(tokens)
    for period in range(min_period, min(max_period, n // 2) + 1):
        # runs on every decoded token: compare the last token first, slice only on a hit
        if tokens[-1] == tokens[-1 - period] and tokens[n - period :] == tokens[n - 2 * period : n - period]:
            run = detokenize(tokens[n - period :])
            return "{" in run and "}" in run
    return False
