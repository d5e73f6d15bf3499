"""Battery row 3, the canary crawl: nothing that is not public ever reaches a reader, on any route.

One article in each state a reader must not see (draft, in review, scheduled for later, taken down, and "published"
with a future time) carries its own canary string in its headline, slug, standfirst, body, lead image alt text and
a correction note, and has a topic, author and source of its own, so those pages exist but must list nothing.
Every public route (walked from the URL resolver, so a new route is crawled without touching this file) and a set of
query-string and preview-token tricks are fetched as an anonymous visitor and as a signed-in reader; no response
may contain a canary, and no canary article's own URL may answer 2xx. Positive controls prove the crawl can see:
a valid preview link and the newsroom (for an editor) do show a canary, and the ordinary story is listed.
"""

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from newsdesk.news.models import Article, Author, Section, Source, Topic
from newsdesk.news.pagination import Cursor
from newsdesk.newsroom import preview
from newsdesk.newsroom.models import PublicChange
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
    png_file,
    staff,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 20, 8, 0, tzinfo=UTC)  # noon in Baku: an hour either way stays on the same local day
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
REDIRECTS = {301, 302, 303, 307, 308}
SKIPPED_PREFIXES = ("newsroom/", settings.MEDIA_URL.lstrip("/"), settings.STATIC_URL.lstrip("/"))
EXPECTED_PUBLIC_ROUTES = {
    "home",
    "article-by-id",
    "article",
    "section",
    "topic",
    "author",
    "source",
    "archive",
    "archive-month",
    "archive-day",
    "logo",
    "newsroom-preview",
    "corrections",
}
# label → (status, published_at relative to NOW). Drafts and reviews carry a past time (an article returned or
# unscheduled after its time passed), so only their status keeps them hidden.
STATES = {
    "draft": (Article.Status.DRAFT, -timedelta(hours=2)),
    "inreview": (Article.Status.IN_REVIEW, -timedelta(hours=3)),
    "scheduled": (Article.Status.SCHEDULED, timedelta(hours=1)),
    "takendown": (Article.Status.UNPUBLISHED, -timedelta(hours=4)),
    "futurepublished": (Article.Status.PUBLISHED, timedelta(minutes=30)),
}


@dataclass
class Canary:
    label: str
    string: str
    article: Article
    topic: Topic
    author: Author
    source: Source


@dataclass
class World:
    section: Section
    topic: Topic
    author: Author
    source: Source
    control: Article
    canaries: list[Canary] = field(default_factory=list)

    @property
    def strings(self) -> list[str]:
        return [canary.string for canary in self.canaries]

    def canary(self, label: str) -> Canary:
        return next(canary for canary in self.canaries if canary.label == label)


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        section = SectionFactory(name="Region")
        shared_topic, shared_author, shared_source = (
            TopicFactory(name="Shared topic"),
            AuthorFactory(name="Shared reporter"),
            SourceFactory(name="Shared agency"),
        )
        control = ArticleFactory(
            headline="Control story everyone may read",
            section=section,
            topics=[shared_topic],
            authors=[shared_author],
            sources=[shared_source],
            published_at=NOW - timedelta(hours=1),
        )
        PublicChange.objects.create(
            article=control, kind=PublicChange.Kind.CORRECTION, note="Control correction"
        )
        built = World(section, shared_topic, shared_author, shared_source, control)
        for label, (status, offset) in STATES.items():
            string = f"cnry{label}q7z"
            own_topic, own_author, own_source = (
                TopicFactory(name=f"Own topic {label}"),
                AuthorFactory(name=f"Own reporter {label}"),
                SourceFactory(name=f"Own agency {label}"),
            )
            article = ArticleFactory(
                headline=f"Leaked {string} headline",
                standfirst=f"Leaked {string} standfirst",
                body=f"<p>Leaked {string} body</p>",
                section=section,
                status=status,
                published_at=NOW + offset,
                is_breaking=True,
                priority=9,
                lead_image=ImageFactory(
                    file=png_file(320, 180),
                    alt_text=f"Leaked {string} alt",
                    caption=f"Leaked {string} caption",
                ),
                topics=[shared_topic, own_topic],
                authors=[shared_author, own_author],
                sources=[shared_source, own_source],
            )
            PublicChange.objects.create(
                article=article, kind=PublicChange.Kind.CORRECTION, note=f"Leaked {string} correction"
            )
            built.canaries.append(Canary(label, string, article, own_topic, own_author, own_source))
    return built


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(params=["anonymous", "reader"])
def visitor(request):
    client = Client()
    if request.param == "reader":
        with time_machine.travel(NOW, tick=False):  # so the session is still valid in the time-travel tests
            client.force_login(UserFactory())  # signed in, not staff
    return client


