"""The wire desk in the newsroom and "Write from wire"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.wire.models import Feed, Story, WireItem
from tests.factories import AuthorFactory, SectionFactory, SourceFactory, UserFactory, staff

pytestmark = pytest.mark.django_db
DESK = "/newsroom/wire/"


def wire_story(title: str, agencies: list[str], *, hours_ago: int = 1) -> Story:
    when = timezone.now() - timedelta(hours=hours_ago)
    story = Story.objects.create(title=title, first_seen_at=when, last_seen_at=when)
    for n, agency in enumerate(agencies):
        source = SourceFactory(name=agency) if isinstance(agency, str) else agency
        WireItem.objects.create(
            source=source,
            story=story,
            guid=f"{title}-{n}",
            url=f"https://{source.slug}.example/{story.pk}-{n}",
            content_hash=f"{title}-{n}",
            title=f"{title} ({source.name})",
            summary=f"<p>{source.name} text about {title}.</p>",
            published_at=when + timedelta(minutes=n),
        )
    return story


def test_stories_are_listed_newest_first_with_their_agency_count(client):
    client.force_login(staff("Reporter"))
    wire_story("Older story", ["APA"], hours_ago=5)
    wire_story("Azerbaijan and Türkiye begin joint drills", ["Trend", "Azernews", "Daily Sabah"])
    page = client.get(DESK).content.decode()
    assert "<strong>Azerbaijan and Türkiye begin joint drills</strong> — 3 agencies" in page
    assert "<strong>Older story</strong> — 1 agency" in page
    assert page.index("joint drills") < page.index("Older story")
    assert "Trend" in page and "Write from wire (3 items)" in page


@pytest.mark.parametrize("stories", [1, 25])
def test_the_desk_has_a_query_budget(client, django_assert_max_num_queries, stories):
    client.force_login(staff("Editor"))
    for n in range(stories):
        wire_story(f"Story {n}", [f"Agency {n}-a", f"Agency {n}-b"])
    Feed.objects.create(source=SourceFactory(), url="https://feeds.example/rss")
    with django_assert_max_num_queries(9):
        assert client.get(DESK).status_code == 200


def test_feed_health_shows_a_failing_feed_and_why(client):
    client.force_login(staff("Editor"))
    feed = Feed.objects.create(source=SourceFactory(name="Trend"), url="https://feeds.example/rss")
    feed.record_failure("feeds.example answered HTTP 503 Service Unavailable.")
    page = client.get(DESK).content.decode()
    assert "Failing (1×):</strong> feeds.example answered HTTP 503 Service Unavailable. Next try" in page


def test_feed_health_names_the_items_a_successful_poll_had_to_skip(client):
    client.force_login(staff("Editor"))
    feed = Feed.objects.create(source=SourceFactory(name="Trend"), url="https://feeds.example/rss")
    feed.record_success(
        etag="", last_modified="", seen=3, skipped=["skipped item 'bad-1': ValueError: refused"]
    )
    page = client.get(DESK).content.decode()
    assert "1 of 3 items could not be stored; the first: skipped item &#x27;bad-1&#x27;" in page


def test_readers_and_anonymous_visitors_cannot_see_the_desk(client):
    assert client.get(DESK).status_code == 302
    client.force_login(UserFactory())
    assert client.get(DESK).status_code == 302


def test_the_dashboard_links_to_the_desk(client):
    client.force_login(staff("Reporter"))
    assert 'href="/newsroom/wire/"' in client.get("/newsroom/").content.decode()


def test_write_from_a_story_creates_a_draft_crediting_each_agency_in_order(client):
    section = SectionFactory(name="Defence")
    reporter = staff("Reporter", sections=[section])
    client.force_login(reporter)
    trend, azernews = SourceFactory(name="Trend"), SourceFactory(name="Azernews")
    story = wire_story("Joint drills begin", [trend, azernews, trend])
    response = client.post("/newsroom/wire/write/", {"story": story.pk})
    article = Article.objects.get()
    assert response.url == reverse("admin:news_article_change", args=[article.pk])
    assert (article.status, article.created_by, article.section) == ("draft", reporter, section)
    assert article.headline == "Joint drills begin (Trend)"
    assert "Azernews text about Joint drills begin." in article.body
    assert f'href="https://{azernews.slug}.example/' in article.body
    assert list(article.cited_sources.values_list("source__name", "usage", "order")) == [
        ("Trend", "via", 0),
        ("Azernews", "via", 1),
    ]
    assert article.revisions.count() == 1


def test_a_wire_draft_without_a_byline_says_so_before_review_refuses_it(client):
    SectionFactory()
    client.force_login(staff("Reporter"))  # no author profile: nobody to credit
    story = wire_story("Quake in Shamakhi", ["APA"])
    response = client.post("/newsroom/wire/write/", {"story": story.pk}, follow=True)
    notices = [str(message) for message in response.context["messages"]]
    assert not Article.objects.get().bylines.exists()
    assert any("It has no byline" in notice for notice in notices)


def test_a_wire_draft_by_a_writer_with_an_author_profile_is_bylined_without_a_warning(client):
    SectionFactory()
    reporter = staff("Reporter")
    AuthorFactory(user=reporter)
    client.force_login(reporter)
    story = wire_story("Quake in Shamakhi", ["APA"])
    response = client.post("/newsroom/wire/write/", {"story": story.pk}, follow=True)
    notices = [str(message) for message in response.context["messages"]]
    assert list(Article.objects.get().bylines.values_list("author__user", flat=True)) == [reporter.pk]
    assert not any("byline" in notice for notice in notices)


def test_write_from_one_item_uses_only_that_item(client):
    SectionFactory()
    client.force_login(staff("Contributor"))
    story = wire_story("Quake in Shamakhi", ["APA", "Report.az"])
    item = story.items.order_by("pk").last()
    client.post("/newsroom/wire/write/", {"item": item.pk})
    article = Article.objects.get()
    assert list(article.sources.values_list("name", flat=True)) == ["Report.az"]


@pytest.mark.parametrize(
    "data", [{}, {"story": "abc"}, {"item": "9" * 40}, {"story": "999"}, {"story": "²"}, {"item": "١٢"}]
)
def test_write_from_nothing_is_a_message_not_an_error(client, data):
    SectionFactory()
    client.force_login(staff("Reporter"))
    response = client.post("/newsroom/wire/write/", data, follow=True)
    assert response.status_code == 200
    assert "Choose an item or a story" in response.content.decode()
    assert not Article.objects.exists()


def test_without_a_section_the_desk_says_so(client):
    client.force_login(staff("Reporter"))
    story = wire_story("Quake", ["APA"])
    response = client.post("/newsroom/wire/write/", {"story": story.pk}, follow=True)
    assert "no section to file the draft in" in response.content.decode()


def test_staff_without_article_rights_cannot_write_from_wire(client):
    SectionFactory()
    client.force_login(UserFactory(is_staff=True))
    story = wire_story("Quake", ["APA"])
    assert client.post("/newsroom/wire/write/", {"story": story.pk}).status_code == 403
    assert "Write from wire" not in client.get(DESK).content.decode()


def test_the_admin_role_may_manage_feeds_and_others_may_not(client):
    admin_user, editor = staff("Admin"), staff("Editor")
    assert admin_user.has_perm("wire.add_feed") and admin_user.has_perm("wire.change_feed")
    assert not editor.has_perm("wire.add_feed")
    client.force_login(admin_user)
    assert client.get("/newsroom/wire/feed/add/").status_code == 200
    assert 'href="/newsroom/wire/feed/add/"' in client.get(DESK).content.decode()


def test_a_desk_with_stories_but_no_feed_says_where_the_stories_came_from(client):
    client.force_login(staff("Reporter"))
    assert "The stories here came from files" not in client.get(DESK).content.decode()
    wire_story("Azerbaijan and Türkiye begin joint drills", ["Trend"])
    page = client.get(DESK).content.decode()
    assert "No feed is polled yet. The stories here came from files" in page


@pytest.mark.parametrize(
    ("summary", "paragraphs"),
    [
        ("Joint exercises began at dawn.", "<p>Joint exercises began at dawn.</p>"),
        ("First <b>part</b>.\n\nSecond part.", "<p>First <b>part</b>.</p><p>Second part.</p>"),
        ("One.<BR><br/>Two.", "<p>One.</p><p>Two.</p>"),
        ("<p>Already a paragraph.</p>", "<p>Already a paragraph.</p>"),
    ],
)
def test_agency_text_without_paragraphs_becomes_paragraphs_in_the_draft(client, summary, paragraphs):
    """A bare summary sat under its heading with no paragraph of its own, and was published that way."""
    SectionFactory()
    client.force_login(staff("Contributor"))
    story = wire_story("Drills begin", ["Azernews"])
    story.items.update(summary=summary)
    client.post("/newsroom/wire/write/", {"story": story.pk})
    body = Article.objects.get().body
    assert f"</h3>{paragraphs}" in body
