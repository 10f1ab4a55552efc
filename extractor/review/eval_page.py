"""The evaluation view: per article, gold and predicted marked side by side on the text.

Uses the scorer's own matching (``scoring.align``), so what the page calls missed, wrong or extra
is exactly what the scores counted. The gold has no offsets: its verbatim strings are found in
the text (names and aliases at word starts, an optional one-letter clitic before them).
"""

from __future__ import annotations

import html
from pathlib import Path

from ..eval.scoring import FIELDS, align
from ..text.arabic import fold
from .assets import page

VERDICTS = {
    "ok": "right",
    "wrong": "matched, a field wrong",
    "missed": "missed",
    "extra": "extra",
    "optional": "optional gold item (neutral)",
}
CLITIC_LETTERS = set("وفبلك")


def _at_word_start(text: str, i: int) -> bool:
    """At a word's start, or after up to two one-letter clitics («وب»)."""
    for j in range(i - 1, i - 4, -1):
        if j < 0 or not text[j].isalpha():
            return True
        if j == i - 3 or text[j] not in CLITIC_LETTERS:
            return False
    return True


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` stands in `text` as a word or words (not inside a longer word)."""
    out, i = [], text.find(needle) if needle else -1
    while i >= 0:
        end = i + len(needle)
        if _at_word_start(text, i) and (end == len(text) or not text[end].isalpha()):
            out.append((i, end))
        i = text.find(needle, i + 1)
    return out


def _find_forms(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """Occurrences of any form, longest forms first, a shorter form never inside a longer one found."""
    taken: list[tuple[int, int]] = []
    for form in sorted({f for f in forms if f}, key=len, reverse=True):
        for s, e in find_all(text, form):
            if not any(s < te and ts < e for ts, te in taken):
                taken.append((s, e))
    return sorted(taken)


def _span(start: int, end: int, verdict: str, label: str, key: str) -> dict:
    return {"start": start, "end": end, "cls": [f"ev-{verdict}"], "label": f"{label} — {VERDICTS[verdict]}", "key": key}


def _gold_verdict(gold_item: dict, matched: bool, wrong: list[str]) -> str:
    if not gold_item.get("required", True):
        return "optional"
    if not matched:
        return "missed"
    return "wrong" if wrong else "ok"


def compare_article(text: str, gold: dict, pred: dict) -> dict:
    """Rows (field, gold, predicted, verdict, note) and the marks for both sides of one article."""
    al = align(pred, gold)
    rows: list[dict] = []
    gold_spans: list[dict] = []
    pred_spans: list[dict] = []

    def add(field: str, g_label: str | None, p_label: str | None, verdict: str, wrong: list[str]) -> None:
        rows.append(
            {
                "field": field,
                "gold": g_label or "—",
                "pred": p_label or "—",
                "verdict": verdict,
                "note": "; ".join(wrong),
            }
        )

    # actors
    p_actors, g_actors = pred.get("actors", []), gold["actors"]
    pred_of_gold = {g: p for p, g in al.actors}
    gold_of_pred = {p: g for p, g in al.actors}
    pred_verdict: dict[int, str] = {}
    for gi, ga in enumerate(g_actors):
        pa = p_actors[pred_of_gold[gi]] if gi in pred_of_gold else None
        wrong = [f"type {ga['type']} ≠ {pa['type']}"] if pa and pa["type"] != ga["type"] else []
        verdict = _gold_verdict(ga, pa is not None, wrong)
        if pa is not None:
            pred_verdict[pred_of_gold[gi]] = verdict
        g_label = f"{ga['name']} ({ga['type']})"
        add("actor", g_label, pa and f"{pa['name']} ({pa['type']})", verdict, wrong)
        for s, e in _find_forms(text, [ga["name"], *ga.get("aliases", [])]):
            gold_spans.append(_span(s, e, verdict, f"gold actor {g_label}", f"ga{gi}"))
    for pi, pa in enumerate(p_actors):
        if pi not in gold_of_pred:
            pred_verdict[pi] = "extra"
            add("actor", None, f"{pa['name']} ({pa['type']})", "extra", [])
        for m in pa.get("mentions", []):
            pred_spans.append(_span(m["start"], m["end"], pred_verdict[pi], f"predicted actor {pa['name']}", f"pa{pi}"))

    # dates: the scorer matches one predicted date per distinct (text, value)
    g_dates, p_dates = gold["dates"], al.p_dates
    pred_of_gold = {g: p for p, g in al.dates}
    date_verdict: dict[tuple, str] = {}
    for gi, gd in enumerate(g_dates):
        pd = p_dates[pred_of_gold[gi]] if gi in pred_of_gold else None
        wrong = [f"value {gd['value']} ≠ {pd.get('value')}"] if pd and pd.get("value") != gd["value"] else []
        verdict = _gold_verdict(gd, pd is not None, wrong)
        if pd is not None:
            date_verdict[(fold(pd["text"]), pd.get("value"))] = verdict
        add("date", f"{gd['text']} = {gd['value']}", pd and f"{pd['text']} = {pd.get('value')}", verdict, wrong)
        for s, e in find_all(text, gd["text"]):
            gold_spans.append(_span(s, e, verdict, f"gold date {gd['text']} = {gd['value']}", f"gd{gi}"))
    for pd in p_dates:
        if (fold(pd["text"]), pd.get("value")) not in date_verdict:
            date_verdict[(fold(pd["text"]), pd.get("value"))] = "extra"
            add("date", None, f"{pd['text']} = {pd.get('value')}", "extra", [])
    for di, d in enumerate(pred.get("dates", [])):
        verdict = date_verdict.get((fold(d["text"]), d.get("value")), "extra")
        pred_spans.append(
            _span(d["start"], d["end"], verdict, f"predicted date {d['text']} = {d.get('value')}", f"pd{di}")
        )

    # agreements: fields compared as the scorer's accuracies compare them
    p_agr, g_agr = pred.get("agreements", []), gold["agreements"]
    dates_by_id = {d["id"]: d for d in pred.get("dates", [])}
    actor_names = {a["id"]: a["name"] for a in p_actors}
    pred_of_gold = {g: p for p, g in al.agreements}
    matched_pred = set(pred_of_gold.values())
    for gi, ga in enumerate(g_agr):
        pa = p_agr[pred_of_gold[gi]] if gi in pred_of_gold else None
        wrong: list[str] = []
        if pa is not None:
            if pa["kind"] != ga["kind"]:
                wrong.append(f"kind {ga['kind']} ≠ {pa['kind']}")
            if pa["status"] != ga["status"]:
                wrong.append(f"status {ga['status']} ≠ {pa['status']}")
            if {al.gold_of_pred_actor.get(x) for x in pa["parties"]} != set(ga["parties"]):
                wrong.append(
                    f"parties {' / '.join(ga['parties'])} ≠ {' / '.join(actor_names.get(x, x) for x in pa['parties'])}"
                )
            p_date = dates_by_id.get(pa.get("date") or "", {}).get("value") if pa.get("date") else None
            g_date = ga["date"]["value"] if ga.get("date") else None
            if p_date != g_date:
                wrong.append(f"date {g_date} ≠ {p_date}")
        verdict = _gold_verdict(ga, pa is not None, wrong)
        add(
            "agreement",
            f"{ga['kind']}, {ga['status']}: {ga['evidence']}",
            pa and f"{pa['kind']}, {pa['status']}: {pa['evidence']['text']}",
            verdict,
            wrong,
        )
        for s, e in find_all(text, ga["evidence"])[:1]:
            gold_spans.append(_span(s, e, verdict, f"gold agreement {ga['kind']}", f"gg{gi}"))
        if pa is not None:
            ev = pa["evidence"]
            pred_spans.append(
                _span(ev["start"], ev["end"], verdict, f"predicted agreement {pa['kind']}", f"pg{pred_of_gold[gi]}")
            )
    for pi, pa in enumerate(p_agr):
        if pi not in matched_pred:
            add("agreement", None, f"{pa['kind']}, {pa['status']}: {pa['evidence']['text']}", "extra", [])
            ev = pa["evidence"]
            pred_spans.append(_span(ev["start"], ev["end"], "extra", f"predicted agreement {pa['kind']}", f"pg{pi}"))
    return {"rows": rows, "gold_spans": gold_spans, "pred_spans": pred_spans}


def _prf(s: dict) -> str:
    return f"{s['precision']:.2f} / {s['recall']:.2f} / <b>{s['f1']:.2f}</b>"


def render(report: dict, examples: list, preds: dict[str, dict]) -> str:
    """The HTML page of one evaluation run (report as written by evaluation.run)."""
    e = html.escape
    legend = "".join(f'<span><span class="swatch ev-{v}"></span>{e(name)}</span>' for v, name in VERDICTS.items())
    out = [
        f"<header><h1>Evaluation: {e(report['dataset'])} with {e(str(report['model']))}</h1>",
        f"<p class=\"sub\">backend {e(str(report['backend']))}, commit {e(str(report['commit']))}, "
        f"{e(str(report['date']))}, {report['articles']} articles. Precision / recall / <b>F1</b>; "
        "gold on the right, predicted on the left; hover a mark for what it is.</p>",
        f'<div class="legend">{legend}</div></header>',
        '<table class="summary"><thead><tr><th>article</th>'
        + "".join(f"<th>{f}</th>" for f in FIELDS)
        + "<th>ungrounded</th></tr></thead><tbody>",
    ]
    for i, ex in enumerate(examples):
        s = report["per_article"].get(ex.id)
        if s:
            out.append(
                f'<tr><td><a href="#article-{i}">{e(ex.id)}</a></td>'
                + "".join(f"<td>{_prf(s[f])}</td>" for f in FIELDS)
                + f"<td>{s['ungrounded']}</td></tr>"
            )
    t = report["total"]
    out.append(
        "<tr><th>total</th>"
        + "".join(f"<th>{_prf(t[f])}</th>" for f in FIELDS)
        + f"<th>{t['ungrounded']}</th></tr></tbody></table>"
    )
    data = []
    for i, ex in enumerate(examples):
        pred = preds.get(ex.id)
        note = ""
        if pred is None:
            note, pred = "no prediction for this article", {}
        elif "error" in pred:
            note, pred = f"prediction failed: {pred['error']}", {}
        cmp = compare_article(ex.text, ex.gold, pred)
        data.append({"index": i, "text": ex.text, "gold_spans": cmp["gold_spans"], "pred_spans": cmp["pred_spans"]})
        s = report["per_article"].get(ex.id)
        scores = " · ".join(f"{f} {_prf(s[f])}" for f in FIELDS) if s else ""
        out += [
            f'<section class="eval-article" id="article-{i}">',
            f"<h2><bdi>{e(ex.id)}</bdi></h2><p class=\"sub\">{scores}</p>",
            f'<div class="error-box">{e(note)}</div>' if note else "",
            '<div class="eval-pair" dir="rtl">',
            '<div><h3>gold</h3><div class="article text-gold" dir="rtl" lang="ar"></div></div>',
            '<div><h3>predicted</h3><div class="article text-pred" dir="rtl" lang="ar"></div></div>',
            "</div>",
            '<table class="items"><thead><tr><th>field</th><th>gold</th><th>predicted</th><th>verdict</th>'
            "<th>why</th></tr></thead><tbody>",
        ]
        for r in cmp["rows"]:
            out.append(
                f'<tr class="row-{r["verdict"]}"><td>{r["field"]}</td><td dir="auto">{e(r["gold"])}</td>'
                f'<td dir="auto">{e(r["pred"])}</td><td class="v-{r["verdict"]}">{VERDICTS[r["verdict"]]}</td>'
                f'<td dir="auto">{e(r["note"])}</td></tr>'
            )
        out.append("</tbody></table></section>")
    return page(
        f"Evaluation: {report['dataset']} with {report['model']}",
        "\n".join(out),
        scripts=("review.js", "evalview.js"),
        data={"articles": data},
        lang="en",
        direction="ltr",
    )


def write(path: Path, report: dict, examples: list, preds: dict[str, dict]) -> Path:
    path.write_text(render(report, examples, preds), encoding="utf-8")
    return path