# --- building the crawl ----------------------------------------------------------------------------------------


def public_routes() -> list[tuple[str, object]]:
    """(route, URLPattern) for every route outside the newsroom admin and the media/static handlers."""

    def walk(entries, prefix):
        for entry in entries:
            route = prefix + str(entry.pattern).lstrip("^")
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            else:
                yield route, entry

    return list(walk(get_resolver().url_patterns, ""))


def bad_tokens(world: World) -> list[str]:
    """Preview tokens that must open nothing: tampered, signed with another salt, signed with another key."""
    tokens = []
    for canary in world.canaries:
        payload = {"article": canary.article.pk}
        good = urlsplit(preview.url_for(canary.article)).path.rstrip("/").rsplit("/", 1)[1]
        middle = len(good) // 2
        for position in (1, middle, len(good) - 1):
            flipped = "B" if good[position] == "A" else "A"
            tokens.append(good[:position] + flipped + good[position + 1 :])
        tokens.append(signing.dumps(payload, salt="newsdesk.newsroom.other", compress=True))
        tokens.append(signing.dumps(payload, salt=preview.SALT, key="not-the-secret-key", compress=True))
        tokens.append(signing.dumps({"article": str(canary.article.pk)}, salt="other", compress=True))
    return tokens


def parameter_values(world: World, route_name: str | None, parameter: str) -> list:
    articles = [canary.article for canary in world.canaries] + [world.control]
    dates = {
        timezone.localtime(article.published_at, SiteSettings.load().zone).date()
        for article in articles
        if article.published_at
    }
    slugs = {
        "article": [article.slug for article in articles],
        "section": [world.section.slug],
        "topic": [world.topic.slug] + [canary.topic.slug for canary in world.canaries],
        "author": [world.author.slug] + [canary.author.slug for canary in world.canaries],
        "source": [world.source.slug] + [canary.source.slug for canary in world.canaries],
    }
    pools = {
        "pk": [article.pk for article in articles],
        "year": sorted({day.year for day in dates}),
        "month": sorted({day.month for day in dates}),
        "day": sorted({day.day for day in dates}),
        "token": bad_tokens(world),
        # Reader routes: what can be followed, and allauth's emailed keys (a wrong key must open nothing).
        "article_id": [article.pk for article in articles],
        "kind": ["section", "topic", "author", "source"],
        "key": ["not-a-real-key"],
        "uidb36": ["1", "zz"],
    }
    # Feeds are named after their subject: section-rss, topic-atom...
    subject = (route_name or "").removesuffix("-rss").removesuffix("-atom")
    if parameter == "slug" and subject in slugs:
        return slugs[subject]
    if route_name == "sitemap" and parameter == "section":
        return ["articles", "sections", "topics", "authors", "sources", "pages"]
    if parameter in pools:
        return pools[parameter]
    # A route this file does not know yet: try every id and slug the world has.
    return pools["pk"] + [slug for values in slugs.values() for slug in values]


def urls_for_route(world: World, route: str, pattern) -> list[str]:
    """The route filled with every combination of candidate values, each passed through its own converter."""
    if isinstance(pattern.pattern, RegexPattern) and pattern.pattern.regex.groupindex:
        return regex_route_urls(world, pattern)
    converters = pattern.pattern.converters
    value_lists = []
    for name, converter in converters.items():
        texts = []
        for value in parameter_values(world, pattern.name, name):
            try:
                texts.append(str(converter.to_url(value)))
            except (TypeError, ValueError):
                continue
        value_lists.append(texts)
    urls = []
    for combination in itertools.product(*value_lists):
        filled = dict(zip(converters, combination, strict=True))
        urls.append("/" + PARAMETER.sub(lambda match, filled=filled: filled[match.group(1)], route))
    return urls


def regex_route_urls(world: World, pattern) -> list[str]:
    """A re_path route (allauth has a few) filled by reversing its name with candidate values for each group."""
    groups = list(pattern.pattern.regex.groupindex)
    value_lists = [[str(value) for value in parameter_values(world, pattern.name, group)] for group in groups]
    return [
        reverse(pattern.name, kwargs=dict(zip(groups, combination, strict=True)))
        for combination in itertools.product(*value_lists)
    ]


def resolver_urls(world: World) -> dict[str, list[str]]:
    return {
        pattern.name or route: urls_for_route(world, route, pattern) for route, pattern in public_routes()
    }


def canary_own_urls(canary: Canary) -> list[str]:
    article = canary.article
    return [
        f"/news/{article.pk}/",
        f"/news/{article.pk}",
        article.get_absolute_url(),
        article.get_absolute_url().rstrip("/"),
        f"/news/{article.pk}/an-older-headline/",
    ]


