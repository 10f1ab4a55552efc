"""The static review pages opened from disk in a real headless Chromium: the batch report
(`extractor batch` then `extractor review`, hostile ids and articles included) and the
evaluation view (`extractor eval --predictions`)."""

import json
import subprocess

from extractor.review.report import page_name

from .browser import artifact, check_actor_click, check_agreement_click, check_marks, covering, marks
from .conftest import ROOT, cli_env, extractor_cmd

HOSTILE_ID = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TEXT = "<script>window.__pwned=1</script> وقعت تركيا وروسيا اتفاقاً لوقف إطلاق النار في 5 نوفمبر 2020."
CRAFTED_TEXT = "وقعت تركيا وروسيا اتفاقاً لوقف إطلاق النار في 5 نوفمبر 2020. وقالت تركيا إن الاتفاق صامد."


def crafted_line() -> dict:
    """A known extraction with an agreement (the tiny model's agreements are random)."""
    t = CRAFTED_TEXT

    def span(s, start=0):
        i = t.index(s, start)
        return {"text": s, "start": i, "end": i + len(s)}

    sentence = t.split(".")[0]
    return {
        "id": "crafted",
        "published": None,
        "actors": [
            {
                "id": "A1",
                "name": "تركيا",
                "type": "state",
                "title": None,
                "mentions": [span("تركيا"), span("تركيا", 20)],
            },
            {"id": "A2", "name": "روسيا", "type": "state", "title": None, "mentions": [span("روسيا")]},
        ],
        "agreements": [
            {
                "id": "G1",
                "kind": "ceasefire",
                "parties": ["A1", "A2"],
                "mediators": [],
                "status": "reached",
                "date": "D1",
                "evidence": span(sentence),
            }
        ],
        "dates": [{**span("5 نوفمبر 2020"), "id": "D1", "value": "2020-11-05", "event": None}],
        "meta": {"model": "hand-written", "backend": "none"},
    }


def run(*args):
    proc = subprocess.run(extractor_cmd(*args), cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=300)
    return proc


