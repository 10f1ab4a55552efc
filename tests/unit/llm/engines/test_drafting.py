"""Drafted decoding gives the tokens plain greedy decoding gives, under a real xgrammar grammar,
on a toy model whose logits depend on the whole context (so a wrongly kept or wrongly dropped
token changes everything after it)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
import xgrammar as xgr

from extractor.llm.engines.drafting import ConstraintNotApplied, GrammarMask, greedy, lookup

# a byte-level toy vocabulary: every printable ASCII character, some JSON pieces, an end token
PIECES = [bytes([c]) for c in range(32, 127)] + [
    b'{"',
    b'":',
    b'": "',
    b'", "',
    b'"}',
    b"name",
    b"type",
    b"person",
    b"state",
    b"Ali",
    b"Cairo",
    b" Hassan",
    b"items",
]
END = len(PIECES)
VOCAB = PIECES + [b""]


def tokenize(text: str) -> list[int]:
    """Longest match first, as a BPE tokenizer would mostly do."""
    data, out = text.encode(), []
    while data:
        best = max((i for i, p in enumerate(PIECES) if data.startswith(p)), key=lambda i: len(PIECES[i]))
        out.append(best)
        data = data[len(PIECES[best]) :]
    return out


class ToyModel:
    """Logits from a hash of the whole context; with ``copy`` it favours repeating the prompt."""

    def __init__(self, prompt: list[int], copy: bool = False):
        self.context = list(prompt)
        self.copy = copy
        self.evaluated = 0

    def _row(self) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(json.dumps(self.context).encode()).digest()[:8], "little")
        row = np.random.default_rng(seed).normal(size=len(VOCAB))
        if self.copy:  # continue the latest earlier occurrence of the last token, as a copying model does
            last = self.context[-1]
            earlier = [i for i, t in enumerate(self.context[:-1]) if t == last]
            if earlier:
                row[self.context[earlier[-1] + 1]] += 5.0
        return row

    def evaluate(self, tokens):
        rows = []
        for t in tokens:
            self.context.append(t)
            rows.append(self._row())
        self.evaluated += 1
        return np.stack(rows)

    def drop(self, n: int) -> None:
        if n:
            del self.context[-n:]

    def first(self) -> np.ndarray:
        return self._row()


SCHEMA = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"enum": ["Ali Hassan", "Cairo", "Ali"]},
                    "type": {"enum": ["person", "state"]},
                },
                "required": ["name", "type"],
                "additionalProperties": False,
            },
            "maxItems": 4,
        }
    },
    "required": ["items"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def compiled():
    info = xgr.TokenizerInfo(VOCAB, xgr.VocabType.RAW, vocab_size=len(VOCAB), stop_token_ids=[END])
    return xgr.GrammarCompiler(info).compile_json_schema(json.dumps(SCHEMA), any_whitespace=False)


def run(compiled, prompt_text: str, draft: int, copy: bool = False, max_new: int = 200):
    prompt = tokenize(prompt_text)
    model = ToyModel(prompt, copy)
    mask = GrammarMask(compiled, len(VOCAB))
    stats = greedy(
        model,
        prompt,
        model.first(),
        mask=mask,
        stop_tokens={END},
        max_new_tokens=max_new,
        draft_tokens=draft,
        tokenize=tokenize,
    )
    return stats, mask, model


@pytest.mark.parametrize(
    "prompt", ["Ali Hassan met Cairo", "x", 'Answer like {"items": [{"name": "Ali", "type": "state"}]}']
)
@pytest.mark.parametrize("copy", [False, True])
@pytest.mark.parametrize("draft", [1, 3, 8])
def test_drafted_decoding_gives_the_plain_greedy_tokens(compiled, prompt, copy, draft):
    plain, plain_mask, _ = run(compiled, prompt, 0, copy)
    drafted, mask, _ = run(compiled, prompt, draft, copy)
    assert drafted.tokens == plain.tokens
    text = b"".join(VOCAB[t] for t in drafted.tokens).decode()
    assert json.loads(text)["items"] is not None  # a complete answer of the schema
    assert mask.applied >= len(drafted.tokens)  # a mask at every chosen position


def test_drafts_save_model_steps(compiled):
    prompt = 'Answer like {"items": [{"name": "Ali Hassan", "type": "person"}]}'
    plain, _, plain_model = run(compiled, prompt, 0, copy=True)
    drafted, _, model = run(compiled, prompt, 6, copy=True)
    assert drafted.tokens == plain.tokens
    assert drafted.kept > 0
    assert model.evaluated < plain_model.evaluated
    assert drafted.steps == model.evaluated


def test_max_new_tokens_is_exact_with_drafts(compiled):
    for draft in (0, 5):
        stats, _, _ = run(compiled, "Ali Hassan", draft, copy=True, max_new=7)
        assert len(stats.tokens) == 7


def test_a_token_outside_the_grammar_is_refused(compiled):
    mask = GrammarMask(compiled, len(VOCAB))
    with pytest.raises(ConstraintNotApplied):
        mask.accept(tokenize("x")[0])  # the answer must open with {


@pytest.mark.parametrize(
    ("history", "k", "expected"),
    [
        ([1, 2, 3, 4, 1, 2, 3], 2, [4, 1]),  # the 3-gram 1 2 3 was followed by 4 1
        ([5, 6, 7, 5, 6], 3, [7, 5, 6]),
        ([1, 2, 3], 2, []),  # nothing repeats
        ([9, 1, 2, 8, 1, 2], 1, [8]),  # the latest occurrence wins
        ([1, 2, 1, 2], 0, []),
    ],
)
def test_lookup(history, k, expected):
    assert lookup(history, k) == expected
