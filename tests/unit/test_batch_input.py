"""Hostile batch input, record by record: each bad record becomes a clear error, nothing is dropped."""

import io
import json

import pytest

from extractor.batch import max_line_bytes, plan, read_folder, read_jsonl

AR = "وقعت تركيا وليبيا مذكرة تفاهم"
LIMIT = 1000  # max_text_chars for these tests


def rec(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def read(data: bytes):
    return list(read_jsonl(io.BytesIO(data), LIMIT))


# each case: the raw bytes of one JSONL file, then (id, error type or None) per record read
JSONL_CASES = {
    "invalid UTF-8 in one line": (
        rec(id="a", text=AR) + b"\n" + b'{"id": "b", "text": "\xff\xfe bad"}\n' + rec(id="c", text=AR) + b"\n",
        [("a", None), ("b", "bad_encoding"), ("c", None)],
    ),
    "invalid UTF-8 where the id cannot be read": (
        b'{"id": "\xff", "text": "x"}\n' + rec(id="c", text=AR) + b"\n",
        [("line-1", "bad_encoding"), ("c", None)],
    ),
    "BOM at the start": (
        b"\xef\xbb\xbf" + rec(id="a", text=AR) + b"\n" + rec(id="b", text=AR) + b"\n",
        [("a", None), ("b", None)],
    ),
    "CRLF line ends": (rec(id="a", text=AR) + b"\r\n" + rec(id="b", text=AR) + b"\r\n\r\n", [("a", None), ("b", None)]),
    "no newline at the end": (rec(id="a", text=AR), [("a", None)]),
    "a line far too long": (
        rec(id="a", text=AR) + b"\n" + rec(id="huge", text="ن" * 50 * LIMIT) + b"\n" + rec(id="c", text=AR) + b"\n",
        [("a", None), ("line-2", "too_large"), ("c", None)],
    ),
    "not JSON": (b'{"id": "a", "text": \n' + rec(id="b", text=AR) + b"\n", [("line-1", "bad_record"), ("b", None)]),
    "not an object": (b'["a", "b"]\n', [("line-1", "bad_record")]),
    "id with path characters": (
        rec(id="../../etc/passwd", text=AR) + b"\n" + rec(id="a/b\\c:d", text=AR) + b"\n",
        [("../../etc/passwd", None), ("a/b\\c:d", None)],
    ),
    "numeric id": (rec(id=7, text=AR) + b"\n", [("7", None)]),
    "id of the wrong type": (
        rec(id={"x": 1}, text=AR) + b"\n" + rec(id=True, text=AR) + b"\n",
        [("line-1", "bad_record"), ("line-2", "bad_record")],
    ),
    "id too long": (rec(id="x" * 300, text=AR) + b"\n", [("line-1", "bad_record")]),
    "text missing or not a string": (
        rec(id="a") + b"\n" + rec(id="b", text=5) + b"\n",
        [("a", "bad_record"), ("b", "bad_record")],
    ),
    "lone surrogate escape": (b'{"id": "s", "text": "\\ud800 \\u0646"}\n', [("s", "bad_record")]),
    "published not a date": (
        rec(id="a", text=AR, published="yesterday") + b"\n" + rec(id="b", text=AR, published=20200101) + b"\n",
        [("a", "bad_record"), ("b", "bad_record")],
    ),
}


@pytest.mark.parametrize("name", list(JSONL_CASES))
def test_jsonl_records(name):
    data, expected = JSONL_CASES[name]
    records = read(data)
    assert [(r.id, r.error[0] if r.error else None) for r in records] == expected
    for r in records:
        if r.error:
            assert r.error[1] and "Traceback" not in r.error[1] and "b'" not in r.error[1]
        else:
            assert r.text == AR


def test_error_messages_say_what_and_where():
    records = read(rec(id="a", text=AR) + b"\n" + b'{"id": "b", "text": "\xff"}\n')
    assert records[1].error[1] == "line 2 is not valid UTF-8 (byte 0xff at byte 21); save it as UTF-8"
    long_line = rec(id="h", text="ن" * 50 * LIMIT)
    assert read(long_line)[0].error[1].startswith(f"line 1 has {len(long_line)} bytes")


def test_a_huge_line_is_not_held_in_memory_whole():
    class Counting(io.BytesIO):
        biggest = 0

        def readline(self, size=-1):
            line = super().readline(size)
            Counting.biggest = max(Counting.biggest, len(line))
            return line

    huge = b'{"id": "h", "text": "' + b"x" * (5 * 1024 * 1024) + b'"}\n'
    records = list(read_jsonl(Counting(huge + rec(id="a", text=AR) + b"\n"), LIMIT))
    assert [r.id for r in records] == ["line-1", "a"]
    assert Counting.biggest <= max(max_line_bytes(LIMIT) + 1, 1 << 20)


@pytest.mark.parametrize(
    "records,todo,duplicates",
    [
        # same id, same text: skipped as a repeat, and said so
        ([("a", AR), ("b", AR), ("a", AR)], [("a", None), ("b", None)], 1),
        # same id, another text: an error line of its own, under a distinct id
        ([("a", AR), ("a", AR + " أخرى")], [("a", None), ("a#line-2", "duplicate_id")], 0),
        # three records with one id: the first is done, the others are each accounted for
        ([("a", AR), ("a", AR), ("a", "غيره")], [("a", None), ("a#line-3", "duplicate_id")], 1),
    ],
)
def test_duplicate_ids_are_never_silently_dropped(records, todo, duplicates):
    data = b"".join(rec(id=i, text=t) + b"\n" for i, t in records)
    planned = plan(read(data), done=set())
    assert [(r.id, r.error[0] if r.error else None) for r in planned.todo] == todo
    assert len(planned.duplicates) == duplicates
    for r in planned.todo:
        if r.error:
            assert "repeats the id \"a\" of line 1 with a different text" in r.error[1]


def test_duplicates_resume_cleanly():
    data = rec(id="a", text=AR) + b"\n" + rec(id="a", text="غيره") + b"\n"
    first = plan(read(data), done=set())
    written = {r.id for r in first.todo}
    again = plan(read(data), done=written)
    assert again.todo == [] and again.skipped == 2


def test_folder_with_bad_files(tmp_path):
    (tmp_path / "good.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + AR.encode())
    (tmp_path / "crlf.txt").write_bytes(f"{AR}\r\n{AR}\r\n".encode())
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "huge.txt").write_bytes(b"x" * (4 * LIMIT + 10))
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    by_id = {r.id: r for r in read_folder(tmp_path, LIMIT)}
    assert set(by_id) == {"good", "bom", "crlf", "latin1", "empty", "huge", "dir"}
    assert by_id["good"].text == AR and by_id["bom"].text == AR
    assert by_id["crlf"].text == f"{AR}\r\n{AR}\r\n"  # kept exactly: offsets index the file's text
    assert by_id["latin1"].error == (
        "bad_encoding",
        "latin1.txt is not valid UTF-8 (byte 0xe9 at byte 3); save it as UTF-8",
    )
    assert by_id["empty"].text == ""  # the pipeline answers it: "article text is empty"
    assert by_id["huge"].error[0] == "too_large"
    assert by_id["dir"].error[0] == "bad_input"
