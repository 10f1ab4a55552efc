"""The review pages built in Python: safe file names, inert embedded data, the batch report's
files, and the evaluation view's verdicts (the browser side is in tests/integration)."""

import base64
import hashlib
import json
import re

import pytest

from extractor.review.assets import page, script_json
from extractor.review.eval_page import compare_article, find_all
from extractor.review.report import build_report, page_name

HOSTILE_IDS = [
    "../x",
    "/etc/y",
    "..",
    ".",
    "",
    "a/../../b",
    "..\\..\\win",
    "C:\\Windows\\x",
    "x" * 500,
    "index",
    "مقال ١",
    '<img src=x onerror="window.__pwned=1">',
    "a\x00b",
    "~/.ssh/id",
]


def test_page_names_are_safe_and_distinct():
    names = [page_name(i) for i in HOSTILE_IDS]
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9_-]+-[0-9a-f]{10}\.html", name), name
        assert len(name) <= 70 and name != "index.html"
    assert len(set(names)) == len(names)
    assert page_name("../x") != page_name("x") and page_name("a b") != page_name("a-b")


def test_script_json_cannot_end_its_block():
    obj = {"text": "</script><script>alert(1)</script><!-- & \u2028", "n": [1, 2]}
    out = script_json(obj)
    assert not set("<>&") & set(out) and "\u2028" not in out
    assert json.loads(out) == obj


def test_inline_page_allows_only_its_own_scripts():
    doc = page("<b>t</b>", "<p>x</p>", scripts=("review.js", "report.js"), data={"text": "</script>"})
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', doc).group(1)
    assert "default-src &#x27;none&#x27;" in csp and "unsafe-inline" not in csp
    inline = re.findall(r"<script>(.*?)</script>", doc, flags=re.S)
    assert len(inline) == 2
    for code in inline:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"sha256-{digest}" in csp
    assert "<title>&lt;b&gt;t&lt;/b&gt;</title>" in doc
    assert doc.count("</script>") == 3  # the data block's "</script>" was escaped


def _extraction(text: str, rid: str, names: list[tuple[str, str]], with_agreement: bool = False) -> dict:
    actors = []
    for n, (name, type_) in enumerate(names, start=1):
        starts = [m.start() for m in re.finditer(re.escape(name), text)]
        actors.append(
            {
                "id": f"A{n}",
                "name": name,
                "type": type_,
                "title": None,
                "mentions": [{"text": name, "start": s, "end": s + len(name)} for s in starts],
            }
        )
    agreements = []
    if with_agreement:
        sentence = text.split(".")[0]
        agreements.append(
            {
                "id": "G1",
                "kind": "ceasefire",
                "parties": ["A1", "A2"],
                "mediators": [],
                "status": "reached",
                "date": None,
                "evidence": {"text": sentence, "start": 0, "end": len(sentence)},
            }
        )
    return {
        "id": rid,
        "published": None,
        "actors": actors,
        "agreements": agreements,
        "dates": [],
        "meta": {"model": "hand", "backend": "none"},
    }


TEXT = "وقعت تركيا وروسيا اتفاقاً لوقف إطلاق النار. وقالت تركيا إن الاتفاق صامد."


