import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from newsdesk.pagecache import http
from newsdesk.pagecache.cache import page_cache
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SourceFactory, TopicFactory, UserFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(topics=[TopicFactory()], sources=[SourceFactory()])


def public_paths(article) -> list[str]:
    author = article.bylines.first().author
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        article.topics.first().get_absolute_url(),
        author.get_absolute_url(),
        article.cited_sources.first().source.get_absolute_url(),
        "/archive/",
        f"/archive/{article.published_at:%Y/%m}/",
        "/feeds/rss/",
        "/feeds/atom/",
        f"{article.section.get_absolute_url()}rss/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/corrections/",
    ]


def test_every_public_page_is_a_miss_then_a_hit(layer, article):
    for path in public_paths(article):
        first, second = layer.get(path), layer.get(path)
        assert (first.status, first.headers["X-Page-Cache"]) == (200, "miss"), path
        assert (second.status, second.headers["X-Page-Cache"]) == (200, "hit"), path


def test_a_page_from_the_cache_is_byte_identical_to_the_page_django_renders(layer, article):
    for path in public_paths(article):
        layer.get(path)
        cached = layer.get(path)
        assert cached.headers["X-Page-Cache"] == "hit"
        assert cached.body == Client().get(path).content, path


def test_settings_changed_at_run_time_reach_the_hit_path(layer, article, settings):
    """The hit path reads its settings once; a changed setting (override_settings, a test) is picked up."""
    layer.get(article.get_absolute_url())
    settings.PAGECACHE_STALE_WHILE_REVALIDATE = 7
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    answer = layer.get(article.get_absolute_url(), X_FORWARDED_PROTO="https")
    assert answer.headers["X-Page-Cache"] == "miss"  # an https page is cached apart from the http one
    assert answer.headers["Cache-Control"].endswith("stale-while-revalidate=7")


def test_a_hit_does_not_enter_django(layer, article, django_assert_num_queries, monkeypatch):
    layer.get(article.get_absolute_url())
    monkeypatch.setattr(layer.application, "application", None)  # any call into Django would raise
    with django_assert_num_queries(0):
        assert layer.get(article.get_absolute_url()).headers["X-Page-Cache"] == "hit"


def test_cached_pages_carry_validators_cache_control_and_surrogate_keys(layer, article):
    answer = layer.get(article.get_absolute_url())
    keys = answer.headers["Surrogate-Key"].split()
    author = article.bylines.first().author
    for key in (
        f"article-{article.pk}",
        f"section-{article.section_id}",
        f"author-{author.pk}",
        "site",
        "nav",
    ):
        assert key in keys
    assert answer.headers["Cache-Tag"].split(",") == keys
    assert answer.headers["ETag"].startswith('"')
    assert answer.headers["Last-Modified"].endswith("GMT")
    control = answer.headers["Cache-Control"]
    assert "public" in control and "s-maxage=" in control and "stale-while-revalidate=" in control


def test_if_none_match_gets_304_without_a_body(layer, article):
    path = article.get_absolute_url()
    etag = layer.get(path).headers["ETag"]
    answer = layer.get(path, if_none_match=etag)
    assert (answer.status, answer.body) == (304, b"")
    assert answer.headers["ETag"] == etag and "Content-Type" not in answer.headers
    assert layer.get(path, if_none_match='"something-else"').status == 200
    assert layer.get(path, if_none_match=f'"x", W/{etag}').status == 304


def test_if_modified_since_gets_304_only_when_nothing_changed_since(layer, article):
    path = article.get_absolute_url()
    last_modified = layer.get(path).headers["Last-Modified"]
    assert layer.get(path, if_modified_since=last_modified).status == 304
    earlier = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert layer.get(path, if_modified_since=earlier).status == 200
    assert layer.get(path, if_modified_since="not a date").status == 200


def test_if_none_match_wins_over_if_modified_since(layer, article):
    path = article.get_absolute_url()
    last_modified = layer.get(path).headers["Last-Modified"]
    assert layer.get(path, if_none_match='"other"', if_modified_since=last_modified).status == 200


