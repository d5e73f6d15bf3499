"""Sitemaps and robots.txt: valid against the sitemaps.org and Google News schemas (tests/data/, see its README),
public stories only, paginated, and a fixed number of queries."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from newsdesk.news import sitemaps
from newsdesk.news.models import Article
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
SUBJECTS = list(sitemaps.SUBJECT_SITEMAPS)
HIDDEN = {
    "draft": (Article.Status.DRAFT, -timedelta(hours=2)),
    "inreview": (Article.Status.IN_REVIEW, -timedelta(hours=2)),
    "scheduled": (Article.Status.SCHEDULED, timedelta(hours=1)),
    "takendown": (Article.Status.UNPUBLISHED, -timedelta(hours=2)),
    "futurepublished": (Article.Status.PUBLISHED, timedelta(minutes=30)),
}


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / name)))


# The urlset schema lets other namespaces in (strictly): a small wrapper imports the News extension beside it.
NEWS_WRAPPER = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="{NS["s"]}" schemaLocation="{(DATA / "sitemap.xsd").as_uri()}"/>
  <xsd:import namespace="{NS["news"]}" schemaLocation="{(DATA / "sitemap-news.xsd").as_uri()}"/>
</xsd:schema>"""
SCHEMAS = {
    "index": _schema("siteindex.xsd"),
    "urlset": _schema("sitemap.xsd"),
    "news": etree.XMLSchema(etree.fromstring(NEWS_WRAPPER)),
}


def valid(response, schema: str) -> etree._Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    document = etree.fromstring(response.content)
    assert SCHEMAS[schema].validate(document), SCHEMAS[schema].error_log
    return document


NEWS_ENTRY = f"""<urlset xmlns="{NS["s"]}" xmlns:news="{NS["news"]}"><url><loc>https://example.com/news/1/</loc>
<news:news><news:publication><news:name>Desk</news:name><news:language>{{language}}</news:language></news:publication>
<news:publication_date>2031-05-20T08:00:00+04:00</news:publication_date><news:title>Title</news:title></news:news>
</url></urlset>"""


@pytest.mark.parametrize(("language", "accepted"), [("az", True), ("en-GB", False), ("english", False)])
def test_the_shipped_news_schema_is_strict(language, accepted):
    """The tests below are only as good as the schemas: this one refuses what Google News would."""
    assert SCHEMAS["news"].validate(etree.fromstring(NEWS_ENTRY.format(language=language))) is accepted


def test_the_shipped_index_schema_refuses_an_index_without_sitemaps():
    assert not SCHEMAS["index"].validate(etree.fromstring(f'<sitemapindex xmlns="{NS["s"]}"/>'))


def locations(document) -> list[str]:
    return document.xpath("//s:loc/text()", namespaces=NS)


@pytest.fixture
def world():
    """Two public stories (one updated), one from three days ago, and one hidden story in each state, each hidden
    story with a section, topic, author and source of its own."""
    now = timezone.now()
    section, topic, author, source = SectionFactory(), TopicFactory(), AuthorFactory(), SourceFactory()
    shared = {"section": section, "topics": [topic], "authors": [author], "sources": [source]}
    fresh = ArticleFactory(headline="Fresh story", published_at=now - timedelta(hours=3), **shared)
    updated = ArticleFactory(
        headline="Updated story",
        published_at=now - timedelta(hours=30),
        updated_at=now - timedelta(hours=1),
        language="en-GB",
        **shared,
    )
    old = ArticleFactory(headline="Old story", published_at=now - timedelta(days=3), **shared)
    hidden = [
        ArticleFactory(
            headline=f"Hidden {label} story",
            status=status,
            published_at=now + offset,
            section=SectionFactory(name=f"Hidden section {label}"),
            topics=[TopicFactory(name=f"Hidden topic {label}")],
            authors=[AuthorFactory(name=f"Hidden author {label}")],
            sources=[SourceFactory(name=f"Hidden agency {label}")],
        )
        for label, (status, offset) in HIDDEN.items()
    ]
    return {
        "section": section,
        "topic": topic,
        "author": author,
        "source": source,
        "public": [fresh, updated, old],
        "fresh": fresh,
        "updated": updated,
        "old": old,
        "hidden": hidden,
    }


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def section_url(section: str) -> str:
    return reverse("news:sitemap", kwargs={"section": section})


# --- the index and its sitemaps ----------------------------------------------------------------------------------


def month_name(moment) -> str:
    return f"articles-{timezone.localtime(moment):%Y-%m}"


def months_of(articles) -> dict[str, list]:
    """{sitemap name: its stories oldest first}, newest month first, as the index lists them."""
    months: dict[str, list] = {}
    for article in sorted(articles, key=lambda article: article.published_at):
        months.setdefault(month_name(article.published_at), []).append(article)
    return dict(sorted(months.items(), reverse=True))


