"""`extractor batch` as a user runs it: a subprocess over folders and JSONL files."""

import json
import os
import signal
import subprocess
import time

from extractor.contract import ArticleExtraction

from .conftest import ROOT, cli_env, extractor_cmd


def run_batch(model_dir, *args, timeout=900):
    return subprocess.run(
        extractor_cmd("batch", *args, "--model", str(model_dir)),
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_folder_input(tiny_model_dir, tmp_path, seed_texts):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in list(seed_texts.items())[:2]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_batch(tiny_model_dir, str(folder), "--out", str(out))
    assert proc.returncode == 3, proc.stderr  # some failed
    lines = read_lines(out)
    assert sorted(line["id"] for line in lines) == sorted([*list(seed_texts)[:2], "empty"])
    for line in lines:
        if line["id"] == "empty":
            assert line["error"]["type"] == "bad_input"
        else:
            ArticleExtraction.model_validate(line)
    assert "done 2, failed 1" in proc.stderr


def test_jsonl_input_with_bad_records(tiny_model_dir, tmp_path, seed_texts):
    text = seed_texts["000_bc3538f7a4a9a346"]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": "good", "text": text, "published": "2025-11-20"}, ensure_ascii=False),
                '{"id": "broken", "text": ',
                json.dumps({"id": "empty", "text": ""}),
                json.dumps({"id": "baddate", "text": text, "published": "yesterday"}, ensure_ascii=False),
                json.dumps({"id": "notext"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    proc = run_batch(tiny_model_dir, str(src), "--out", str(out))
    assert proc.returncode == 3
    by_id = {line["id"]: line for line in read_lines(out)}
    assert set(by_id) == {"good", "line-2", "empty", "baddate", "notext"}
    ArticleExtraction.model_validate(by_id["good"])
    assert by_id["good"]["published"] == "2025-11-20"
    for bad in ("line-2", "empty", "baddate", "notext"):
        assert by_id[bad]["error"]["message"]
    # a second run has nothing left to do; --retry-errors redoes only the failed ids
    again = run_batch(tiny_model_dir, str(src), "--out", str(out))
    assert "0 to do" in again.stderr and again.returncode == 0
    retry = run_batch(tiny_model_dir, str(src), "--out", str(out), "--retry-errors")
    assert "4 to do" in retry.stderr
    assert len(read_lines(out)) == 5


def test_usage_error_exit_code(tiny_model_dir, tmp_path):
    proc = run_batch(tiny_model_dir, str(tmp_path / "nope"), "--out", str(tmp_path / "o.jsonl"))
    assert proc.returncode == 2 and "not found" in proc.stderr


def test_sigkill_then_resume_gives_one_line_per_id(tiny_model_dir, tmp_path, seed_texts):
    texts = list(seed_texts.values())
    ids = [f"a{i:02d}" for i in range(12)]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": i, "text": texts[n % len(texts)]}, ensure_ascii=False) + "\n" for n, i in enumerate(ids)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        extractor_cmd("batch", str(src), "--out", str(out), "--model", str(tiny_model_dir)),
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 3):
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    written = out.read_text(encoding="utf-8").count("\n")
    assert 3 <= written < len(ids), "kill must land part-way"
    with out.open("a", encoding="utf-8") as fh:  # a torn last line, as a power cut leaves it
        fh.write('{"id": "a11", "actors": [{"na')
    resumed = run_batch(tiny_model_dir, str(src), "--out", str(out))
    assert resumed.returncode == 0, resumed.stderr
    lines = read_lines(out)
    assert sorted(line["id"] for line in lines) == ids  # each id exactly once
    for line in lines:
        ArticleExtraction.model_validate(line)
