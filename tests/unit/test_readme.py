"""The README's generated parts (settings table, output example) match what the code and the
predictions of record say (``scripts/readme_sync.py`` rewrites them)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_is_in_sync_with_the_settings_and_the_predictions_of_record():
    spec = importlib.util.spec_from_file_location("readme_sync", ROOT / "scripts" / "readme_sync.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sync.render(current) == current, "README.md is out of date: run scripts/readme_sync.py"