def test_static_batch_report(tiny_model_dir, seed_texts, tmp_path, page):
    full = seed_texts["004_5ee60e97d12984bc"]
    seed = full[: full.index("\n\n", full.index("أردوغان"))]  # its first paragraphs: a short model run
    records = [
        {"id": "seed-004", "text": seed, "published": "2019-12-27"},
        {"id": HOSTILE_ID, "text": HOSTILE_TEXT},
        {"id": "../x", "text": CRAFTED_TEXT},
        {"id": "/etc/y", "text": "English only"},
        {"id": "crafted", "text": CRAFTED_TEXT},
        {"id": "no-text"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"  # "crafted" is already there, so the batch skips it
    out.write_text(json.dumps(crafted_line(), ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run("batch", str(src), "--out", str(out), "--model", str(tiny_model_dir))
    assert proc.returncode == 3 and "1 already done" in proc.stderr, proc.stderr  # "/etc/y" and "no-text" fail
    batch = {json.loads(x)["id"]: json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()}

    html_dir = tmp_path / "review" / "html"
    before = set(tmp_path.rglob("*"))
    proc = run("review", str(out), "--articles", str(src), "--html", str(html_dir))
    assert proc.returncode == 0, proc.stderr
    created = set(tmp_path.rglob("*")) - before
    assert all(p == html_dir.parent or p.is_relative_to(html_dir) for p in created), created
    assert sorted(p.name for p in html_dir.iterdir()) == sorted(["index.html", *(page_name(r["id"]) for r in records)])

    page.goto(html_dir.joinpath("index.html").as_uri())
    rows = page.locator("table.index tbody tr")
    assert rows.count() == len(records)
    assert page.locator("table.index tbody tr[data-status=error]").count() == 2
    # sortable: the actors column, ascending then descending
    page.click("table.index th:nth-child(3) button")
    col = [int(x) for x in page.locator("table.index tbody td:nth-child(3)").all_text_contents()]
    assert col == sorted(col)
    page.click("table.index th:nth-child(3) button")
    col = [int(x) for x in page.locator("table.index tbody td:nth-child(3)").all_text_contents()]
    assert col == sorted(col, reverse=True) and col[0] > 0
    assert page.get_by_text(HOSTILE_ID, exact=True).is_visible()
    page.screenshot(path=artifact("batch-report-index.png"), full_page=True)

    page.get_by_text("seed-004", exact=True).click()  # the link from the index
    page.wait_for_selector("#results article.article")
    assert page.text_content("#results article.article") == seed
    check_marks(seed, batch["seed-004"], marks(page, "#results"))
    check_actor_click(page, "#results", batch["seed-004"])
    page.screenshot(path=artifact("batch-report-article.png"), full_page=True)

    page.goto(html_dir.joinpath(page_name("crafted")).as_uri())
    check_marks(CRAFTED_TEXT, batch["crafted"], marks(page, "#results"))
    check_actor_click(page, "#results", batch["crafted"])
    check_agreement_click(page, "#results", batch["crafted"])
    assert page.locator("#results table.agreements td").all_text_contents()[2:5] == [
        "تركيا، روسيا",
        "",
        "5 نوفمبر 2020 (2020-11-05)",
    ]

    page.goto(html_dir.joinpath(page_name(HOSTILE_ID)).as_uri())
    assert page.text_content("#article-id") == HOSTILE_ID
    assert page.text_content("#results article.article") == HOSTILE_TEXT
    assert page.evaluate("window.__pwned") is None and page.evaluate("document.images.length") == 0
    page.goto(html_dir.joinpath(page_name("/etc/y")).as_uri())
    assert page.is_visible("#problem") and "bad_input" in page.text_content("#problem")
    assert page.evaluate("window.__pwned") is None
    prefix = html_dir.as_uri() + "/"
    assert all(u.startswith(prefix) for u in page.requests), page.requests


def test_evaluation_view(tmp_path, page):
    preds = ROOT / "evals" / "reports" / "seeds__qwen2.5-coder-0.5b.predictions.jsonl"
    proc = run("eval", "--predictions", str(preds), "--report-dir", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    html_path = next(tmp_path.glob("*.html"))
    page.goto(html_path.as_uri())
    assert page.evaluate("window.__pwned") is None
    total = report["total"]
    # the page's verdicts are the scorer's counts
    fn = sum(total[f]["fn"] for f in ("actors", "agreements", "dates"))
    fp = sum(total[f]["fp"] for f in ("actors", "agreements", "dates"))
    assert page.locator("table.items td.v-missed").count() == fn > 0
    assert page.locator("table.items td.v-extra").count() == fp > 0
    predictions = {json.loads(x)["id"]: json.loads(x) for x in preds.read_text(encoding="utf-8").splitlines()}
    sections = page.locator("section.eval-article")
    assert sections.count() == report["articles"]
    for i, (aid, pred) in enumerate(predictions.items()):
        text = (ROOT / "seeds" / f"{aid}.txt").read_text(encoding="utf-8")
        assert page.text_content(f"#article-{i} .text-gold") == text == page.text_content(f"#article-{i} .text-pred")
        shown = marks(page, f"#article-{i} .text-pred")
        for m in shown:
            assert text[m["start"] : m["end"]] == m["text"]
        for m in marks(page, f"#article-{i} .text-gold"):
            assert text[m["start"] : m["end"]] == m["text"]
        for a in pred["actors"]:
            for m in a["mentions"]:
                assert "".join(x["text"] for x in covering(shown, m["start"], m["end"])) == m["text"]
    assert (
        page.locator(".text-gold mark.ev-missed").count() > 0 and page.locator(".text-pred mark.ev-extra").count() > 0
    )
    page.screenshot(path=artifact("evaluation-view.png"), clip={"x": 0, "y": 0, "width": 1400, "height": 1800})
    assert all(u.startswith(tmp_path.as_uri()) for u in page.requests), page.requests
