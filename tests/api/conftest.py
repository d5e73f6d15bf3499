from pathlib import Path

import pytest

from newsdesk.api.models import ApiToken, Scope
from tests.factories import staff

ALL_SCOPES = [scope.value for scope in Scope]
CHROMIUM = Path("/usr/bin/chromium")


def issue_token(owner, scopes=ALL_SCOPES, **fields) -> tuple[ApiToken, str]:
    token = ApiToken(name="Test integration", owner=owner, scopes=list(scopes), **fields)
    key = token.set_new_key()
    token.save()
    return token, key


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def editor():
    return staff("Editor")


@pytest.fixture
def editor_key(editor) -> str:
    return issue_token(editor)[1]


@pytest.fixture
def chromium(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls beside one otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()
