"""Schema constraints behind one interface: a JSON schema in, an outlines logits processor out.

xgrammar is the default: it compiles a per-article schema in milliseconds and, with
``any_whitespace=False``, forces compact JSON (fewer tokens, no indentation loops).
outlines-core is kept as the reference engine.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from outlines.backends import get_json_schema_logits_processor
from outlines.backends.xgrammar import XGrammarLogitsProcessor

BACKENDS = ("xgrammar", "outlines_core")


class ConstraintCompiler:
    def __init__(self, outlines_model, backend: str = "xgrammar", cache_size: int = 64):
        if backend not in BACKENDS:
            raise ValueError(f"unknown constraint backend {backend!r}; choose from {BACKENDS}")
        self.backend = backend
        self._model = outlines_model
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size
        self._xgr_compiler = None

    def _compile(self, schema_json: str):
        if self.backend == "outlines_core":
            # whitespace fixed to nothing: same compact output as xgrammar
            return get_json_schema_logits_processor("outlines_core", self._model, schema_json, whitespace_pattern="")
        if self._xgr_compiler is None:
            import xgrammar as xgr

            tok = self._model.hf_tokenizer
            info = xgr.TokenizerInfo.from_huggingface(tok, vocab_size=self._model.model.config.vocab_size)
            self._xgr_compiler = xgr.GrammarCompiler(info)
        grammar = self._xgr_compiler.compile_json_schema(schema_json, any_whitespace=False)
        return grammar

    def processor(self, schema: dict):
        """A fresh logits processor for ``schema``; compiled grammars are cached by schema."""
        key = json.dumps(schema, sort_keys=True, ensure_ascii=False)
        compiled = self._cache.get(key)
        if compiled is None:
            compiled = self._compile(key)
            self._cache[key] = compiled
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        if self.backend == "xgrammar":
            return XGrammarLogitsProcessor(compiled, self._model.tensor_library_name)
        return compiled
