"""The HTTP service: routes, limits, errors, auth, metrics, logging, graceful shutdown and the
review page.

``create_app`` returns a ``Service``, the ASGI app uvicorn runs: request metrics around the
body limit around the Litestar app.
"""

# no ``from __future__ import annotations``: the handlers' annotations name a model built at run
# time (the request body with the configured text limit), so they must be evaluated when defined
import asyncio
import json
import logging
import threading
import time
import uuid
from contextlib import asynccontextmanager
from typing import Annotated, Any

import anyio
from litestar import Litestar, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException, SerializationException, ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, Example, OpenAPIHeader, Schema, SecurityScheme
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import Body
from litestar.static_files import create_static_files_router

from ..config import DOCS_ASSETS_DIR, Settings
from ..contract import SCHEMA_VERSION, ArticleExtraction
from ..llm.engines.base import EngineError, EngineTimeout
from ..pipeline import InputError, check_text
from ..review.routes import review_routes
from .limits import BodyLimit
from .metrics import Metrics, RequestMetrics
from .models import ErrorBody, Health, Info, Readiness, extract_request_model
from .queue import Busy, Gate, ShuttingDown

log = logging.getLogger("extractor.api")

DOCS_ASSETS_PATH = "/static/docs"
METRICS_MEDIA_TYPE = "text/plain; version=0.0.4"  # the framework adds the charset
EXAMPLE_TEXT = "وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا لوقف إطلاق النار في التاسع من تشرين الثاني"


class ApiError(HTTPException):
    """An HTTP error with a machine-readable ``type``."""

    def __init__(self, status_code: int, type_: str, detail: str, headers: dict | None = None):
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        self.type = type_


def _error(status: int, type_: str, message: str, headers: dict | None = None) -> Response:
    return Response({"error": {"type": type_, "message": message}}, status_code=status, headers=headers)


_FRAMEWORK_TYPES = {
    400: "invalid_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
}


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def validation_message(exc: ValidationException) -> str:
    """A sentence from the framework's list of problems (never a Python repr)."""
    items = exc.extra if isinstance(exc.extra, list) else []
    parts = []
    for item in items:
        if not isinstance(item, dict):
            continue
        key = item.get("key")
        message = str(item.get("message", "")).removeprefix("Value error, ")
        if key == "data" and message == "'data'":  # no body at all
            parts.append("the body is empty; send a JSON object such as {\"text\": \"...\"}")
        elif message.startswith("Input should be a valid dictionary"):
            parts.append("the body must be a JSON object")
        elif message == "Extra inputs are not permitted":
            parts.append(f"'{key}' is not a field of this request (the fields are text, published and id)")
        elif message == "Field required":
            parts.append(f"'{key}' is required")
        elif key and (message.split() or [""])[0] != key:
            parts.append(f"'{key}': {message[:1].lower() + message[1:]}")
        else:
            parts.append(message)
    if not parts:
        return _sentence(str(exc.detail) or "the request is not valid")
    return _sentence("Invalid request: " + "; ".join(parts))


def _handle(request: Request, exc: Exception) -> Response:
    if isinstance(exc, ApiError):
        return _error(exc.status_code, exc.type, exc.detail, exc.headers)
    if isinstance(exc, ValidationException):
        return _error(400, "invalid_request", validation_message(exc))
    if isinstance(exc, NotAuthorizedException):
        return _error(401, "unauthorized", _sentence(exc.detail))
    if isinstance(exc.__cause__, SerializationException):  # the body could not be decoded
        detail = str(exc.__cause__)
        return _error(
            400, "invalid_request", _sentence("The body is not valid JSON: " + detail[:1].lower() + detail[1:])
        )
    if isinstance(exc, HTTPException):  # the framework's own: keep its headers (405 carries Allow)
        return _error(
            exc.status_code,
            _FRAMEWORK_TYPES.get(exc.status_code, "http_error"),
            _sentence(str(exc.detail)),
            exc.headers,
        )
    log.exception("unhandled error")
    return _error(500, "internal_error", "The server failed on this request.")


