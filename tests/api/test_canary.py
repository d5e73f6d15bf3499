"""Battery row 3 through the API: a story a reader may not see is in no read response, however it is asked for.

Each hidden story (draft, in review, scheduled for later, taken down, "published" with a future time) carries its
own canary in headline, standfirst, body and image alt text, and has a topic, author and source of its own. Every
read endpoint is asked with every filter, cursor trick and id, anonymously and with a token; no body may contain a
canary. A control story proves the same requests do find what is public.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from newsdesk.news.models import Article
from newsdesk.news.pagination import Cursor
from newsdesk.search import index
from tests.api.conftest import bearer, issue_token
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    png_file,
    staff,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 20, 8, 0, tzinfo=UTC)
STATES = {
    "draft": (Article.Status.DRAFT, -timedelta(hours=2)),
    "inreview": (Article.Status.IN_REVIEW, -timedelta(hours=3)),
    "scheduled": (Article.Status.SCHEDULED, timedelta(hours=1)),
    "takendown": (Article.Status.UNPUBLISHED, -timedelta(hours=4)),
    "futurepublished": (Article.Status.PUBLISHED, timedelta(minutes=30)),
}


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        section = SectionFactory(name="Region")
        shared = {"topic": TopicFactory(), "author": AuthorFactory(), "source": SourceFactory()}
        control = ArticleFactory(
            headline="Control story everyone may read",
            section=section,
            topics=[shared["topic"]],
            authors=[shared["author"]],
            sources=[shared["source"]],
            published_at=NOW - timedelta(hours=1),
        )
        index.update_article(control)
        hidden = {}
        for label, (status, offset) in STATES.items():
            canary = f"cnry{label}q7z"
            own = {"topic": TopicFactory(), "author": AuthorFactory(), "source": SourceFactory()}
            article = ArticleFactory(
                headline=f"Leaked {canary} headline control",
                standfirst=f"Leaked {canary} standfirst",
                body=f"<p>Leaked {canary} body story</p>",
                section=section,
                status=status,
                published_at=NOW + offset,
                lead_image=ImageFactory(file=png_file(32, 18), alt_text=f"Leaked {canary} alt"),
                topics=[shared["topic"], own["topic"]],
                authors=[shared["author"], own["author"]],
                sources=[shared["source"], own["source"]],
            )
            index.update_article(article)  # as if it had once been live: search must still not show it
            hidden[canary] = (article, own)
    return {"section": section, "shared": shared, "control": control, "hidden": hidden}


def read_urls(world) -> list[str]:
    far_future = Cursor(NOW + timedelta(days=365), 10**12)
    far_past = Cursor(datetime(2000, 1, 1, tzinfo=UTC), 0)
    day = "2031-05-20"
    queries = [
        "",
        f"?section={world['section'].slug}",
        f"?before={far_future}",
        f"?after={far_past}",
        f"?date_from=2031-05-19&date_to=2031-05-21&before={far_future}",
        f"?date_from={day}",
        "?status=draft",
        "?status=scheduled&preview=1",
        "?limit=100",
    ]
    for name, item in world["shared"].items():
        queries.append(f"?{name}={item.slug}")
    for article, own in world["hidden"].values():
        queries += [f"?{name}={item.slug}" for name, item in own.items()]
        queries += [f"?id={article.pk}", f"?pk={article.pk}"]
    urls = [f"/api/v1/articles{query}" for query in queries]
    words = ["control", "leaked", "story", "headline", *world["hidden"]]
    urls += [
        f"/api/v1/search?q={word}{'&' + query[1:] if query else ''}" for word in words for query in queries
    ]
    urls += [f"/api/v1/search?q={word}&order=newest" for word in words]
    for article, own in world["hidden"].values():
        urls += [f"/api/v1/articles/{article.pk}", f"/api/v1/articles/{article.pk}?preview=1"]
        urls += [f"/api/v1/{name}s/{item.slug}" for name, item in own.items()]
    urls += ["/api/v1/sections", "/api/v1/topics", "/api/v1/authors", "/api/v1/sources", "/api/v1/"]
    return urls


@pytest.fixture(params=["anonymous", "token"])
def headers(request):
    if request.param == "anonymous":
        return {}
    return bearer(issue_token(staff("Editor"))[1])


def test_no_read_response_shows_a_hidden_story(client, world, headers, settings):
    settings.NEWSDESK_API_RATES = {"anonymous": (10_000, 60)}
    leaks = []
    with time_machine.travel(NOW, tick=False):
        for url in read_urls(world):
            response = client.get(url, **headers)
            assert response.status_code < 500, url
            body = response.content.decode()
            leaks += [f"{url} shows {canary}" for canary in world["hidden"] if canary in body]
    assert leaks == []


def test_hidden_story_ids_answer_404(client, world):
    with time_machine.travel(NOW, tick=False):
        answers = {
            article.pk: client.get(f"/api/v1/articles/{article.pk}").status_code
            for article, _ in world["hidden"].values()
        }
    assert set(answers.values()) == {404}


def test_the_same_requests_find_the_control_story(client, world):
    """The positive control: the crawl above would see a story if it were there."""
    with time_machine.travel(NOW, tick=False):
        listed = client.get(f"/api/v1/articles?section={world['section'].slug}").json()["items"]
        searched = client.get("/api/v1/search?q=control").json()["items"]
        detail = client.get(f"/api/v1/articles/{world['control'].pk}")
    assert [item["id"] for item in listed] == [world["control"].pk]
    assert [hit["article"]["id"] for hit in searched] == [world["control"].pk]
    assert detail.status_code == 200


def test_a_scheduled_story_appears_once_its_time_comes(client, world):
    scheduled = world["hidden"]["cnryscheduledq7z"][0]
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        assert client.get(f"/api/v1/articles/{scheduled.pk}").status_code == 200
