"""A Hugging Face hub id is checked before anything is downloaded, so that no network fails
within seconds with a clear message (the hub client would retry for about half a minute).

A model already in the local cache is loaded from it without asking the hub; one that is not
needs the hub, which is asked once with a short timeout.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

from .sources import ModelSource, ModelSourceError

HUB_TIMEOUT_S = 5.0


def _is_hub_id(source: ModelSource) -> bool:
    return source.embedded is None and not Path(source.location).exists()


def _cached(repo_id: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(repo_id, "config.json"), str)


def hub_unreachable(endpoint: str, timeout: float = HUB_TIMEOUT_S) -> str | None:
    """Why the hub cannot be reached, or None when it answers (any HTTP status counts)."""
    try:
        urllib.request.urlopen(urllib.request.Request(endpoint, method="HEAD"), timeout=timeout).close()
    except urllib.error.HTTPError:
        return None  # it answered
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return str(getattr(reason, "strerror", None) or reason)
    return None


def check_hub_source(source: ModelSource, offline: bool) -> str:
    """``local`` (not a hub id), ``cached`` (load from the cache) or ``online``; raises a
    ModelSourceError when the model is neither cached nor reachable."""
    if not _is_hub_id(source):
        return "local"
    from huggingface_hub import constants

    if _cached(source.location):
        return "cached"
    if offline or constants.HF_HUB_OFFLINE:
        raise ModelSourceError(
            f"model {source.name} is not in the local Hugging Face cache and the hub is off "
            "(EXTRACTOR_OFFLINE or HF_HUB_OFFLINE); download it once with the network on"
        )

    why = hub_unreachable(constants.ENDPOINT)
    if why is not None:
        raise ModelSourceError(
            f"model {source.name} is not in the local Hugging Face cache and the hub "
            f"({constants.ENDPOINT}) cannot be reached: {why}; connect to the network once "
            "to download it, or give a local model folder or .gguf file"
        )
    return "online"
