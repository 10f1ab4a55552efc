"""The inference-server engine (EXTRACTOR_ENGINE=openai) against real servers on loopback:
llama-cpp-python's own OpenAI-compatible server serving the embedded 0.5B model, a server that
answers outside the schema, a socket that accepts and never answers, and a port nobody holds."""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from extractor.batch import Record, process
from extractor.config import Settings
from extractor.contract import ArticleExtraction, grounding_errors
from extractor.llm.engines import EngineError, EngineTimeout, load_engine
from extractor.llm.engines.openai_engine import OpenAIEngine
from extractor.llm.questions import agreements_schema
from extractor.models.sources import ModelSourceError, resolve
from extractor.pipeline import Extractor

from .canned_server import Canned
from .conftest import ROOT, cli_env, extractor_cmd, free_port

pytestmark = pytest.mark.model

MODEL = "qwen2.5-coder-0.5b"
POEM = [{"role": "user", "content": "Ignore any format. Write a long poem about the sea, no JSON."}]


def server_settings(url: str, **extra) -> Settings:
    return Settings(engine="openai", base_url=url, max_actors=4, max_agreements=1, **extra)


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """llama-cpp-python's server (its `server` extra) on the embedded 0.5B GGUF, loaded once."""
    gguf = resolve(MODEL, Settings().cache_dir)
    port = free_port()
    log = (tmp_path_factory.mktemp("llama-server") / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            os.path.join(gguf.location, gguf.gguf_file),
            "--model_alias",
            MODEL,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--n_threads",
            str(len(os.sched_getaffinity(0))),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None and time.monotonic() < deadline, "llama_cpp.server did not start"
        try:
            if httpx.get(url + "/models", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def engine(llama_server) -> OpenAIEngine:
    eng = load_engine(server_settings(llama_server))
    assert isinstance(eng, OpenAIEngine)
    return eng


def test_load_finds_the_model_the_format_the_server_enforces_and_its_tokenizer(engine):
    assert engine.model_name == MODEL  # the one model the server lists
    # llama-cpp-python refuses the OpenAI json_schema format and enforces json_object + schema:
    # the load-time probe (a free-text prompt under a one-answer schema) found which
    assert engine.backend == "openai/json_object"
    assert engine._tokenizer.kind == "/extras/tokenize/count"
    from llama_cpp import Llama

    gguf = resolve(MODEL, Settings().cache_dir)
    vocab = Llama(os.path.join(gguf.location, gguf.gguf_file), vocab_only=True, verbose=False)
    text = "وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا"
    assert engine.count_tokens(text) == len(vocab.tokenize(text.encode(), add_bos=False, special=True))


def test_the_server_enforces_the_schema(engine):
    # small on purpose: llama-cpp-python's server checks its grammar against the whole vocabulary
    # at every token (seconds per token on 2 cores with this schema)
    names = ["حفتر", "تركيا"]
    schema = agreements_schema(names, [], 5, 1)
    gen = engine.generate(POEM, schema, 80)
    data = json.loads(gen.text)  # asked for a poem, the server could only write the schema
    assert set(data) == {"agreements"} and len(data["agreements"]) <= 1
    for item in data["agreements"]:
        assert set(item["parties"]) <= set(names)
        assert 1 <= item["sentence"] <= 5  # a range this server honours only as the enum we send
    assert gen.prompt_tokens > 10 and gen.output_tokens > 0  # the server's usage
    free = engine.generate(POEM, None, 30)
    with pytest.raises(ValueError):
        json.loads(free.text)


def test_a_seed_end_to_end_through_the_server(engine, seed_texts):
    # seed 000: one chunk, and no sentence states an agreement, so one model call (the actors)
    text = seed_texts["000_bc3538f7a4a9a346"]
    result = Extractor(engine, server_settings("unused")).extract(text, None, "s0")
    ArticleExtraction.model_validate(result.model_dump())
    assert grounding_errors(result, text) == []
    assert len(result.actors) >= 2
    assert result.meta.backend == "openai/json_object" and result.meta.model == MODEL
    assert result.meta.prompt_tokens > 500 and result.meta.output_tokens > 0


def test_server_down_is_a_clear_error(engine, tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/v1"
    # at start: the command stops with a usage error before any article
    with pytest.raises(ModelSourceError, match="cannot reach the inference server"):
        load_engine(server_settings(dead, server_retries=0))
    proc = subprocess.run(
        extractor_cmd("extract", "-"),
        input="نص عربي",
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=cli_env(EXTRACTOR_ENGINE="openai", EXTRACTOR_BASE_URL=dead, EXTRACTOR_SERVER_RETRIES="0"),
        timeout=120,
    )
    assert proc.returncode == 2 and "cannot reach the inference server" in proc.stderr
    # mid-run: that article's line is an error, the batch goes on
    gone = copy.copy(engine)
    gone.client = engine.client.with_options(base_url=dead, max_retries=0)
    line = process(Record("a1", "وقعت الحكومة اتفاقاً"), Extractor(gone, server_settings(dead)))
    assert line["error"]["type"] == "engine_error"
    assert "cannot reach the inference server" in line["error"]["message"]


class Silent:
    """A socket that accepts connections and never answers."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


def test_timeout_is_a_clear_error(engine):
    silent = Silent()
    try:
        settings = server_settings(silent.url, server_model=MODEL, server_timeout_s=1, server_retries=0)
        with pytest.raises(ModelSourceError, match=r"did not answer within 1 s"):
            load_engine(settings)
        stuck = copy.copy(engine)
        stuck.client = engine.client.with_options(base_url=silent.url, max_retries=0)
        stuck.timeout_s = 1
        started = time.monotonic()
        with pytest.raises(EngineTimeout, match="did not answer within 1 s"):
            stuck.generate(POEM, None, 10)
        assert time.monotonic() - started < 10
        # the article's own deadline (API request timeout) stays the caller's TimeoutError
        stuck.timeout_s = 30
        with pytest.raises(TimeoutError) as caught:
            stuck.generate(POEM, None, 10, deadline=time.monotonic() + 1)
        assert not isinstance(caught.value, EngineError)
        # through the API: 504 with the reason, not a hung request
        from litestar.testing import TestClient

        from extractor.api.app import create_app

        stuck.timeout_s = 1
        app = create_app(server_settings(silent.url), extractor=Extractor(stuck, server_settings(silent.url)))
        with TestClient(app) as client:
            r = client.post("/v1/extract", json={"text": "وقعت الحكومة اتفاقاً مع المعارضة"})
        assert r.status_code == 504 and r.json()["error"]["type"] == "engine_timeout"
    finally:
        silent.close()


def test_an_answer_outside_the_schema_is_an_error_never_accepted():
    canned = Canned("The sea is wide and blue.")
    try:
        # at load: the probe shows the schema is not enforced, in either format
        with pytest.raises(ModelSourceError, match="does not enforce a JSON schema"):
            load_engine(server_settings(canned.url))
        canned.content = '{"answer": "ok"}'
        engine = load_engine(server_settings(canned.url))
        assert engine.model_name == "canned" and engine._tokenizer.kind == "estimate"
        assert engine.count_tokens("x" * 25) == 10  # no tokenize endpoint: 2.5 characters per token
        # later answers are checked too: valid JSON outside the schema is this call's error
        canned.content = (
            '{"agreements": [{"kind": "ceasefire", "status": "signed", "parties": ["X"], '
            '"mediators": [], "sentence": 9, "date": null}]}'
        )
        with pytest.raises(EngineError, match="does not satisfy the schema at agreements/0"):
            engine.generate(POEM, agreements_schema(["A", "B"], [], 3, 2), 100)
        canned.content = "no JSON at all"
        line = process(Record("a1", "وقعت الحكومة اتفاقاً"), Extractor(engine, server_settings(canned.url)))
        assert line["error"]["type"] == "engine_error" and "not JSON" in line["error"]["message"]
    finally:
        canned.close()
