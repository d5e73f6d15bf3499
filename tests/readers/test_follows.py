"""Follows, bookmarks, My news and Saved: each reader sees and changes only their own rows."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.readers.models import Bookmark, Follow
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TopicFactory

from .conftest import make_reader

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def follow_url(kind, target):
    return reverse("readers:follow", args=[kind, target.pk])


@pytest.mark.parametrize(
    "kind, factory",
    [
        ("section", SectionFactory),
        ("topic", TopicFactory),
        ("author", AuthorFactory),
        ("source", SourceFactory),
        ("story", ArticleFactory),
    ],
)
def test_a_reader_follows_and_unfollows_each_kind_of_target(reader_client, reader, kind, factory):
    target = factory()

    response = reader_client.post(follow_url(kind, target), {"action": "follow"}, **JSON)
    assert response.json() == {"following": True}
    assert Follow.objects.get(user=reader).target == target

    reader_client.post(follow_url(kind, target), {"action": "follow"}, **JSON)
    assert Follow.objects.filter(user=reader).count() == 1

    response = reader_client.post(follow_url(kind, target), {"action": "unfollow"}, **JSON)
    assert response.json() == {"following": False}
    assert not Follow.objects.filter(user=reader).exists()


def test_following_without_javascript_is_a_form_that_returns_to_the_page(reader_client, reader):
    section = SectionFactory(name="Defence")
    page = reader_client.get(follow_url("section", section), {"next": "/news/1/x/"})
    assert page.status_code == 200
    assert b"Follow Defence?" in page.content
    assert not Follow.objects.exists(), "showing the form must not follow"

    response = reader_client.post(follow_url("section", section), {"action": "follow", "next": "/news/1/x/"})
    assert response.status_code == 302
    assert response["Location"] == follow_url("section", section) + "?next=%2Fnews%2F1%2Fx%2F"
    assert Follow.objects.filter(user=reader, section=section).exists()
    after = reader_client.get(response["Location"])
    assert b"You follow Defence" in after.content and b'href="/news/1/x/"' in after.content


def test_follow_answers_unknown_kinds_and_targets_with_404_and_bad_actions_with_400(reader_client):
    section = SectionFactory()
    assert reader_client.get("/my/follow/planet/1/").status_code == 404
    assert (
        reader_client.post(follow_url("section", section).replace(str(section.pk), "999999")).status_code
        == 404
    )
    response = reader_client.post(follow_url("section", section), {"action": "<script>"}, **JSON)
    assert response.status_code == 400 and "error" in response.json()


def test_anonymous_follow_and_save_links_lead_to_sign_in_and_back(client):
    section = SectionFactory()
    response = client.get(follow_url("section", section))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=/my/follow/section/")
    assert client.post(follow_url("section", section), {"action": "follow"}).status_code == 302
    assert not Follow.objects.exists()


def test_my_news_merges_everything_followed_newest_first_each_story_once(reader_client, reader):
    defence, topic, author, source = SectionFactory(), TopicFactory(), AuthorFactory(), SourceFactory()
    now = timezone.now()
    in_section = ArticleFactory(section=defence, published_at=now - timedelta(hours=5))
    by_author = ArticleFactory(authors=[author], published_at=now - timedelta(hours=4))
    citing = ArticleFactory(sources=[source], published_at=now - timedelta(hours=3))
    everything = ArticleFactory(
        section=defence,
        authors=[author],
        sources=[source],
        topics=[topic],
        published_at=now - timedelta(hours=1),
    )
    tagged = ArticleFactory(topics=[topic], published_at=now - timedelta(hours=2))
    ArticleFactory(headline="Unfollowed story")
    ArticleFactory(section=defence, status=Article.Status.DRAFT, published_at=None, headline="A draft")
    ArticleFactory(section=defence, status=Article.Status.SCHEDULED, published_at=now + timedelta(hours=1))
    for kind, target in [("section", defence), ("topic", topic), ("author", author), ("source", source)]:
        Follow.objects.create(user=reader, kind=kind, **{kind: target})

    page = reader_client.get(reverse("readers:my-news")).context["page"]

    assert [a.pk for a in page.items] == [everything.pk, tagged.pk, citing.pk, by_author.pk, in_section.pk]


def test_my_news_pages_with_cursors_and_a_fixed_query_budget(
    reader_client, reader, django_assert_max_num_queries
):
    section = SectionFactory()
    Follow.objects.create(user=reader, kind="section", section=section)
    articles = ArticleFactory.create_batch(45, section=section)
    newest_first = sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)

    with django_assert_max_num_queries(9):
        first = reader_client.get(reverse("readers:my-news"))
    page = first.context["page"]
    assert [a.pk for a in page.items] == [a.pk for a in newest_first[:20]]
    with django_assert_max_num_queries(9):
        second = reader_client.get(reverse("readers:my-news"), {"before": page.older})
    assert [a.pk for a in second.context["page"].items] == [a.pk for a in newest_first[20:40]]
    assert reader_client.get(reverse("readers:my-news"), {"before": "1.2.3"}).status_code == 400


def test_my_news_with_nothing_followed_suggests_popular_sections(reader_client):
    busy, quiet = SectionFactory(name="Politics"), SectionFactory(name="Culture")
    ArticleFactory.create_batch(3, section=busy)
    ArticleFactory(section=quiet)
    response = reader_client.get(reverse("readers:my-news"))
    assert [s.name for s in response.context["suggestions"]][:2] == ["Politics", "Culture"]
    assert b"Follow Politics" in response.content


def test_saving_lists_newest_saved_first_and_removing_takes_it_off(reader_client, reader):
    older_story, newer_story = ArticleFactory(), ArticleFactory()
    for article in (newer_story, older_story):  # saved in this order: the older story was saved last
        assert reader_client.post(
            reverse("readers:bookmark", args=[article.pk]), {"action": "save"}, **JSON
        ).json() == {"saved": True}
    page = reader_client.get(reverse("readers:saved")).context["page"]
    assert [b.article_id for b in page.items] == [older_story.pk, newer_story.pk]

    bookmark = Bookmark.objects.get(user=reader, article=older_story)
    response = reader_client.post(reverse("readers:remove-bookmark", args=[bookmark.pk]))
    assert response.status_code == 302
    assert list(Bookmark.objects.filter(user=reader).values_list("article_id", flat=True)) == [newer_story.pk]


def test_saved_hides_stories_taken_down_after_saving(reader_client, reader):
    story = ArticleFactory(headline="Withdrawn for legal reasons")
    Bookmark.objects.create(user=reader, article=story)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    response = reader_client.get(reverse("readers:saved"))
    assert b"Withdrawn for legal reasons" not in response.content


def test_saved_list_has_a_fixed_query_budget(reader_client, reader, django_assert_max_num_queries):
    for article in ArticleFactory.create_batch(25):
        Bookmark.objects.create(user=reader, article=article)
    with django_assert_max_num_queries(8):
        response = reader_client.get(reverse("readers:saved"))
    assert len(response.context["page"].items) == 20


def test_only_public_stories_can_be_saved(reader_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert (
        reader_client.post(reverse("readers:bookmark", args=[draft.pk]), {"action": "save"}).status_code
        == 404
    )
    assert not Bookmark.objects.exists()


def test_another_readers_bookmarks_and_follows_answer_404(reader_client, reader):
    other = make_reader()
    their_bookmark = Bookmark.objects.create(user=other, article=ArticleFactory())
    their_follow = Follow.objects.create(user=other, kind="section", section=SectionFactory())

    assert reader_client.post(reverse("readers:remove-bookmark", args=[their_bookmark.pk])).status_code == 404
    assert reader_client.post(reverse("readers:unfollow", args=[their_follow.pk])).status_code == 404
    for pk in (0, 999999, their_bookmark.pk + 1):
        assert reader_client.post(reverse("readers:remove-bookmark", args=[pk])).status_code == 404
    assert Bookmark.objects.filter(pk=their_bookmark.pk).exists()
    assert Follow.objects.filter(pk=their_follow.pk).exists()
    assert their_bookmark.article.headline.encode() not in reader_client.get(reverse("readers:saved")).content


def test_a_followed_story_heads_my_news_and_says_when_it_was_updated_or_corrected_since(
    reader_client, reader
):
    quiet = ArticleFactory(headline="Quiet story")
    updated = ArticleFactory(headline="Developing story")
    corrected = ArticleFactory(headline="Corrected story")
    for story in (quiet, updated, corrected):
        reader_client.post(follow_url("story", story), {"action": "follow"}, **JSON)
    later = timezone.now() + timedelta(minutes=5)
    Article.objects.filter(pk=updated.pk).update(updated_at=later)
    Article.objects.filter(pk=corrected.pk).update(
        updated_at=later - timedelta(minutes=1), corrected_at=later
    )

    response = reader_client.get(reverse("readers:my-news"))
    assert [story.headline for story in response.context["followed_stories"]] == [
        "Developing story",
        "Corrected story",
        "Quiet story",
    ]
    page = response.content.decode()
    assert page.index("Developing story") < page.index("Updated since you followed it")
    assert "Corrected since you followed it" in page
    assert "No change since you followed it" in page
    assert response.context["suggestions"] == []  # following stories is following something


def test_only_public_stories_can_be_followed_and_a_story_taken_down_leaves_my_news(reader_client, reader):
    hidden = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert reader_client.post(follow_url("story", hidden), {"action": "follow"}, **JSON).status_code == 404
    story = ArticleFactory(headline="Soon withdrawn")
    reader_client.post(follow_url("story", story), {"action": "follow"}, **JSON)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    assert "Soon withdrawn" not in reader_client.get(reverse("readers:my-news")).content.decode()
    assert "Soon withdrawn" not in reader_client.get(reverse("readers:account")).content.decode()
    assert "Soon withdrawn" not in reader_client.get(reverse("readers:export")).content.decode()


def test_my_news_shows_ten_followed_stories_and_links_to_all_of_them_a_page_at_a_time(
    reader_client, reader, django_assert_max_num_queries
):
    stories = ArticleFactory.create_batch(25)
    for story in stories:
        Follow.objects.create(user=reader, kind=Follow.Kind.STORY, story=story)
    last_changed_first = sorted(stories, key=lambda a: (a.updated_at or a.published_at, a.pk), reverse=True)
    all_url = reverse("readers:followed-stories")

    my_news = reader_client.get(reverse("readers:my-news"))
    assert [s.pk for s in my_news.context["followed_stories"]] == [s.pk for s in last_changed_first[:10]]
    assert f'href="{all_url}"'.encode() in my_news.content

    with django_assert_max_num_queries(8):
        first = reader_client.get(all_url)
    assert [s.pk for s in first.context["page"].items] == [s.pk for s in last_changed_first[:20]]
    assert "No change since you followed it" in first.content.decode()
    with django_assert_max_num_queries(8):
        second = reader_client.get(all_url, {"before": first.context["page"].older})
    assert [s.pk for s in second.context["page"].items] == [s.pk for s in last_changed_first[20:]]
    assert second.context["page"].older is None
    assert reader_client.get(all_url, {"before": "x"}).status_code == 400


def test_my_news_has_no_all_stories_link_when_every_followed_story_is_shown(reader_client, reader):
    for story in ArticleFactory.create_batch(10):
        Follow.objects.create(user=reader, kind=Follow.Kind.STORY, story=story)
    my_news = reader_client.get(reverse("readers:my-news"))
    assert len(my_news.context["followed_stories"]) == 10
    assert reverse("readers:followed-stories").encode() not in my_news.content


def test_the_followed_stories_page_is_private_and_says_so_when_empty(client, reader):
    url = reverse("readers:followed-stories")
    assert client.get(url).status_code == 302
    reader_client = client
    reader_client.force_login(reader)
    Follow.objects.create(
        user=make_reader(), kind=Follow.Kind.STORY, story=ArticleFactory(headline="Not yours")
    )
    response = reader_client.get(url)
    assert response.status_code == 200
    assert "You follow no stories yet" in response.content.decode()
    assert "Not yours" not in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_my_news_heads_the_stories_from_what_the_reader_follows_apart_from_the_stories_they_follow(
    reader_client, reader
):
    """On a phone the river read as part of "Stories you follow" above it."""
    section = SectionFactory(name="Kestrel desk")
    followed = ArticleFactory(headline="A story followed by itself")
    ArticleFactory(headline="New in the section", section=section)
    reader_client.post(follow_url("story", followed), {"action": "follow"}, **JSON)
    Follow.objects.create(user=reader, kind="section", section=section)

    page = reader_client.get(reverse("readers:my-news")).content.decode()

    headings = re.findall(r"<h2 [^>]*>([^<]+)</h2>", page)
    assert headings[:2] == ["Stories you follow", "Latest from what you follow"]
    assert page.index("Latest from what you follow") < page.index("New in the section")
