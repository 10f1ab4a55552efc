"""Build the extractor once per process (model load is the expensive step)."""

from __future__ import annotations

from .config import Settings
from .engine import Engine
from .models.loader import load_model
from .pipeline import Extractor


def build_extractor(settings: Settings, model: str | None = None) -> Extractor:
    loaded = load_model(settings, model)
    return Extractor(Engine(loaded, settings.constraint_backend), settings)
