"""Evaluation runner: extract the labeled articles (or read a JSONL), score, write reports.

Reports go to the git-ignored ``evals/runs/`` unless asked otherwise: reports of record
(``evals/reports/``) are written only on purpose (``--record``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..config import EVALS_DIR, PROJECT_ROOT, SEEDS_DIR
from ..review import eval_page
from .scoring import ACCURACIES, FIELDS, LINKS, score_article, summarize

RUNS_DIR = EVALS_DIR / "runs"  # git-ignored: everyday runs
RECORD_DIR = EVALS_DIR / "reports"  # tracked: reports of record
# devset articles are split by the letter of their id: tune on d, check that it generalises on e
SPLITS = {"d": "tuning", "e": "check"}
EMPTY = {"actors": [], "agreements": [], "dates": []}


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    gold: dict

    @property
    def published(self) -> dt.date | None:
        p = self.gold.get("published")
        return dt.date.fromisoformat(p) if p else None


def split_of(example_id: str) -> str | None:
    """The split an article belongs to (the letter its id starts with), None outside the devset's."""
    return example_id[0] if example_id[:1] in SPLITS and example_id[1:].isdigit() else None


def load_dataset(name: str, split: str | None = None) -> list[Example]:
    if name == "seeds":
        pairs = [(p, EVALS_DIR / "gold" / f"{p.stem}.json") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    elif name == "devset":
        root = EVALS_DIR / "devset"
        pairs = [(p, root / "gold" / f"{p.stem}.json") for p in sorted((root / "articles").glob("*.txt"))]
    else:
        raise ValueError(f"unknown dataset {name!r} (seeds or devset)")
    if split is not None:
        if split not in SPLITS or name != "devset":
            raise ValueError(
                f"unknown split {split!r}: the devset has " + ", ".join(f"{k} ({v})" for k, v in SPLITS.items())
            )
        pairs = [(t, g) for t, g in pairs if split_of(t.stem) == split]
    out = []
    for text_path, gold_path in pairs:
        if not gold_path.is_file():
            raise FileNotFoundError(f"no gold for {text_path.name}: {gold_path}")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        gold["id"] = text_path.stem
        out.append(Example(text_path.stem, text_path.read_text(encoding="utf-8"), gold))
    return out


def read_predictions(path: Path) -> dict[str, dict]:
    """Predictions JSONL by id (what ``extractor batch`` or an eval run writes); a bad line is an error."""
    if not path.is_file():
        raise FileNotFoundError(f"predictions file not found: {path}")
    preds: dict[str, dict] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or "id" not in obj:
            raise ValueError(f"{path}:{n}: a prediction is a JSON object with an id")
        preds[str(obj["id"])] = obj
    return preds


def plain_name(text: str) -> str:
    """A file-name-safe form of a model name («Qwen/Qwen2.5-7B» → «Qwen_Qwen2.5-7B»)."""
    return re.sub(r"[^\w.+-]+", "_", text).strip("_") or "model"


def _predictions_model(preds: dict[str, dict], path: Path, dataset: str) -> str:
    """The model the predictions came from (their meta), else the file's own name, stripped."""
    models = {str((p.get("meta") or {}).get("model")) for p in preds.values() if "error" not in p}
    if len(models) == 1 and models != {"None"}:
        return models.pop()
    stem = path.name.removesuffix(".jsonl").removesuffix(".predictions")
    return stem.removeprefix(f"{dataset}__")


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return (out.stdout.strip() or "unknown") + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(
    dataset: str,
    model: str | None,
    predictions: Path | None,
    limit: int | None,
    report_dir: Path,
    build,
    split: str | None = None,
) -> tuple[Path, Path, Path]:
    examples = load_dataset(dataset, split)
    examples = examples[:limit] if limit else examples
    name = f"{dataset}-{split}" if split else dataset
    preds: dict[str, dict] = {}
    seconds: dict[str, float] = {}
    timing = "measured"
    if predictions is not None:
        preds = read_predictions(predictions)
        model_name = _predictions_model(preds, predictions, dataset)
        backends = {(p.get("meta") or {}).get("backend") for p in preds.values() if "error" not in p}
        backend = backends.pop() if len(backends) == 1 and None not in backends else "n/a"
        for ex in examples:  # the time each extraction took, when the file kept it
            secs = (preds.get(ex.id, {}).get("meta") or {}).get("seconds")
            if isinstance(secs, (int, float)):
                seconds[ex.id] = round(float(secs), 1)
        timing = "from the predictions' meta"
    else:
        extractor = build(model)
        model_name, backend = extractor.engine.model_name, extractor.engine.backend
        report_dir.mkdir(parents=True, exist_ok=True)
        pred_file = report_dir / f"{name}__{plain_name(model_name)}.predictions.jsonl"
        with pred_file.open("w", encoding="utf-8") as fh:
            for ex in examples:
                t0 = time.perf_counter()
                result = extractor.extract(ex.text, ex.published, ex.id)
                seconds[ex.id] = round(time.perf_counter() - t0, 1)
                preds[ex.id] = result.model_dump(mode="json")
                fh.write(json.dumps(preds[ex.id], ensure_ascii=False) + "\n")
                fh.flush()  # progress is visible, and kept if the run is stopped
        if hasattr(extractor.engine, "hits"):  # eval --cache: answers remembered, not timed
            timing = (
                f"answers from the cache for {extractor.engine.hits} of "
                f"{extractor.engine.hits + extractor.engine.misses} questions: not a speed measurement"
            )
    scores = []
    for ex in examples:
        pred = preds.get(ex.id, EMPTY)
        scores.append(score_article(EMPTY if "error" in pred else pred, ex.gold, ex.text))
    splits: dict[str, list] = {}
    for s in scores:
        if split_of(s.id):
            splits.setdefault(split_of(s.id), []).append(s)
    report = {
        "dataset": dataset,
        "split": split,
        "model": model_name,
        "backend": backend,
        "commit": git_commit(),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "predictions": predictions.name if predictions is not None else None,
        "articles": len(examples),
        # articles the predictions file has no line for, scored as empty
        "missing_predictions": [ex.id for ex in examples if ex.id not in preds],
        "seconds_per_article": round(sum(seconds.values()) / len(seconds), 1) if seconds else None,
        "timing": timing if seconds else None,
        "peak_rss_mb": _peak_rss_mb() if predictions is None and seconds else None,
        "total": summarize(scores),
        "splits": {k: {"label": SPLITS[k], "articles": len(v), **summarize(v)} for k, v in sorted(splits.items())},
        "per_article": {s.id: {**summarize([s]), "seconds": seconds.get(s.id)} for s in scores},
    }
    md_path, json_path = write_report(report, report_dir, f"{name}__{plain_name(model_name)}")
    return md_path, json_path, eval_page.write(md_path.with_suffix(".html"), report, examples, preds)


def write_report(report: dict, report_dir: Path, stem: str) -> tuple[Path, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    json_path = report_dir / f"{stem}.json"
    md_path = report_dir / f"{stem}.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return md_path, json_path


def _na(value, fmt: str = "{:.2f}") -> str:
    return "n/a" if value is None else fmt.format(value)


def _prf(c: dict) -> str:
    return f"{c['precision']:.2f} / {c['recall']:.2f} / **{c['f1']:.2f}**"


def _whole(s: dict) -> str:
    w = s.get("whole_record") or {}
    if not w.get("total"):
        return "n/a"
    return f"{w['right']} of {w['total']} ({w['recall']:.2f})"


SUMMARY_HEAD = (
    "| {first} | articles | actors | agreements | dates | whole records | party links | mediator links "
    "| kind | status | agreement date | ungrounded |"
)


def _summary_row(name: str, n: int, s: dict) -> str:
    acc = s["accuracy"]
    cells = [
        name,
        str(n),
        *(_prf(s[f]) for f in FIELDS),
        _whole(s),
        *(_prf(s[f]) for f in LINKS),
        *(_na(acc[a]) for a in ("agreement_kind", "agreement_status", "agreement_date")),
        str(s["ungrounded"]),
    ]
    return "| " + " | ".join(cells) + " |"


def render_markdown(r: dict) -> str:
    where = f"`{r['dataset']}`" + (f" split `{r['split']}` ({SPLITS[r['split']]})" if r.get("split") else "")
    lines = [
        f"# Evaluation: {r['dataset']}{'-' + r['split'] if r.get('split') else ''} with {r['model']}",
        "",
        f"- data {where}, backend `{r['backend']}`, commit `{r['commit']}`, {r['date']}",
    ]
    if r.get("predictions"):
        lines.append(f"- scored from the predictions file `{r['predictions']}` (no model run)")
    timing = f" ({r['timing']})" if r.get("timing") and r.get("timing") != "measured" else ""
    lines.append(
        f"- articles: {r['articles']}, seconds per article: {_na(r['seconds_per_article'], '{}')}{timing}, "
        f"peak RSS: {_na(r['peak_rss_mb'], '{} MB')}"
    )
    if r.get("missing_predictions"):
        lines.append(f"- **no prediction** (scored as empty): {', '.join(r['missing_predictions'])}")
    lines += [
        "",
        "P / R / **F1**; optional gold items are neutral. Whole records: required gold agreements "
        "found with kind, status and parties all right. Kind, status and agreement date: accuracy on "
        "the matched agreements.",
        "",
        SUMMARY_HEAD.format(first="split"),
        "|" + "---|" * 12,
    ]
    for key, s in r.get("splits", {}).items():
        lines.append(_summary_row(f"{key} ({s['label']})", s["articles"], s))
    lines.append(_summary_row("**total**", r["articles"], r["total"]))
    lines += [
        "",
        "| article | actors | agreements | dates | whole records | party links | mediator links "
        "| ungrounded | seconds |",
        "|" + "---|" * 9,
    ]
    for aid, s in r["per_article"].items():
        cells = [
            aid,
            *(_prf(s[f]) for f in FIELDS),
            _whole(s),
            *(_prf(s[f]) for f in LINKS),
            str(s["ungrounded"]),
            _na(s["seconds"], "{}"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    total = r["total"]
    lines += [
        "",
        "Accuracy on matched pairs:",
        "",
        "| " + " | ".join(ACCURACIES) + " |",
        "|" + "---|" * len(ACCURACIES),
        "| " + " | ".join(_na(total["accuracy"][a]) for a in ACCURACIES) + " |",
        "",
        "Actors by type (a match counts under its gold type, an extra prediction under its own):",
        "",
        "| type | precision | recall | F1 | tp | fp | fn |",
        "|" + "---|" * 7,
    ]
    for kind, c in total.get("actors_by_type", {}).items():
        lines.append(
            f"| {kind} | {c['precision']:.2f} | {c['recall']:.2f} | {c['f1']:.2f} | {c['tp']} | {c['fp']} | {c['fn']} |"
        )
    return "\n".join(lines) + "\n"


def _headline(s: dict) -> dict:
    """The numbers compared between two reports (older reports lack the record-level ones)."""
    out = {f"{f} F1": s[f]["f1"] for f in FIELDS}
    if "whole_record" in s:
        out["whole records"] = s["whole_record"]["recall"]
    out |= {f"{f} F1": s[f]["f1"] for f in LINKS if f in s}
    out |= {a: s["accuracy"].get(a) for a in ACCURACIES}
    return out


def compare_reports(old_path: Path, new_path: Path) -> str:
    old = json.loads(Path(old_path).read_text(encoding="utf-8"))
    new = json.loads(Path(new_path).read_text(encoding="utf-8"))
    lines = [f"{old['model']} ({old['commit']}) -> {new['model']} ({new['commit']}) on {new['dataset']}"]
    groups = [("total", old["total"], new["total"])]
    groups += [
        (f"split {k} ({v['label']})", old["splits"][k], v)
        for k, v in new.get("splits", {}).items()
        if k in old.get("splits", {})
    ]
    for title, a_sum, b_sum in groups:
        lines.append(f" {title}:")
        a_num, b_num = _headline(a_sum), _headline(b_sum)
        for key, b in b_num.items():
            a = a_num.get(key)
            if a is None or b is None:
                lines.append(f"  {key:<22} {_na(a, '{:.3f}')} -> {_na(b, '{:.3f}')}")
                continue
            verdict = "improved" if b > a else "regressed" if b < a else "same"
            lines.append(f"  {key:<22} {a:.3f} -> {b:.3f}  {verdict}")
    for aid in new["per_article"]:
        if aid in old["per_article"]:
            deltas = [f"{f} {new['per_article'][aid][f]['f1'] - old['per_article'][aid][f]['f1']:+.2f}" for f in FIELDS]
            lines.append(f"  {aid}: " + ", ".join(deltas))
    return "\n".join(lines)
