"""`extractor batch` over a messy archive: every bad record gets a clear error line, every good
article is still done, nothing crashes and nothing is silently lost."""

import json
import subprocess

from extractor.contract import ArticleExtraction

from .conftest import ROOT, cli_env, extractor_cmd


def run_batch(model_dir, *args, timeout=600):
    return subprocess.run(
        extractor_cmd("batch", *args, "--model", str(model_dir)),
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def rec(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def by_id(out):
    raw = out.read_bytes()
    assert raw.endswith(b"\n")
    lines = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    result = {line["id"]: line for line in lines}
    assert len(result) == len(lines), "one line per id"
    return result


def test_hostile_jsonl(tiny_model_dir, tmp_path, seed_texts):
    a, b = list(seed_texts.values())[:2]
    short = a[:600]
    src = tmp_path / "messy.jsonl"
    with src.open("wb") as fh:
        fh.write(b"\xef\xbb\xbf" + rec(id="first", text=short) + b"\r\n")  # BOM and CRLF
        fh.write(b'{"id": "latin1", "text": "caf\xe9"}\r\n')  # invalid UTF-8
        fh.write(rec(id="../../etc/passwd", text=short) + b"\n")  # path characters in the id
        fh.write(b'{"id": "huge", "text": "' + b"x" * (50 * 1024 * 1024) + b'"}\n')  # one 50 MB line
        fh.write(rec(id="first", text=short) + b"\n")  # same id, same text: a repeat
        fh.write(rec(id="first", text=b[:600]) + b"\n")  # same id, another text: must not be lost
        fh.write(b"\n   \n")  # blank lines
        fh.write(rec(id="last", text=short))  # no newline at the end
    out = tmp_path / "out.jsonl"
    proc = run_batch(tiny_model_dir, str(src), "--out", str(out))
    assert proc.returncode == 3, proc.stderr  # some failed, none crashed
    assert "Traceback" not in proc.stderr
    lines = by_id(out)
    assert set(lines) == {"first", "latin1", "../../etc/passwd", "line-4", "first#line-6", "last"}
    for good in ("first", "../../etc/passwd", "last"):
        assert ArticleExtraction.model_validate(lines[good]).id == good
    # the bad bytes are in the text: the error line is under the record's own id
    assert lines["latin1"]["error"] == {
        "type": "bad_encoding",
        "message": "line 2 is not valid UTF-8 (byte 0xe9 at byte 29); save it as UTF-8",
    }
    assert lines["line-4"]["error"]["type"] == "too_large"
    assert lines["first#line-6"]["error"]["type"] == "duplicate_id"
    assert "line 5 repeats line 1 (id \"first\", same text): skipped" in proc.stderr
    assert "1 duplicates skipped" in proc.stderr
    assert not (tmp_path / "etc").exists()  # an id is never a path
    # resuming finds everything done, duplicates included
    again = run_batch(tiny_model_dir, str(src), "--out", str(out))
    assert again.returncode == 0 and "0 to do, 6 already done" in again.stderr


def test_hostile_folder(tiny_model_dir, tmp_path, seed_texts):
    text = list(seed_texts.values())[0][:600]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(text, encoding="utf-8")
    (folder / "bom-crlf.txt").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    (folder / "cp1256.txt").write_bytes("نص عربي".encode("cp1256"))
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    proc = run_batch(tiny_model_dir, str(folder), "--out", str(out))
    assert proc.returncode == 3, proc.stderr
    lines = by_id(out)
    assert set(lines) == {"good", "bom-crlf", "cp1256", "empty"}
    ArticleExtraction.model_validate(lines["good"])
    crlf = ArticleExtraction.model_validate(lines["bom-crlf"])
    crlf_text = text.replace("\n", "\r\n")
    for actor in crlf.actors:  # offsets index the file's own text, CRLF included
        for m in actor.mentions:
            assert crlf_text[m.start : m.end] == m.text
    assert lines["cp1256"]["error"]["type"] == "bad_encoding"
    assert lines["cp1256"]["error"]["message"].startswith("cp1256.txt is not valid UTF-8")
    assert lines["empty"]["error"] == {"type": "bad_input", "message": "article text is empty"}
