"""Litestar app wiring: lifespan model load, routes, limits, errors, auth, logging, the review page."""

from __future__ import annotations

import json
import logging
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any

import anyio
from litestar import Litestar, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from ..config import Settings
from ..contract import SCHEMA_VERSION, ArticleExtraction
from ..llm.engines.base import EngineError, EngineTimeout
from ..pipeline import InputError, check_text
from ..review.routes import review_routes
from .models import ErrorBody, ExtractRequest, Info
from .queue import Busy, Gate

log = logging.getLogger("extractor.api")


class ApiError(HTTPException):
    """An HTTP error with a machine-readable ``type``."""

    def __init__(self, status_code: int, type_: str, detail: str, headers: dict | None = None):
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        self.type = type_


def _error(status: int, type_: str, message: str, headers: dict | None = None) -> Response:
    return Response(
        ErrorBody(error={"type": type_, "message": message}).model_dump(), status_code=status, headers=headers
    )


def _handle(request: Request, exc: Exception) -> Response:
    if isinstance(exc, ApiError):
        return _error(exc.status_code, exc.type, exc.detail, exc.headers)
    if isinstance(exc, ValidationException):
        return _error(400, "invalid_request", f"{exc.detail}: {exc.extra}" if exc.extra else exc.detail)
    if isinstance(exc, NotAuthorizedException):
        return _error(401, "unauthorized", exc.detail)
    if isinstance(exc, HTTPException):
        return _error(exc.status_code, "http_error", exc.detail)
    log.exception("unhandled error")
    return _error(HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "internal server error")


def create_app(settings: Settings, model: str | None = None, extractor=None) -> Litestar:
    gate = Gate(settings.workers, settings.queue_size)
    state: dict[str, Any] = {"extractor": extractor, "ready": False, "ready_error": None}

    @asynccontextmanager
    async def lifespan(app: Litestar):
        if state["extractor"] is None:
            from ..runtime import build_extractor

            state["extractor"] = await anyio.to_thread.run_sync(build_extractor, settings, model)
        try:  # readiness: a tiny constrained generation must work
            await anyio.to_thread.run_sync(_self_check, state["extractor"])
            state["ready"] = True
        except Exception as exc:  # noqa: BLE001 - reported by /ready, server stays up
            state["ready_error"] = str(exc)
            log.exception("self-check failed")
        yield

    def require_key(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if settings.api_key and connection.headers.get("x-api-key") != settings.api_key:
            raise NotAuthorizedException("missing or wrong X-API-Key")

    @get("/health", tags=["ops"], summary="process is alive")
    async def health() -> dict:
        return {"status": "ok"}

    @get("/ready", tags=["ops"], summary="model loaded and a tiny generation works")
    async def ready() -> Response:
        if state["ready"]:
            return Response({"status": "ready"}, status_code=200)
        return Response({"status": "not_ready", "error": state["ready_error"]}, status_code=503)

    @get("/v1/info", tags=["extraction"], guards=[require_key])
    async def info() -> Info:
        ex = state["extractor"]
        return Info(
            model=ex.engine.model_name,
            backend=ex.engine.backend,
            schema_version=SCHEMA_VERSION,
            max_text_chars=settings.max_text_chars,
            max_body_bytes=settings.max_body_bytes,
            workers=settings.workers,
            queue_size=settings.queue_size,
            request_timeout_s=settings.request_timeout_s,
        )

    @post(
        "/v1/extract",
        tags=["extraction"],
        guards=[require_key],
        status_code=200,
        summary="extract actors, agreements and dates from one article",
    )
    async def extract(request: Request, data: ExtractRequest) -> ArticleExtraction:
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex[:12]
        started = time.perf_counter()
        outcome = "error"
        try:
            if len(data.text) > settings.max_text_chars:  # before any model work
                raise ApiError(
                    413,
                    "text_too_long",
                    f"text has {len(data.text)} characters; the limit is {settings.max_text_chars}",
                )
            try:
                check_text(data.text, settings.max_text_chars)
            except InputError as exc:
                raise ApiError(422, "invalid_text", str(exc)) from None
            try:
                async with gate.slot():
                    result = await anyio.to_thread.run_sync(
                        lambda: state["extractor"].extract(
                            data.text, data.published, data.id, timeout_s=settings.request_timeout_s
                        )
                    )
            except Busy:
                outcome = "busy"
                raise ApiError(
                    503, "busy", "server is at capacity; retry later", headers={"Retry-After": "30"}
                ) from None
            except TimeoutError:
                outcome = "timeout"
                raise ApiError(504, "timeout", f"extraction exceeded {settings.request_timeout_s}s") from None
            except EngineTimeout as exc:  # the inference server (openai engine) did not answer
                outcome = "engine_timeout"
                raise ApiError(504, "engine_timeout", str(exc)) from None
            except EngineError as exc:  # the inference server failed or answered outside the schema
                outcome = "engine_error"
                raise ApiError(502, "engine_error", str(exc)) from None
            outcome = "ok"
            return result
        finally:
            log.info(
                "request id=%s chars=%d seconds=%.2f outcome=%s",
                rid,
                len(data.text),
                time.perf_counter() - started,
                outcome,
            )

    async def content_type_check(request: Request) -> None:
        if request.method == "POST":
            ctype = request.headers.get("content-type", "")
            if ctype.split(";")[0].strip().lower() != "application/json":
                raise ApiError(415, "unsupported_media_type", "send the article as application/json")

    return Litestar(
        route_handlers=[health, ready, info, extract, *review_routes()],
        lifespan=[lifespan],
        before_request=content_type_check,
        exception_handlers={Exception: _handle},
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Arabic news extractor", version=SCHEMA_VERSION, path="/docs", render_plugins=[ScalarRenderPlugin()]
        ),
    )


def _self_check(extractor) -> None:
    """A forced two-token answer: proves the model and the constraint engine run."""
    gen = extractor.engine.generate([{"role": "user", "content": "Reply ok."}], {"enum": ["ok"]}, 16)
    if json.loads(gen.text) != "ok":
        raise RuntimeError(f"self-check produced {gen.text!r}")
