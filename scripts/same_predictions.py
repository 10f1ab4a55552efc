#!/usr/bin/env python3
"""Are two predictions files the same, timing aside? For behaviour-neutral changes.

    python scripts/same_predictions.py BEFORE.jsonl AFTER.jsonl

Compares every record by id, ignoring ``meta.seconds`` (and any other timing field listed in
IGNORED). Exits 0 when identical, 1 with the differing ids and fields otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

IGNORED = {("meta", "seconds")}


def records(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            for outer, inner in IGNORED:
                obj.get(outer, {}).pop(inner, None)
            out[str(obj.get("id"))] = obj
    return out


def differences(a: dict, b: dict, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=False)) for d in differences(x, y, f"{where}[{i}]")]
    return (
        []
        if a == b
        else [f"{where}: {json.dumps(a, ensure_ascii=False)[:120]} -> {json.dumps(b, ensure_ascii=False)[:120]}"]
    )


def main(before: str, after: str) -> int:
    a, b = records(Path(before)), records(Path(after))
    problems = [f"{i}: only in {before}" for i in sorted(set(a) - set(b))]
    problems += [f"{i}: only in {after}" for i in sorted(set(b) - set(a))]
    for i in sorted(set(a) & set(b)):
        problems += [f"{i}{d}" for d in differences(a[i], b[i])]
    for p in problems:
        print(p)
    print(f"{len(set(a) & set(b))} records compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
