"""Inference engines behind one interface (``Engine``); ``load_engine`` picks one for a model."""

from __future__ import annotations

import importlib.util

from ...config import Settings
from ...models.sources import ModelSource, ModelSourceError, resolve
from .base import Engine, EngineError, EngineTimeout, Generation

ENGINES = ("auto", "transformers", "llamacpp", "openai")


def pick_engine(settings: Settings, source: ModelSource) -> str:
    """auto: llama.cpp for a GGUF file on CPU (fast, quantised), transformers otherwise
    (Hugging Face ids and folders, CUDA)."""
    if settings.engine != "auto":
        return settings.engine
    import torch

    on_cpu = settings.device == "cpu" or (settings.device == "auto" and not torch.cuda.is_available())
    if on_cpu and source.gguf_file is not None and importlib.util.find_spec("llama_cpp") is not None:
        return "llamacpp"
    return "transformers"


def load_engine(settings: Settings, choice: str | None = None) -> Engine:
    if settings.engine == "openai":  # the model lives on the server: nothing to resolve here
        from .openai_engine import OpenAIEngine

        return OpenAIEngine.load(settings, choice)
    source = resolve(choice or settings.model, settings.cache_dir)  # once: may assemble a model
    name = pick_engine(settings, source)
    if name == "llamacpp":
        from .llamacpp_engine import LlamaCppEngine as engine_class
    elif name == "transformers":
        from .transformers_engine import TransformersEngine as engine_class
    else:
        raise ModelSourceError(f"unknown engine {name!r}; choose from {ENGINES}")
    engine = engine_class.load(settings, source)
    engine.constraints.warm_up()
    return engine


__all__ = ["ENGINES", "Engine", "EngineError", "EngineTimeout", "Generation", "load_engine", "pick_engine"]
