"""Prometheus metrics of one app (its own registry), served at ``GET /metrics``.

Tokens per second over any window: ``rate(extractor_tokens_total{kind="output"}[5m])`` divided
by ``rate(extractor_extraction_seconds_sum[5m])``.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["Metrics", "RequestMetrics"]

_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600)
_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"}
_TOKENS = (16, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)


class Metrics:
    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        self.requests = Counter(
            "extractor_http_requests",
            "HTTP requests answered, by route, method and status",
            ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "extractor_http_request_duration_seconds",
            "time to answer an HTTP request",
            ["route", "method"],
            buckets=_SECONDS,
            registry=r,
        )
        self.queue_depth = Gauge("extractor_queue_depth", "extraction requests waiting for a model slot", registry=r)
        self.running = Gauge("extractor_extractions_running", "extractions running now", registry=r)
        self.rejected = Counter(
            "extractor_rejected_requests",
            "extraction requests answered 503 (busy: workers and queue full; shutting_down)",
            ["reason"],
            registry=r,
        )
        self.extraction_seconds = Histogram(
            "extractor_extraction_seconds", "time to extract one article", buckets=_SECONDS, registry=r
        )
        self.article_tokens = Histogram(
            "extractor_article_tokens",
            "tokens per extracted article (prompt or output)",
            ["kind"],
            buckets=_TOKENS,
            registry=r,
        )
        self.tokens = Counter("extractor_tokens", "tokens processed (prompt or output)", ["kind"], registry=r)
        self.failures = Counter(
            "extractor_extraction_failures",
            "extractions that failed (timeout, constraint, model_error, engine_timeout, engine_error)",
            ["reason"],
            registry=r,
        )
        self.constraint_failures = Counter(
            "extractor_constraint_failures",
            "generations the schema constraint did not govern (the request failed)",
            registry=r,
        )
        self.model_load_seconds = Gauge("extractor_model_load_seconds", "time the model took to load", registry=r)
        self.model_info = Gauge("extractor_model_info", "the model served (value 1)", ["model", "backend"], registry=r)
        self.ready = Gauge("extractor_ready", "1 when the model is loaded and the self-check passed", registry=r)
        for reason in ("busy", "shutting_down"):
            self.rejected.labels(reason)  # present (at 0) before the first rejection
        for reason in ("timeout", "constraint", "model_error", "engine_timeout", "engine_error"):
            self.failures.labels(reason)
        for kind in ("prompt", "output"):
            self.tokens.labels(kind)

    def observe_article(self, seconds: float, prompt_tokens: int, output_tokens: int) -> None:
        self.extraction_seconds.observe(seconds)
        for kind, n in (("prompt", prompt_tokens), ("output", output_tokens)):
            self.article_tokens.labels(kind).observe(n)
            self.tokens.labels(kind).inc(n)

    def observe_failure(self, reason: str) -> None:
        self.failures.labels(reason).inc()
        if reason == "constraint":
            self.constraint_failures.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class RequestMetrics:
    """ASGI middleware: counts every HTTP answer (413s from the body limit included) and its time.

    The route label is the route's path for known routes and ``other`` for anything else, so
    requests for random paths cannot grow the label set.
    """

    def __init__(self, app, metrics: Metrics, routes: set[str]):
        self.app = app
        self.metrics = metrics
        self.routes = routes

    def _route(self, path: str) -> str:
        if path in self.routes:
            return path
        for prefix in ("/docs", "/static"):
            if path.startswith(prefix + "/"):
                return prefix
        return "other"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), 500

        async def send_and_note(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = self._route(scope["path"])
            method = scope["method"] if scope["method"] in _METHODS else "other"
            self.metrics.requests.labels(route, method, str(status)).inc()
            self.metrics.latency.labels(route, method).observe(time.perf_counter() - started)
