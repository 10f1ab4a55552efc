"""Screenshot of the review page on an article (the README's image).

Starts `extractor serve` on a loopback port, pastes the article into the page in headless Chromium
(the system one, as in the tests), presses Extract, selects the most mentioned actor and saves a PNG.

    python scripts/review_screenshot.py seeds/004_5ee60e97d12984bc.txt --published 2019-12-27 \
        --model qwen2.5-coder-0.5b --height 1000 --out docs/review-page.png
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("article", type=Path)
    ap.add_argument("--published")
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--out", type=Path, default=Path("docs/review-page.png"))
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    a = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "extractor.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--model",
            a.model,
        ],
        env={**os.environ},
    )
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                sys.exit("the server stopped")
            time.sleep(0.5)
        chromium = os.environ.get("EXTRACTOR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": a.width, "height": a.height}, locale="ar")
            page.set_default_timeout(1_800_000)
            page.goto(url + "/")
            page.fill("#article", a.article.read_text(encoding="utf-8"))
            if a.published:
                page.fill("#published", a.published)
            page.click("#extract")
            page.wait_for_selector("#results article.article, #error:not([hidden])")
            if page.is_visible("#error"):
                sys.exit("the page shows an error: " + page.text_content("#error"))
            counts = page.locator("#results ul.actors .count").all_text_contents()
            if counts:
                best = max(range(len(counts)), key=lambda i: int(counts[i].split()[0]))
                page.locator("#results ul.actors button").nth(best).click()
            if page.locator("#results table.agreements tbody tr").count():
                page.locator("#results table.agreements tbody tr").first.click()
            page.evaluate("window.scrollTo(0, document.querySelector('#status').offsetTop - 10)")
            page.wait_for_timeout(800)  # the smooth scroll to the selection settles
            page.evaluate("window.scrollTo(0, document.querySelector('#status').offsetTop - 10)")
            a.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(a.out))
            browser.close()
        print(f"wrote {a.out}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
