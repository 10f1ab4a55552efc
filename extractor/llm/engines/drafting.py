"""Greedy decoding under a grammar, with drafted tokens checked in one batch.

On a CPU a decoding step reads every weight for one token; a batch of a few tokens costs little
more than one, and each further token about what a prompt token costs (a third of a step for the
1.5B model on two cores). Drafts cost nothing to make here:

- the grammar: the text it forces next (keys, quotes, the rest of an enum value once its first
  tokens are chosen), tokenized as the model would write it;
- the prompt: names and spans are copies of the article, so the tokens that followed the last
  few tokens where they last occurred (prompt-lookup decoding).

A drafted token is kept only when it is the token greedy decoding under the grammar's mask picks
at that position (the mask is applied at every position, as in plain decoding), so the answer is
the one plain greedy decoding gives, up to the float rounding of a batched evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


class ConstraintNotApplied(RuntimeError):
    """A token left the grammar: the constraint did not hold."""


class Model(Protocol):
    """The model as the decoder sees it: tokens appended at the end of its cache."""

    def evaluate(self, tokens: Sequence[int]) -> np.ndarray:
        """Read ``tokens`` after the cached ones; one row of logits per token (the next-token
        logits after each)."""

    def drop(self, n: int) -> None:
        """Forget the last ``n`` tokens read (drafted tokens that were not kept)."""


class GrammarMask:
    """An xgrammar matcher seen as boolean masks over the vocabulary (numpy, no torch tensors on
    the hot path but the one bitmask buffer xgrammar fills)."""

    def __init__(self, compiled, vocab_size: int):
        import xgrammar as xgr

        self.matcher = xgr.GrammarMatcher(compiled)
        self.vocab_size = vocab_size
        self._bitmask = xgr.allocate_token_bitmask(1, compiled.tokenizer_info.vocab_size)
        self.applied = 0  # masks computed: one per token chosen

    def allowed(self) -> np.ndarray:
        self.matcher.fill_next_token_bitmask(self._bitmask)
        bits = self._bitmask.numpy()[0].view(np.uint8)
        self.applied += 1
        return np.unpackbits(bits, bitorder="little")[: self.vocab_size].astype(bool)

    def accept(self, token: int) -> None:
        if not self.matcher.accept_token(token):
            raise ConstraintNotApplied(f"token {token} rejected by the grammar")

    def forced_text(self) -> str:
        try:
            return self.matcher.find_jump_forward_string()
        except UnicodeDecodeError:  # the forced bytes end inside a character: no draft this step
            return ""

    @property
    def finished(self) -> bool:
        return self.matcher.is_terminated()


def choose(logits: np.ndarray, mask: GrammarMask | None) -> int:
    """The greedy token, among those the grammar allows."""
    if mask is None:
        return int(np.argmax(logits))
    allowed = mask.allowed()
    if not allowed.any():
        raise ConstraintNotApplied("the grammar allows no token")
    return int(np.argmax(np.where(allowed, logits, -np.inf)))


def lookup(history: Sequence[int], k: int, ngrams: Sequence[int] = (4, 3, 2)) -> list[int]:
    """Prompt-lookup draft: the ``k`` tokens that followed the latest earlier occurrence of the
    history's last n tokens (longest n first)."""
    if k <= 0:
        return []
    h = np.asarray(history)
    for n in ngrams:
        if len(h) <= n:
            continue
        tail = h[-n:]
        # positions where the n-gram starts, the history's own tail excluded
        starts = np.nonzero(np.all(np.lib.stride_tricks.sliding_window_view(h[:-1], n) == tail, axis=1))[0]
        for s in starts[::-1]:
            follow = h[s + n : s + n + k]
            if len(follow):
                return [int(t) for t in follow]
    return []


@dataclass
class DecodeStats:
    steps: int = 0  # model evaluations after the prompt
    drafted: int = 0  # drafted tokens evaluated
    kept: int = 0  # drafted tokens kept
    tokens: list[int] = field(default_factory=list)


def greedy(
    model: Model,
    prompt: Sequence[int],
    logits: np.ndarray,
    *,
    mask: GrammarMask | None,
    stop_tokens: set[int],
    max_new_tokens: int,
    draft_tokens: int,
    tokenize: Callable[[str], list[int]],
    should_stop: Callable[[list[int]], bool] = lambda out: False,
) -> DecodeStats:
    """Greedy decoding from ``logits`` (the next-token logits after ``prompt``, already read).

    ``draft_tokens`` bounds the tokens checked per step (0: plain decoding, one token per step).
    Stops at a stop token (not returned), after ``max_new_tokens``, when the grammar is finished,
    or when ``should_stop(tokens)`` says so.
    """
    stats = DecodeStats()
    out = stats.tokens
    history = list(prompt)
    token = choose(logits, mask)
    while True:
        if token in stop_tokens:
            return stats
        if mask is not None:
            mask.accept(token)
        out.append(token)
        history.append(token)
        if _done(out, max_new_tokens, mask, should_stop):
            return stats
        draft = _draft(mask, history, min(draft_tokens, max_new_tokens - len(out)), tokenize)
        rows = model.evaluate([token, *draft])
        stats.steps += 1
        stats.drafted += len(draft)
        kept, token = 0, None
        for i, guess in enumerate(draft):
            chosen = choose(rows[i], mask)
            if chosen != guess or guess in stop_tokens:
                token = chosen  # the model's own choice at this position is the next token
                break
            if mask is not None:
                mask.accept(guess)
            out.append(guess)
            history.append(guess)
            kept += 1
            if _done(out, max_new_tokens, mask, should_stop):
                break
        stats.kept += kept
        model.drop(len(draft) - kept)
        if token is None:
            if kept and _done(out, max_new_tokens, mask, should_stop):
                return stats
            token = choose(rows[kept], mask)


def _done(out: list[int], max_new_tokens: int, mask: GrammarMask | None, should_stop) -> bool:
    return len(out) >= max_new_tokens or should_stop(out) or (mask is not None and mask.finished)


def _draft(mask: GrammarMask | None, history: list[int], k: int, tokenize) -> list[int]:
    if k <= 0:
        return []
    draft: list[int] = []
    if mask is not None:
        forced = mask.forced_text()
        if forced:
            draft = tokenize(forced)[:k]
    if len(draft) < k:
        draft += lookup(history + draft, k - len(draft))
    return draft