def extra_urls(world: World) -> list[str]:
    future = max(article.published_at for article in [c.article for c in world.canaries]) + timedelta(days=1)
    cursors = [
        f"before={Cursor(future, 10**9)}",
        f"after={Cursor(datetime(2000, 1, 1, tzinfo=UTC), 0)}",
    ]
    tricks = ["status=draft", "status=scheduled", "status=unpublished", "preview=1", "draft=1", *cursors]
    for canary in world.canaries:
        tricks += [f"p={canary.article.pk}", f"page_id={canary.article.pk}", f"id={canary.article.pk}"]
    local = timezone.localtime(world.control.published_at, SiteSettings.load().zone)
    bases = [
        "/",
        world.section.get_absolute_url(),
        world.topic.get_absolute_url(),
        world.author.get_absolute_url(),
        world.source.get_absolute_url(),
        reverse("news:archive"),
        reverse("news:archive-month", args=[local.year, local.month]),
        reverse("news:archive-day", args=[local.year, local.month, local.day]),
        reverse("corrections"),
    ]
    extras = ["/preview/", "/preview"]
    for canary in world.canaries:
        extras += canary_own_urls(canary)
        bases += [f"/news/{canary.article.pk}/", canary.article.get_absolute_url()]
    extras += [f"{base}?{trick}" for base in bases for trick in tricks]
    return extras


def crawl_urls(world: World) -> list[str]:
    found = [url for urls in resolver_urls(world).values() for url in urls]
    return list(dict.fromkeys(found + extra_urls(world)))


# --- fetching and looking for canaries -------------------------------------------------------------------------


def leaks_in(url: str, response, strings: list[str]) -> list[str]:
    """Canary strings in the response's body or headers. The request's own path is taken out first: pages echo
    it (the canonical link, APPEND_SLASH's redirect), and a canary slug typed into the address bar is not a leak."""
    path = urlsplit(url).path.lower()
    body = response.content.decode("utf-8", "replace").lower().replace(path, "")
    headers = " ".join(f"{name}: {value}" for name, value in response.items()).lower().replace(path, "")
    return [f"{url} [{response.status_code}] shows {s}" for s in strings if s in body or s in headers]


def visit(client: Client, url: str, strings: list[str], hops: int = 2) -> list[str]:
    """Fetches the URL (and where it redirects, on this site) and returns every canary seen."""
    response = client.get(url)
    problems = leaks_in(url, response, strings)
    location = response.get("Location", "")
    if response.status_code in REDIRECTS and location.startswith("/") and hops:
        problems += visit(client, location, strings, hops - 1)
    return problems


# --- the crawl -------------------------------------------------------------------------------------------------


def test_crawl_reaches_every_public_route(world, frozen):
    crawled = resolver_urls(world)
    assert set(crawled) >= EXPECTED_PUBLIC_ROUTES
    unfilled = {name: urls for name, urls in crawled.items() if not urls or any("<" in url for url in urls)}
    assert unfilled == {}
    misrouted = [url for name, urls in crawled.items() for url in urls if resolve(url).url_name != name]
    assert misrouted == []


def test_crawl_fills_routes_with_the_canaries_ids_slugs_and_days(world, frozen):
    urls = set(crawl_urls(world))
    for canary in world.canaries:
        assert canary.article.get_absolute_url() in urls
        assert canary.topic.get_absolute_url() in urls
        assert canary.author.get_absolute_url() in urls
        assert canary.source.get_absolute_url() in urls
        local = timezone.localtime(canary.article.published_at, SiteSettings.load().zone)
        assert reverse("news:archive-day", args=[local.year, local.month, local.day]) in urls


def test_crawl_finds_no_canary_anywhere(world, frozen, visitor):
    problems = [problem for url in crawl_urls(world) for problem in visit(visitor, url, world.strings)]
    assert problems == []


def test_canary_article_urls_never_answer_2xx(world, frozen, visitor):
    urls = [url for canary in world.canaries for url in canary_own_urls(canary)]
    urls += [f"{canary.article.get_absolute_url()}?preview=1" for canary in world.canaries]
    answered = {url: visitor.get(url, follow=True).status_code for url in urls}
    assert {url: status for url, status in answered.items() if 200 <= status < 300} == {}


