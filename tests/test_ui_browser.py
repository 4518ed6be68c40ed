"""End to end: `python app.py` on a free localhost port, driven by Debian's Chromium through Playwright.

Asks a Chinese and an English question about the seeds and checks that the answer streams in and ends with
citation cards whose title and date are visible. Screenshots go to tests/artifacts/ (git-ignored).
Never run `playwright install` (it downloads a browser): this uses /usr/bin/chromium (apt-get install chromium).
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The 1.5B generator answers in 10-60 s on 2 idle cores and has taken ~180 s on loaded ones.
ANSWER_TIMEOUT_S = float(os.environ.get("RAG_UI_ANSWER_TIMEOUT", 420))
START_TIMEOUT_S = 180  # the page comes up before the models load; this is the Python and gradio import time


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install chromium` (never `playwright install`)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
    pytest.importorskip("gradio", reason="gradio is not installed: pip install -e '.[ui]'")
    import rag

    tmp = tmp_path_factory.mktemp("ui")
    rag.build_index([ROOT / "seeds"], tmp / "index")
    port = _free_port()
    log = (tmp / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--index", str(tmp / "index")],
                            cwd=tmp, stdout=log, stderr=subprocess.STDOUT,
                            env=os.environ | {"GRADIO_ANALYTICS_ENABLED": "False"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app.py exited with {proc.returncode}:\n{(tmp / 'app.log').read_text()[-3000:]}")
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"app.py did not answer on {url} within {START_TIMEOUT_S} s")
                time.sleep(1)
        yield url, json.loads(next((tmp / "index").glob("v*/manifest.json")).read_text(encoding="utf-8"))
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(app_url[0])
        page.wait_for_selector("#rag-question textarea", timeout=60_000)
        yield page
        browser.close()


def _ask(page, question: str):
    """Type and send `question`; return the last bot message once its citation cards are there."""
    before = page.locator("#rag-chat [data-testid='bot']").count()
    box = page.locator("#rag-question textarea")
    box.fill(question)
    box.press("Enter")
    bot = page.locator("#rag-chat [data-testid='bot']").nth(before)
    bot.wait_for(timeout=60_000)
    # Streaming: some generated text is shown before the final message (with its cards) replaces it.
    page.wait_for_function(
        """n => { const m = document.querySelectorAll("#rag-chat [data-testid='bot']")[n];
                  return m && !m.querySelector('.rag-card') && m.innerText.trim() && !/Searching the briefs/.test(m.innerText); }""",
        arg=before, timeout=ANSWER_TIMEOUT_S * 1000, polling=100)
    page.wait_for_function(
        """n => { const m = document.querySelectorAll("#rag-chat [data-testid='bot']")[n];
                  return m && (m.querySelector('.rag-card') || /⚠️|do not say|没有找到/.test(m.innerText)); }""",
        arg=before, timeout=ANSWER_TIMEOUT_S * 1000, polling=500)
    assert bot.locator(".rag-card").count() >= 1, f"no citation cards; the answer was: {bot.inner_text()!r}"
    return bot


def _check_cards(bot, manifest: dict) -> None:
    known = {(d["title"], (d["date"] or "").replace("T", " ")) for d in manifest["documents"].values()}
    for i in range(bot.locator(".rag-card").count()):
        card = bot.locator(".rag-card").nth(i)
        title, meta = card.locator(".rag-title"), card.locator(".rag-meta")
        assert title.is_visible() and meta.is_visible()
        date = re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", meta.inner_text())
        assert date, meta.inner_text()
        assert (title.inner_text().strip(), date.group(0)) in known
    links = bot.locator("a.rag-cite")
    assert links.count() >= 1, bot.inner_text()
    for i in range(links.count()):  # every [n] in the answer points at a card of this answer
        target = links.nth(i).get_attribute("href")
        assert bot.locator(target).count() == 1, target


def test_chinese_question_streams_an_answer_with_citation_cards(page, app_url):
    bot = _ask(page, "汇聚科技涨了多少?")
    assert "汇聚科技" in bot.inner_text()
    _check_cards(bot, app_url[1])
    link = bot.locator("a.rag-cite").first
    link.click()  # scrolls to its card and opens a collapsed passage; stays on this page
    card = bot.locator(link.get_attribute("href"))
    if card.locator("details").count():
        assert card.locator("details").evaluate("d => d.open")
    assert len(page.context.pages) == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-zh.png"), full_page=True)


def test_english_follow_up_streams_an_answer_with_citation_cards(page, app_url):
    bot = _ask(page, "What did Microsoft spend on capex in fiscal Q2 2026?")
    assert re.search(r"37\.5|375", bot.inner_text()), bot.inner_text()
    _check_cards(bot, app_url[1])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-en.png"), full_page=True)
    page.locator("#rag-new-chat").click()
    page.wait_for_function("() => !document.querySelector(\"#rag-chat [data-testid='bot']\")", timeout=10_000)