def test_index_is_valid_and_names_the_subject_sitemaps_then_each_month_of_stories(client, world):
    document = valid(client.get("/sitemap.xml"), "index")
    expected = [*SUBJECTS, *months_of(world["public"])]
    assert locations(document) == [absolute(section_url(name)) for name in expected]


def test_index_lastmod_of_each_month_is_its_newest_change(client, world):
    document = valid(client.get("/sitemap.xml"), "index")
    lastmods = {
        loc.removeprefix("http://testserver/sitemap-").removesuffix(".xml"): datetime.fromisoformat(lastmod)
        for loc, lastmod in zip(
            document.xpath("//s:sitemap[s:lastmod]/s:loc/text()", namespaces=NS),
            document.xpath("//s:sitemap/s:lastmod/text()", namespaces=NS),
            strict=True,
        )
    }
    assert lastmods == {
        name: max(article.updated_at or article.published_at for article in stories)
        for name, stories in months_of(world["public"]).items()
    }


def test_every_sitemap_is_valid(client, world):
    for name in [*SUBJECTS, *months_of(world["public"])]:
        valid(client.get(section_url(name)), "urlset")


def test_month_sitemaps_list_every_public_story_oldest_first_with_its_last_change(client, world):
    for name, stories in months_of(world["public"]).items():
        document = valid(client.get(section_url(name)), "urlset")
        assert locations(document) == [absolute(article.get_absolute_url()) for article in stories]
        lastmods = document.xpath("//s:url/s:lastmod/text()", namespaces=NS)
        assert [datetime.fromisoformat(text) for text in lastmods] == [
            article.updated_at or article.published_at for article in stories
        ]


@pytest.mark.parametrize("kind", ["section", "topic", "author", "source"])
def test_subject_sitemaps_list_the_pages_that_have_public_stories(client, world, kind):
    document = valid(client.get(section_url(f"{kind}s")), "urlset")
    assert locations(document) == [absolute(world[kind].get_absolute_url())]


def test_page_sitemap_lists_the_front_page_and_the_archive(client, world):
    document = valid(client.get(section_url("pages")), "urlset")
    assert locations(document) == [absolute(reverse("news:home")), absolute(reverse("news:archive"))]


def test_a_months_stories_are_split_into_pages_of_at_most_the_limit(client, monkeypatch):
    march = [ArticleFactory(published_at=datetime(2025, 3, day, 12, tzinfo=UTC)) for day in (3, 9, 27)]
    monkeypatch.setattr(sitemaps.ArticleMonthSitemap, "limit", 2)

    index = valid(client.get("/sitemap.xml"), "index")
    first = absolute(section_url("articles-2025-03"))
    assert locations(index)[-2:] == [first, f"{first}?p=2"]
    pages = [valid(client.get(f"{section_url('articles-2025-03')}?p={page}"), "urlset") for page in (1, 2)]
    assert [locations(page) for page in pages] == [
        [absolute(article.get_absolute_url()) for article in march[:2]],
        [absolute(march[2].get_absolute_url())],
    ]
    assert client.get(f"{section_url('articles-2025-03')}?p=3").status_code == 404


def test_editing_a_story_of_an_earlier_month_moves_that_months_lastmod(client):
    story = ArticleFactory(published_at=datetime(2025, 3, 9, 12, tzinfo=UTC))
    client.get("/sitemap.xml")  # the earlier months' summary is now kept
    story.updated_at = datetime(2025, 6, 1, 8, tzinfo=UTC)
    story.save()

    document = valid(client.get("/sitemap.xml"), "index")
    (lastmod,) = document.xpath("//s:sitemap/s:lastmod/text()", namespaces=NS)
    assert datetime.fromisoformat(lastmod) == story.updated_at


def test_the_protocol_limit_is_the_default():
    assert sitemaps.ArticleMonthSitemap.limit == 50_000


@pytest.mark.parametrize(
    "name",
    [
        "drafts",
        "articles",
        "articles-2025-13",
        "articles-2025-00",
        "articles-0999-01",
        "articles-2025-3",
        "articles-9999-12",
    ],
)
def test_an_unknown_sitemap_answers_404(client, world, name):
    assert client.get(section_url(name)).status_code == 404


def test_a_month_without_public_stories_answers_404(client, world):
    assert client.get(section_url("articles-2019-02")).status_code == 404


# --- Google News -------------------------------------------------------------------------------------------------


