"""The served API as an operator meets it: huge bodies, metrics, methods, docs offline, logs, errors."""

import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from .conftest import Server

KEY = {"X-API-Key": "secret"}
LIMIT = 60000
BIG = 60 * 1024 * 1024  # 60 MB


@pytest.fixture(scope="module")
def srv(tiny_model_dir, tmp_path_factory):
    server = Server(
        tiny_model_dir,
        tmp_path_factory.mktemp("hardening") / "server.log",
        EXTRACTOR_API_KEY="secret",
        EXTRACTOR_WORKERS="1",
        EXTRACTOR_QUEUE_SIZE="1",
        EXTRACTOR_MAX_TEXT_CHARS="4000",
        EXTRACTOR_MAX_BODY_BYTES=str(LIMIT),
    )
    yield server
    server.stop()


def _urllib_post(url, data, headers=None):
    req = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json", **KEY, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _assert_413(status, headers, body):
    assert status == 413
    error = json.loads(body)["error"]
    assert error == {
        "type": "body_too_large",
        "message": f"The request body is larger than the limit of {LIMIT} bytes.",
    }
    assert {k.lower(): v for k, v in headers.items()}.get("connection") == "close"


def test_urllib_gets_413_for_a_60mb_body(srv):
    _assert_413(*_urllib_post(srv.url + "/v1/extract", b"x" * BIG))


def test_urllib_gets_413_for_a_60mb_chunked_upload(srv):
    def pieces():  # no length known: urllib sends Transfer-Encoding: chunked
        for _ in range(60):
            yield b"x" * (1024 * 1024)

    _assert_413(*_urllib_post(srv.url + "/v1/extract", pieces()))


def test_httpx_gets_413_declared_and_chunked(srv):
    r = httpx.post(
        srv.url + "/v1/extract", content=b"x" * BIG, headers={**KEY, "Content-Type": "application/json"}, timeout=120
    )
    _assert_413(r.status_code, r.headers, r.content)

    def pieces():
        for _ in range(60):
            yield b"x" * (1024 * 1024)

    r = httpx.post(
        srv.url + "/v1/extract", content=pieces(), headers={**KEY, "Content-Type": "application/json"}, timeout=120
    )
    assert "content-length" not in r.request.headers and r.request.headers["transfer-encoding"] == "chunked"
    _assert_413(r.status_code, r.headers, r.content)


