"""The real server as a subprocess on a loopback port, spoken to over HTTP."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from extractor.contract import ArticleExtraction, grounding_errors

from .conftest import Server

KEY = {"X-API-Key": "secret"}


def post(server, body=None, content=None, headers=None):
    h = {**KEY, **(headers or {})}
    if content is not None:
        return httpx.post(server.url + "/v1/extract", content=content, headers=h, timeout=120)
    return httpx.post(server.url + "/v1/extract", json=body, headers=h, timeout=120)


def test_seed_round_trip(server, seed_texts):
    text = seed_texts["004_5ee60e97d12984bc"]
    r = post(server, {"text": text, "published": "2019-12-27", "id": "s4"})
    assert r.status_code == 200, r.text
    result = ArticleExtraction.model_validate(r.json())
    assert result.id == "s4" and str(result.published) == "2019-12-27"
    assert grounding_errors(result, text) == []
    assert {"27 نوفمبر": "2019-11-27"}.items() <= {d.text: d.value for d in result.dates}.items()


def test_health_info_and_docs(server):
    assert httpx.get(server.url + "/health").json() == {"status": "ok"}
    info = httpx.get(server.url + "/v1/info", headers=KEY).json()
    assert info["queue_size"] == 1 and info["schema_version"] == "1.0"
    spec = httpx.get(server.url + "/docs/openapi.json").json()
    assert "/v1/extract" in spec["paths"]
    assert "ArticleExtraction" in str(spec["components"]["schemas"])


@pytest.mark.parametrize(
    "body,status,etype",
    [
        ({"text": ""}, 422, "invalid_text"),
        ({"text": "   \n "}, 422, "invalid_text"),
        ({"text": "only English here"}, 422, "invalid_text"),
        ({"text": "نص عربي", "colour": "red"}, 400, "invalid_request"),
        ({"text": "نص عربي", "published": "2020-13-45"}, 400, "invalid_request"),
        ({"published": "2020-01-01"}, 400, "invalid_request"),
        ({"text": "ن" * 13000}, 413, "text_too_long"),
    ],
)
def test_bad_input_gets_clear_errors(server, body, status, etype):
    r = post(server, body)
    assert r.status_code == status, r.text
    assert r.json()["error"]["type"] == etype
    assert r.json()["error"]["message"]


def test_malformed_json_wrong_type_and_big_body(server):
    r = post(server, content=b'{"text": "abc', headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "error" in r.json()
    r = post(server, content="text=نص".encode(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"]["type"] == "unsupported_media_type"
    r = post(server, content=b'{"text": "' + "ن".encode() * 40000 + b'"}', headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_api_key_is_required(server):
    r = httpx.post(server.url + "/v1/extract", json={"text": "نص"})
    assert r.status_code == 401 and r.json()["error"]["type"] == "unauthorized"
    r = httpx.post(server.url + "/v1/extract", json={"text": "نص"}, headers={"X-API-Key": "wrong"})
    assert r.status_code == 401


def test_burst_gets_only_200_and_503_and_server_survives(server, seed_texts):
    text = seed_texts["001_b84856964a7b5a3d"]

    def one(_):
        return post(server, {"text": text})

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(one, range(8)))
    codes = [r.status_code for r in responses]
    assert set(codes) <= {200, 503}, codes
    assert 200 in codes and 503 in codes, codes
    assert all(r.headers.get("retry-after") for r in responses if r.status_code == 503)
    assert httpx.get(server.url + "/ready").status_code == 200
    assert post(server, {"text": text}).status_code == 200


def test_timeout_answers_504_and_frees_the_slot(tiny_model_dir, tmp_path, seed_texts):
    srv = Server(
        tiny_model_dir,
        tmp_path / "slow.log",
        EXTRACTOR_REQUEST_TIMEOUT_S="0.05",
        EXTRACTOR_WORKERS="1",
        EXTRACTOR_QUEUE_SIZE="0",
    )
    try:
        for _ in range(2):  # the second one gets the slot back: 504 again, not 503
            r = httpx.post(srv.url + "/v1/extract", json={"text": seed_texts["002_6fd764c35ada21fe"]}, timeout=60)
            assert r.status_code == 504 and r.json()["error"]["type"] == "timeout"
    finally:
        srv.stop()
