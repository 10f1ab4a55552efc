"""The eval runner on a predictions file: splits, report names and folders, timing, bad input."""

import json
from pathlib import Path

import pytest

from extractor.config import PROJECT_ROOT
from extractor.eval import evaluation
from extractor.eval.evaluation import load_dataset, run


def gold_as_prediction(ex) -> dict:
    """The gold written as the service writes a record: ids, spans, ids in the links."""
    g, text = ex.gold, ex.text

    def span(s: str) -> dict:
        start = text.index(s)
        return {"text": s, "start": start, "end": start + len(s)}

    actors = [
        {"id": f"A{i}", "name": a["name"], "type": a["type"], "title": a["title"], "mentions": [span(a["name"])]}
        for i, a in enumerate(g["actors"], start=1)
    ]
    aid = {a["name"]: a["id"] for a in actors}
    dates = [{"id": f"D{i}", **span(d["text"]), "value": d["value"]} for i, d in enumerate(g["dates"], start=1)]
    did = {d["text"]: d["id"] for d in dates}
    agreements = [
        {
            "id": f"G{i}",
            "kind": a["kind"],
            "status": a["status"],
            "parties": [aid[n] for n in a["parties"]],
            "mediators": [aid[n] for n in a["mediators"]],
            "date": did[a["date"]["text"]] if a["date"] else None,
            "evidence": span(a["evidence"]),
        }
        for i, a in enumerate(g["agreements"], start=1)
    ]
    return {
        "id": ex.id,
        "actors": actors,
        "agreements": agreements,
        "dates": dates,
        "meta": {"model": "gold-model", "backend": "by-hand", "seconds": 2.0},
    }


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("dataset", ["seeds", "devset"])
def test_gold_scored_as_a_prediction_is_right_everywhere(dataset, tmp_path):
    examples = load_dataset(dataset)
    preds = write_jsonl(tmp_path / "gold.jsonl", [gold_as_prediction(ex) for ex in examples])
    _, json_path, _ = run(dataset, None, preds, None, tmp_path, build=None)
    total = json.loads(json_path.read_text(encoding="utf-8"))["total"]
    for field in ("actors", "agreements", "dates", "party_links", "mediator_links"):
        assert total[field]["f1"] == 1.0, field
    assert total["whole_record"]["right"] == total["whole_record"]["total"] > 0
    assert all(c["f1"] == 1.0 for c in total["actors_by_type"].values())
    assert all(v == 1.0 for v in total["accuracy"].values())


def test_devset_reports_each_split_and_the_total(tmp_path):
    tuning = [gold_as_prediction(ex) for ex in load_dataset("devset", "d")]
    preds = write_jsonl(tmp_path / "devset__gold-model.predictions.jsonl", tuning)  # no e articles
    md_path, json_path, _ = run("devset", None, preds, None, tmp_path, build=None)
    report = json.loads(json_path.read_text(encoding="utf-8"))
    d, e, total = report["splits"]["d"], report["splits"]["e"], report["total"]
    assert (d["label"], d["articles"], e["label"], e["articles"]) == ("tuning", 15, "check", 12)
    assert d["whole_record"]["recall"] == 1.0 and e["whole_record"]["right"] == 0
    assert total["whole_record"]["total"] == d["whole_record"]["total"] + e["whole_record"]["total"]
    assert total["agreements"]["tp"] == d["agreements"]["tp"] and total["agreements"]["fn"] == e["agreements"]["fn"]
    assert report["missing_predictions"] == [f"e{i:02d}" for i in range(1, 13)]
    md = md_path.read_text(encoding="utf-8")
    assert "| d (tuning) | 15 |" in md and "| e (check) | 12 |" in md and "| **total** | 27 |" in md
    assert "no prediction" in md and "None" not in md


def test_one_split_alone(tmp_path):
    preds = write_jsonl(tmp_path / "p.jsonl", [gold_as_prediction(ex) for ex in load_dataset("devset", "e")])
    _, json_path, _ = run("devset", None, preds, None, tmp_path, build=None, split="e")
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert json_path.name == "devset-e__gold-model.json"
    assert report["articles"] == 12 and list(report["splits"]) == ["e"] and not report["missing_predictions"]
    with pytest.raises(ValueError, match="unknown split"):
        load_dataset("devset", "x")
    with pytest.raises(ValueError, match="unknown split"):
        load_dataset("seeds", "d")


def test_report_names_are_plain_and_timing_is_never_none(tmp_path):
    examples = load_dataset("seeds")[:2]
    # a file without meta (as written by hand or by another tool): named after the file
    bare = write_jsonl(
        tmp_path / "seeds__mine.predictions.jsonl",
        [{"id": ex.id, "actors": [], "agreements": [], "dates": []} for ex in examples],
    )
    md_path, json_path, _ = run("seeds", None, bare, 2, tmp_path / "out", build=None)
    assert json_path.name == "seeds__mine.json" and md_path.name == "seeds__mine.md"
    md = md_path.read_text(encoding="utf-8")
    assert "seconds per article: n/a" in md and "peak RSS: n/a" in md and "None" not in md
    # the service's own output: named after the model in its meta, timing taken from there
    timed = write_jsonl(tmp_path / "x.jsonl", [gold_as_prediction(ex) for ex in examples])
    md_path, json_path, _ = run("seeds", None, timed, 2, tmp_path / "out", build=None)
    assert json_path.name == "seeds__gold-model.json"
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert report["seconds_per_article"] == 2.0 and report["predictions"] == "x.jsonl"
    assert "seconds per article: 2.0 (from the predictions' meta)" in md_path.read_text(encoding="utf-8")
    assert evaluation.plain_name("Qwen/Qwen2.5-7B-Instruct") == "Qwen_Qwen2.5-7B-Instruct"


def test_bad_predictions_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "actors": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: not JSON"):
        run("seeds", None, bad, None, tmp_path, build=None)
    bad.write_text('["no id"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: .*with an id"):
        run("seeds", None, bad, None, tmp_path, build=None)
    with pytest.raises(FileNotFoundError, match="predictions file not found"):
        run("seeds", None, tmp_path / "none.jsonl", None, tmp_path, build=None)


def test_everyday_reports_go_to_an_ignored_folder_and_records_only_on_purpose():
    ignored = [line.strip() for line in (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()]
    assert evaluation.RUNS_DIR.relative_to(PROJECT_ROOT).as_posix() + "/" in ignored
    assert evaluation.RECORD_DIR == PROJECT_ROOT / "evals" / "reports"


def test_compare_reads_old_reports_without_the_new_metrics(tmp_path):
    preds = write_jsonl(tmp_path / "p.jsonl", [gold_as_prediction(ex) for ex in load_dataset("seeds")])
    _, new, _ = run("seeds", None, preds, None, tmp_path, build=None)
    old = PROJECT_ROOT / "evals" / "experiments" / "01-one-pass-free-names.seeds.json"
    text = evaluation.compare_reports(old, new)
    assert "whole records" in text and "n/a -> 1.000" in text and "party_links F1" in text
