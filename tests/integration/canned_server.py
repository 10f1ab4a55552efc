"""A fake OpenAI-compatible server on loopback whose completions are fixed text (or text chosen
from the request): a server that does not enforce the schema, as a misconfigured one would, or
a stand-in that answers instantly where the model's words do not matter."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Canned:
    """``content``: the text of every completion, or a function of the request body."""

    def __init__(self, content):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, body: dict):
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self):
                self._send({"object": "list", "data": [{"id": "canned", "object": "model", "owned_by": "test"}]})

            def do_POST(self):
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != "/v1/chat/completions":
                    self.send_error(404)
                    return
                self._send(
                    {
                        "id": "c1",
                        "object": "chat.completion",
                        "created": 0,
                        "model": "canned",
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": outer.answer(request)},
                            }
                        ],
                        "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10},
                    }
                )

        self.content = content
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, request: dict) -> str:
        """``content`` is the text, or a function of the request that returns it."""
        return self.content(request) if callable(self.content) else self.content

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