def _responses(*pairs: tuple[int, str]) -> dict[int, ResponseSpec]:
    return {status: ResponseSpec(ErrorBody, description=text, generate_examples=False) for status, text in pairs}


class Service:
    """The ASGI app: request metrics, then the body limit, then the Litestar app."""

    def __init__(self, litestar: Litestar, settings: Settings, gate: Gate, metrics: Metrics, routes: set[str]):
        self.litestar = litestar
        self.settings = settings
        self.gate = gate
        self.metrics = metrics
        self.loop: asyncio.AbstractEventLoop | None = None
        self.busy_threads = 0  # model calls running in worker threads (abandoned ones included)
        self._lock = threading.Lock()
        self._asgi = RequestMetrics(BodyLimit(litestar, settings.max_body_bytes), metrics, routes)

    async def __call__(self, scope, receive, send):
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
        await self._asgi(scope, receive, send)

    def run_model(self, fn):
        with self._lock:
            self.busy_threads += 1
        try:
            return fn()
        finally:
            with self._lock:
                self.busy_threads -= 1

    def begin_shutdown(self) -> None:
        """From any thread (a signal handler): refuse new and waiting work, give running work the grace period."""
        if self.loop is not None and not self.gate.closed:
            self.loop.call_soon_threadsafe(self._start_closing)

    def _start_closing(self) -> None:
        # the gate's cancel scopes need a task (a plain loop callback is not one); keep a reference to it
        self._closing = self.loop.create_task(self._close())

    async def _close(self) -> None:
        self.gate.close(self.settings.shutdown_grace_s)


