"""Schema constraints behind one interface: a JSON schema in, an outlines logits processor out.

xgrammar is the default on every engine: it compiles a per-article schema in milliseconds
and, with ``any_whitespace=False``, forces compact JSON (fewer tokens, no indentation loops).
outlines-core is kept as the reference engine on transformers.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

BACKENDS = ("xgrammar", "outlines_core")


class ConstraintCompiler:
    """Compiles schemas once (LRU cache by schema) and hands out a fresh processor per call.

    ``tokenizer_info`` builds the xgrammar view of the vocabulary lazily (it walks ~150k
    tokens); ``outlines_model`` is needed only by the outlines-core backend.
    """

    def __init__(
        self, tokenizer_info: Callable[[], Any], backend: str = "xgrammar", outlines_model=None, cache_size: int = 64
    ):
        if backend not in BACKENDS:
            raise ValueError(f"unknown constraint backend {backend!r}; choose from {BACKENDS}")
        if backend == "outlines_core" and outlines_model is None:
            raise ValueError("the outlines_core constraint backend runs only on the transformers engine")
        self.backend = backend
        self._tokenizer_info = tokenizer_info
        self._model = outlines_model
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size
        self._xgr_compiler = None

    def _compile(self, schema_json: str):
        if self.backend == "outlines_core":
            from outlines.backends import get_json_schema_logits_processor

            # whitespace fixed to nothing: same compact output as xgrammar
            return get_json_schema_logits_processor("outlines_core", self._model, schema_json, whitespace_pattern="")
        if self._xgr_compiler is None:
            import xgrammar as xgr

            self._xgr_compiler = xgr.GrammarCompiler(self._tokenizer_info())
        return self._xgr_compiler.compile_json_schema(schema_json, any_whitespace=False)

    def warm_up(self) -> None:
        """Build the vocabulary index now (seconds for a 150k vocabulary) rather than in the first request."""
        self.compile({"enum": ["ok"]})

    def compile(self, schema: dict):
        """The compiled grammar for ``schema`` (xgrammar; outlines-core: its processor), cached
        by schema."""
        key = json.dumps(schema, sort_keys=True, ensure_ascii=False)
        compiled = self._cache.get(key)
        if compiled is None:
            compiled = self._compile(key)
            self._cache[key] = compiled
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return compiled

    def processor(self, schema: dict):
        """A fresh logits processor (torch tensors) for ``schema``."""
        compiled = self.compile(schema)
        if self.backend == "xgrammar":
            from outlines.backends.xgrammar import XGrammarLogitsProcessor

            return XGrammarLogitsProcessor(compiled, "torch")
        return compiled
