"""The OpenAPI schema and the docs page: served from this origin only, and working under the site's CSP."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.inline_scripts, self.inline_styles = [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if "style" in attrs:
            self.inline_styles.append(attrs["style"])
        if tag == "style":
            self.inline_styles.append("<style>")
        if tag == "script":
            self._in_script = attrs

    def handle_data(self, data):
        if self._in_script is not None and data.strip() and self._in_script.get("type") != "application/json":
            self.inline_scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def test_openapi_schema_describes_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {
        "/api/v1/articles",
        "/api/v1/articles/{pk}",
        "/api/v1/sections",
        "/api/v1/sections/{slug}",
        "/api/v1/topics",
        "/api/v1/topics/{slug}",
        "/api/v1/authors",
        "/api/v1/authors/{slug}",
        "/api/v1/sources",
        "/api/v1/sources/{slug}",
        "/api/v1/search",
        "/api/v1/drafts",
        "/api/v1/drafts/{pk}",
        "/api/v1/drafts/{pk}/moves",
        "/api/v1/images",
    }
    assert response.json()["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_docs_page_loads_and_uses_only_local_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = Assets()
    page.feed(response.content.decode())
    assert "/static/ninja/swagger-ui-bundle.js" in page.urls
    assert "/static/ninja/swagger-ui.css" in page.urls
    assert [url for url in page.urls if not url.startswith("/static/")] == []
    assert page.inline_scripts == []
    assert page.inline_styles == []


def test_docs_page_is_sent_with_the_site_csp(client):
    policy = client.get("/api/v1/docs")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_page_renders_every_operation_in_a_browser_without_csp_violations(live_server, chromium):
    """Swagger UI must draw the operations from /static/ alone: no request leaves this origin, no console error,
    and no CSP violation (which Chromium reports on the console)."""
    page = chromium.new_page()
    problems, foreign = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda exception: problems.append(str(exception)))
    page.on(
        "request",
        lambda request: (
            request.url.startswith(("http:", "https:"))
            and not request.url.startswith(live_server.url)
            and foreign.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() == 17  # one per operation in the schema
    assert problems == []
    assert foreign == []
