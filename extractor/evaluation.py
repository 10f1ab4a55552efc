"""Evaluation runner: extract the labeled articles (or read a JSONL), score, write reports."""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .config import EVALS_DIR, PROJECT_ROOT, SEEDS_DIR
from .review import eval_page
from .scoring import ACCURACIES, FIELDS, score_article, summarize


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    gold: dict

    @property
    def published(self) -> dt.date | None:
        p = self.gold.get("published")
        return dt.date.fromisoformat(p) if p else None


def load_dataset(name: str) -> list[Example]:
    if name == "seeds":
        pairs = [(p, EVALS_DIR / "gold" / f"{p.stem}.json") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    elif name == "devset":
        root = EVALS_DIR / "devset"
        pairs = [(p, root / "gold" / f"{p.stem}.json") for p in sorted((root / "articles").glob("*.txt"))]
    else:
        raise ValueError(f"unknown dataset {name!r} (seeds or devset)")
    out = []
    for text_path, gold_path in pairs:
        if not gold_path.is_file():
            raise FileNotFoundError(f"no gold for {text_path.name}: {gold_path}")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        gold["id"] = text_path.stem
        out.append(Example(text_path.stem, text_path.read_text(encoding="utf-8"), gold))
    return out


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                             capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return (out.stdout.strip() or "unknown") + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(dataset: str, model: str | None, predictions: Path | None, limit: int | None,
        report_dir: Path, build) -> tuple[Path, Path, Path]:
    examples = load_dataset(dataset)[:limit] if limit else load_dataset(dataset)
    preds: dict[str, dict] = {}
    seconds: dict[str, float] = {}
    model_name, backend = "predictions-file", "n/a"
    if predictions is not None:
        for line in predictions.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                preds[str(obj.get("id"))] = obj
        model_name = predictions.name
    else:
        extractor = build(model)
        model_name, backend = extractor.engine.model_name, extractor.engine.backend
        report_dir.mkdir(parents=True, exist_ok=True)
        pred_file = report_dir / f"{dataset}__{model_name}.predictions.jsonl"
        with pred_file.open("w", encoding="utf-8") as fh:
            for ex in examples:
                t0 = time.perf_counter()
                result = extractor.extract(ex.text, ex.published, ex.id)
                seconds[ex.id] = round(time.perf_counter() - t0, 1)
                preds[ex.id] = result.model_dump(mode="json")
                fh.write(json.dumps(preds[ex.id], ensure_ascii=False) + "\n")
                fh.flush()  # progress is visible, and kept if the run is stopped
    scores = []
    for ex in examples:
        pred = preds.get(ex.id, {"actors": [], "agreements": [], "dates": []})
        if "error" in pred:
            pred = {"actors": [], "agreements": [], "dates": []}
        scores.append(score_article(pred, ex.gold, ex.text))
    report = {
        "dataset": dataset, "model": model_name, "backend": backend, "commit": _commit(),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "articles": len(examples),
        "seconds_per_article": round(sum(seconds.values()) / len(seconds), 1) if seconds else None,
        "peak_rss_mb": _peak_rss_mb() if seconds else None,
        "total": summarize(scores),
        "per_article": {s.id: {**summarize([s]), "seconds": seconds.get(s.id)} for s in scores},
    }
    md_path, json_path = write_report(report, report_dir)
    return md_path, json_path, eval_page.write(md_path.with_suffix(".html"), report, examples, preds)


def write_report(report: dict, report_dir: Path) -> tuple[Path, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{report['dataset']}__{report['model']}"
    json_path = report_dir / f"{stem}.json"
    md_path = report_dir / f"{stem}.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return md_path, json_path


def _row(name: str, s: dict, extra: str = "") -> str:
    cells = [f"{s[f]['precision']:.2f} / {s[f]['recall']:.2f} / **{s[f]['f1']:.2f}**" for f in FIELDS]
    return f"| {name} | " + " | ".join(cells) + f" | {s['ungrounded']} |{extra}"


def render_markdown(r: dict) -> str:
    lines = [
        f"# Evaluation: {r['dataset']} with {r['model']}", "",
        f"- backend: `{r['backend']}`, commit `{r['commit']}`, {r['date']}",
        f"- articles: {r['articles']}, seconds per article: {r['seconds_per_article']}, "
        f"peak RSS: {r['peak_rss_mb']} MB", "",
        "P / R / **F1** per field; optional gold items are neutral.", "",
        "| article | actors | agreements | dates | ungrounded | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for aid, s in r["per_article"].items():
        lines.append(_row(aid, s, f" {s['seconds']} |"))
    lines.append(_row("**total**", r["total"], " |"))
    lines += ["", "Accuracy on matched pairs:", "", "| " + " | ".join(ACCURACIES) + " |",
              "|" + "---|" * len(ACCURACIES),
              "| " + " | ".join("n/a" if r["total"]["accuracy"][a] is None else f"{r['total']['accuracy'][a]:.2f}"
                                for a in ACCURACIES) + " |", ""]
    return "\n".join(lines)


def compare_reports(old_path: Path, new_path: Path) -> str:
    old = json.loads(Path(old_path).read_text(encoding="utf-8"))
    new = json.loads(Path(new_path).read_text(encoding="utf-8"))
    lines = [f"{old['model']} ({old['commit']}) -> {new['model']} ({new['commit']}) on {new['dataset']}"]
    for f in FIELDS:
        a, b = old["total"][f]["f1"], new["total"][f]["f1"]
        verdict = "improved" if b > a else "regressed" if b < a else "same"
        lines.append(f"  {f:<11} F1 {a:.3f} -> {b:.3f}  {verdict}")
    for acc in ACCURACIES:
        a, b = old["total"]["accuracy"].get(acc), new["total"]["accuracy"].get(acc)
        lines.append(f"  {acc:<18} {a} -> {b}")
    for aid in new["per_article"]:
        if aid in old["per_article"]:
            deltas = [f"{f} {new['per_article'][aid][f]['f1'] - old['per_article'][aid][f]['f1']:+.2f}"
                      for f in FIELDS]
            lines.append(f"  {aid}: " + ", ".join(deltas))
    return "\n".join(lines)
