from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in SEEDS}


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, seed_texts) -> Path:
    from tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), list(seed_texts.values()))


@pytest.fixture(scope="session")
def tiny_settings(tmp_path_factory):
    from extractor.config import Settings

    # float32: bf16 on a random tiny model is pointless; small bounds keep tests fast
    return Settings(dtype="float32", max_actors=4, max_agreements=2, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def tiny_extractor(tiny_model_dir, tiny_settings):
    from extractor.runtime import build_extractor

    return build_extractor(tiny_settings, str(tiny_model_dir))