def test_canary_article_urls_answer_404(world, frozen, visitor):
    urls = [url for canary in world.canaries for url in canary_own_urls(canary)]
    assert {url: visitor.get(url, follow=True).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_own_topic_author_and_source_pages_exist_and_list_nothing(world, frozen, visitor):
    for canary in world.canaries:
        for page in (canary.topic, canary.author, canary.source):
            response = visitor.get(page.get_absolute_url())
            assert response.status_code == 200
            assert response.context["page"].items == []


def test_archive_index_counts_only_the_public_story(world, frozen, visitor):
    months = visitor.get(reverse("news:archive")).context["months"]
    assert [row["count"] for row in months] == [1]


# --- positive controls: the crawl can see ------------------------------------------------------------------------


def test_control_story_is_listed_where_the_canaries_would_be(world, frozen, visitor):
    local = timezone.localtime(world.control.published_at, SiteSettings.load().zone)
    lists = [
        "/",
        world.section.get_absolute_url(),
        world.topic.get_absolute_url(),
        world.author.get_absolute_url(),
        world.source.get_absolute_url(),
        reverse("news:archive-month", args=[local.year, local.month]),
        reverse("news:archive-day", args=[local.year, local.month, local.day]),
        reverse("corrections"),
    ]
    missing = [url for url in lists if world.control.headline not in visitor.get(url).text]
    assert missing == []


def test_valid_preview_link_shows_the_draft_canary(world, frozen, visitor):
    draft = world.canary("draft")
    response = visitor.get(preview.url_for(draft.article))
    assert response.status_code == 200
    assert leaks_in(preview.url_for(draft.article), response, [draft.string]) != []
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_link_still_works_on_its_last_day(world, visitor):
    with time_machine.travel(NOW, tick=False):
        url = preview.url_for(world.canary("draft").article)
    with time_machine.travel(
        NOW + timedelta(days=settings.NEWSDESK_PREVIEW_DAYS) - timedelta(hours=1), tick=False
    ):
        assert visitor.get(url).status_code == 200


# --- preview tokens that must open nothing ---------------------------------------------------------------------


def test_tampered_and_foreign_preview_tokens_answer_404(world, frozen, visitor):
    urls = [reverse("newsroom-preview", args=[token]) for token in bad_tokens(world)] + ["/preview/"]
    assert {url: visitor.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_expired_preview_links_answer_404(world, visitor):
    with time_machine.travel(NOW, tick=False):
        urls = [preview.url_for(canary.article) for canary in world.canaries]
    with time_machine.travel(NOW + timedelta(days=settings.NEWSDESK_PREVIEW_DAYS + 1), tick=False):
        assert {url: visitor.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_expired_preview_links_show_no_canary(world, visitor):
    # By then the scheduled and future-published canaries are legitimately public: only the others must stay hidden.
    hidden = [world.canary(label) for label in ("draft", "inreview", "takendown")]
    with time_machine.travel(NOW, tick=False):
        urls = [preview.url_for(canary.article) for canary in hidden]
    with time_machine.travel(NOW + timedelta(days=settings.NEWSDESK_PREVIEW_DAYS + 1), tick=False):
        leaks = [leak for url in urls for leak in visit(visitor, url, [canary.string for canary in hidden])]
    assert leaks == []


# --- the newsroom ----------------------------------------------------------------------------------------------


def newsroom_urls(world: World) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:news_article_changelist")]
    for canary in world.canaries:
        pk = canary.article.pk
        urls += [
            reverse("admin:news_article_change", args=[pk]),
            reverse("admin:news_article_history", args=[pk]),
            reverse("admin:news_article_revisions", args=[pk]),
            reverse("admin:news_image_change", args=[canary.article.lead_image_id]),
        ]
    return urls


def test_reader_is_sent_to_login_from_the_newsroom(world, frozen):
    reader = Client()
    reader.force_login(UserFactory())
    urls = [reverse("admin:index")] + [
        reverse("admin:news_article_change", args=[canary.article.pk]) for canary in world.canaries
    ]
    login = reverse("admin:login")
    answered = {url: reader.get(url) for url in urls}
    assert {url: r.status_code for url, r in answered.items()} == dict.fromkeys(urls, 302)
    assert {url: urlsplit(r["Location"]).path for url, r in answered.items()} == dict.fromkeys(urls, login)


def test_newsroom_shows_no_canary_to_readers_or_anonymous_visitors(world, frozen, visitor):
    problems = [problem for url in newsroom_urls(world) for problem in visit(visitor, url, world.strings)]
    assert problems == []


def test_newsroom_shows_the_canary_to_an_editor(world, frozen):
    editor = Client()
    editor.force_login(staff("Editor"))
    draft = world.canary("draft")
    url = reverse("admin:news_article_change", args=[draft.article.pk])
    response = editor.get(url)
    assert response.status_code == 200
    assert leaks_in(url, response, [draft.string]) != []