def test_news_sitemap_is_valid_and_holds_the_last_48_hours(client, world):
    document = valid(client.get("/news-sitemap.xml"), "news")
    newest_first = [world["fresh"], world["updated"]]
    assert locations(document) == [absolute(article.get_absolute_url()) for article in newest_first]
    titles = document.xpath("//news:news/news:title/text()", namespaces=NS)
    assert titles == ["Fresh story", "Updated story"]
    dates = document.xpath("//news:news/news:publication_date/text()", namespaces=NS)
    assert [datetime.fromisoformat(text) for text in dates] == [
        article.published_at for article in newest_first
    ]


def test_news_sitemap_names_the_publication_and_each_story_language(client, world):
    site = SiteSettings.load()
    site.site_name = "Caspian & Co Desk"
    site.save()
    document = valid(client.get("/news-sitemap.xml"), "news")
    assert document.xpath("//news:publication/news:name/text()", namespaces=NS) == ["Caspian & Co Desk"] * 2
    # Google takes two- or three-letter ISO 639 codes: "en-GB" is published as "en".
    assert document.xpath("//news:publication/news:language/text()", namespaces=NS) == ["en", "en"]


@pytest.mark.parametrize(
    ("code", "expected"), [("en", "en"), ("az", "az"), ("en-GB", "en"), ("tr_TR", "tr"), ("zh-TW", "zh-tw")]
)
def test_news_language_fits_the_google_news_pattern(code, expected):
    assert sitemaps.news_language(code) == expected


def test_empty_news_sitemap_is_still_well_formed(client):
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    assert locations(etree.fromstring(response.content)) == []


# --- nothing hidden, anywhere ------------------------------------------------------------------------------------


def test_no_sitemap_names_anything_readers_may_not_see(client, world):
    months = [section_url(name) for name in months_of(world["public"])]
    for url in ["/sitemap.xml", "/news-sitemap.xml", *(section_url(name) for name in SUBJECTS), *months]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Hidden" not in response.text
        assert "hidden" not in response.text
        for article in world["hidden"]:
            assert absolute(article.get_absolute_url()) not in response.text


@pytest.mark.parametrize(
    "query", ["p=0", "p=-1", "p=abc", "p=1e9", "p=99999999999999999999", "p=%00", "p=1&p=2"]
)
@pytest.mark.parametrize("url", ["/sitemap.xml", "/news-sitemap.xml", "this month"])
def test_hostile_query_strings_never_break_a_sitemap(client, world, url, query):
    if url == "this month":
        url = section_url(month_name(world["fresh"].published_at))
    assert client.get(f"{url}?{query}").status_code < 500


# --- robots.txt ----------------------------------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_staff_reader_and_search_pages_and_names_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /newsroom/" in lines
    assert "Disallow: /preview/" in lines
    assert {"Disallow: /my/", "Disallow: /accounts/", "Disallow: /search/"} <= set(lines)
    assert "Disallow: /" not in lines  # the stories stay crawlable
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_robots_txt_sitemaps_answer(client, world):
    sitemap_lines = [
        line for line in client.get("/robots.txt").text.splitlines() if line.startswith("Sitemap:")
    ]
    for line in sitemap_lines:
        assert client.get(line.removeprefix("Sitemap: ").removeprefix("http://testserver")).status_code == 200


# --- query budgets -------------------------------------------------------------------------------------------------

# Every request: the site settings (first request only; then cached). Index: the months' summary (the earlier
# months, cold, and this month), a count for each subject sitemap. A sitemap page: a count and the page.
THIS_MONTH = "this month's stories"
BUDGETS = {
    "/sitemap.xml": 7,
    THIS_MONTH: 3,
    section_url("sections"): 3,
    section_url("topics"): 3,
    section_url("authors"): 3,
    section_url("sources"): 3,
    section_url("pages"): 1,
    "/news-sitemap.xml": 3,
    "/robots.txt": 1,
}


def _build(count: int) -> None:
    """count stories: the newest now, the others a week apart, so the index's months grow with the archive."""
    now = timezone.now()
    for index in range(count):
        ArticleFactory(
            topics=[TopicFactory()],
            authors=[AuthorFactory()],
            sources=[SourceFactory()],
            published_at=now - timedelta(weeks=index),
        )


def _url(name: str) -> str:
    return section_url(month_name(timezone.now())) if name == THIS_MONTH else name


def _queries(client, url: str) -> int:
    url = _url(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", list(BUDGETS))
@pytest.mark.parametrize("count", [3, 60])
def test_sitemap_stays_within_its_query_budget(client, django_assert_max_num_queries, url, count):
    _build(count)
    cache.clear()
    with django_assert_max_num_queries(BUDGETS[url]):
        assert client.get(_url(url)).status_code == 200


@pytest.mark.parametrize("url", list(BUDGETS))
def test_sitemap_query_count_does_not_grow_with_the_archive(client, url):
    _build(3)
    small = _queries(client, url)
    _build(60)
    assert _queries(client, url) == small
