"""Batch extraction: many articles in, one JSONL line per article out, resumable.

Crash safety: each line is written whole and fsynced; on restart a torn last line (no
newline, or not JSON) is cut off and its article redone, ids already written are skipped.
The plan (what is left to do) and the output (writing, progress, summary) are shared by the
local run (threads over one model, ``run_threads``) and the Ray run (``distributed.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .llm.engines.base import EngineError
from .pipeline import InputError


@dataclass(frozen=True)
class Record:
    id: str
    text: str | None
    published: dt.date | None = None
    error: tuple[str, str] | None = None  # (type, message) when the input itself is bad


def _parse_published(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return dt.date.fromisoformat(str(value))


def read_folder(folder: Path) -> Iterator[Record]:
    for path in sorted(folder.glob("*.txt")):
        try:
            yield Record(path.stem, path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            yield Record(path.stem, None, error=("bad_encoding", str(exc)))


def read_jsonl(lines: Iterable[str]) -> Iterator[Record]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fallback_id = f"line-{n}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("a record must be a JSON object")
        except ValueError as exc:
            yield Record(fallback_id, None, error=("bad_record", f"line {n}: {exc}"))
            continue
        rid = str(obj.get("id") or fallback_id)
        text = obj.get("text")
        try:
            published = _parse_published(obj.get("published"))
        except ValueError:
            yield Record(rid, None, error=("bad_record", f"line {n}: published must be YYYY-MM-DD"))
            continue
        if not isinstance(text, str):
            yield Record(rid, None, error=("bad_record", f"line {n}: text must be a string"))
            continue
        yield Record(rid, text, published)


def read_input(source: str) -> Iterator[Record]:
    if source == "-":
        return read_jsonl(sys.stdin)
    path = Path(source)
    if path.is_dir():
        return read_folder(path)
    if path.is_file():
        return read_jsonl(path.open(encoding="utf-8"))
    raise FileNotFoundError(f"input not found: {source}")


def load_done(out: Path, retry_errors: bool = False) -> set[str]:
    """Ids already written; repairs a torn last line left by a crash."""
    if not out.exists():
        return set()
    done: set[str] = set()
    good_bytes = 0
    with out.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                obj = json.loads(raw)
            except ValueError:
                break
            good_bytes += len(raw)
            if retry_errors and "error" in obj:
                continue
            done.add(str(obj["id"]))
    if good_bytes != out.stat().st_size:
        with out.open("r+b") as fh:
            fh.truncate(good_bytes)
    if retry_errors:
        _drop_error_lines(out)
    return done


def _drop_error_lines(out: Path) -> None:
    tmp = out.with_suffix(out.suffix + ".tmp")
    with out.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as dst:
        for line in src:
            if "error" not in json.loads(line):
                dst.write(line)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, out)


class JsonlWriter:
    def __init__(self, out: Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        self._fh = out.open("a", encoding="utf-8")

    def write(self, obj: dict) -> None:
        self._fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


def process(record: Record, extractor) -> dict:
    """One output line for one input record; failures become error lines."""
    if record.error:
        return error_line(record.id, *record.error)
    try:
        result = extractor.extract(record.text, record.published, record.id)
    except InputError as exc:
        return error_line(record.id, "bad_input", str(exc))
    except EngineError as exc:  # an inference server down, failing or answering outside the schema
        return error_line(record.id, "engine_error", str(exc))
    except (ValidationError, RuntimeError, ValueError) as exc:
        return error_line(record.id, "model_error", str(exc))
    return result.model_dump(mode="json")


def error_line(record_id: str, type_: str, message: str) -> dict:
    return {"id": record_id, "error": {"type": type_, "message": message[:500]}}


@dataclass(frozen=True)
class Plan:
    todo: list[Record]
    skipped: int  # ids already in the output


def plan_batch(source: str, out: Path, retry_errors: bool = False, limit: int | None = None) -> Plan:
    """What is left to do: each input id once, minus the ids already written (a torn last line
    is repaired first). Raises FileNotFoundError for a missing input."""
    records = read_input(source)
    done = load_done(out, retry_errors)
    todo, skipped, seen = [], 0, set(done)
    for rec in records:
        if rec.id in seen:
            skipped += rec.id in done
            continue
        seen.add(rec.id)
        todo.append(rec)
    return Plan(todo[:limit] if limit else todo, skipped)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Output:
    """Where finished lines go: each written whole and fsynced, counted, and shown as progress
    (a bar on a terminal, one log line per article otherwise). Thread-safe."""

    def __init__(self, out: Path, total: int):
        from tqdm import tqdm

        self.total = total
        self.ok = self.failed = 0
        self._writer = JsonlWriter(out)
        self._lock = threading.Lock()
        self._bar = tqdm(total=total, unit="article", disable=not sys.stderr.isatty(), file=sys.stderr)
        self._started = time.perf_counter()

    def put(self, record_id: str, line: dict) -> None:
        with self._lock:
            self._writer.write(line)
            failed = "error" in line
            self.failed += failed
            self.ok += not failed
            self._bar.update(1)
            if self._bar.disable:
                _stderr(f"[{self.ok + self.failed}/{self.total}] {record_id}: {'error' if failed else 'ok'}")

    def close(self) -> None:
        self._bar.close()
        self._writer.close()

    def summary(self, skipped: int) -> str:
        secs = time.perf_counter() - self._started
        n = self.ok + self.failed
        return (
            f"done {self.ok}, failed {self.failed}, skipped {skipped}, {secs / max(n, 1):.1f} s/article, "
            f"{60 * n / secs if secs else 0:.1f} articles/min"
        )


def run_threads(todo: list[Record], extractor, output: Output, workers: int = 1) -> None:
    """The local run: ``workers`` articles at once over one loaded model."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda rec: output.put(rec.id, process(rec, extractor)), todo))
