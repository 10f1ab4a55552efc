from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .browser import browser, page  # noqa: F401 - fixtures: headless Chromium for the review pages

ROOT = Path(__file__).resolve().parents[2]


def cli_env(**extra: str) -> dict:
    env = {
        **os.environ,
        "EXTRACTOR_DTYPE": "float32",
        "EXTRACTOR_MAX_ACTORS": "4",
        "EXTRACTOR_MAX_AGREEMENTS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


def extractor_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "extractor.cli", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, model_dir: Path, log: Path, **env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            extractor_cmd("serve", "--host", "127.0.0.1", "--port", str(self.port), "--model", str(model_dir)),
            cwd=ROOT,
            env=cli_env(**env),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError("server did not become ready")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server(tiny_model_dir, tmp_path_factory):
    srv = Server(
        tiny_model_dir,
        tmp_path_factory.mktemp("srv") / "server.log",
        EXTRACTOR_API_KEY="secret",
        EXTRACTOR_WORKERS="1",
        EXTRACTOR_QUEUE_SIZE="1",
        EXTRACTOR_MAX_TEXT_CHARS="12000",
        EXTRACTOR_MAX_BODY_BYTES="60000",
    )
    yield srv
    srv.stop()
