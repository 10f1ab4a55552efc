#!/usr/bin/env bash
# The test command: unit tests, integration tests (real server and CLI subprocesses over a
# tiny model built in the test), and the end-to-end run of the real embedded model.
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
# lint and format first: seconds, and a finding fails the run like a test
ruff check extractor tests scripts
ruff format --check extractor tests scripts
python -m pytest -q "$@"
