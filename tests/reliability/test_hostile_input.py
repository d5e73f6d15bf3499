"""Battery row 2: hostile input on every public page and query parameter answers < 500, with no leaked internals."""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TopicFactory
from tests.reliability.hostile import HOSTILE_STRINGS

pytestmark = pytest.mark.django_db

LEAK_MARKERS = (
    "Traceback",
    "SECRET_KEY",
    "django.db",
    "OperationalError",
    "IntegrityError",
    "sqlite3",
    "psycopg",
)
PARAMETERS = ["before", "after", "page", "q", "next", "utm_source"]


@pytest.fixture
def public_urls():
    section, topic, author, source = SectionFactory(), TopicFactory(), AuthorFactory(), SourceFactory()
    article = ArticleFactory(section=section, topics=[topic], authors=[author], sources=[source])
    return [
        "/",
        article.get_absolute_url(),
        section.get_absolute_url(),
        topic.get_absolute_url(),
        author.get_absolute_url(),
        source.get_absolute_url(),
        "/archive/",
        article.published_at.strftime("/archive/%Y/%m/"),
        article.published_at.strftime("/archive/%Y/%m/%d/"),
        "/logo.svg",
        "/corrections/",
    ]


def _assert_handled(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", "replace")
    for marker in LEAK_MARKERS:
        assert marker not in body


def test_hostile_query_parameters_on_every_public_page(public_urls):
    client = Client(raise_request_exception=False)
    for url in public_urls:
        for value in HOSTILE_STRINGS:
            _assert_handled(client.get(url, dict.fromkeys(PARAMETERS, value)))
            _assert_handled(client.get(url, {"before": value}))


def test_hostile_path_segments_are_4xx(public_urls):
    client = Client(raise_request_exception=False)
    prefixes = [
        "/news/1/",
        "/news/",
        "/section/",
        "/topic/",
        "/author/",
        "/source/",
        "/archive/",
        "/archive/2022/",
    ]
    for prefix in prefixes:
        for value in HOSTILE_STRINGS:
            response = client.get(prefix + quote(value.encode("utf-8", "surrogatepass"), safe="") + "/")
            _assert_handled(response)
            assert response.status_code >= 300


@pytest.mark.parametrize("raw_path", [b"/section/%ff%fe/", b"/news/1/%c3%28/", b"/%80", b"/topic/%ed%a0%80/"])
def test_non_utf8_paths_are_4xx(raw_path):
    response = Client(raise_request_exception=False).get(raw_path.decode("latin-1"))
    _assert_handled(response)
    assert 400 <= response.status_code < 500


def test_overlong_query_string_is_handled(public_urls):
    client = Client(raise_request_exception=False)
    for url in public_urls[:3]:
        _assert_handled(client.get(url + "?" + "&".join(f"p{i}={'x' * 50}" for i in range(400))))


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_public_pages_refuse_unsafe_methods_with_405(public_urls, method):
    client = Client(raise_request_exception=False)
    for url in public_urls:
        response = getattr(client, method)(url)
        assert response.status_code in {403, 405}, (url, response.status_code)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=300))
def test_any_cursor_text_is_handled(public_urls, value):
    client = Client(raise_request_exception=False)
    _assert_handled(client.get(public_urls[2], {"before": value, "after": value[::-1]}))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slug=st.text(min_size=1, max_size=120))
def test_any_article_slug_or_section_slug_is_handled(public_urls, slug):
    client = Client(raise_request_exception=False)
    encoded = quote(slug.encode("utf-8", "surrogatepass"), safe="")
    _assert_handled(client.get(f"/news/1/{encoded}/"))
    _assert_handled(client.get(f"/section/{encoded}/"))


@pytest.mark.parametrize(
    "path", ["/media/" + "a" * 5000, "/media/" + "a/" * 3000 + "x.jpg", "/media/%00.jpg"]
)
def test_impossible_file_names_under_media_are_404(path):
    response = Client(raise_request_exception=False).get(path)
    _assert_handled(response)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/newsroom/login/", "/my/account/"]
)
@pytest.mark.parametrize("charset", ["utf-16", "latin-1"])
def test_a_form_sent_in_another_charset_than_utf8_gets_the_400_page(path, charset):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # the CSRF cookie: with it, the CSRF check reads the form
    response = client.post(
        path, data="login=x", content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    _assert_handled(response)
    assert response.status_code == 400
    assert "UTF-8" in response.text


def test_the_api_answers_a_form_in_another_charset_in_json():
    response = Client(raise_request_exception=False).post(
        "/api/v1/images", data="alt_text=x", content_type="application/x-www-form-urlencoded; charset=utf-16"
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
