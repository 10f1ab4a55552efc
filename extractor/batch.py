"""Batch extraction: many articles in, one JSONL line per article out, resumable.

Crash safety: each line is written whole and fsynced; on restart a torn last line (no
newline, or not JSON) is cut off and its article redone, ids already written are skipped.
The plan (what is left to do) and the output (writing, progress, summary) are shared by the
local run (threads over one model, ``run_threads`` / ``batch_run.run_records``) and the Ray run
(``distributed.py``).

Messy input is read as a user's archive comes: every record gets a line, never a crash.
- A JSONL line that is not UTF-8, not JSON, or far longer than an article can be is an error
  line (``bad_encoding``, ``bad_record``, ``too_large``); a UTF-8 BOM is ignored; CRLF line
  ends are read as line ends.
- A folder file that is not UTF-8 or cannot be read is an error line; the text of a file is
  kept exactly (CRLF included), so offsets index the file's own text.
- Ids are kept verbatim (path characters included): they are only written into the output.
- Duplicate ids: a later record with the same id *and the same text* is skipped (reported on
  standard error and in the summary); one with a different text gets an error line
  ``duplicate_id`` under the id ``<id>#line-<n>``, so it is never silently lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from .llm.engines.base import EngineError
from .pipeline import InputError
from .published_date import parse_published

BOM = b"\xef\xbb\xbf"
MAX_ID_CHARS = 200


@dataclass(frozen=True)
class Record:
    id: str
    text: str | None
    published: dt.date | None = None
    error: tuple[str, str] | None = None  # (type, message) when the input itself is bad
    line: int | None = None  # JSONL line number

    def fingerprint(self) -> str:
        """Same id, same fingerprint: the same article given twice."""
        content = json.dumps([self.text, str(self.published), self.error], ensure_ascii=False)
        return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def max_line_bytes(max_text_chars: int) -> int:
    # a JSON-escaped character takes at most 12 bytes (a surrogate pair), plus room for the other fields
    return 12 * max_text_chars + 65536


def _parse_published(value) -> dt.date | None:
    return None if value in (None, "") else parse_published(value)


def _not_utf8(exc: UnicodeDecodeError, where: str) -> str:
    return f"{where} is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at byte {exc.start}); save it as UTF-8"


def _valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON's \\ud800 escapes can carry
        return False
    return True


def read_folder(folder: Path, max_text_chars: int) -> Iterator[Record]:
    for path in sorted(folder.glob("*.txt")):
        rid = path.stem
        if not path.is_file():
            yield Record(rid, None, error=("bad_input", f"{path.name} is not a regular file"))
            continue
        try:
            size = path.stat().st_size
            if size > 4 * max_text_chars + len(BOM):  # more bytes than the longest article can have
                yield Record(
                    rid,
                    None,
                    error=(
                        "too_large",
                        f"{path.name} has {size} bytes; an article is at most {max_text_chars} characters",
                    ),
                )
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield Record(rid, None, error=("unreadable", f"{path.name} cannot be read: {exc.strerror or exc}"))
            continue
        try:
            text = data.removeprefix(BOM).decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Record(rid, None, error=("bad_encoding", _not_utf8(exc, path.name)))
            continue
        yield Record(rid, text)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[bytes | None, int]]:
    """Lines as bytes (``\\n`` ends a line; ``\\r\\n`` too); a line over ``limit`` bytes is
    skipped without being held in memory and given as (None, its size)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = stream.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None, size
        else:
            yield line, len(line)


def _record_id(obj: dict, fallback: str) -> tuple[str, str | None]:
    """(id, problem): ids are strings or whole numbers, kept verbatim."""
    value = obj.get("id")
    if value is None or value == "":
        return fallback, None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return fallback, "id must be a string or a whole number"
    rid = str(value)
    if len(rid) > MAX_ID_CHARS:
        return fallback, f"id has {len(rid)} characters; the limit is {MAX_ID_CHARS}"
    return rid, None


def read_jsonl(stream: BinaryIO, max_text_chars: int) -> Iterator[Record]:
    limit = max_line_bytes(max_text_chars)
    for n, (raw, size) in enumerate(_lines(stream, limit), start=1):
        fallback = f"line-{n}"
        if raw is None:
            yield Record(
                fallback,
                None,
                line=n,
                error=(
                    "too_large",
                    f"line {n} has {size} bytes; a record holds an article of at most {max_text_chars} characters",
                ),
            )
            continue
        if n == 1:
            raw = raw.removeprefix(BOM)  # spreadsheet and Windows tools start files with one
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Record(
                _id_despite_encoding(raw, fallback), None, line=n, error=("bad_encoding", _not_utf8(exc, f"line {n}"))
            )
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            where = f" ({exc.msg} at column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
            yield Record(fallback, None, line=n, error=("bad_record", f"line {n} is not valid JSON{where}"))
            continue
        if not isinstance(obj, dict):
            yield Record(fallback, None, line=n, error=("bad_record", f"line {n} is not a JSON object"))
            continue
        rid, problem = _record_id(obj, fallback)
        if problem:
            yield Record(rid, None, line=n, error=("bad_record", f"line {n}: {problem}"))
            continue
        text = obj.get("text")
        try:
            published = _parse_published(obj.get("published"))
        except ValueError as exc:
            yield Record(rid, None, line=n, error=("bad_record", f"line {n}: {exc}"))
            continue
        if not isinstance(text, str):
            yield Record(rid, None, line=n, error=("bad_record", f"line {n}: text must be a string"))
            continue
        if not _valid_unicode(text):
            yield Record(
                rid,
                None,
                line=n,
                error=("bad_record", f"line {n}: text is not valid Unicode (it holds a lone surrogate escape)"),
            )
            continue
        yield Record(rid, text, published, line=n)


