"""Load any model source with ``transformers`` (one code path) and wrap it for outlines."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import outlines
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from ..config import Settings
from .sources import ModelSource, ModelSourceError

log = logging.getLogger(__name__)


@dataclass
class LoadedModel:
    source: ModelSource
    outlines_model: outlines.models.Transformers
    device: str
    dtype: str
    load_seconds: float

    @property
    def hf_model(self):
        return self.outlines_model.model

    @property
    def tokenizer(self):
        return self.outlines_model.hf_tokenizer

    @property
    def backend(self) -> str:
        return f"transformers/{self.device}/{self.dtype}"


def pick_device(requested: str) -> str:
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise ModelSourceError("device cuda requested but no CUDA device is available")
    if requested not in ("cpu", "cuda"):
        raise ModelSourceError(f"unknown device {requested!r} (auto, cpu or cuda)")
    return requested


def pick_dtype(requested: str, device: str) -> torch.dtype:
    if requested == "auto":
        # bf16 halves the bytes read per token on CPUs with native bf16 and on GPUs.
        return torch.bfloat16
    try:
        return {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[requested]
    except KeyError:
        raise ModelSourceError(f"unknown dtype {requested!r}") from None


def load_model(settings: Settings, source: ModelSource) -> LoadedModel:
    device = pick_device(settings.device)
    dtype = pick_dtype(settings.dtype, device)
    if settings.threads:
        torch.set_num_threads(settings.threads)
    started = time.perf_counter()
    kwargs: dict = {"gguf_file": source.gguf_file} if source.gguf_file else {}
    if settings.offline or source.embedded is not None:
        kwargs["local_files_only"] = True
    try:
        tokenizer = AutoTokenizer.from_pretrained(source.location, **kwargs)
        model = AutoModelForCausalLM.from_pretrained(source.location, dtype=dtype, **kwargs)
    except (OSError, ValueError) as exc:  # hub id not cached / unreachable, broken folder or file
        raise ModelSourceError(f"cannot load model {source.name!r}: {exc}") from exc
    model.to(device).eval()
    seconds = time.perf_counter() - started
    log.info("loaded %s on %s (%s) in %.1fs", source.name, device, dtype, seconds)
    return LoadedModel(
        source, outlines.from_transformers(model, tokenizer), device, str(dtype).removeprefix("torch."), seconds
    )
