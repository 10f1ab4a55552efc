"""Run the service under uvicorn with a graceful shutdown.

On SIGTERM or SIGINT: the listening socket closes (no new connections), requests that wait for
a model slot are answered 503 at once, running extractions get ``EXTRACTOR_SHUTDOWN_GRACE_S``
seconds to finish (then their clients get 503), idle keep-alive connections close, and the
process exits with status 0.
"""

from __future__ import annotations

import logging
import os
import signal
import sys

import uvicorn

from ..config import Settings
from .app import Service, create_app

log = logging.getLogger("extractor.api")

_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class _GracefulServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, service: Service):
        super().__init__(config)
        self.service = service

    def handle_exit(self, sig, frame) -> None:
        if not self.should_exit:
            log.info(
                "signal %s: stopping, %.0f s for work in progress",
                signal.Signals(sig).name,
                self.service.settings.shutdown_grace_s,
            )
            self.service.begin_shutdown()
        super().handle_exit(sig, frame)


def serve(settings: Settings, extractor, host: str, port: int) -> int:
    """Serve until a signal; returns the exit status (0 after a graceful stop)."""
    service = create_app(settings, extractor=extractor)
    config = uvicorn.Config(
        service,
        host=host,
        port=port,
        log_level="info",
        lifespan="on",
        # the gate answers everything within the grace period; this is a backstop
        timeout_graceful_shutdown=settings.shutdown_grace_s + 5,
    )
    server = _GracefulServer(config, service)
    # uvicorn re-raises a caught signal after it has stopped, so that outer handlers run; the
    # outer handler here only notes it, so a requested stop ends with status 0, not 143
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in _SIGNALS}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not server.started:
        return 3  # start-up failed (uvicorn's own status for it)
    if service.busy_threads:
        # a model call abandoned at the end of the grace period cannot be interrupted; its
        # client has had its 503, so the process ends without waiting for it
        log.info("stopped; abandoning %d model call(s) still running", service.busy_threads)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    log.info("stopped")
    return 0
