"""Request body limit, enforced before the application reads the body.

A body over the limit is answered 413 with the JSON error body as soon as it is known to be too
large: from a declared ``Content-Length`` before a byte of it is read, from a chunked upload as
soon as the bytes received pass the limit. The answer is then completed only after the rest of
the upload has been read and discarded (a "lingering close", as nginx and Apache do), for at
most ``LINGER_S`` seconds: a client that sends its whole body before it reads the answer
(Python's urllib, httpx, curl without ``Expect``) would otherwise see the connection reset
under its upload and never read the 413. A client that asked ``Expect: 100-continue`` (curl's
default for large bodies) is answered without being invited to send, so nothing is drained.
The connection is closed after the answer.

Bodies within the limit are buffered here and handed to the application whole.
"""

from __future__ import annotations

import json
import time

import anyio

LINGER_S = 10.0  # longest time spent discarding the rest of an oversized upload
LINGER_IDLE_S = 2.0  # ... or waiting for its next piece


def too_large_body(limit: int) -> bytes:
    return json.dumps(
        {"error": {"type": "body_too_large", "message": f"The request body is larger than the limit of {limit} bytes."}}
    ).encode()


class BodyLimit:
    def __init__(self, app, max_bytes: int, on_reject=None):
        self.app = app
        self.max_bytes = max_bytes
        self.on_reject = on_reject  # called once per rejected request (metrics)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        expects_continue = headers.get(b"expect", b"").lower() == b"100-continue"
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            # answered from the header alone; with Expect the client has not sent the body
            return await self._reject(receive, send, drain=not expects_continue)

        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return await self._reject(receive, send, drain=message.get("more_body", False))
            chunks.append(chunk)
            if not message.get("more_body", False):
                break

        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: only a disconnect can come

        return await self.app(scope, replay, send)

    async def _reject(self, receive, send, drain: bool) -> None:
        if self.on_reject is not None:
            self.on_reject()
        payload = too_large_body(self.max_bytes)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        # the answer is on the wire now; it is completed after the upload is drained
        await send({"type": "http.response.body", "body": payload, "more_body": drain})
        if not drain:
            return
        started = time.monotonic()
        with anyio.move_on_after(LINGER_S):
            while time.monotonic() - started < LINGER_S:
                with anyio.move_on_after(LINGER_IDLE_S) as idle:
                    message = await receive()
                if idle.cancelled_caught or message["type"] != "http.request" or not message.get("more_body"):
                    break
        await send({"type": "http.response.body", "body": b"", "more_body": False})
