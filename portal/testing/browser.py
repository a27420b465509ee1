"""Headless Debian Chromium (Playwright) for end-to-end tests against pytest-django's live server."""

import contextlib
import os
import shutil
import threading
import time

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def wait_for_live_server_idle(timeout: float = 10.0) -> None:
    """Let the live server finish every request it is still serving (a page's last fetch, a queued replay).

    The database is flushed right after a browser test; a request still writing then makes the flush fail
    ("couldn't be flushed") and leaves rows that break the next test on that worker."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    # Before any fixture is torn down (the test's own browser contexts are closed by now).
    if item.get_closest_marker("browser"):
        wait_for_live_server_idle()
    yield


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: install the Debian package chromium (bin/setup --test does)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context (own cookies) at a tablet-ish desktop size."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    wait_for_live_server_idle()


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # Home, or the start page a module gives its own users (portal/landing.py): any page but the sign-in one.
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/accounts/login/" not in url)


# --- what a floor user sees: shared assertions of the floor pages' browser tests ----------------------------------
def in_view(page, selector: str) -> bool:
    """The first element matching ``selector`` lies wholly inside the viewport (no scrolling needed to reach it)."""
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= size["width"])


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# WCAG contrast ratio of an element's text against the first opaque background behind it (evaluate on a locator)
CONTRAST = """el => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lin = (v) => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; };
  const lum = (c) => { const [r, g, b] = rgb(c).map(lin); return .2126 * r + .7152 * g + .0722 * b; };
  let bg = "rgba(0, 0, 0, 0)", node = el;
  while (node && (bg === "rgba(0, 0, 0, 0)" || bg === "transparent")) {
    bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
  const a = lum(getComputedStyle(el).color), b = lum(bg);
  return (Math.max(a, b) + .05) / (Math.min(a, b) + .05);
}"""


def floor_context(chromium, size: dict, **kwargs):
    """A touch browser context at ``size`` (``{"width": .., "height": ..}``), phones flagged mobile."""
    return chromium.new_context(viewport=size, has_touch=True, is_mobile=size["width"] < 600,
                                locale=kwargs.pop("locale", "en-US"), **kwargs)


@contextlib.contextmanager
def floor_page(chromium, size: dict, timeout_ms: int = 20000, **kwargs):
    """A page in a fresh ``floor_context``; ``page.console_errors`` collects the console's errors."""
    with _page_in(floor_context(chromium, size, **kwargs), timeout_ms) as page:
        yield page


DESK = {"width": 1440, "height": 900}


@contextlib.contextmanager
def desk_page(chromium, size: dict = DESK, timeout_ms: int = 15000, **kwargs):
    """A page of an office screen (no touch; 1440×900 unless told) in a fresh context; ``page.console_errors``
    collects the console's errors and the page's uncaught exceptions."""
    context = chromium.new_context(viewport=size, locale=kwargs.pop("locale", "en-US"), **kwargs)
    with _page_in(context, timeout_ms) as page:
        yield page


@contextlib.contextmanager
def _page_in(context, timeout_ms: int):
    """A page of ``context`` collecting its errors; closed with its context once the live server is idle."""
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    watch_errors(page)
    try:
        yield page
    finally:
        context.close()
        wait_for_live_server_idle()


def watch_errors(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions in ``page.console_errors`` (and return it)."""
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return page.console_errors
