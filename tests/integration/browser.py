"""A real headless Chromium (Debian's package) driven by Playwright, and checks on review pages.

Playwright's own browser downloads are never used: the tests point it at the system Chromium
(installed by scripts/setup.sh; EXTRACTOR_CHROMIUM names another binary).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"  # screenshots, kept after the run (git ignores the folder)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    for candidate in (
        os.environ.get("EXTRACTOR_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "no Chromium found: run scripts/setup.sh (installs Debian's chromium) "
        "or set EXTRACTOR_CHROMIUM to a Chromium binary"
    )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    p = context.new_page()
    p.requests = []  # every URL the page asked for
    p.on("request", lambda r: p.requests.append(r.url))
    p.set_default_timeout(60_000)
    yield p
    context.close()


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def marks(p, scope: str) -> list[dict]:
    """The article's marks as the browser shows them: offsets (code points), text, classes."""
    return p.evaluate(
        """scope => Array.from(document.querySelectorAll(scope + ' mark')).map(m => ({
        start: Number(m.dataset.start), end: Number(m.dataset.end), text: m.textContent,
        cls: Array.from(m.classList)}))""",
        scope,
    )


def covering(all_marks: list[dict], start: int, end: int) -> list[dict]:
    return [m for m in all_marks if m["start"] >= start and m["end"] <= end]


def check_marks(text: str, extraction: dict, all_marks: list[dict]) -> None:
    """Each mark shows exactly its slice of the article, and every returned span is marked whole."""
    for m in all_marks:
        assert text[m["start"] : m["end"]] == m["text"], m

    def whole(start: int, end: int, expected: str, cls: str) -> None:
        inside = covering(all_marks, start, end)
        assert "".join(m["text"] for m in inside) == expected == text[start:end]
        assert all(cls in m["cls"] for m in inside), (cls, inside)

    for a in extraction["actors"]:
        for m in a["mentions"]:
            whole(m["start"], m["end"], m["text"], "actor")
    for d in extraction["dates"]:
        whole(d["start"], d["end"], d["text"], "date")
    for g in extraction["agreements"]:
        ev = g["evidence"]
        whole(ev["start"], ev["end"], ev["text"], "evidence")


def check_actor_click(p, scope: str, extraction: dict) -> None:
    """Clicking an actor marks exactly its mentions; clicking it again clears them."""
    actor = max(extraction["actors"], key=lambda a: len(a["mentions"]))
    p.click(f'{scope} ul.actors button[data-actor="{actor["id"]}"]')
    shown = marks(p, scope)
    selected = {(m["start"], m["end"]) for m in shown if "selected" in m["cls"]}
    expected = {(m["start"], m["end"]) for x in actor["mentions"] for m in covering(shown, x["start"], x["end"])}
    assert selected == expected and selected
    p.click(f'{scope} ul.actors button[data-actor="{actor["id"]}"]')
    assert not [m for m in marks(p, scope) if "selected" in m["cls"]]


def check_agreement_click(p, scope: str, extraction: dict) -> None:
    """Clicking an agreement row shows its evidence sentence and marks it in the article."""
    for g in extraction["agreements"]:
        p.click(f'{scope} table.agreements tr[data-agreement="{g["id"]}"]')
        assert p.text_content(f"{scope} .evidence-view") == g["evidence"]["text"]
        shown = marks(p, scope)
        focus = {(m["start"], m["end"]) for m in shown if "focus" in m["cls"]}
        ev = g["evidence"]
        assert focus == {(m["start"], m["end"]) for m in covering(shown, ev["start"], ev["end"])} and focus
