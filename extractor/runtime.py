"""Build the extractor once per process (model load is the expensive step)."""

from __future__ import annotations

from .config import Settings
from .llm.engines import load_engine
from .llm.prompts import OPENING_MARK, opening
from .pipeline import Extractor


def build_extractor(settings: Settings, model: str | None = None) -> Extractor:
    engine = load_engine(settings, model)
    # the instructions every question shares are read now (or loaded from an earlier process's
    # state file), not in the first request
    engine.prime(opening(), OPENING_MARK)
    return Extractor(engine, settings)
