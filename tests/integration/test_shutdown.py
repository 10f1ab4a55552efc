"""SIGTERM to a real `extractor serve` and a real `extractor batch`: clean stops, exit statuses."""

import json
import os
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from extractor.contract import ArticleExtraction

from .conftest import ROOT, Server, cli_env, extractor_cmd

# small chunks: one extraction makes several model calls, so it is still running when the signal comes
SLOW = {"EXTRACTOR_MAX_CHUNK_TOKENS": "200", "EXTRACTOR_WORKERS": "1", "EXTRACTOR_QUEUE_SIZE": "2"}


def _gauge(server, name) -> float:
    text = httpx.get(server.url + "/metrics").text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                return sample.value
    raise AssertionError(f"{name} not exposed")


def _wait_for(condition, what, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _refused(server) -> bool:
    try:
        httpx.get(server.url + "/health", timeout=2)
    except httpx.ConnectError:
        return True
    return False


@pytest.mark.xfail(
    strict=False,
    reason="known race, open: on a quiet machine the waiting request is sometimes dropped "
    "(connection closed) instead of answered 503 shutting_down; passes under load",
)
def test_sigterm_answers_in_flight_refuses_waiting_and_exits_0(tiny_model_dir, tmp_path, seed_texts):
    srv = Server(tiny_model_dir, tmp_path / "server.log", EXTRACTOR_SHUTDOWN_GRACE_S="600", **SLOW)
    text = seed_texts["001_b84856964a7b5a3d"]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            first = pool.submit(
                httpx.post, srv.url + "/v1/extract", json={"text": text, "id": "in-flight"}, timeout=600
            )
            _wait_for(lambda: _gauge(srv, "extractor_extractions_running") == 1, "the first extraction")
            second = pool.submit(httpx.post, srv.url + "/v1/extract", json={"text": text, "id": "waiting"}, timeout=600)
            _wait_for(lambda: _gauge(srv, "extractor_queue_depth") == 1, "the second to wait")
            srv.proc.send_signal(signal.SIGTERM)
            waiting = second.result()
            assert waiting.status_code == 503, waiting.text
            assert waiting.json()["error"]["type"] == "shutting_down" and waiting.headers["retry-after"]
            _wait_for(lambda: _refused(srv), "the listener to close")  # stops accepting
            assert not first.done(), "the in-flight extraction must still be running here"
            in_flight = first.result()
        assert in_flight.status_code == 200, in_flight.text
        assert ArticleExtraction.model_validate(in_flight.json()).id == "in-flight"
        assert srv.proc.wait(timeout=60) == 0
    finally:
        srv.stop()
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "signal SIGTERM: stopping" in log and "Traceback" not in log


def test_in_flight_past_the_grace_period_gets_503_and_exit_is_still_0(tiny_model_dir, tmp_path, seed_texts):
    srv = Server(tiny_model_dir, tmp_path / "server.log", EXTRACTOR_SHUTDOWN_GRACE_S="0.5", **SLOW)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            first = pool.submit(
                httpx.post, srv.url + "/v1/extract", json={"text": seed_texts["001_b84856964a7b5a3d"]}, timeout=600
            )
            _wait_for(lambda: _gauge(srv, "extractor_extractions_running") == 1, "the extraction")
            srv.proc.send_signal(signal.SIGTERM)
            answer = first.result()
        assert answer.status_code == 503 and answer.json()["error"]["type"] == "shutting_down"
        assert srv.proc.wait(timeout=60) == 0
    finally:
        srv.stop()


def _batch_input(tmp_path, seed_texts, n=10):
    texts = [text[:500] for text in seed_texts.values()]  # short articles: a quick resume
    ids = [f"a{i:02d}" for i in range(n)]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": i, "text": texts[k % len(texts)]}, ensure_ascii=False) + "\n" for k, i in enumerate(ids)
        ),
        encoding="utf-8",
    )
    return src, ids


def _lines(out):
    raw = out.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "a torn last line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


@pytest.mark.parametrize(
    "signals",
    [
        [signal.SIGTERM],  # the article in progress is finished and written
        [signal.SIGINT, signal.SIGINT],  # Ctrl-C twice: the article in progress is abandoned at once
    ],
    ids=["sigterm", "ctrl-c-twice"],
)
def test_batch_stops_cleanly_and_resumes(tiny_model_dir, tmp_path, seed_texts, signals):
    src, ids = _batch_input(tmp_path, seed_texts)
    out = tmp_path / "out.jsonl"
    env = cli_env(EXTRACTOR_SHUTDOWN_GRACE_S="600")
    proc = subprocess.Popen(
        extractor_cmd("batch", str(src), "--out", str(out), "--model", str(tiny_model_dir)),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    err_lines: list[str] = []
    reader = threading.Thread(target=lambda: err_lines.extend(iter(proc.stderr.readline, "")), daemon=True)
    reader.start()
    _wait_for(lambda: out.exists() and out.read_bytes().count(b"\n") >= 2, "two lines", timeout=180)
    os.kill(proc.pid, signals[0])
    for sig in signals[1:]:  # once the first is acknowledged, while the article is still in progress
        _wait_for(lambda: any("finishing the article in progress" in line for line in err_lines), "the notice")
        os.kill(proc.pid, sig)
    proc.wait(timeout=180)
    reader.join(timeout=30)
    stderr = "".join(err_lines)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "rerun the same command to resume" in stderr
    assert ("abandoned" in stderr) == (len(signals) > 1)
    assert "Traceback" not in stderr
    lines = _lines(out)
    assert 2 <= len(lines) < len(ids)
    for line in lines:
        ArticleExtraction.model_validate(line)
    resumed = subprocess.run(
        extractor_cmd("batch", str(src), "--out", str(out), "--model", str(tiny_model_dir)),
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(ids) - len(lines)} to do, {len(lines)} already done" in resumed.stderr
    assert sorted(line["id"] for line in _lines(out)) == ids
