"""The review page served by `extractor serve`, driven in a real headless Chromium against the real
server (tiny model, API key set): extraction through the page, marks at the returned offsets,
clicks, error messages, hostile articles, and no request leaving the server."""

import httpx

from .browser import artifact, check_actor_click, check_agreement_click, check_marks, marks

HOSTILE = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> 🙂𝟙 '
    "وقعت تركيا وروسيا اتفاقاً لوقف إطلاق النار في 5 نوفمبر 2020 في ليبيا. "
    "وقالت تركيا إن الاتفاق صامد منذ 6 نوفمبر 2020."
)


def open_page(p, server, key="secret"):
    p.goto(server.url + "/")
    p.wait_for_selector("#key-row:not([hidden])")  # the server wants a key, so the page asks for one
    if key is not None:
        p.fill("#api-key", key)


def extract(p, text, published=None, upload=None):
    if upload is None:
        p.fill("#article", text)
    else:  # through the file picker, as an analyst loads a .txt file
        p.set_input_files("#file", str(upload))
        p.wait_for_function("t => document.getElementById('article').value === t", arg=text)
    if published:
        p.fill("#published", published)
    with p.expect_response(lambda r: r.url.endswith("/v1/extract")) as info:
        p.click("#extract")
    response = info.value
    return response.status, response.json()


def only_own_origin(p, server):
    assert p.requests and all(u.startswith(server.url + "/") for u in p.requests), p.requests


def test_page_and_its_files_are_served_with_a_strict_policy(server):
    r = httpx.get(server.url + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'dir="rtl"' in r.text and 'lang="ar"' in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "connect-src 'self'" in csp
    for name, ctype in [("review.js", "text/javascript"), ("app.js", "text/javascript"), ("review.css", "text/css")]:
        f = httpx.get(f"{server.url}/static/{name}")
        assert f.status_code == 200 and f.headers["content-type"].startswith(ctype) and f.text
    for bad in ("/static/index.html", "/static/..%2f..%2fapi%2fapp.py", "/static/../cli.py", "/static/report.js"):
        assert httpx.get(server.url + bad).status_code == 404, bad


def test_extract_seed_through_the_page(server, seed_texts, page):
    text = seed_texts["004_5ee60e97d12984bc"]
    open_page(page, server)
    status, data = extract(page, text, "2019-12-27")
    assert status == 200
    page.wait_for_selector("#results article.article")
    assert page.text_content("#results article.article") == text
    assert data["actors"] and data["dates"]
    shown = marks(page, "#results")
    check_marks(text, data, shown)
    # one colour per actor type: a mention's marks carry its type's class
    for a in data["actors"]:
        m = a["mentions"][0]
        assert any(f"t-{a['type']}" in x["cls"] for x in shown if x["start"] == m["start"])
    assert page.locator("#results ul.actors li").count() == len(data["actors"])
    assert page.locator("#results table.dates tbody tr").count() == len(data["dates"])
    isos = page.locator("#results table.dates td.iso").all_text_contents()
    assert isos == [d["value"] or "غير محدد" for d in data["dates"]]
    check_actor_click(page, "#results", data)
    check_agreement_click(page, "#results", data)
    assert page.is_hidden("#error")
    page.screenshot(path=artifact("review-page-seed.png"), full_page=True)
    only_own_origin(page, server)


def test_api_errors_are_shown_as_messages(server, page):
    open_page(page, server, key="wrong")
    status, _ = extract(page, "نص عربي قصير")
    assert status == 401
    assert "401" in page.text_content("#error") and page.is_visible("#error")
    page.fill("#api-key", "secret")
    status, body = extract(page, "only English here")
    assert status == 422
    message = page.text_content("#error")
    assert "422" in message and body["error"]["message"] in message
    status, _ = extract(page, "ن" * 13000)  # the server allows 12000 characters
    assert status == 413 and "413" in page.text_content("#error")
    assert page.is_hidden("#results")
    page.screenshot(path=artifact("review-page-error.png"))
    status, _ = extract(page, "وقعت تركيا وروسيا اتفاقاً في 5 نوفمبر 2020.")  # the page recovers
    assert status == 200 and page.is_hidden("#error") and page.is_visible("#results")
    only_own_origin(page, server)


def test_hostile_article_is_shown_as_text_and_never_runs(server, page, tmp_path):
    upload = tmp_path / "hostile.txt"
    upload.write_text(HOSTILE, encoding="utf-8")
    open_page(page, server)
    status, data = extract(page, HOSTILE, "2020-11-10", upload=upload)
    assert status == 200
    page.wait_for_selector("#results article.article")
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.images.length") == 0 and page.evaluate("document.scripts.length") == 2
    assert page.text_content("#results article.article") == HOSTILE
    assert page.get_by_text('<img src=x onerror="window.__pwned=1">', exact=False).first.is_visible()
    # offsets count code points (Python); astral characters before the spans must not shift them
    assert [d["text"] for d in data["dates"]] == ["5 نوفمبر 2020", "6 نوفمبر 2020"]
    check_marks(HOSTILE, data, marks(page, "#results"))
    only_own_origin(page, server)