def test_batch_report_stays_in_its_folder_and_reports_every_case(tmp_path):
    ids = ["../x", "/etc/y", '<img src=x onerror="window.__pwned=1">', "ok-1", "changed", "gone"]
    src = tmp_path / "in.jsonl"
    records = [{"id": i, "text": TEXT} for i in ids if i != "gone"] + [{"id": "never", "text": TEXT}]
    records[4]["text"] = "نص آخر تماماً " + TEXT  # offsets no longer fit
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    lines = [_extraction(TEXT, i, [("تركيا", "state"), ("روسيا", "state")], True) for i in ids[:2]]
    lines.append({"id": ids[2], "error": {"type": "model_error", "message": "<script>x</script>"}})
    lines += [_extraction(TEXT, i, [("تركيا", "state")]) for i in ("ok-1", "changed", "gone")]
    text_lines = [json.dumps(line, ensure_ascii=False) for line in lines]
    text_lines.insert(1, '{"id": "torn", "actors": [')
    text_lines.append(json.dumps({"id": "bad-schema", "actors": "nope"}))
    out.write_text("\n".join(text_lines) + "\n", encoding="utf-8")

    html_dir = tmp_path / "deep" / "report"
    before = set(tmp_path.rglob("*"))
    summary = build_report(out, str(src), html_dir)
    created = set(tmp_path.rglob("*")) - before
    assert all(p == html_dir.parent or p.is_relative_to(html_dir) for p in created), created
    written = sorted(p.name for p in html_dir.iterdir())
    assert "index.html" in written and len(written) == 1 + 7  # 6 ids with lines + bad-schema
    assert not (tmp_path / "x.html").exists()

    status = {r.id: r.status for r in summary.rows}
    assert status == {
        "../x": "ok",
        "/etc/y": "ok",
        ids[2]: "error",
        "ok-1": "ok",
        "changed": "ok",
        "gone": "no_text",
        "bad-schema": "invalid",
        "never": "not_processed",
    }
    rows = {r.id: r for r in summary.rows}
    assert rows["changed"].misplaced > 0 and rows["ok-1"].misplaced == 0
    assert rows["../x"].actors == 2 and rows["../x"].agreements == 1
    assert len(summary.bad_lines) == 1 and "line 2" in summary.bad_lines[0]

    index = (html_dir / "index.html").read_text(encoding="utf-8")
    assert "<img" not in index and "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in index
    hostile = (html_dir / page_name(ids[2])).read_text(encoding="utf-8")
    body = hostile.split("<script", 1)[0]
    assert "<img" not in body and "&lt;script&gt;" not in body  # the error message is in the data, escaped
    assert "\\u003cscript\\u003ex\\u003c/script\\u003e" in hostile


def test_report_needs_its_inputs(tmp_path):
    with pytest.raises(FileNotFoundError):
        build_report(tmp_path / "missing.jsonl", str(tmp_path), tmp_path / "html")
    (tmp_path / "out.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        build_report(tmp_path / "out.jsonl", str(tmp_path / "nope"), tmp_path / "html")


def test_find_all_takes_words_and_clitics_not_word_insides():
    text = "قال كارة وبكارة إن الكارة"
    assert [text[s:e] for s, e in find_all(text, "كارة")] == ["كارة", "كارة"]
    assert find_all(text, "كارة")[1][0] == text.index("بكارة") + 1


def test_eval_comparison_marks_missed_wrong_extra_and_optional():
    text = "قال عبد السلام زوبي إن تركيا وقعت مع الأمم المتحدة في 5 نوفمبر اتفاقاً. وحضر زيد."
    gold = {
        "id": "t",
        "actors": [
            {"name": "عبد السلام زوبي", "aliases": ["زوبي"], "type": "person", "title": None, "required": True},
            {"name": "تركيا", "aliases": [], "type": "state", "title": None, "required": True},
            {
                "name": "الأمم المتحدة",
                "aliases": [],
                "type": "international_organization",
                "title": None,
                "required": False,
            },
        ],
        "agreements": [],
        "dates": [{"text": "5 نوفمبر", "value": "--11-05", "required": True}],
    }
    pred = _extraction(text, "t", [("تركيا", "government"), ("زيد", "person")])
    s = text.index("5 نوفمبر")
    pred["dates"] = [{"id": "D1", "text": "5 نوفمبر", "start": s, "end": s + 8, "value": "--11-06", "event": None}]
    cmp = compare_article(text, gold, pred)
    verdicts = {(r["field"], r["gold"], r["pred"]): r["verdict"] for r in cmp["rows"]}
    assert verdicts[("actor", "عبد السلام زوبي (person)", "—")] == "missed"
    assert verdicts[("actor", "تركيا (state)", "تركيا (government)")] == "wrong"
    assert verdicts[("actor", "الأمم المتحدة (international_organization)", "—")] == "optional"
    assert verdicts[("actor", "—", "زيد (person)")] == "extra"
    assert verdicts[("date", "5 نوفمبر = --11-05", "5 نوفمبر = --11-06")] == "wrong"
    gold_marks = {(text[m["start"] : m["end"]], m["cls"][0]) for m in cmp["gold_spans"]}
    assert ("عبد السلام زوبي", "ev-missed") in gold_marks and ("تركيا", "ev-wrong") in gold_marks
    assert ("زوبي", "ev-missed") not in gold_marks  # the alias inside the full name is not marked twice
    pred_marks = {(text[m["start"] : m["end"]], m["cls"][0]) for m in cmp["pred_spans"]}
    assert pred_marks == {("تركيا", "ev-wrong"), ("زيد", "ev-extra"), ("5 نوفمبر", "ev-wrong")}
