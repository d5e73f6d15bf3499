"""Public pages are byte-identical for every visitor; the per-reader part comes from /api/me."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from newsdesk.readers.models import Bookmark, Follow
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TopicFactory, staff

from .conftest import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return ArticleFactory(
        section=SectionFactory(name="Defence"),
        authors=[AuthorFactory(name="Leyla Məmmədova")],
        topics=[TopicFactory(name="Drills")],
        sources=[SourceFactory(name="Trend")],
    )


def public_urls(story):
    return [
        "/",
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        story.topics.get().get_absolute_url(),
        story.bylines.get().author.get_absolute_url(),
        story.cited_sources.get().source.get_absolute_url(),
        reverse("news:archive"),
        reverse("search:search") + "?q=story",
        reverse("corrections"),
    ]


def test_public_pages_are_the_same_bytes_for_anonymous_readers_and_staff(story):
    reader = make_reader(first_name="Unique Reader Name")
    Follow.objects.create(user=reader, kind="section", section=story.section)
    Bookmark.objects.create(user=reader, article=story)
    anonymous, signed_in, newsroom = Client(), Client(), Client()
    signed_in.force_login(reader)
    newsroom.force_login(staff("Editor", first_name="Staff Person"))
    for url in public_urls(story):
        bodies = {
            who: client.get(url).content
            for who, client in [("anon", anonymous), ("reader", signed_in), ("staff", newsroom)]
        }
        assert bodies["anon"] == bodies["reader"] == bodies["staff"], url
        assert b"csrfmiddlewaretoken" not in bodies["reader"]
        assert b"Unique Reader Name" not in bodies["reader"] and reader.email.encode() not in bodies["reader"]


def test_public_pages_set_no_cookie_for_a_signed_in_reader(story):
    client = Client()
    client.force_login(make_reader())
    for url in public_urls(story):
        assert client.get(url).cookies == {}, url


def test_article_page_offers_follow_and_save_as_plain_links(story, client):
    body = client.get(story.get_absolute_url()).content.decode()
    follow_links = set(re.findall(r'href="(/my/follow/[a-z]+/\d+/)\?next=', body))
    assert follow_links == {
        f"/my/follow/section/{story.section_id}/",
        f"/my/follow/author/{story.bylines.get().author_id}/",
        f"/my/follow/topic/{story.topics.get().pk}/",
        f"/my/follow/source/{story.cited_sources.get().source_id}/",
        f"/my/follow/story/{story.pk}/",
    }
    assert f'href="/my/save/{story.pk}/?next=' in body
    assert 'src="/static/newsdesk/reader.js"' in body


def test_me_for_an_anonymous_visitor_says_only_how_to_sign_in(client):
    response = client.get("/api/me")
    assert response.json() == {"authenticated": False, "links": {"sign_in": reverse("account_login")}}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_me_lists_the_readers_follows_and_which_listed_stories_are_saved(story):
    reader = make_reader(first_name="Aysel")
    other = ArticleFactory()
    Follow.objects.create(user=reader, kind="source", source=story.cited_sources.get().source)
    Bookmark.objects.create(user=reader, article=story)
    Bookmark.objects.create(user=make_reader(), article=other)
    client = Client()
    client.force_login(reader)

    me = client.get("/api/me", {"articles": f"{story.pk},{other.pk},x,-1,٣"}).json()

    assert me["authenticated"] and me["name"] == "Aysel" and me["staff"] is False
    assert me["follows"] == {
        "section": [],
        "topic": [],
        "author": [],
        "source": [story.cited_sources.get().source_id],
        "story": [],
    }
    assert me["saved"] == [story.pk]
    assert me["csrf_token"]
    assert "newsroom" not in me["links"]


def test_me_never_answers_with_500_to_odd_queries(client):
    client.force_login(make_reader())
    for value in ["", ",,,", "9" * 400, "1," * 5000, "<script>", "%00"]:
        assert client.get("/api/me", {"articles": value}).status_code == 200
    assert client.post("/api/me").status_code in (403, 405)
