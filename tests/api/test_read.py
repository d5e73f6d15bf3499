"""Public reads: lists, details, filters, cursors, the limit cap (battery row 22) and query budgets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.search import index
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    draft,
    png_file,
)

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_articles_are_listed_newest_first(client):
    older = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(published_at=timezone.now() - timedelta(hours=1))
    assert ids(client.get("/api/v1/articles")) == [newer.pk, older.pk]


def test_article_detail_has_body_topics_sources_and_corrections(client):
    topic, source = TopicFactory(name="Drills"), SourceFactory(name="Trend")
    article = ArticleFactory(topics=[topic], sources=[source], lead_image=ImageFactory())
    body = client.get(f"/api/v1/articles/{article.pk}").json()
    assert body["headline"] == article.headline
    assert body["body"] == article.body
    assert body["topics"] == [{"name": "Drills", "slug": topic.slug}]
    assert body["sources"] == [{"name": "Trend", "slug": source.slug, "usage": "reported_by"}]
    assert body["lead_image"]["url"].startswith("http://testserver/media/images/")
    assert body["url"] == f"http://testserver{article.get_absolute_url()}"


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/999999", "/api/v1/articles/0", "/api/v1/articles/-1", "/api/v1/articles/x"]
)
def test_missing_article_answers_404_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "error" in response.json()


def test_a_story_taken_down_after_it_went_live_answers_410_json_without_its_text(client):
    from newsdesk.newsroom import workflow
    from newsdesk.newsroom.roles import Action
    from tests.factories import staff

    editor = staff("Editor")
    story = draft(headline="CANARY removed story")
    workflow.move(story, Action.PUBLISH, by=editor)
    assert client.get(f"/api/v1/articles/{story.pk}").status_code == 200
    workflow.move(story, Action.TAKE_DOWN, by=editor, note="Legal")
    response = client.get(f"/api/v1/articles/{story.pk}")
    assert response.status_code == 410
    assert response.json() == {"error": "This story was taken down."}
    assert "CANARY" not in response.text


def test_unpublished_article_detail_answers_404(client):
    hidden = draft()
    response = client.get(f"/api/v1/articles/{hidden.pk}")
    assert response.status_code == 404
    assert response.json() == {"error": "Not found."}


@pytest.fixture
def spread():
    """Six stories differing in one way each from the first, for the filters."""
    section, topic, author, source = SectionFactory(), TopicFactory(), AuthorFactory(), SourceFactory()
    now = timezone.now()
    base = ArticleFactory(
        section=section,
        topics=[topic],
        authors=[author],
        sources=[source],
        article_type=Article.Type.ANALYSIS,
        published_at=now - timedelta(days=10),
    )
    others = [ArticleFactory(published_at=now - timedelta(hours=hours)) for hours in (1, 2, 3)]
    return {
        "base": base,
        "section": section,
        "topic": topic,
        "author": author,
        "source": source,
        "others": others,
    }


@pytest.mark.parametrize("name", ["section", "topic", "author", "source"])
def test_filter_by_slug(client, spread, name):
    assert ids(client.get(f"/api/v1/articles?{name}={spread[name].slug}")) == [spread["base"].pk]


def test_filter_by_type(client, spread):
    assert ids(client.get("/api/v1/articles?type=analysis")) == [spread["base"].pk]
    assert client.get("/api/v1/articles?type=gossip").status_code == 400


def test_filter_by_dates(client, spread):
    day = timezone.localtime(spread["base"].published_at, SiteSettings.load().zone).date()
    assert ids(client.get(f"/api/v1/articles?date_from={day}&date_to={day}")) == [spread["base"].pk]
    assert spread["base"].pk not in ids(client.get(f"/api/v1/articles?date_from={day + timedelta(days=1)}"))


def test_unknown_slug_filter_gives_an_empty_page(client, spread):
    assert client.get("/api/v1/articles?section=no-such-section").json() == {
        "items": [],
        "next": None,
        "prev": None,
    }


def test_cursors_walk_back_and_forth_without_gaps_or_repeats(client):
    stories = [ArticleFactory(published_at=timezone.now() - timedelta(minutes=minute)) for minute in range(7)]
    expected = [story.pk for story in stories]
    seen, url, pages = [], "/api/v1/articles?limit=3", []
    while url:
        page = client.get(url).json()
        pages.append(page)
        seen += [item["id"] for item in page["items"]]
        url = page["next"] and f"/api/v1/articles?limit=3&before={page['next']}"
    assert seen == expected
    assert [len(page["items"]) for page in pages] == [3, 3, 1]
    assert pages[0]["prev"] is None
    back = client.get(f"/api/v1/articles?limit=3&after={pages[2]['prev']}").json()
    assert [item["id"] for item in back["items"]] == expected[3:6]


@pytest.mark.parametrize("cursor", ["garbage", "1.2.3", "-5.1", "1" * 50 + ".1", "%00", "1e9.1"])
def test_bad_cursor_answers_400_json(client, cursor):
    response = client.get("/api/v1/articles", {"before": cursor})
    assert response.status_code == 400
    assert response.json()["error"] == "The request is not valid."


def test_before_and_after_together_answer_400_naming_both(client):
    response = client.get("/api/v1/articles", {"before": "1700000000000000.1", "after": "1600000000000000.2"})
    assert response.status_code == 400
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "after"]
    assert "`before`" in problem["msg"] and "`after`" in problem["msg"]


def test_limit_is_capped_at_100(client):
    section, author = SectionFactory(), AuthorFactory()
    ArticleFactory.create_batch(101, section=section, authors=[author])
    page = client.get("/api/v1/articles?limit=1000").json()
    assert len(page["items"]) == 100
    assert page["next"] is not None
    assert len(client.get("/api/v1/articles?limit=99999999999999999999999").json()["items"]) == 100


@pytest.mark.parametrize("limit", ["0", "-1", "many"])
def test_limit_below_one_or_not_a_number_answers_400(client, limit):
    assert client.get("/api/v1/articles", {"limit": limit}).status_code == 400


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("sections", SectionFactory),
        ("topics", TopicFactory),
        ("authors", AuthorFactory),
        ("sources", SourceFactory),
    ],
)
def test_taxonomy_lists_page_by_slug_and_details_exist(client, path, factory):
    made = sorted((factory() for _ in range(5)), key=lambda item: item.slug)
    first = client.get(f"/api/v1/{path}?limit=3").json()
    assert [item["slug"] for item in first["items"]] == [item.slug for item in made[:3]]
    second = client.get(f"/api/v1/{path}?limit=3&after={first['next']}").json()
    assert [item["slug"] for item in second["items"]] == [item.slug for item in made[3:]]
    assert second["next"] is None
    assert client.get(f"/api/v1/{path}/{made[0].slug}").json()["name"] == made[0].name
    assert client.get(f"/api/v1/{path}/no-such-thing").status_code == 404


def test_search_finds_published_stories_with_snippets(client):
    found = ArticleFactory(headline="Pontoon bridge opens over the Araz")
    index.update_article(found)
    body = client.get("/api/v1/search?q=pontoon").json()
    assert [hit["article"]["id"] for hit in body["items"]] == [found.pk]
    assert "<mark>" in body["items"][0]["snippet"]
    assert body["page"] == 1
    assert body["has_next"] is False


@pytest.mark.parametrize("q", ["", "x" * 1001])
def test_search_text_must_be_present_and_bounded(client, q):
    assert client.get("/api/v1/search", {"q": q}).status_code == 400


def test_ten_kilobyte_search_is_refused_fast(client):
    """Battery row 22: a 10 kB query costs nothing (refused before any search runs)."""
    import time

    started = time.perf_counter()
    response = client.get("/api/v1/search", {"q": "word " * 2048})
    assert response.status_code == 400
    assert time.perf_counter() - started < 0.2


# -- query budgets: the same count for 3 rows as for 60 ---------------------------------------------------------

BUDGETS = {
    "/api/v1/articles": 2,  # stories with section and lead image; their bylines
    "/api/v1/articles/{pk}": 5,  # the story; bylines, sources, topics, public changes
    "/api/v1/sections": 1,
    "/api/v1/topics": 1,
    "/api/v1/authors": 1,
    "/api/v1/sources": 1,
    # synonyms; the newest-candidates floor (SQLite only); the ranked ids; the page's stories with section and lead
    # image; bylines (and on PostgreSQL three more for the search's time limit: savepoint, SET LOCAL, release)
    "/api/v1/search?q=story": 5,
}


def _add_stories(count: int, section, topic, source, authors, picture) -> list[Article]:
    articles = [
        ArticleFactory(section=section, topics=[topic], sources=[source], authors=authors, lead_image=picture)
        for _ in range(count)
    ]
    for article in articles:
        index.update_article(article)
    return articles


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", sorted(BUDGETS))
def test_read_endpoints_cost_the_same_for_3_rows_as_for_60(client, url):
    picture = ImageFactory(file=png_file(32, 18))
    section, topic, source = SectionFactory(), TopicFactory(), SourceFactory()
    authors = [AuthorFactory(photo=picture) for _ in range(2)]
    world = (section, topic, source, authors, picture)
    address = url.format(pk=_add_stories(3, *world)[0].pk)
    client.get(address)  # the site settings are loaded once, then cached: not the endpoint's cost
    few = _count_queries(client, address)
    _add_stories(57, *world)
    for _ in range(20):
        SectionFactory(), TopicFactory(), SourceFactory(), AuthorFactory(photo=picture)
    many = _count_queries(client, address)
    budget = BUDGETS[url] + (3 - 1 if "search" in url and connection.vendor == "postgresql" else 0)
    assert (few, many) == (budget, budget)
