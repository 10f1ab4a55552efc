"""Export the output contract as JSON Schema into ``schemas/`` (a test keeps it in sync)."""

from __future__ import annotations

import json
from pathlib import Path

from .config import SCHEMAS_DIR
from .contract import ArticleExtraction

SCHEMA_FILE = SCHEMAS_DIR / "article_extraction.schema.json"


def render() -> str:
    return json.dumps(ArticleExtraction.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def export(path: Path = SCHEMA_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path


def is_current(path: Path = SCHEMA_FILE) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8") == render()