@pytest.mark.parametrize("expect", ["100-continue", ""], ids=["expect-100", "no-expect"])
def test_curl_gets_413(srv, tmp_path, expect):
    body = tmp_path / "big.json"
    with body.open("wb") as fh:
        fh.truncate(BIG)  # 60 MB of zero bytes, sparse on disk
    out = tmp_path / "answer.json"
    proc = subprocess.run(
        [
            "curl",
            "-sS",
            "-o",
            str(out),
            "-w",
            "%{http_code}",
            "--data-binary",
            f"@{body}",
            "-H",
            "Content-Type: application/json",
            "-H",
            "X-API-Key: secret",
            "-H",
            f"Expect: {expect}",
            srv.url + "/v1/extract",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout == "413", proc.stderr
    assert json.loads(out.read_text())["error"]["type"] == "body_too_large"


def test_a_body_at_the_limit_passes_and_one_byte_more_does_not(srv):
    head = b'{"text": "only latin letters"}'
    at_limit = head + b" " * (LIMIT - len(head))
    status, _, body = _urllib_post(srv.url + "/v1/extract", at_limit)
    assert status == 422 and json.loads(body)["error"]["type"] == "invalid_text"  # reached the handler
    _assert_413(*_urllib_post(srv.url + "/v1/extract", at_limit + b" "))


def test_server_is_ready_after_huge_bodies(srv):
    assert httpx.get(srv.url + "/ready").status_code == 200


def _scrape(srv) -> dict[tuple, float]:
    r = httpx.get(srv.url + "/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def _value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_move_with_traffic(srv, seed_texts):
    before = _scrape(srv)
    text = seed_texts["000_bc3538f7a4a9a346"][:800]
    ok = httpx.post(srv.url + "/v1/extract", json={"text": text, "id": "m1"}, headers=KEY, timeout=120)
    assert ok.status_code == 200
    assert httpx.post(srv.url + "/v1/extract", json={"text": "no arabic"}, headers=KEY).status_code == 422
    assert httpx.post(srv.url + "/v1/extract", json={"text": "نص"}).status_code == 401
    with ThreadPoolExecutor(max_workers=4) as pool:  # workers 1 + queue 1: the rest are refused
        codes = [
            r.status_code
            for r in pool.map(
                lambda _: httpx.post(srv.url + "/v1/extract", json={"text": text}, headers=KEY, timeout=120), range(4)
            )
        ]
    assert 503 in codes and set(codes) <= {200, 503}
    after = _scrape(srv)

    def moved(name, **labels):
        return _value(after, name, **labels) - _value(before, name, **labels)

    route = {"route": "/v1/extract", "method": "POST"}
    assert moved("extractor_http_requests_total", status="200", **route) == 1 + codes.count(200)
    assert moved("extractor_http_requests_total", status="422", **route) == 1
    assert moved("extractor_http_requests_total", status="401", **route) == 1
    assert moved("extractor_http_requests_total", status="503", **route) == codes.count(503)
    assert moved("extractor_rejected_requests_total", reason="busy") == codes.count(503)
    assert moved("extractor_http_request_duration_seconds_count", **route) == 3 + len(codes)
    n_ok = 1 + codes.count(200)
    assert moved("extractor_extraction_seconds_count") == n_ok
    assert moved("extractor_extraction_seconds_sum") > 0
    assert moved("extractor_article_tokens_count", kind="prompt") == n_ok
    assert moved("extractor_tokens_total", kind="prompt") >= ok.json()["meta"]["prompt_tokens"]
    assert moved("extractor_tokens_total", kind="output") >= ok.json()["meta"]["output_tokens"] > 0
    assert _value(after, "extractor_model_load_seconds") > 0
    assert _value(after, "extractor_ready") == 1
    assert _value(after, "extractor_queue_depth") == 0  # nothing waits now
    for name, labels in [
        ("extractor_constraint_failures_total", {}),
        ("extractor_extraction_failures_total", {"reason": "constraint"}),
        ("extractor_rejected_requests_total", {"reason": "shutting_down"}),
    ]:
        assert (name, tuple(sorted(labels.items()))) in after  # exposed before the first event


def test_413_is_counted(srv):
    before = _scrape(srv)
    _assert_413(*_urllib_post(srv.url + "/v1/extract", b"x" * (LIMIT + 1)))
    after = _scrape(srv)
    labels = (("method", "POST"), ("route", "/v1/extract"), ("status", "413"))
    assert (
        after[("extractor_http_requests_total", labels)] - before.get(("extractor_http_requests_total", labels), 0) == 1
    )


@pytest.mark.parametrize(
    "path,allowed",
    [("/health", "GET"), ("/ready", "GET"), ("/v1/info", "GET"), ("/metrics", "GET"), ("/v1/extract", "POST")],
)
@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_unsupported_methods_get_405_with_allow(srv, path, allowed, method):
    r = httpx.request(method, srv.url + path, headers=KEY)
    assert r.status_code == 405
    assert allowed in [m.strip() for m in r.headers["allow"].split(",")]
    assert r.json()["error"]["type"] == "method_not_allowed"


def test_docs_page_loads_only_same_origin_assets(srv):
    page = httpx.get(srv.url + "/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page.text)
    assert any(ref.endswith(".js") for ref in refs) and any(ref.endswith(".css") for ref in refs)
    for ref in refs:
        absolute = urljoin(srv.url + "/docs", ref)
        assert urlsplit(absolute).netloc == urlsplit(srv.url).netloc, ref
        asset = httpx.get(absolute)
        assert asset.status_code == 200 and len(asset.content) > 500, ref
    assert not re.search(r"https?://(?!127\.0\.0\.1)", page.text.split("SwaggerUIBundle(")[0])  # no remote URL


def test_request_log_has_the_callers_id_beside_the_servers(srv, seed_texts):
    r = httpx.post(
        srv.url + "/v1/extract",
        json={"text": seed_texts["000_bc3538f7a4a9a346"][:500], "id": "caller-42"},
        headers={**KEY, "X-Request-ID": "srv-7"},
        timeout=120,
    )
    assert r.status_code == 200
    pattern = r'request rid=srv-7 id="caller-42" chars=500 seconds=[0-9.]+ outcome=ok'
    deadline = time.monotonic() + 10  # the log line may trail the answer by a moment
    while not re.search(pattern, log := srv.log_path.read_text(encoding="utf-8")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert re.search(pattern, log), log[-2000:]


@pytest.mark.parametrize(
    "body,expected",
    [
        ({"text": "نص", "lang": "ar"}, "Invalid request: 'lang' is not a field of this request"),
        ({"published": "2020-01-01"}, "Invalid request: 'text' is required."),
        ({"text": "نص", "published": 20200101}, "published must be a date written YYYY-MM-DD"),
        ({"text": "نص", "published": "2020-02-30"}, "published 2020-02-30 is not a calendar date"),
        # found by fuzzing: relative dates from year 9999 or 1 left the calendar (a 500 before)
        ({"text": "وقع الاتفاق أمس", "published": "9999-12-31"}, "in the years 1000 to 2999"),
    ],
)
def test_error_messages_are_sentences(srv, body, expected):
    r = httpx.post(srv.url + "/v1/extract", json=body, headers=KEY)
    assert r.status_code == 400
    message = r.json()["error"]["message"]
    assert expected in message and message.endswith(".")
    assert "{'" not in message and "[{" not in message


def test_openapi_tells_every_answer(srv):
    spec = httpx.get(srv.url + "/docs/openapi.json").json()
    extract = spec["paths"]["/v1/extract"]["post"]
    assert set(extract["responses"]) == {"200", "400", "401", "413", "415", "422", "500", "502", "503", "504"}
    for code, response in extract["responses"].items():
        if code != "200":
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert extract["responses"]["503"]["headers"]["Retry-After"]["required"] is True
    assert extract["security"] == [{"ApiKey": []}]
    assert spec["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "name": "X-API-Key",
        "in": "header",
        "description": "set EXTRACTOR_API_KEY on the server",
    }
    body = extract["requestBody"]["content"]["application/json"]["schema"]
    ref = (body.get("allOf") or [body])[0]["$ref"].rsplit("/", 1)[1]
    request = spec["components"]["schemas"][ref]
    text = request["properties"]["text"]
    assert text["minLength"] == 1 and text["maxLength"] == 4000 and re.search(text["pattern"], "نص")
    assert not re.search(text["pattern"], "   ")
    assert request["additionalProperties"] is False and request["required"] == ["text"]
    published = request["properties"]["published"]
    assert {"type": "string", "format": "date"} in published["oneOf"] + published.get("anyOf", [])
    assert not re.search(published["pattern"], "9999-12-31") and re.search(published["pattern"], "2020-11-10")
    assert set(spec["paths"]["/ready"]["get"]["responses"]) == {"200", "503"}
    assert "text/plain" in next(iter(spec["paths"]["/metrics"]["get"]["responses"]["200"]["content"]))
    assert set(spec["paths"]["/v1/info"]["get"]["responses"]) == {"200", "401"}


def test_connection_stays_usable_for_small_requests(srv):
    # keep-alive is not broken by the body limit's buffering
    with httpx.Client(base_url=srv.url, headers=KEY) as client:
        for _ in range(3):
            assert client.post("/v1/extract", json={"text": "abc"}).status_code == 422
    with socket.create_connection(("127.0.0.1", srv.port)) as conn:
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.recv(100).startswith(b"HTTP/1.1 200")
