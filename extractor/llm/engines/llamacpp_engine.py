"""llama.cpp engine (llama-cpp-python) for GGUF files on CPU: the quantised weights are used
as they are (no dequantisation at load), and the KV cache of a shared prompt prefix is reused
between calls.

Decoding is this project's own loop (``drafting.greedy``) over llama.cpp's batch API: the
xgrammar mask is applied in Python at every position (no C callback that could swallow a
failing processor), and drafted tokens (the grammar's forced text, prompt lookup) are checked
several per model step. The number of masks applied is checked against the tokens written.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

import numpy as np

from ...config import Settings
from ...models.sources import ModelSource, ModelSourceError
from ..constraints import ConstraintCompiler
from .base import Engine, Generation, check_deadline, remaining_seconds, repeats_itself
from .drafting import ConstraintNotApplied, GrammarMask, greedy

log = logging.getLogger(__name__)


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
        is_eog = _llama_cpp().llama_vocab_is_eog
        self._eog = {i for i in range(llama.n_vocab()) if is_eog(self._vocab, i)}
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
        self.draft_tokens = 0
        self.state_dir: Path | None = None  # where primed prompt states are kept between processes
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
        loaded: dict = {}

        def load_model() -> None:
            try:
                loaded["llama"] = Llama(
                    model_path=path,
                    n_ctx=settings.context_tokens,
                    n_batch=512,
                    n_threads=settings.threads or default_threads(),
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                loaded["error"] = exc

        # the weights load in native code (no GIL) while this thread imports the grammar engine
        # (xgrammar brings torch: seconds of a cold start)
        loader = threading.Thread(target=load_model, name="llama-load")
        loader.start()
        import xgrammar  # noqa: F401

        loader.join()
        if "error" in loaded:
            raise ModelSourceError(f"cannot load model {source.name!r}: {loaded['error']}") from loaded["error"]
        engine = cls(source, loaded["llama"], settings.constraint_backend, time.perf_counter() - started)
        engine.draft_tokens = settings.draft_tokens
        engine.state_dir = settings.cache_dir / "prompt-states"
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

    def prime(self, messages: list[dict], mark: str) -> int:
        """Compute the prompt opening every question shares (the chat up to ``mark``) now, or load
        it from the state file an earlier process saved; returns the tokens it holds."""
        with self._lock:
            text = self._formatter(messages=messages).prompt
            tokens = self._tokens(text[: text.index(mark)], True)
            path = self._state_file(tokens)
            if path is None or not self._load_state(path, tokens):
                self._clear()
                _LlamaModel(self.llama).read(tokens)
                if path is not None:
                    self._save_state(path, tokens)
            self._states.save()
            return len(tokens)

    def _state_file(self, tokens: list[int]) -> Path | None:
        if self.state_dir is None:
            return None
        import llama_cpp

        model = Path(self.source.location, self.source.gguf_file or "")
        stat = model.stat()
        key = hashlib.sha256(
            repr(
                (model.name, stat.st_size, stat.st_mtime_ns, llama_cpp.__version__, self.llama.n_ctx(), tokens)
            ).encode()
        ).hexdigest()[:24]
        return self.state_dir / f"{model.stem}-{key}.state"

    def _clear(self) -> None:
        lc = _llama_cpp()
        self.llama.reset()
        lc.llama_memory_seq_rm(lc.llama_get_memory(self.llama._ctx.ctx), -1, 0, -1)

    def _load_state(self, path: Path, tokens: list[int]) -> bool:
        if not path.is_file():
            return False
        lc = _llama_cpp()
        self._clear()
        buf = (lc.llama_token * (len(tokens) + 1))()
        count = ctypes.c_size_t(0)
        read = lc.llama_state_seq_load_file(
            self.llama._ctx.ctx, str(path).encode(), 0, buf, len(tokens) + 1, ctypes.byref(count)
        )
        if read == 0 or list(buf[: count.value]) != tokens:
            log.warning("prompt state %s unusable; computing it again", path.name)
            self._clear()
            return False
        self.llama.input_ids[: len(tokens)] = tokens
        self.llama.n_tokens = len(tokens)
        return True

    def _save_state(self, path: Path, tokens: list[int]) -> None:
        lc = _llama_cpp()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            arr = (lc.llama_token * len(tokens))(*tokens)
            if lc.llama_state_seq_save_file(self.llama._ctx.ctx, str(tmp).encode(), 0, arr, len(tokens)) == 0:
                raise OSError("llama.cpp could not write the state")
            os.replace(tmp, path)  # whole or absent: a reader never sees half a file
            # states of older prompts of this model are of no further use: keep the newest few
            older = sorted(path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.state"), key=os.path.getmtime)
            for stale in older[:-3]:
                stale.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot keep the prompt state in %s: %s", path.parent, exc)

    def generate(
        self, messages: list[dict], schema: dict | None, max_new_tokens: int, deadline: float | None = None
    ) -> Generation:
        with self._lock:
            return self._generate(messages, schema, max_new_tokens, deadline)

    def _generate(self, messages, schema, max_new_tokens, deadline) -> Generation:
        remaining_seconds(deadline)
        t0 = time.perf_counter()
        mask = GrammarMask(self.constraints.compile(schema), self.llama.n_vocab()) if schema is not None else None
        t1 = time.perf_counter()
        prompt = self._tokens(self._formatter(messages=messages).prompt, True)
        if len(prompt) + max_new_tokens > self.llama.n_ctx():
            raise ValueError(
                f"prompt of {len(prompt)} tokens + {max_new_tokens} to generate exceeds the "
                f"context of {self.llama.n_ctx()} (EXTRACTOR_CONTEXT_TOKENS)"
            )

        def should_stop(out: list[int]) -> bool:
            return (deadline is not None and time.monotonic() >= deadline) or (
                schema is not None and repeats_itself(out, self._detokenize)
            )

        self._states.restore_best(prompt)
        model = _LlamaModel(self.llama)
        logits = model.read_prompt(prompt)
        stats = greedy(
            model,
            prompt,
            logits,
            mask=mask,
            stop_tokens=self._eog,
            max_new_tokens=max_new_tokens,
            draft_tokens=self.draft_tokens,
            tokenize=lambda text: self._tokens(text, False),
            should_stop=should_stop,
        )
        out = stats.tokens
        self._states.save()
        seconds = time.perf_counter() - t1
        if mask is not None and mask.applied < len(out):
            raise ConstraintNotApplied(f"constraint applied on {mask.applied} of {len(out)} tokens")
        check_deadline(deadline)
        return Generation(
            self._detokenize(out),
            len(prompt),
            len(out),
            seconds,
            t1 - t0,
            steps=stats.steps,
            drafted=stats.drafted,
            prompt_read=model.prompt_read,
        )


class _LlamaModel:
    """llama-cpp-python's context as ``drafting.Model``: tokens appended with the batch API, the
    logits of every token of a draft batch read back, the Llama object's token record kept in
    step (the prefix reuse relies on it)."""

    def __init__(self, llama):
        self.llama = llama
        self.vocab = llama.n_vocab()
        self.prompt_read = 0  # prompt tokens computed (the rest came from the cache)

    def read_prompt(self, prompt: list[int]) -> np.ndarray:
        """Read the part of ``prompt`` not already cached; the logits after its last token."""
        shared = _shared_prefix(self.llama._input_ids, prompt)
        shared = min(shared, len(prompt) - 1)  # the last prompt token is read again for its logits
        self.llama.n_tokens = shared
        self.prompt_read = len(prompt) - shared
        # the last token is read on its own, as it is when the rest comes from the cache: its
        # numbers (and the answer, at a near tie) do not depend on what was cached
        if len(prompt) - shared > 1:
            self.read(prompt[shared:-1])
        return self.read(prompt[-1:])

    def evaluate(self, tokens) -> np.ndarray:
        return self._read(list(tokens), every_row=True)

    def read(self, tokens: list[int]) -> np.ndarray:
        """Read ``tokens`` after the cached ones; the logits after the last."""
        return self._read(tokens, every_row=False)[-1]

    def drop(self, n: int) -> None:
        if n > 0:
            self.llama.n_tokens -= n
            self.llama._ctx.kv_cache_seq_rm(-1, self.llama.n_tokens, -1)

    def _read(self, tokens: list[int], every_row: bool) -> np.ndarray:
        llama = self.llama
        llama._ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
        rows = []
        for i in range(0, len(tokens), llama.n_batch):
            batch = tokens[i : i + llama.n_batch]
            llama._batch.set_batch(batch=batch, n_past=llama.n_tokens, logits_all=every_row)
            llama._ctx.decode(llama._batch)
            llama.input_ids[llama.n_tokens : llama.n_tokens + len(batch)] = batch
            llama.n_tokens += len(batch)
            n_rows = len(batch) if every_row else 1
            rows.append(np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(n_rows, self.vocab)).copy())
        return np.concatenate(rows) if every_row else rows[-1]


def _llama_cpp():
    import llama_cpp

    return llama_cpp
