"""Playwright (sync API) driving Debian's Chromium against the real stack.

No `playwright install`: the browser is the system's /usr/bin/chromium (the Makefile installs it).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ARTIFACTS

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright n'est pas installé dans .venv-api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
REPLY_TIMEOUT_S = 60


# Package scope: Playwright's sync API keeps an event loop running while the browser lives,
# which would break asyncio in the tests that run after these.
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):  # `make test` installs it: missing in CI is a failure, not a skip
            pytest.fail("/usr/bin/chromium absent alors que `make test` l'installe")
        pytest.skip("/usr/bin/chromium absent : apt-get install chromium (fait par le Makefile)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Recorder:
    """Everything a page asked for, and what the browser complained about (CSP included)."""

    urls: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", self._watch)

    def _watch(self, page) -> None:
        page.on("websocket", lambda ws: self.urls.append(ws.url))
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def foreign(self, base_url: str) -> list[str]:
        """URLs not on the gateway's own host and port (data: and blob: are local)."""
        own = urlparse(base_url).netloc
        return [
            u
            for u in self.urls
            if not u.startswith(("data:", "blob:", "about:")) and urlparse(u).netloc != own
        ]

    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e or "pageerror" in e]


@pytest.fixture
def new_context(browser, stack):
    """Factory: a fresh browser context (own storage) at a viewport, recording its requests."""
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(
            viewport=viewport, locale="fr-FR", timezone_id="Europe/Paris", base_url=stack.gateway_url
        )
        context.set_default_timeout(15_000)
        recorder = Recorder()
        recorder.attach(context)
        context.recorder = recorder
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


ACTIVE_JS = """() => {
  const host = document.getElementById('triage-widget');
  const a = host && host.shadowRoot ? host.shadowRoot.activeElement : null;
  if (!a) return {inWidget: false, tag: document.activeElement && document.activeElement.tagName};
  const style = getComputedStyle(a);
  return {inWidget: true, tag: a.tagName, cls: a.className || '', text: (a.textContent || '').trim(),
          label: a.getAttribute('aria-label') || '', outline: style.outlineStyle, outlineWidth: style.outlineWidth};
}"""


class Widget:
    """The patient widget on the demo page, driven as a patient would."""

    def __init__(self, page):
        self.page = page
        self.launcher = page.locator(".tw-launcher")
        self.panel = page.locator(".tw-panel")
        self.input = page.get_by_role("textbox", name="Votre message")
        self.card = page.locator(".tw-card")

    def goto(self):
        self.page.goto("/")
        sync_api.expect(self.launcher).to_be_visible()
        return self

    def open(self):
        self.launcher.click()
        sync_api.expect(self.panel).to_be_visible()
        return self

    def answers(self):
        return self.page.locator(".tw-msg--bot, .tw-msg--system, .tw-msg--clinician")

    def quick_titles(self) -> list[str]:
        return [t.strip() for t in self.page.locator(".tw-quick__btn").all_inner_texts()]

    def last_answer(self) -> str:
        answers = self.answers()
        return answers.nth(answers.count() - 1).inner_text() if answers.count() else ""

    def settle(self, before: int, timeout: float = REPLY_TIMEOUT_S) -> None:
        """Wait for at least one new answer, then for the answers to stop arriving."""
        deadline = time.monotonic() + timeout
        while self.answers().count() <= before:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"pas de réponse en {timeout} s ; dernier message : {self.last_answer()!r}"
                )
            self.page.wait_for_timeout(100)
        stable_since, count = time.monotonic(), self.answers().count()
        while time.monotonic() - stable_since < 1.0 and time.monotonic() < deadline:
            self.page.wait_for_timeout(150)
            now = self.answers().count()
            if now != count:
                stable_since, count = time.monotonic(), now

    def wait_first_answer(self) -> None:
        self.settle(0)

    def say(self, text: str) -> None:
        before = self.answers().count()
        self.input.fill(text)
        self.input.press("Enter")
        self.settle(before)

    def pick(self, title: str) -> None:
        before = self.answers().count()
        self.page.locator(".tw-quick__btn", has_text=title).first.click()
        self.settle(before)

    def consent(self) -> None:
        self.wait_first_answer()
        assert "J'accepte" in self.quick_titles(), self.quick_titles()
        self.pick("J'accepte")

    def answer_until_result(self, answers: dict[str, str], default: str = "Non", max_turns: int = 20) -> None:
        for _ in range(max_turns):
            if self.card.count():
                return
            question = self.last_answer().lower()
            reply = next((v for k, v in answers.items() if k in question), default)
            button = next((t for t in self.quick_titles() if t.lower() == reply.lower()), None)
            if button:
                self.pick(button)
            else:
                self.say(reply)
        raise AssertionError(f"pas de résultat après {max_turns} tours : {self.last_answer()!r}")

    def conversation_id(self) -> str:
        return self.page.evaluate("JSON.parse(localStorage.getItem('triage-widget:conversation')).id")

    def active(self) -> dict:
        return self.page.evaluate(ACTIVE_JS)
