#!/usr/bin/env python3
"""Keep the README's generated parts true: the output example (from the predictions of record);
``settings_table`` renders the settings from ``extractor.config`` for the Configuration section. ``tests/unit/test_readme.py`` fails when
the README differs from what this script writes.

    python scripts/readme_sync.py          rewrite README.md in place
    python scripts/readme_sync.py --check  exit 1 if README.md is out of date
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLE_SOURCE = ROOT / "evals" / "reports" / "seeds__qwen2.5-coder-1.5b.predictions.jsonl"
EXAMPLE_ID = "001_b84856964a7b5a3d"


def _default(field) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        return "`~/" + str(value.relative_to(Path.home())) + "`" if isinstance(value, Path) else f"`{value}`"
    value = field.default
    if value is None:
        return "unset"
    if isinstance(value, tuple):
        return "`" + ",".join(value) + "`"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


def settings_table() -> str:
    sys.path.insert(0, str(ROOT))
    from extractor.config import Settings

    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        rows.append(f"| `EXTRACTOR_{name.upper()}` | {_default(field)} | {field.description or ''} |")
    return "\n".join(rows)


def example() -> str:
    record = next(
        json.loads(line)
        for line in EXAMPLE_SOURCE.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line).get("id") == EXAMPLE_ID
    )
    agreement = record["agreements"][0] if record["agreements"] else None
    keep = agreement["parties"] + agreement["mediators"] if agreement else []
    keep = keep or [a["id"] for a in record["actors"][:2]]
    actors = [a for a in record["actors"] if a["id"] in keep]
    dates = [d for d in record["dates"] if agreement and d["id"] == agreement.get("date")] or record["dates"][:1]
    trimmed = {
        **record,
        "actors": actors,
        "agreements": [agreement] if agreement else [],
        "dates": dates,
    }
    lines = []
    for key, value in trimmed.items():  # one line per item: readable, and still the exact record
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f'  "{key}": [\n{items}\n  ]')
        else:
            lines.append(f'  "{key}": {json.dumps(value, ensure_ascii=False)}')
    return "```json\n{\n" + ",\n".join(lines) + "\n}\n```"


BLOCKS = {"example": example}


def render(text: str) -> str:
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(\n<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> block")
        block = make()
        text = pattern.sub(lambda m, block=block: m.group(1) + block + m.group(2), text)
    return text


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        sys.exit(0 if fresh == current else "README.md is out of date: run scripts/readme_sync.py")
    README.write_text(fresh, encoding="utf-8")
