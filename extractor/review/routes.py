"""The review page served by `extractor serve` at ``/``, with its own static files.

Only the files named here are served (no path from the request reaches the file system). A strict
Content-Security-Policy lets the page run its own scripts and talk to its own server, nothing else.
"""

from __future__ import annotations

from litestar import Response, get

from .assets import SERVED_CSP, static_text

SERVED_FILES = {"review.css": "text/css", "review.js": "text/javascript", "app.js": "text/javascript"}
HEADERS = {
    "Content-Security-Policy": SERVED_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def review_routes() -> list:
    files = {name: static_text(name) for name in (*SERVED_FILES, "index.html")}

    @get("/", include_in_schema=False)
    async def review_page() -> Response:
        return Response(files["index.html"], media_type="text/html; charset=utf-8", headers=HEADERS)

    @get("/static/{name:str}", include_in_schema=False)
    async def review_static(name: str) -> Response:
        if name not in SERVED_FILES:
            return Response({"error": {"type": "not_found", "message": "no such file"}}, status_code=404)
        return Response(files[name], media_type=f"{SERVED_FILES[name]}; charset=utf-8", headers=HEADERS)

    return [review_page, review_static]
