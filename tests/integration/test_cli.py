"""The other CLI commands, run as a user runs them."""

import json
import subprocess

from extractor.contract import ArticleExtraction, grounding_errors

from .conftest import ROOT, cli_env, extractor_cmd


def run(*args, stdin=None, timeout=300):
    return subprocess.run(
        extractor_cmd(*args), cwd=ROOT, env=cli_env(), input=stdin, capture_output=True, text=True, timeout=timeout
    )


def test_extract_file_and_stdin(tiny_model_dir, seed_texts):
    path = ROOT / "seeds" / "002_6fd764c35ada21fe.txt"
    proc = run("extract", str(path), "--published", "2020-07-23", "--model", str(tiny_model_dir))
    assert proc.returncode == 0, proc.stderr
    result = ArticleExtraction.model_validate_json(proc.stdout)
    assert grounding_errors(result, seed_texts[path.stem]) == []
    assert {"كانون الثاني/يناير القادم": "2021-01"}.items() <= {d.text: d.value for d in result.dates}.items()
    proc = run("extract", "-", "--model", str(tiny_model_dir), stdin="وقعت تركيا وليبيا مذكرة تفاهم أمس.")
    assert proc.returncode == 0 and json.loads(proc.stdout)["dates"][0]["value"] is None


def test_extract_errors_are_clear(tiny_model_dir, tmp_path):
    assert "file not found" in run("extract", str(tmp_path / "none.txt")).stderr
    bad_date = run("extract", "-", "--published", "23/07/2020", stdin="نص")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    unknown = run("extract", "-", "--model", "embedded:nope", stdin="نص")
    assert unknown.returncode == 2 and "unknown embedded model" in unknown.stderr
    english = run("extract", "-", "--model", str(tiny_model_dir), stdin="no arabic")
    assert english.returncode == 2 and "no Arabic" in english.stderr


def test_schema_check():
    assert run("schema", "--check").returncode == 0


def test_eval_scores_a_predictions_file_and_compares(tmp_path):
    gold_like = []
    for path in sorted((ROOT / "evals" / "gold").glob("*.json"))[:2]:
        gold_like.append({"id": path.stem, "actors": [], "agreements": [], "dates": []})
    preds = tmp_path / "p.jsonl"
    preds.write_text("\n".join(json.dumps(g) for g in gold_like) + "\n", encoding="utf-8")
    proc = run("eval", "--predictions", str(preds), "--limit", "2", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "seconds per article: n/a" in proc.stdout and "None" not in proc.stdout
    assert "whole records" in proc.stdout and "party links" in proc.stdout
    report = json.loads((tmp_path / "seeds__p.json").read_text(encoding="utf-8"))
    assert report["total"]["actors"]["recall"] == 0.0 and report["articles"] == 2
    cmp = run("eval", "--compare", str(tmp_path / "seeds__p.json"), "--compare", str(tmp_path / "seeds__p.json"))
    assert "actors" in cmp.stdout and "same" in cmp.stdout
    both = run("eval", "--predictions", str(preds), "--record", "--out", str(tmp_path))
    assert both.returncode == 2 and "either --record or --out" in both.stderr
    split = run("eval", "--predictions", str(preds), "--dataset", "devset", "--split", "x", "--out", str(tmp_path))
    assert split.returncode == 2 and "unknown split" in split.stderr


def test_bench_prints_numbers(tiny_model_dir):
    proc = run("bench", "--model", str(tiny_model_dir), "--limit", "1")
    assert proc.returncode == 0, proc.stderr
    for needle in ("seconds per article", "tokens/s", "overhead", "grammar compile", "peak RSS"):
        assert needle in proc.stdout


def test_bad_setting_is_a_usage_error():
    proc = subprocess.run(
        extractor_cmd("schema", "--check"),
        cwd=ROOT,
        env=cli_env(EXTRACTOR_DEVICE="gpu"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "EXTRACTOR_DEVICE" in proc.stderr
