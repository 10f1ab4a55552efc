"""Reading the model's answers: constrained JSON, possibly cut short by the token limit."""

from __future__ import annotations

import json


def parse_json(text: str) -> dict:
    """Parse constrained output; if the token limit cut it, keep the complete items."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    for cut in range(len(text) - 1, 0, -1):
        if text[cut] == "}":
            try:
                return json.loads(text[: cut + 1] + "]}")
            except json.JSONDecodeError:
                continue
    return {}
