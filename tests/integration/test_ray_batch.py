"""`extractor batch --ray` as a user runs it: a local Ray instance started by the command, and a
Ray cluster head on loopback that the command joins by address (how a multi-node cluster runs
it), over the tiny model, with a run killed part-way and resumed."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pytest

from extractor.contract import ArticleExtraction

from .canned_server import Canned
from .conftest import ROOT, cli_env, extractor_cmd, free_port

# Ray listens on every interface: token authentication (a fresh token per test session) keeps
# anything else from joining or submitting work
RAY_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}


def ray_batch(model_dir, *args, timeout=600):
    return subprocess.run(
        extractor_cmd("batch", *args, "--model", str(model_dir)),
        cwd=ROOT,
        env=cli_env(**RAY_ENV),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def ray_head():
    """A one-node Ray cluster (2 CPUs, no dashboard) on loopback, stopped with its process."""
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's socket paths must fit 107 bytes
    port = free_port()
    ray_cli = os.path.join(os.path.dirname(sys.executable), "ray")
    proc = subprocess.Popen(
        [
            ray_cli,
            "start",
            "--head",
            "--block",
            "--port",
            str(port),
            "--num-cpus",
            "2",
            "--include-dashboard",
            "false",
            "--object-store-memory",
            str(100 * 1024 * 1024),
            "--temp-dir",
            temp,
            "--disable-usage-stats",
        ],
        env={**os.environ, **RAY_ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    started, log = threading.Event(), []

    def read():
        for line in proc.stdout:
            log.append(line)
            if "Ray runtime started" in line:
                started.set()

    threading.Thread(target=read, daemon=True).start()
    assert started.wait(120) and proc.poll() is None, "ray head did not start:\n" + "".join(log)
    address = f"127.0.0.1:{port}"
    yield address
    proc.terminate()  # `ray start --block` drains and stops the processes it started
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    shutil.rmtree(temp, ignore_errors=True)


def test_folder_on_a_local_ray_instance(tiny_model_dir, tmp_path, seed_texts):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in list(seed_texts.items())[:3]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = ray_batch(tiny_model_dir, str(folder), "--out", str(out), "--workers", "2", "--ray")
    assert proc.returncode == 3, proc.stderr  # one bad article
    assert "2 Ray workers" in proc.stderr and "done 3, failed 1" in proc.stderr
    lines = read_lines(out)
    assert sorted(line["id"] for line in lines) == sorted([*list(seed_texts)[:3], "empty"])
    for line in lines:
        if line["id"] == "empty":
            assert line["error"]["type"] == "bad_input"
        else:
            ArticleExtraction.model_validate(line)


def _jsonl(path, ids, texts, bad=()):
    rows = [json.dumps({"id": i, "text": texts[n % len(texts)]}, ensure_ascii=False) for n, i in enumerate(ids)]
    path.write_text("\n".join([*rows, *bad]) + "\n", encoding="utf-8")


def test_jsonl_on_a_cluster_by_address(ray_head, tiny_model_dir, tmp_path, seed_texts):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = [f"a{i}" for i in range(5)]
    _jsonl(
        src, ids, list(seed_texts.values()), bad=['{"id": "broken", "text": ', json.dumps({"id": "nottext", "text": 3})]
    )
    proc = ray_batch(tiny_model_dir, str(src), "--out", str(out), "--ray", ray_head, "--workers", "2")
    assert proc.returncode == 3, proc.stderr
    by_id = {line["id"]: line for line in read_lines(out)}
    assert sorted(by_id) == sorted([*ids, "line-6", "nottext"])  # one line per input
    for i in ids:
        ArticleExtraction.model_validate(by_id[i])
    assert by_id["line-6"]["error"]["type"] == "bad_record" and by_id["nottext"]["error"]["type"] == "bad_record"
    again = ray_batch(tiny_model_dir, str(src), "--out", str(out), "--ray", ray_head)
    assert again.returncode == 0 and "0 to do, 7 already done" in again.stderr


def test_killed_part_way_then_resumed_gives_each_id_once(ray_head, tiny_model_dir, tmp_path, seed_texts):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = [f"k{i:02d}" for i in range(16)]
    _jsonl(src, ids, list(seed_texts.values()))
    proc = subprocess.Popen(
        extractor_cmd(
            "batch", str(src), "--out", str(out), "--model", str(tiny_model_dir), "--ray", ray_head, "--workers", "2"
        ),
        cwd=ROOT,
        env=cli_env(**RAY_ENV),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and anything it started, at once
    proc.wait()
    written = out.read_text(encoding="utf-8").count("\n")
    assert 3 <= written < len(ids), "the kill must land part-way"
    with out.open("a", encoding="utf-8") as fh:  # a torn last line, as a power cut leaves it
        fh.write('{"id": "k15", "actors": [{"na')
    resumed = ray_batch(tiny_model_dir, str(src), "--out", str(out), "--ray", ray_head, "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(ids) - written} to do, {written} already done" in resumed.stderr
    lines = read_lines(out)
    assert sorted(line["id"] for line in lines) == ids  # each id exactly once
    for line in lines:
        ArticleExtraction.model_validate(line)


def _stand_in_model(request: dict) -> str:
    """Answers as a schema-enforcing server would, instantly: the probe's one answer, two
    actors named in the article, no agreement."""
    schema = json.dumps(request.get("response_format") or {})
    if '"answer"' in schema:
        return '{"answer": "ok"}'
    if '"agreements"' in schema:
        return '{"agreements": []}'
    return '{"actors": [{"name": "تركيا", "type": "state"}, {"name": "روسيا", "type": "state"}]}'


def test_many_ray_workers_send_to_one_inference_server(ray_head, tmp_path):
    server = Canned(_stand_in_model)
    try:
        src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
        text = "وقعت تركيا وروسيا اتفاقاً لوقف إطلاق النار في إدلب، وقالت روسيا إن الهدنة صامدة."
        _jsonl(src, [f"s{i}" for i in range(6)], [text])
        proc = subprocess.run(
            extractor_cmd(
                "batch", str(src), "--out", str(out), "--ray", ray_head, "--workers", "3", "--worker-cpus", "0.5"
            ),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env=cli_env(**RAY_ENV, EXTRACTOR_ENGINE="openai", EXTRACTOR_BASE_URL=server.url),
        )
        assert proc.returncode == 0, proc.stderr
        assert "3 Ray workers: canned on openai/json_schema" in proc.stderr
        lines = read_lines(out)
        assert sorted(line["id"] for line in lines) == [f"s{i}" for i in range(6)]
        for line in lines:
            result = ArticleExtraction.model_validate(line)
            assert {a.name for a in result.actors} >= {"تركيا", "روسيا"}
            assert result.meta.backend == "openai/json_schema"
    finally:
        server.close()
