"""Build the extractor once per process (model load is the expensive step)."""

from __future__ import annotations

from .config import Settings
from .llm.engines import load_engine
from .pipeline import Extractor


def build_extractor(settings: Settings, model: str | None = None) -> Extractor:
    return Extractor(load_engine(settings, model), settings)