def create_app(settings: Settings, model: str | None = None, extractor=None) -> Service:
    gate = Gate(settings.workers, settings.queue_size)
    metrics = Metrics()
    metrics.queue_depth.set_function(lambda: gate.waiting)
    metrics.running.set_function(lambda: gate.running)
    state: dict[str, Any] = {"extractor": extractor, "ready": False, "ready_error": None}
    request_model = extract_request_model(settings.max_text_chars)
    service: Service  # set below; the handlers run only once it is

    @asynccontextmanager
    async def lifespan(app: Litestar):
        if state["extractor"] is None:
            from ..runtime import build_extractor

            state["extractor"] = await anyio.to_thread.run_sync(build_extractor, settings, model)
        engine = state["extractor"].engine
        metrics.model_load_seconds.set(getattr(engine, "load_seconds", 0.0) or 0.0)
        metrics.model_info.labels(engine.model_name, engine.backend).set(1)
        try:  # readiness: a tiny constrained generation must work
            await anyio.to_thread.run_sync(_self_check, state["extractor"])
            state["ready"] = True
            metrics.ready.set(1)
        except Exception as exc:  # noqa: BLE001 - reported by /ready, server stays up
            state["ready_error"] = f"The start-up self-check failed: {exc}"
            log.exception("self-check failed")
        yield
        metrics.ready.set(0)

    def require_key(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if settings.api_key and connection.headers.get("x-api-key") != settings.api_key:
            raise NotAuthorizedException("missing or wrong X-API-Key header")

    secured = [{"ApiKey": []}] if settings.api_key else None
    auth_response = ((401, "missing or wrong X-API-Key header"),) if settings.api_key else ()

    @get("/health", tags=["ops"], summary="process is alive")
    async def health() -> Health:
        return Health(status="ok")

    @get(
        "/ready",
        tags=["ops"],
        summary="model loaded, self-check passed, not shutting down",
        responses={
            503: ResponseSpec(
                Readiness, description="not ready (loading failed) or shutting down", generate_examples=False
            )
        },
    )
    async def ready() -> Response[Readiness]:
        if gate.closed:
            return Response(Readiness(status="shutting_down", error="The server is shutting down."), status_code=503)
        if state["ready"]:
            return Response(Readiness(status="ready"), status_code=200)
        return Response(Readiness(status="not_ready", error=state["ready_error"]), status_code=503)

    @get("/metrics", tags=["ops"], summary="Prometheus metrics (text format 0.0.4)", media_type=METRICS_MEDIA_TYPE)
    async def metrics_page() -> bytes:
        return metrics.render()

    @get("/v1/info", tags=["extraction"], guards=[require_key], security=secured, responses=_responses(*auth_response))
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
        security=secured,
        status_code=200,
        summary="extract actors, agreements and dates from one article",
        signature_namespace={"ExtractRequest": request_model},
        responses=_responses(
            (400, "malformed JSON, an unknown field, a missing or mistyped field, or published not YYYY-MM-DD"),
            *auth_response,
            (
                413,
                f"body over {settings.max_body_bytes} bytes (body_too_large) or text over "
                f"{settings.max_text_chars} characters (text_too_long)",
            ),
            (415, "the body is not application/json"),
            (422, "the text is empty, blank, holds no Arabic letter or is not valid Unicode"),
            (500, "the model failed on this article"),
            (502, "the inference server (engine openai) failed or answered outside the schema (engine_error)"),
            (503, "busy (workers and queue full) or shutting down; retry after the Retry-After header's seconds"),
            (
                504,
                f"the extraction took longer than {settings.request_timeout_s:g} s (timeout), or the "
                "inference server did not answer in time (engine_timeout)",
            ),
        ),
    )
    async def extract(
        request: Request,
        data: Annotated[
            request_model,
            Body(
                examples=[
                    Example(
                        summary="a short article",  # type: ignore[valid-type]
                        value={"text": EXAMPLE_TEXT, "published": "2020-11-10", "id": "a1"},
                    )
                ]
            ),
        ],
    ) -> ArticleExtraction:
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex[:12]
        started = time.perf_counter()
        outcome = "error"
        try:
            if len(data.text) > settings.max_text_chars:  # before any model work
                outcome = "too_long"
                raise ApiError(
                    413,
                    "text_too_long",
                    f"The text has {len(data.text)} characters; the limit is {settings.max_text_chars}.",
                )
            try:
                check_text(data.text, settings.max_text_chars)
                data.text.encode("utf-8")  # a lone surrogate (JSON allows "\ud800") is not text
            except (InputError, UnicodeEncodeError) as exc:
                outcome = "invalid_text"
                message = str(exc) if isinstance(exc, InputError) else "text is not valid Unicode (a lone surrogate)"
                raise ApiError(422, "invalid_text", _sentence(message)) from None
            result = await _run_extraction(data, rid)
            outcome = "ok"
            return result
        except ApiError as exc:
            if outcome == "error":
                outcome = exc.type
            raise
        finally:
            log.info(
                "request rid=%s id=%s chars=%d seconds=%.2f outcome=%s",
                rid,
                json.dumps(data.id, ensure_ascii=False),
                len(data.text),
                time.perf_counter() - started,
                outcome,
            )

    async def _run_extraction(data, rid: str) -> ArticleExtraction:
        ex = state["extractor"]
        try:
            async with gate.slot():
                result = await anyio.to_thread.run_sync(
                    lambda: service.run_model(
                        lambda: ex.extract(data.text, data.published, data.id, timeout_s=settings.request_timeout_s)
                    ),
                    abandon_on_cancel=True,
                )  # shutdown may stop waiting for it
        except Busy:
            metrics.rejected.labels("busy").inc()
            raise ApiError(
                503, "busy", "The server is at capacity; retry later.", headers={"Retry-After": "30"}
            ) from None
        except ShuttingDown:
            metrics.rejected.labels("shutting_down").inc()
            raise ApiError(
                503,
                "shutting_down",
                "The server is shutting down; retry on another instance.",
                headers={"Retry-After": "5"},
            ) from None
        except TimeoutError:
            metrics.observe_failure("timeout")
            raise ApiError(
                504, "timeout", f"The extraction took longer than {settings.request_timeout_s:g} s."
            ) from None
        except InputError as exc:  # e.g. the prompt does not fit the model's context
            raise ApiError(422, "invalid_text", _sentence(str(exc))) from None
        except EngineTimeout as exc:  # the inference server (openai engine) did not answer
            metrics.observe_failure("engine_timeout")
            raise ApiError(504, "engine_timeout", _sentence(str(exc))) from None
        except EngineError as exc:  # the inference server failed or answered outside the schema
            metrics.observe_failure("engine_error")
            raise ApiError(502, "engine_error", _sentence(str(exc))) from None
        except Exception as exc:  # noqa: BLE001 - the model failed on this article
            reason = (
                "constraint" if any(c.__name__ == "ConstraintNotApplied" for c in type(exc).__mro__) else "model_error"
            )
            metrics.observe_failure(reason)
            log.exception("extraction failed rid=%s", rid)
            raise ApiError(500, "model_error", _sentence(f"The model failed on this article: {exc}"[:500])) from None
        meta = result.meta
        metrics.observe_article(meta.seconds, meta.prompt_tokens, meta.output_tokens)
        return result

    async def content_type_check(request: Request) -> None:
        if request.method == "POST":
            ctype = request.headers.get("content-type", "")
            if ctype.split(";")[0].strip().lower() != "application/json":
                raise ApiError(415, "unsupported_media_type", "Send the article as application/json.")

    docs_assets = create_static_files_router(
        path=DOCS_ASSETS_PATH, directories=[DOCS_ASSETS_DIR], include_in_schema=False
    )
    swagger = SwaggerRenderPlugin(
        js_url=f"{DOCS_ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{DOCS_ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{DOCS_ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{DOCS_ASSETS_PATH}/favicon-32x32.png'>",
        path="/",
    )
    components = (
        Components(
            security_schemes={
                "ApiKey": SecurityScheme(
                    type="apiKey",
                    name="X-API-Key",
                    security_scheme_in="header",
                    description="set EXTRACTOR_API_KEY on the server",
                )
            }
        )
        if settings.api_key
        else Components()
    )
    app = Litestar(
        route_handlers=[health, ready, metrics_page, info, extract, docs_assets, *review_routes()],
        lifespan=[lifespan],
        before_request=content_type_check,
        exception_handlers={Exception: _handle},
        request_max_body_size=settings.max_body_bytes,
        logging_config=None,  # the process's own logging (synchronous, one format), not a second setup
        openapi_config=OpenAPIConfig(
            title="Arabic news extractor",
            version=SCHEMA_VERSION,
            path="/docs",
            render_plugins=[swagger],
            components=components,
        ),
    )
    _complete_openapi(app)
    routes = {"/", "/health", "/ready", "/metrics", "/v1/info", "/v1/extract", "/docs"}
    service = Service(app, settings, gate, metrics, routes)
    return service


def _complete_openapi(app: Litestar) -> None:
    """What the generated document leaves out: the request takes no other field (the model
    forbids extras), and the 503 of /v1/extract always carries Retry-After."""
    spec = app.openapi_schema
    spec.components.schemas["ExtractRequest"].additional_properties = False
    response = spec.paths["/v1/extract"].post.responses["503"]
    response.headers = {
        "Retry-After": OpenAPIHeader(
            schema=Schema(type=OpenAPIType.INTEGER), required=True, description="seconds to wait before retrying"
        )
    }


def _self_check(extractor) -> None:
    """A forced two-token answer: proves the model and the constraint engine run."""
    gen = extractor.engine.generate([{"role": "user", "content": "Reply ok."}], {"enum": ["ok"]}, 16)
    if json.loads(gen.text) != "ok":
        raise RuntimeError(f"the self-check produced {gen.text} instead of \"ok\"")
