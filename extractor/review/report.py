"""Static review report of a batch run: one self-contained HTML page per article and an index.

Reads the batch output (``extractor batch ... --out OUT.jsonl``) and the same input it was run on,
so the pages show each extraction on its article without a server.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..batch import read_input
from ..contract import ArticleExtraction, grounding_errors
from .assets import page

STATUS_LABELS = {
    "ok": "سليم",
    "error": "خطأ في الاستخراج",
    "invalid": "سطر غير صالح",
    "no_text": "النص غير موجود في المدخلات",
    "not_processed": "لم يُعالَج",
}


def page_name(article_id: str) -> str:
    """A file name for an article id that stays inside the report folder whatever the id holds.

    Only ASCII letters, digits, '_' and '-' survive (no '/', '\\', '.' or ':'); a hash of the
    whole id keeps two ids that look alike apart and keeps the name from ever being ``index``.
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", article_id).strip("-_")[:48] or "article"
    return f"{slug}-{hashlib.sha256(article_id.encode('utf-8')).hexdigest()[:10]}.html"


@dataclass
class Row:
    id: str
    status: str
    page: str | None = None
    actors: int = 0
    agreements: int = 0
    dates: int = 0
    chars: int | None = None
    misplaced: int = 0
    message: str = ""


@dataclass
class Summary:
    index: Path
    rows: list[Row] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)


def _read_output(out: Path) -> tuple[list[tuple[str, dict]], list[str]]:
    """(id, line) in file order, the last line of an id winning; and messages for unreadable lines."""
    by_id: dict[str, dict] = {}
    bad: list[str] = []
    with out.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except ValueError as exc:
                bad.append(f"{out.name} line {n}: not JSON ({exc})")
                continue
            if not isinstance(obj, dict) or obj.get("id") is None:
                bad.append(f"{out.name} line {n}: not an object with an id")
                continue
            by_id.pop(str(obj["id"]), None)
            by_id[str(obj["id"])] = obj
    return list(by_id.items()), bad


def _article_page(row: Row, text: str | None, extraction: dict | None, problem: str) -> str:
    body = (
        '<header><p><a href="index.html">→ الفهرس</a></p>'
        f'<h1>المقال <bdi id="article-id">{html.escape(row.id)}</bdi></h1>'
        f'<p class="sub status-{row.status}">{html.escape(STATUS_LABELS[row.status])}</p></header>'
        '<div id="problem" class="error-box" role="alert" hidden></div>'
        '<section id="results"></section>'
    )
    data = {"id": row.id, "text": text, "extraction": extraction, "problem": problem or None}
    return page(f"مراجعة: {row.id}", body, scripts=("review.js", "report.js"), data=data)


def _index_page(summary: Summary, source: str) -> str:
    rows = summary.rows
    n = len(rows)
    counts = " · ".join(f"{STATUS_LABELS[s]}: {summary.count(s)}" for s in STATUS_LABELS if summary.count(s))
    totals = (
        f"الفاعلون {sum(r.actors for r in rows)} · الاتفاقات {sum(r.agreements for r in rows)} · "
        f"التواريخ {sum(r.dates for r in rows)}"
    )
    heads = [
        ("المعرّف", "text"),
        ("الحالة", "text"),
        ("الفاعلون", "number"),
        ("الاتفاقات", "number"),
        ("التواريخ", "number"),
        ("الأحرف", "number"),
        ("مقاطع لا تطابق النص", "number"),
        ("الرسالة", "text"),
    ]
    out = [
        "<header><h1>تقرير مراجعة الدفعة</h1>",
        f"<p class=\"sub\">المصدر: <bdi>{html.escape(source)}</bdi> · المقالات: {n} · {html.escape(counts)}</p>",
        f"<p class=\"sub\">{totals}</p></header>",
    ]
    if summary.bad_lines:
        out.append('<div class="warning-box"><p>أسطر لم تُقرأ:</p><ul>')
        out += [f"<li><bdi>{html.escape(m)}</bdi></li>" for m in summary.bad_lines]
        out.append("</ul></div>")
    out.append('<table class="index"><thead><tr>')
    out += [f'<th data-type="{t}"><button type="button">{html.escape(h)}</button></th>' for h, t in heads]
    out.append("</tr></thead><tbody>")
    for r in rows:
        link = f'<a href="{html.escape(r.page)}">{html.escape(r.id)}</a>' if r.page else html.escape(r.id)
        cells = [
            f'<td class="id" data-sort="{html.escape(r.id)}">{link}</td>',
            f'<td class="status-{r.status}" data-sort="{r.status}">{html.escape(STATUS_LABELS[r.status])}</td>',
            f"<td>{r.actors}</td>",
            f"<td>{r.agreements}</td>",
            f"<td>{r.dates}</td>",
            f'<td data-sort="{-1 if r.chars is None else r.chars}">{"—" if r.chars is None else r.chars}</td>',
            f"<td>{r.misplaced}</td>",
            f"<td><bdi>{html.escape(r.message)}</bdi></td>",
        ]
        out.append(f'<tr data-status="{r.status}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return page("تقرير مراجعة الدفعة", "\n".join(out), scripts=("table.js",))


def _write(folder: Path, name: str, content: str) -> None:
    path = folder / name
    if path.resolve().parent != folder.resolve():  # page_name() makes this impossible; belt and braces
        raise ValueError(f"refusing to write outside {folder}: {name!r}")
    path.write_text(content, encoding="utf-8")


def build_report(out: Path, articles: str, html_dir: Path) -> Summary:
    """Write the pages and index.html into `html_dir`; returns what was written."""
    if not out.is_file():
        raise FileNotFoundError(f"batch output not found: {out}")
    texts: dict[str, str | None] = {}
    for rec in read_input(articles):
        texts.setdefault(rec.id, rec.text)  # the batch keeps the first record of an id
    lines, bad = _read_output(out)
    html_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary(html_dir / "index.html", bad_lines=bad)
    for rid, line in lines:
        text = texts.get(rid)
        row = Row(rid, "ok", page_name(rid), chars=None if text is None else len(text))
        extraction, problem = None, ""
        if "error" in line:
            err = line["error"] if isinstance(line["error"], dict) else {"message": str(line["error"])}
            row.status, problem = "error", f"{err.get('type', 'error')}: {err.get('message', '')}"
        else:
            try:
                result = ArticleExtraction.model_validate(line)
            except ValidationError as exc:
                row.status, problem = (
                    "invalid",
                    f"not an extraction: {exc.error_count()} errors, first: "
                    f"{exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}",
                )
            else:
                extraction = result.model_dump(mode="json")
                row.actors, row.agreements, row.dates = len(result.actors), len(result.agreements), len(result.dates)
                if text is None:
                    row.status, problem = "no_text", f"no article with this id in {articles}"
                else:
                    errors = grounding_errors(result, text)
                    row.misplaced = len(errors)
                    if errors:
                        problem = (
                            f"{len(errors)} items do not match the article at their offsets "
                            f"(was the input changed after the batch?): " + "; ".join(errors[:3])
                        )
        row.message = problem
        _write(html_dir, row.page, _article_page(row, text, extraction, problem))
        summary.rows.append(row)
    done = {r.id for r in summary.rows}
    for rid, text in texts.items():
        if rid not in done:
            summary.rows.append(
                Row(
                    rid,
                    "not_processed",
                    chars=None if text is None else len(text),
                    message="in the input, not in the batch output",
                )
            )
    _write(html_dir, "index.html", _index_page(summary, str(out)))
    return summary
