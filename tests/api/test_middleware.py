"""The headers the whole API shares: other origins may read what anyone may read, caches may keep it for a
minute, and nothing else is opened or stored; a Host the site does not serve is answered in JSON."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.signals import request_started

from tests.api.conftest import bearer
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

PARTNER = {"HTTP_ORIGIN": "https://partner.example"}
SHARED_FOR_A_MINUTE = {"public", "max-age=60"}


def preflight(client, path: str, method: str, headers: str = ""):
    return client.options(
        path,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        **({"HTTP_ACCESS_CONTROL_REQUEST_HEADERS": headers} if headers else {}),
        **PARTNER,
    )


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


# -- other origins ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/sections", "/api/v1/articles/999999"])
def test_any_origin_may_read_what_anyone_may_read_errors_included(client, path):
    response = client.get(path, **PARTNER)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_a_cross_origin_script_may_read_the_etag_and_retry_after(client):
    exposed = client.get("/api/v1/articles", **PARTNER)["Access-Control-Expose-Headers"]
    assert {"ETag", "Retry-After"} <= {name.strip() for name in exposed.split(",")}


def test_a_preflight_for_a_read_is_answered_with_reads_only(client):
    response = preflight(client, "/api/v1/articles", "GET", "if-none-match")
    assert response.status_code == 204
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "if-none-match" in response["Access-Control-Allow-Headers"].lower()


def test_a_preflight_offers_no_token_header_and_no_credentials(client):
    """Without Authorization in the answer, a browser will not send a key from another origin at all."""
    response = preflight(client, "/api/v1/drafts", "GET", "authorization")
    assert "authorization" not in response["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("method", ["PATCH", "PUT", "DELETE"])  # POST: the next test
def test_a_preflight_for_a_write_offers_no_write_method(client, method):
    response = preflight(client, "/api/v1/drafts", method, "authorization, content-type")
    assert method not in response["Access-Control-Allow-Methods"].split(", ")


def test_a_preflight_for_a_json_body_is_refused_its_content_type(client):
    """POST is always allowed by CORS, whatever Allow-Methods says: the JSON body's header is what a preflight can
    refuse, and with it the request is never sent (the browser test below watches for it)."""
    response = preflight(client, "/api/v1/drafts", "POST", "content-type")
    assert "content-type" not in response["Access-Control-Allow-Headers"].lower()


def test_an_answer_to_a_token_is_not_opened_to_other_origins(client, editor_key):
    response = client.get("/api/v1/articles", **bearer(editor_key), **PARTNER)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_an_answer_to_a_write_is_not_opened_to_other_origins(client):
    response = client.post("/api/v1/drafts", {}, content_type="application/json", **PARTNER)
    assert response.status_code == 401
    assert "Access-Control-Allow-Origin" not in response


def test_cors_stays_off_the_site_pages(client):
    SectionFactory()
    assert "Access-Control-Allow-Origin" not in client.get("/", **PARTNER)


def test_the_readers_own_endpoint_is_neither_opened_nor_shared(client):
    """/api/me answers from the visitor's session: it keeps its own headers (never_cache) and no CORS."""
    response = client.get("/api/me", **PARTNER)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "public" not in directives(response)
    assert preflight(client, "/api/me", "GET").status_code != 204


class PartnerPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>A partner's app</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner_origin():
    """A page on another origin, served for real: Playwright answers preflights itself once a route is set."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PartnerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


@pytest.fixture
def requests_seen():
    """What reached Django (live_server runs in this process), as method, path and whether a key came with it."""
    seen = []

    def record(sender, environ, **kwargs):
        seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], "HTTP_AUTHORIZATION" in environ))

    request_started.connect(record)
    yield seen
    request_started.disconnect(record)


FETCH = (
    "([url, init]) => fetch(url, init).then(r => r.json()).then(body => body, error => 'refused: ' + error)"
)


@pytest.fixture
def story():
    # Made before the browser starts: ORM calls inside Playwright's sync API get a database connection of their own
    # that nothing closes, and PostgreSQL then cannot drop the test database.
    return ArticleFactory(headline="Readable from a partner's app")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_browser_on_another_origin_reads_stories_but_sends_no_key_and_no_write(
    live_server, story, chromium, partner_origin, requests_seen
):
    page = chromium.new_page()
    page.goto(partner_origin)  # another host name and port than live_server's
    api = f"{live_server.url}/api/v1"

    listed = page.evaluate(FETCH, [f"{api}/articles", {}])
    keyed = page.evaluate(FETCH, [f"{api}/drafts", {"headers": {"Authorization": "Bearer ndk_any_key"}}])
    write = {"method": "POST", "headers": {"Content-Type": "application/json"}, "body": "{}"}
    written = page.evaluate(FETCH, [f"{api}/drafts", write])

    assert listed["items"][0]["headline"] == story.headline
    assert keyed.startswith("refused") and written.startswith("refused")
    assert not any(with_key for _, _, with_key in requests_seen)  # the browser never sent the key
    assert ("POST", "/api/v1/drafts", False) not in requests_seen  # nor the write
    assert ("GET", "/api/v1/articles", False) in requests_seen  # the watch works: the read arrived


# -- caches -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "head"])
def test_an_anonymous_read_is_kept_by_shared_caches_for_a_minute(client, method):
    response = getattr(client, method)("/api/v1/articles")
    assert response.status_code == 200
    assert directives(response) == SHARED_FOR_A_MINUTE
    assert "Authorization" in response["Vary"]  # a token's request to the same address is answered privately


def test_an_anonymous_read_answers_304_to_its_own_etag(client):
    ArticleFactory()
    etag = client.get("/api/v1/articles")["ETag"]
    response = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag, **PARTNER)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Access-Control-Allow-Origin"] == "*"
    assert directives(response) == SHARED_FOR_A_MINUTE


def test_a_changed_list_answers_its_new_body_to_the_old_etag(client):
    etag = client.get("/api/v1/articles")["ETag"]
    story = ArticleFactory()
    response = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [story.pk]
    assert response["ETag"] != etag


def test_an_if_match_for_another_version_answers_412_json(client):
    response = client.get("/api/v1/articles", HTTP_IF_MATCH='"not-this-one"')
    assert response.status_code == 412
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in directives(response)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/articles/999999", 404),
        ("/api/v1/nothing-here", 404),
        ("/api/v1/articles?limit=x", 400),
        ("/api/v1/drafts", 401),
        ("/api/v1/images", 405),
    ],
)
def test_an_error_to_an_anonymous_read_is_never_stored(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert "no-store" in directives(response)
    assert "public" not in directives(response)
    assert "ETag" not in response


def test_a_rate_limited_read_is_never_stored(client, settings):
    settings.NEWSDESK_API_RATES = {"anonymous": (1, 60)}
    client.get("/api/v1/sections")
    response = client.get("/api/v1/sections")
    assert response.status_code == 429
    assert "no-store" in directives(response)


def test_an_answer_to_a_token_is_not_marked_public(client, editor_key):
    response = client.get("/api/v1/articles", **bearer(editor_key))
    assert "public" not in directives(response)
    assert {"private", "no-store"} <= directives(response)


# -- hosts the site does not serve ------------------------------------------------------------------------------


def is_json_400(response) -> bool:
    return (
        response.status_code == 400
        and response["Content-Type"].startswith("application/json")
        and "Host" in response.json()["error"]
    )


@pytest.mark.parametrize(
    "host", ["evil.example", "", "two words", "[::1", "example.com:80:80", "ünïcode.example"]
)
@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/nothing-here", "/api/v1/"])
def test_a_host_the_site_does_not_serve_answers_json_400_in_the_api(client, host, path):
    assert is_json_400(client.get(path, HTTP_HOST=host))


def test_a_bad_host_answers_json_before_the_https_redirect_reads_it(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert is_json_400(client.get("/api/v1/articles", HTTP_HOST="evil.example"))
    assert is_json_400(
        client.post("/api/v1/drafts", {}, content_type="application/json", HTTP_HOST="evil.example")
    )


def test_a_bad_host_is_logged_as_django_logs_it(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        client.get("/api/v1/articles", HTTP_HOST="evil.example")
    [record] = [record for record in caplog.records if record.name == "django.security.DisallowedHost"]
    assert "evil.example" in record.getMessage()
    assert record.status_code == 400


def test_a_bad_host_outside_the_api_keeps_the_sites_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
