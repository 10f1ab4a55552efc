"""transformers engine: any Hugging Face model id, model folder or GGUF file, on CPU or CUDA."""

from __future__ import annotations

import time

import outlines
import torch
from outlines.inputs import Chat
from transformers import StoppingCriteria, StoppingCriteriaList

from ...config import Settings
from ...models.loader import LoadedModel, load_model
from ...models.sources import ModelSource
from ..constraints import ConstraintCompiler
from .base import Engine, Generation, check_deadline, remaining_seconds, repeats_itself


class TransformersEngine(Engine):
    def __init__(self, loaded: LoadedModel, constraint_backend: str = "xgrammar"):
        self.loaded = loaded
        self.source = loaded.source
        self.load_seconds = loaded.load_seconds
        self.constraints = ConstraintCompiler(self._tokenizer_info, constraint_backend, loaded.outlines_model)

    @classmethod
    def load(cls, settings: Settings, source: ModelSource) -> TransformersEngine:
        return cls(load_model(settings, source), settings.constraint_backend)

    def _tokenizer_info(self):
        import xgrammar as xgr

        return xgr.TokenizerInfo.from_huggingface(
            self.loaded.tokenizer, vocab_size=self.loaded.hf_model.config.vocab_size
        )

    @property
    def backend(self) -> str:
        return f"{self.loaded.backend}/{self.constraints.backend}"

    def count_tokens(self, text: str) -> int:
        return len(self.loaded.tokenizer(text, add_special_tokens=False).input_ids)

    def generate(
        self, messages: list[dict], schema: dict | None, max_new_tokens: int, deadline: float | None = None
    ) -> Generation:
        extra = {}
        remaining = remaining_seconds(deadline)
        if remaining is not None:
            extra["max_time"] = remaining  # transformers stops decoding once this is spent
        t0 = time.perf_counter()
        processor = self.constraints.processor(schema) if schema is not None else None
        t1 = time.perf_counter()
        generator = outlines.Generator(self.loaded.outlines_model, processor=processor)
        chat = Chat(messages)
        prompt_tokens = self.count_tokens(self.loaded.outlines_model.type_adapter.format_input(chat))
        if schema is not None:
            extra["stopping_criteria"] = StoppingCriteriaList(
                [_RepeatStop(prompt_tokens, self.loaded.tokenizer.decode)]
            )
        with torch.inference_mode():
            text = generator(
                chat, max_new_tokens=max_new_tokens, do_sample=False, temperature=None, top_p=None, top_k=None, **extra
            )
        seconds = time.perf_counter() - t1
        check_deadline(deadline)
        return Generation(text, prompt_tokens, self.count_tokens(text), seconds, t1 - t0)


class _RepeatStop(StoppingCriteria):
    """Ends decoding once the answer repeats itself (see ``repeats_itself``)."""

    def __init__(self, prompt_tokens: int, detokenize):
        self.prompt_tokens = prompt_tokens
        self.detokenize = detokenize

    def __call__(self, input_ids, scores, **kwargs) -> torch.BoolTensor:
        done = [repeats_itself(row[self.prompt_tokens :].tolist(), self.detokenize) for row in input_ids]
        return torch.tensor(done, dtype=torch.bool, device=input_ids.device)
