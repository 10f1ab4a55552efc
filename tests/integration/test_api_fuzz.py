"""Schema-driven fuzzing: Schemathesis reads the served OpenAPI document and checks the real server
against it (every check, every phase that applies, deterministic, bounded)."""

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest

from .conftest import Server

# 413 is this API's documented answer to a text over the limit; Schemathesis's default list of
# rejection statuses does not name it (every other setting is the default)
CONFIG = """
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
"""


def _schemathesis() -> str:
    exe = Path(sys.executable).parent / "schemathesis"
    return str(exe) if exe.exists() else shutil.which("schemathesis") or "schemathesis"


@pytest.fixture(scope="module")
def fuzzed(tiny_model_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    srv = Server(
        tiny_model_dir,
        tmp / "server.log",
        EXTRACTOR_API_KEY="secret",
        EXTRACTOR_WORKERS="1",
        EXTRACTOR_QUEUE_SIZE="4",
        EXTRACTOR_MAX_TEXT_CHARS="2000",
        EXTRACTOR_MAX_BODY_BYTES="65536",
        EXTRACTOR_MAX_ACTORS="2",
        EXTRACTOR_MIN_ACTORS="0",
        EXTRACTOR_MAX_AGREEMENTS="1",
    )
    (tmp / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
    junit = tmp / "junit.xml"
    try:
        proc = subprocess.run(
            [
                _schemathesis(),
                "--config-file",
                str(tmp / "schemathesis.toml"),
                "run",
                srv.url + "/docs/openapi.json",
                "--url",
                srv.url,
                "--checks",
                "all",
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--mode",
                "all",
                "--max-examples",
                "12",
                "--seed",
                "18",
                "--generation-deterministic",
                "--continue-on-failure",
                "--header",
                "X-API-Key: secret",
                "--request-timeout",
                "120",
                "--report",
                "junit",
                "--report-junit-path",
                str(junit),
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=tmp,
        )
        ready = httpx.get(srv.url + "/ready", timeout=10).status_code
        yield proc, junit, ready, srv
    finally:
        srv.stop()


def test_schemathesis_finds_no_failure(fuzzed):
    proc, junit, _, _ = fuzzed
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-2000:]
    suites = ET.parse(junit).getroot()
    cases = list(suites.iter("testcase"))
    assert {c.get("name") for c in cases} >= {
        "POST /v1/extract",
        "GET /health",
        "GET /ready",
        "GET /v1/info",
        "GET /metrics",
    }
    assert not [c for c in cases if c.find("failure") is not None or c.find("error") is not None]


def test_no_server_error_and_still_ready_after(fuzzed):
    proc, _, ready, srv = fuzzed
    assert ready == 200
    log = srv.log_path.read_text(encoding="utf-8")
    statuses = [int(part.split()[0]) for part in log.split('HTTP/1.1" ')[1:]]
    assert statuses and not [s for s in statuses if s >= 500], json.dumps(sorted(set(statuses)))
    assert "Traceback" not in log
