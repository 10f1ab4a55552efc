#!/usr/bin/env bash
# The test command: unit tests, integration tests (real server and CLI subprocesses over a
# tiny model built in the test), and the end-to-end run of the real embedded model.
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
python -m pytest -q "$@"
