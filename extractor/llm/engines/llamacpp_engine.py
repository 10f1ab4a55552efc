"""llama.cpp engine (llama-cpp-python) for GGUF files on CPU: the quantised weights are used
as they are (no dequantisation at load), and the KV cache of a shared prompt prefix is reused
between calls.

The constraint is outlines' xgrammar processor, bridged to llama.cpp's numpy logits. llama.cpp
calls logits processors from a C callback that prints and swallows Python exceptions, so a
failing processor would silently leave decoding unconstrained: every call is counted and any
error is re-raised after decoding (``ConstraintNotApplied``).
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time

import numpy as np
import torch

from ...config import Settings
from ...models.sources import ModelSource, ModelSourceError
from ..constraints import ConstraintCompiler
from .base import Engine, Generation, check_deadline, remaining_seconds, repeats_itself

log = logging.getLogger(__name__)


class ConstraintNotApplied(RuntimeError):
    """The logits processor did not run on every generated token."""


class _GuardedProcessor:
    """numpy → torch bridge around an outlines processor that records what llama.cpp would hide."""

    def __init__(self, processor):
        self.processor = processor
        self.calls = 0
        self.error: BaseException | None = None

    def __call__(self, input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        if self.error is not None:  # decoding is being stopped; keep the model off every token
            return np.full_like(scores, -np.inf)
        try:
            logits = torch.from_numpy(np.ascontiguousarray(scores, dtype=np.float32))
            out = self.processor(torch.from_numpy(input_ids.astype(np.int64)), logits)
            self.calls += 1
            return out.numpy()
        except BaseException as exc:  # noqa: BLE001 - re-raised after decoding
            self.error = exc
            return np.full_like(scores, -np.inf)


def _shared_prefix(a, b) -> int:
    n = min(len(a), len(b))
    if n == 0:
        return 0
    diff = np.nonzero(np.asarray(a[:n]) != np.asarray(b[:n]))[0]
    return int(diff[0]) if len(diff) else n


class _PrefixStates:
    """Snapshots of the KV cache after recent calls, restored when a new prompt shares a longer
    prefix with one of them than with the live cache.

    llama.cpp keeps one sequence: on its own it reuses only the prefix shared with the previous
    call. The passes alternate (actors, agreements, actors of the next article ...), so each
    pass's instruction prefix would be recomputed for every article; a snapshot (tens of MB,
    ~50 ms to copy) brings it back.
    """

    def __init__(self, llama, keep: int = 4, min_gain: int = 32):
        self.llama = llama
        self.keep = keep
        self.min_gain = min_gain
        self.states: list[tuple[np.ndarray, ctypes.Array]] = []

    def save(self) -> None:
        lc, ctx = _llama_cpp(), self.llama._ctx.ctx
        tokens = self.llama._input_ids.copy()
        size = lc.llama_state_seq_get_size(ctx, 0)
        buf = (ctypes.c_uint8 * size)()
        lc.llama_state_seq_get_data(ctx, buf, size, 0)
        # a newer state that extends an older one replaces it
        self.states = [s for s in self.states if _shared_prefix(s[0], tokens) < len(s[0])]
        self.states.insert(0, (tokens, buf))
        del self.states[self.keep :]

    def restore_best(self, prompt: list[int]) -> int:
        """Load the snapshot sharing the longest prefix with ``prompt``; returns tokens gained."""
        live = _shared_prefix(self.llama._input_ids, prompt)
        best, gain = None, self.min_gain
        for state in self.states:
            shared = _shared_prefix(state[0], prompt)
            if shared - live > gain:
                best, gain = state, shared - live
        if best is None:
            return 0
        lc, ctx = _llama_cpp(), self.llama._ctx.ctx
        tokens, buf = best
        lc.llama_memory_seq_rm(lc.llama_get_memory(ctx), -1, 0, -1)
        if lc.llama_state_seq_set_data(ctx, buf, len(buf), 0) == 0:
            self.llama.reset()  # could not restore: start from an empty cache
            return 0
        self.llama.input_ids[: len(tokens)] = tokens
        self.llama.n_tokens = len(tokens)
        self.llama._requires_eval = True
        return gain


def default_threads() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class LlamaCppEngine(Engine):
    def __init__(self, source: ModelSource, llama, constraint_backend: str, load_seconds: float):
        if constraint_backend != "xgrammar":
            raise ModelSourceError("the llamacpp engine supports the xgrammar constraint backend only")
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.source = source
        self.llama = llama
        self.load_seconds = load_seconds
        self._vocab = _llama_cpp().llama_model_get_vocab(llama.model)
        self._eog = {i for i in range(llama.n_vocab()) if _llama_cpp().llama_vocab_is_eog(self._vocab, i)}
        template = llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelSourceError(f"{source.name}: the GGUF file carries no chat template")
        self._formatter = Jinja2ChatFormatter(
            template,
            eos_token=self._piece(llama.token_eos(), True),
            bos_token=self._piece(llama.token_bos(), True),
            add_generation_prompt=True,
        )
        self.constraints = ConstraintCompiler(self._tokenizer_info, constraint_backend)
        self._states = _PrefixStates(llama)
        self._lock = threading.Lock()  # one llama.cpp context: calls from API workers take turns

    @classmethod
    def load(cls, settings: Settings, source: ModelSource) -> LlamaCppEngine:
        if source.gguf_file is None:
            raise ModelSourceError(
                f"{source.name}: the llamacpp engine needs a .gguf file; "
                "use the transformers engine for model folders and hub ids"
            )
        from llama_cpp import Llama

        started = time.perf_counter()
        path = os.path.join(source.location, source.gguf_file)
        try:
            llama = Llama(
                model_path=path,
                n_ctx=settings.context_tokens,
                n_batch=512,
                n_threads=settings.threads or default_threads(),
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelSourceError(f"cannot load model {source.name!r}: {exc}") from exc
        engine = cls(source, llama, settings.constraint_backend, time.perf_counter() - started)
        log.info("loaded %s with llama.cpp in %.1fs", source.name, engine.load_seconds)
        return engine

    # -- vocabulary ---------------------------------------------------------------------------
    def _piece(self, token: int, special: bool) -> bytes:
        buf = (ctypes.c_char * 256)()
        n = _llama_cpp().llama_token_to_piece(self._vocab, token, buf, 256, 0, special)
        return bytes(buf[:n]) if n > 0 else b""

    def _tokenizer_info(self):
        import xgrammar as xgr

        # raw bytes per token; special tokens render empty, so the grammar never emits them as text
        pieces = [self._piece(i, False) for i in range(self.llama.n_vocab())]
        return xgr.TokenizerInfo(
            pieces, xgr.VocabType.RAW, vocab_size=self.llama.n_vocab(), stop_token_ids=sorted(self._eog)
        )

    # -- Engine -------------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        return f"llamacpp/cpu/gguf/{self.constraints.backend}"

    def _tokens(self, text: str, special: bool) -> list[int]:
        return self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=special)

    def _detokenize(self, tokens: list[int]) -> str:
        return self.llama.detokenize(tokens).decode("utf-8", errors="replace")

    def count_tokens(self, text: str) -> int:
        return len(self._tokens(text, False))

    def generate(
        self, messages: list[dict], schema: dict | None, max_new_tokens: int, deadline: float | None = None
    ) -> Generation:
        with self._lock:
            return self._generate(messages, schema, max_new_tokens, deadline)

    def _generate(self, messages, schema, max_new_tokens, deadline) -> Generation:
        from llama_cpp import LogitsProcessorList, StoppingCriteriaList

        remaining_seconds(deadline)
        t0 = time.perf_counter()
        guard = _GuardedProcessor(self.constraints.processor(schema)) if schema is not None else None
        t1 = time.perf_counter()
        prompt = self._tokens(self._formatter(messages=messages).prompt, True)
        if len(prompt) + max_new_tokens > self.llama.n_ctx():
            raise ValueError(
                f"prompt of {len(prompt)} tokens + {max_new_tokens} to generate exceeds the "
                f"context of {self.llama.n_ctx()} (EXTRACTOR_CONTEXT_TOKENS)"
            )

        def stop(_ids, _logits) -> bool:  # the deadline and a failed constraint both end decoding
            return (deadline is not None and time.monotonic() >= deadline) or (
                guard is not None and guard.error is not None
            )

        self._states.restore_best(prompt)
        out: list[int] = []
        # generate() reuses the KV cache of the longest prefix shared with the previous call
        for token in self.llama.generate(
            prompt,
            temp=0.0,
            top_k=1,
            repeat_penalty=1.0,
            logits_processor=LogitsProcessorList([guard]) if guard else None,
            stopping_criteria=StoppingCriteriaList([stop]),
        ):
            if token in self._eog:
                break
            out.append(token)
            if len(out) >= max_new_tokens or (schema is not None and repeats_itself(out, self._detokenize)):
                break
        self._states.save()
        seconds = time.perf_counter() - t1
        if guard is not None:
            if guard.error is not None:
                raise ConstraintNotApplied(f"constraint failed during decoding: {guard.error!r}") from guard.error
            if guard.calls < len(out):
                raise ConstraintNotApplied(f"constraint ran on {guard.calls} of {len(out)} tokens")
        check_deadline(deadline)
        text = self._detokenize(out)
        return Generation(text, len(prompt), len(out), seconds, t1 - t0)


def _llama_cpp():
    import llama_cpp

    return llama_cpp
