"""The desk driven in a real browser: headless Chromium (Debian's package) through Playwright.

The Makefile installs Chromium when it is missing; on CI (`CI=true`) a missing browser is a
failure, elsewhere these tests are skipped with the reason. Screenshots are kept as artefacts in
`build/test-artifacts/desk/`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ocrcheck.desk import DeskServer, render_report
from ocrcheck.review_queue import ReviewQueue

from .conftest import HOSTILE

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts" / "desk"
CHROMIUM = os.environ.get("OCRCHECK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

try:
    import playwright.sync_api as playwright_api
except ImportError:  # pragma: no cover - installed with the test extra
    playwright_api = None

if os.environ.get("CI") and (CHROMIUM is None or playwright_api is None):
    raise RuntimeError("CI needs headless Chromium and Playwright: `make test` installs both")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or playwright_api is None, reason="no chromium on PATH or no playwright (make test installs them)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    try:
        yield opened
    finally:
        context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_list_open_correct_accept_reload(page: Any, desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["pictured"]
    page.goto(desk.url)
    assert page.locator("#documents tbody tr").count() == 3
    _shot(page, "list")
    page.click(f"a.doc-link[href$='{eid}']")
    assert page.locator("#state").inner_text() == "open"
    assert page.locator("#fields tr.failing[data-field='id_number']").count() == 1
    assert page.evaluate("document.getElementById('page-image').naturalWidth") == 500
    # Correct the misread ID number: re-checked at once, and it now passes.
    row = page.locator("#fields tr[data-field='id_number']")
    row.locator("input[name='value']").fill("110101199003151233")
    row.locator("button").click()
    assert "now passes every check" in page.locator("#notice").inner_text()
    assert page.locator("#state").inner_text() == "correct"
    _shot(page, "document-corrected")
    page.fill("#accept-note", "checked against the photo")
    with page.expect_navigation():  # post, redirect, get: reload only once the page is back
        page.click("#accept")
    assert "Recorded: accept." in page.locator("#notice").inner_text()
    page.reload()
    assert page.locator("#state").inner_text() == "accept"
    decisions = page.locator("#decisions tbody tr")
    assert decisions.count() == 2
    assert "checked against the photo" in decisions.nth(1).inner_text()
    recorded = ReviewQueue(desk_queue["path"]).read().decisions
    assert [d["decision"] for d in recorded] == ["correct", "accept"]
    assert recorded[0]["corrections"] == {"id_number": "110101199003151233"}


def test_suggestion_is_one_click_and_stays_masked(page: Any, desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["misread"]
    page.goto(f"{desk.url}doc/{eid}")
    assert "110101199003151233" not in page.content()
    page.click("button[id^='apply-suggestion-']")
    assert "now passes every check" in page.locator("#notice").inner_text()
    assert "110101199003151233" not in page.content()
    assert ReviewQueue(desk_queue["path"]).read().decisions[-1]["recheck"]["status"] == "pass"


def test_document_markup_shows_as_text_and_never_runs(page: Any, desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{desk.url}doc/{desk_queue['ids']['hostile']}")
    page.click("#raw summary")
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("script").count() == 0 and page.locator("img[onerror]").count() == 0
    values = page.locator("#fields td.value").all_inner_texts()
    assert values.count(HOSTILE) == 2
    assert HOSTILE.replace('"', '\\"') in page.locator("#raw pre").inner_text()
    assert page.dialogs == [] and errors == []
    _shot(page, "hostile-as-text")


def test_two_browsers_decide_the_same_document(browser: Any, desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    eid = desk_queue["ids"]["hostile"]
    first, second = browser.new_context(), browser.new_context()
    try:
        alice, bob = first.new_page(), second.new_page()
        alice.goto(f"{desk.url}doc/{eid}")
        bob.goto(f"{desk.url}doc/{eid}")
        alice.fill("#reject-reason", "ethnicity field holds markup")
        alice.click("#reject")
        assert alice.locator("#state").inner_text() == "reject"
        bob.click("#accept")  # bob's page still shows the document as open
        conflict = bob.locator("#conflict").inner_text()
        assert "reject" in conflict and "Nothing of yours was recorded" in conflict
        assert bob.locator("#state").inner_text() == "reject"
        _shot(bob, "second-reviewer-conflict")
    finally:
        first.close()
        second.close()
    assert [d["decision"] for d in ReviewQueue(desk_queue["path"]).read().decisions] == ["reject"]


def test_filters(page: Any, desk: DeskServer, desk_queue: dict[str, Any]) -> None:
    page.goto(desk.url)
    page.select_option("#filter-code", "illegible")
    page.click("#apply-filters")
    rows = page.locator("#documents tbody tr")
    assert rows.count() == 1 and desk_queue["ids"]["misread"][:16] in rows.inner_text()


def test_static_report_opens_from_disk(page: Any, desk_queue: dict[str, Any], tmp_path: Path) -> None:
    report = tmp_path / "review.html"
    report.write_text(render_report(desk_queue["path"], images=desk_queue["images"]), encoding="utf-8")
    page.goto(report.as_uri())
    assert page.locator("section.document").count() == 3
    assert page.locator("form").count() == 0
    assert page.evaluate("document.getElementById('page-image').naturalWidth") == 500
    page.click(f"a.doc-link[href='#doc-{desk_queue['ids']['hostile']}']")
    assert page.evaluate("window.pwned === undefined")
    _shot(page, "report")