def test_head_is_answered_from_the_cache_without_a_body(layer, article):
    path = article.get_absolute_url()
    get = layer.get(path)
    head = layer.request("HEAD", path)
    assert (head.status, head.body, head.headers["X-Page-Cache"]) == (200, b"", "hit")
    assert head.headers["ETag"] == get.headers["ETag"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_other_methods_bypass_the_cache(layer, article, method, stored):
    path = article.get_absolute_url()
    layer.get(path)
    answer = layer.request(method, path)
    # Django answers (CSRF refuses a POST, the view refuses the rest), not the cache.
    assert "X-Page-Cache" not in answer.headers and answer.status in (403, 405)


@pytest.mark.parametrize(
    "path", ["/newsroom/login/", "/api/v1/articles", "/search/", "/newsroom/", "/robots.txt"]
)
def test_staff_pages_the_api_search_and_unmarked_pages_are_never_stored(layer, article, path, stored):
    layer.get(path, query="q=story" if path == "/search/" else "")
    second = layer.get(path, query="q=story" if path == "/search/" else "")
    assert second.headers.get("X-Page-Cache") != "hit"
    assert stored() == set()


def test_a_query_string_no_page_reads_bypasses_the_cache(layer, article, stored):
    answer = layer.get("/", query="x=1")
    assert "X-Page-Cache" not in answer.headers and stored() == set()


def test_tracking_parameters_share_the_page_without_them(layer, article, stored):
    path = article.get_absolute_url()
    plain = layer.get(path)
    shared = layer.get(path, query="utm_source=x&utm_medium=social&fbclid=abc")
    assert shared.headers["X-Page-Cache"] == "hit" and shared.body == plain.body
    assert stored() == {path}


def test_pager_cursors_are_cached_as_separate_pages(layer, stored):
    articles = ArticleFactory.create_batch(3)
    section_path = articles[0].section.get_absolute_url()
    layer.get(section_path)
    layer.get(section_path, query="before=1.1")
    assert stored() == {section_path, f"{section_path}?before=1.1"}


def test_bad_pager_cursors_and_odd_queries_never_500(layer, article, stored):
    section_path = article.section.get_absolute_url()
    assert layer.get(section_path, query="before=nonsense").status == 400
    assert layer.get(section_path, query="before=1&before=2").status in (200, 400)
    assert layer.get(section_path, query="%ff%fe=%00").status == 200
    assert stored() == set()


def test_a_page_that_ignores_cursors_is_not_stored_under_one(layer, article, stored):
    assert layer.get("/", query="before=1.1").status == 200
    assert layer.get(article.get_absolute_url(), query="after=1.1").status == 200
    assert stored() == set()


def test_not_found_and_redirects_are_not_stored(layer, article, stored):
    assert layer.get("/section/no-such-section/").status == 404
    assert layer.get(f"/news/{article.pk}/old-slug/").status == 301
    assert layer.get(f"/news/{article.pk}/").status == 301
    assert stored() == set()


def test_hosts_are_cached_apart(layer, article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    path = article.get_absolute_url()
    layer.get(path)
    other = layer.get(path, host="other.example")
    assert other.headers["X-Page-Cache"] == "miss" and b"other.example" in other.body


def test_an_empty_host_header_is_refused_even_for_the_servers_own_stored_page(layer, article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    path = article.get_absolute_url()
    server = "127.0.0.1:80"  # SERVER_NAME:SERVER_PORT of the test requests
    assert layer.get(path, host=server).status == 200
    assert layer.get(path, host=server).headers["X-Page-Cache"] == "hit"
    assert layer.get(path, host="").status == 400


@pytest.mark.parametrize(
    "variant", ["TESTSERVER", "testserver:1111", "testserver.", "testserver.:80", "TestServer:80"]
)
def test_odd_ports_and_spellings_of_an_allowed_host_are_answered_but_never_stored(
    layer, article, stored, variant
):
    """Django accepts them all; stored, each would be one more copy of a page, at the asker's choosing."""
    path = article.get_absolute_url()
    for _ in range(2):
        answer = layer.get(path, host=variant)
        assert answer.status == 200 and "X-Page-Cache" not in answer.headers
    assert stored() == set()


@pytest.mark.parametrize("host", ["testserver", "testserver:80", "testserver:443"])
def test_the_host_as_browsers_and_proxies_send_it_is_cached(layer, article, host):
    path = article.get_absolute_url()
    layer.get(path, host=host)
    assert layer.get(path, host=host).headers["X-Page-Cache"] == "hit"


def test_a_disallowed_host_is_refused_and_not_stored(layer, article, stored):
    assert layer.get(article.get_absolute_url(), host="evil.example").status == 400
    assert stored() == set()


def test_a_response_that_sets_a_cookie_is_not_stored(layer, article, stored, monkeypatch):
    from newsdesk.news import views

    original = views.render

    def render_with_cookie(*args, **kwargs):
        response = original(*args, **kwargs)
        response.set_cookie("tracker", "1")
        return response

    monkeypatch.setattr(views, "render", render_with_cookie)
    answer = layer.get("/")
    assert "tracker" in answer.headers.get("Set-Cookie", "")
    assert stored() == set()


def test_no_private_data_in_any_cached_page(layer, article):
    """Signed-in staff and readers load every public page; nothing of theirs may end up in the cache."""
    editor = staff("Editor", username="edna-the-editor", first_name="Edna")
    reader = UserFactory(username="rhea-the-reader", first_name="Rhea")
    secrets = [b"edna-the-editor", b"rhea-the-reader", b"Edna", b"Rhea", b"csrf", b"sessionid"]
    for user in (editor, reader):
        client = Client()
        client.force_login(user)
        session_id = client.cookies["sessionid"].value
        secrets.append(session_id.encode())
        for path in public_paths(article):
            answer = layer.get(path, cookies={"sessionid": session_id, "csrftoken": "a" * 32})
            assert answer.status == 200 and "Set-Cookie" not in answer.headers, path
    cache = page_cache()
    entries = [cache.shared.get(url) for url in cache.shared.urls()]
    assert len(entries) == len(public_paths(article))
    for entry in entries:
        blob = entry.body + repr(entry.headers).encode()
        assert not [secret for secret in secrets if secret in blob], entry.url
        assert not any(name.lower() == "set-cookie" for name, _ in entry.headers)
        assert [value for name, value in entry.headers if name.lower() == "vary"] in ([], ["Accept-Encoding"])


def test_signed_in_readers_get_the_same_cached_page(layer, article):
    path = article.get_absolute_url()
    anonymous = layer.get(path)
    client = Client()
    client.force_login(UserFactory())
    signed_in = layer.get(path, cookies={"sessionid": client.cookies["sessionid"].value})
    assert signed_in.headers["X-Page-Cache"] == "hit" and signed_in.body == anonymous.body


def test_a_page_is_not_kept_past_the_next_scheduled_story(layer, article, stored, time_machine):
    """The scheduled story goes public by the clock, with no purge: the pages must expire at its time."""
    time_machine.move_to(timezone.now(), tick=False)
    ArticleFactory(
        status="scheduled",
        published_at=timezone.now() + timedelta(seconds=20),
        section=article.section,
        authors=[AuthorFactory()],
    )
    first = layer.get("/")
    assert "s-maxage=20," in first.headers["Cache-Control"]
    time_machine.shift(timedelta(seconds=21))
    fresh = layer.get("/")
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert fresh.body != first.body


def test_without_scheduled_stories_pages_live_the_configured_age(layer, article, settings, time_machine):
    time_machine.move_to(timezone.now().replace(hour=10), tick=False)
    settings.PAGECACHE_MAX_AGE = 120
    assert "s-maxage=120," in layer.get("/").headers["Cache-Control"]


def test_a_page_using_a_csp_nonce_is_not_stored(layer, article, stored, monkeypatch):
    from newsdesk.news import views

    original = views.render

    def render_with_nonce(request, *args, **kwargs):
        response = original(request, *args, **kwargs)
        response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"
        return response

    monkeypatch.setattr(views, "render", render_with_nonce)
    layer.get("/")
    assert stored() == set()


def test_purge_pages_command_purges_by_key_or_everything(layer, article, stored):
    from io import StringIO

    from django.core.management import call_command

    layer.get("/")
    layer.get(article.get_absolute_url())
    out = StringIO()
    call_command("purge_pages", "home", stdout=out)
    assert stored() == {article.get_absolute_url()} and "Purged 1 pages." in out.getvalue()
    call_command("purge_pages", "--all", stdout=out)
    assert stored() == set()


def test_a_304_repeats_the_validators_and_cache_control(layer, article):
    path = article.get_absolute_url()
    etag = layer.get(path).headers["ETag"]
    answer = layer.get(path, if_none_match=etag)
    assert {"ETag", "Last-Modified", "Cache-Control", "Surrogate-Key"} <= set(answer.headers)


@pytest.mark.parametrize("path", ["/section/\xff\xfe/", "/news/1/\x00/", "//", "/" + "a" * 5000 + "/"])
def test_odd_paths_never_500(layer, article, path, stored):
    assert layer.get(path).status in (301, 400, 404)
    assert stored() == set()


def at_once(layer, monkeypatch, path: str, *, readers: int, render_seconds: float):
    """`readers` threads ask for `path` at the same moment while each render Django does takes render_seconds.
    Returns the answers and the paths Django rendered."""
    SiteSettings.load()  # as migrations leave it; a flush by an earlier transactional test removes the row
    django_handler = layer.application.application
    renders = []

    def slow_handler(environ, start_response):
        renders.append(environ["PATH_INFO"])
        time.sleep(render_seconds)  # long enough for every other thread to arrive while this render runs
        return django_handler(environ, start_response)

    monkeypatch.setattr(layer.application, "application", slow_handler)
    start = threading.Barrier(readers)
    answers = []

    def reader():
        start.wait()
        try:
            answers.append(layer.get(path))
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, renders


@pytest.mark.django_db(transaction=True)
def test_simultaneous_misses_for_one_page_render_it_once(layer, article, monkeypatch):
    """A purged page under a spike: the requests that arrive while it renders wait for that render."""
    path = article.get_absolute_url()
    answers, renders = at_once(layer, monkeypatch, path, readers=5, render_seconds=0.3)
    assert renders == [path]
    assert sorted(answer.headers["X-Page-Cache"] for answer in answers) == ["hit"] * 4 + ["miss"]
    assert len({answer.body for answer in answers}) == 1


@pytest.mark.django_db(transaction=True)
def test_requests_waiting_on_a_page_that_is_not_stored_render_it_themselves(layer, monkeypatch):
    answers, renders = at_once(layer, monkeypatch, "/news/999999/missing/", readers=3, render_seconds=0.2)
    assert [answer.status for answer in answers] == [404, 404, 404] and len(renders) == 3


@pytest.mark.django_db(transaction=True)
def test_waiting_requests_whose_render_a_purge_refused_render_it_once_more(layer, article, monkeypatch):
    path = article.get_absolute_url()
    real_lifetime = http.lifetime
    purged = []

    def purge_during_the_first_render(started):
        if not purged:
            purged.append(page_cache().purge(["nothing-cached"]))  # any purge moves the signal on
        return real_lifetime(started)

    monkeypatch.setattr(http, "lifetime", purge_during_the_first_render)
    answers, renders = at_once(layer, monkeypatch, path, readers=5, render_seconds=0.3)
    assert renders == [path, path]  # the refused render, then one more for everyone still waiting
    assert sorted(answer.headers["X-Page-Cache"] for answer in answers) == ["hit"] * 3 + ["miss"] * 2


def test_answers_the_cache_does_not_keep_tell_shared_caches_to_ask_again(layer, article):
    """Left unsaid, a CDN keeps a 404 for a story about to go live, or a redirect, for its own default lifetime."""
    for path, query, status in [
        ("/section/no-such-section/", "", 404),
        (f"/news/{article.pk}/old-slug/", "", 301),
        # A query parameter no page reads: Django answers past the cache, and nothing may keep it either.
        (article.get_absolute_url(), "ref=twitter", 200),
    ]:
        answer = layer.get(path, query=query)
        assert (answer.status, answer.headers.get("Cache-Control")) == (status, "no-cache"), path
    # A view's own choice stands: search results may be shared briefly, though no purge reaches them.
    search = layer.get("/search/", query="q=story")
    assert search.headers["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_an_answer_that_sets_a_cookie_is_marked_private_when_it_said_nothing(layer):
    from newsdesk.pagecache.http import with_default_cache_control

    assert with_default_cache_control([("Set-Cookie", "csrftoken=x")])[-1] == (
        "Cache-Control",
        "private, no-cache",
    )
    assert with_default_cache_control([("Vary", "Accept-Encoding, Cookie")])[-1] == (
        "Cache-Control",
        "private, no-cache",
    )
    kept = [("Cache-Control", "max-age=60")]
    assert with_default_cache_control(kept) == kept


def test_a_head_that_misses_is_answered_without_a_body_and_keeps_the_page_for_the_gets_after_it(
    layer, article
):
    path = article.get_absolute_url()
    head = layer.request("HEAD", path)
    assert (head.status, head.body, head.headers["X-Page-Cache"]) == (200, b"", "miss")
    assert "s-maxage=" in head.headers["Cache-Control"]
    get = layer.get(path)
    assert (get.headers["X-Page-Cache"], get.headers["ETag"]) == ("hit", head.headers["ETag"])
    assert get.body == Client().get(path).content
    missing = layer.request("HEAD", "/section/no-such-section/")
    assert (missing.status, missing.body) == (404, b"")
