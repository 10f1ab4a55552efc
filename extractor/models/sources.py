"""Resolve a ``--model`` value into one concrete source, failing fast on a bad choice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .embedded import EMBEDDED, EmbeddedModel, ensure_embedded

_HF_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class ModelSourceError(ValueError):
    """The model choice names nothing that can be loaded."""


@dataclass(frozen=True)
class ModelSource:
    """What ``from_pretrained`` receives: a folder or hub id, plus a GGUF file name if any."""

    name: str  # what the user chose, reported in ``meta.model``
    location: str
    gguf_file: str | None = None
    embedded: EmbeddedModel | None = None


def resolve(choice: str, cache_dir: Path) -> ModelSource:
    choice = choice.strip()
    if not choice:
        raise ModelSourceError("no model given")
    alias = choice.removeprefix("embedded:")
    if alias in EMBEDDED:
        model = EMBEDDED[alias]
        path = ensure_embedded(model, cache_dir)
        return ModelSource(alias, str(path.parent), path.name, model)
    if choice.startswith("embedded:"):
        raise ModelSourceError(f"unknown embedded model {alias!r}; known: {', '.join(EMBEDDED)}")
    path = Path(choice).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise ModelSourceError(f"model file not found: {choice}")
        return ModelSource(choice, str(path.parent.resolve()), path.name)
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelSourceError(f"{choice} is a folder without config.json, not a model folder")
        return ModelSource(choice, str(path.resolve()))
    if path.exists():
        raise ModelSourceError(f"{choice} is neither a .gguf file nor a model folder")
    if _HF_ID.match(choice) and not choice.startswith((".", "/", "~")):
        return ModelSource(choice, choice)
    raise ModelSourceError(
        f"unknown model {choice!r}: give an embedded alias ({', '.join(EMBEDDED)}), "
        "a Hugging Face id (org/name), a model folder or a .gguf file"
    )