def _id_despite_encoding(raw: bytes, fallback: str) -> str:
    """The record's own id when the bad bytes are elsewhere in the line (the error line is then
    found under the id the user knows)."""
    try:
        obj = json.loads(raw.decode("utf-8", "replace"))
        rid, problem = _record_id(obj, fallback) if isinstance(obj, dict) else (fallback, "")
    except ValueError:
        return fallback
    return fallback if problem or "\ufffd" in rid else rid


def _max_text_chars() -> int:
    from .config import get_settings

    return get_settings().max_text_chars


def read_input(source: str, max_text_chars: int | None = None) -> Iterator[Record]:
    """The records of a folder of .txt files, a JSONL file, or - for JSONL on standard input;
    ``max_text_chars`` defaults to ``EXTRACTOR_MAX_TEXT_CHARS``."""
    if max_text_chars is None:
        max_text_chars = _max_text_chars()
    if source == "-":
        return read_jsonl(sys.stdin.buffer, max_text_chars)
    path = Path(source)
    if path.is_dir():
        return read_folder(path, max_text_chars)
    if path.is_file():
        return _read_file(path, max_text_chars)
    raise FileNotFoundError(f"input not found: {source}")


def _read_file(path: Path, max_text_chars: int) -> Iterator[Record]:
    with path.open("rb") as fh:
        yield from read_jsonl(fh, max_text_chars)


@dataclass
class Plan:
    todo: list[Record]
    skipped: int  # already in the output
    duplicates: list[str] = field(default_factory=list)  # notes on records skipped as repeats of an earlier one


def plan(records: Iterable[Record], done: set[str]) -> Plan:
    """What to do: ids already written are skipped; repeated ids follow the policy above."""
    first: dict[str, tuple[str, int | None]] = {}  # id -> (fingerprint, line)
    todo, skipped, duplicates = [], 0, []
    for rec in records:
        if rec.id in first:
            fingerprint, line = first[rec.id]
            where = f"line {line}" if line else "an earlier record"
            if rec.fingerprint() == fingerprint:
                duplicates.append(f"line {rec.line} repeats {where} (id {_quoted(rec.id)}, same text): skipped")
                continue
            rec = Record(
                f"{rec.id}#line-{rec.line}",
                None,
                line=rec.line,
                error=(
                    "duplicate_id",
                    f"line {rec.line} repeats the id {_quoted(rec.id)} of {where} with a different text; "
                    "this article was not extracted: give it an id of its own",
                ),
            )
        else:
            first[rec.id] = (rec.fingerprint(), rec.line)
        if rec.id in done:
            skipped += 1
            continue
        todo.append(rec)
    return Plan(todo, skipped, duplicates)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


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
    except Exception as exc:  # noqa: BLE001 - one article's failure never stops the run
        return error_line(record.id, "model_error", str(exc) or type(exc).__name__)
    return result.model_dump(mode="json")


def error_line(record_id: str, type_: str, message: str) -> dict:
    return {"id": record_id, "error": {"type": type_, "message": message[:500]}}


def plan_batch(
    source: str, out: Path, retry_errors: bool = False, limit: int | None = None, max_text_chars: int | None = None
) -> Plan:
    """What is left to do: the input read (messy input becomes error records), minus the ids
    already written (a torn last line is repaired first), repeated ids under the policy above.
    Raises FileNotFoundError for a missing input."""
    records = read_input(source, max_text_chars)
    planned = plan(records, load_done(out, retry_errors))
    if limit:
        planned.todo = planned.todo[:limit]
    return planned


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
        self._closed = False

    def put(self, record_id: str, line: dict) -> None:
        with self._lock:
            if self._closed:  # the run was abandoned: a late line is never written
                return
            self._writer.write(line)
            failed = "error" in line
            self.failed += failed
            self.ok += not failed
            self._bar.update(1)
            if self._bar.disable:
                _stderr(f"[{self.ok + self.failed}/{self.total}] {record_id}: {'error' if failed else 'ok'}")

    def stop_writing(self) -> None:
        """No line more: a line being written is finished first (used when a run is abandoned)."""
        with self._lock:
            self._closed = True

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
