"""Browser fixtures: one headless Chromium (Debian's, driven by Playwright's sync API) for the whole browser package,
a fresh context per test.

Playwright's sync API keeps an asyncio event loop running in the test thread from start() to stop(), and Django
refuses ORM calls from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The variable is set
only while the browser tests run (not at import time): set for the whole session, it would disable Django's
async-safety checks in every other test and leak into subprocesses, and `newsdesk check --deploy`
(tests/reliability) rightly fails on it (async.E001).
"""

import functools
from pathlib import Path

import pytest

from newsdesk.demo import illustrations

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
AXE = REPO_ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="package", autouse=True)
def allow_orm_beside_playwright_loop():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(allow_orm_beside_playwright_loop):
    """Launched once for all tests in tests/browser and closed after them, so its event loop ends with them."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: cannot drive it, playwright does not import ({error})"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Factory for browser contexts (viewport, colour scheme...); every context is closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


# Demo pictures depend only on their seed: draw each once per session (landscapes at thumbnail size), not per test.
small_landscape = functools.cache(functools.partial(illustrations.landscape, width=480, height=270))
cached_portrait = functools.cache(illustrations.portrait)


@pytest.fixture
def demo(monkeypatch, settings, tmp_path):
    """The demo newsroom, with small pictures (the loader is not under test here). Returns the reference article.

    live_server tests run with transaction=True, which flushes the database after each test, so every test
    loads its own copy.
    """
    from newsdesk.demo.loader import load_demo

    settings.DATA_DIR = tmp_path
    # The loader sets three staff passwords: PBKDF2 would take half the load time, and no test here signs in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(illustrations, "landscape", small_landscape)
    monkeypatch.setattr(illustrations, "portrait", cached_portrait)
    reference_article, _logins = load_demo()
    return reference_article


@pytest.fixture
def axe_script():
    if not AXE.exists():
        pytest.skip("axe-core not installed: run `make test-tools` (needs npm)")
    return AXE


@pytest.fixture
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
