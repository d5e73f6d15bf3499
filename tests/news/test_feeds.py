"""The RSS and Atom feeds: they parse cleanly, carry what a feed reader shows, list only public stories and cost a fixed
number of queries."""

from datetime import timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsdesk.news import feeds
from newsdesk.news.models import Article
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    png_file,
)

pytestmark = pytest.mark.django_db

KINDS = ["site", "section", "topic", "author", "source"]
FORMATS = ["rss", "atom"]
HIDDEN = {
    "draft": (Article.Status.DRAFT, -timedelta(hours=2)),
    "inreview": (Article.Status.IN_REVIEW, -timedelta(hours=2)),
    "scheduled": (Article.Status.SCHEDULED, timedelta(hours=1)),
    "takendown": (Article.Status.UNPUBLISHED, -timedelta(hours=2)),
    "futurepublished": (Article.Status.PUBLISHED, timedelta(minutes=30)),
}


@pytest.fixture
def world():
    """Two public stories sharing a section, topic, author and source, and one hidden story in each state."""
    section, topic, source = SectionFactory(name="Defence"), TopicFactory(name="Drills"), SourceFactory()
    reporter, photographer = AuthorFactory(name="Aysel Quliyeva"), AuthorFactory(name="Murad Aliyev")
    shared = {"section": section, "topics": [topic], "sources": [source]}
    now = timezone.now()
    older = ArticleFactory(
        headline="Older story",
        standfirst="Troops & tanks <cross> the river.",
        published_at=now - timedelta(hours=5),
        authors=[reporter],
        **shared,
    )
    newer = ArticleFactory(
        headline="Newer story",
        published_at=now - timedelta(hours=2),
        updated_at=now - timedelta(hours=1),
        authors=[reporter, photographer],
        lead_image=ImageFactory(),
        topics=[topic, TopicFactory(name="Army")],
        section=section,
        sources=[source],
    )
    hidden = [
        ArticleFactory(
            headline=f"Hidden {label} story",
            status=status,
            published_at=now + offset,
            authors=[reporter],
            lead_image=ImageFactory(),
            **shared,
        )
        for label, (status, offset) in HIDDEN.items()
    ]
    return {
        "section": section,
        "topic": topic,
        "author": reporter,
        "source": source,
        "older": older,
        "newer": newer,
        "hidden": hidden,
    }


def feed_url(world, kind: str, fmt: str) -> str:
    if kind == "site":
        return reverse(f"news:feed-{fmt}")
    return reverse(f"news:{kind}-{fmt}", args=[world[kind].slug])


def fetch(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


# --- what the feeds carry ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_feed_parses_and_lists_the_public_stories_newest_first(client, world, kind, fmt):
    response, parsed = fetch(client, feed_url(world, kind, fmt))
    assert parsed.version == {"rss": "rss20", "atom": "atom10"}[fmt]
    assert [entry.title for entry in parsed.entries] == ["Newer story", "Older story"]
    assert response["Content-Type"].startswith(f"application/{fmt}+xml")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_no_feed_lists_a_story_readers_may_not_see(client, world, kind, fmt):
    response, parsed = fetch(client, feed_url(world, kind, fmt))
    listed = {entry.link for entry in parsed.entries}
    for article in world["hidden"]:
        assert article.headline not in response.text
        assert f"http://testserver{article.get_absolute_url()}" not in listed


@pytest.mark.parametrize("fmt", FORMATS)
def test_entries_carry_bylines_categories_times_and_links(client, world, fmt):
    _, parsed = fetch(client, feed_url(world, "site", fmt))
    newer, older = parsed.entries
    article = world["newer"]
    assert [author.name for author in newer.authors] == ["Aysel Quliyeva", "Murad Aliyev"]
    assert [author.name for author in older.authors] == ["Aysel Quliyeva"]
    assert [tag.term for tag in newer.tags] == ["Defence", "Army", "Drills"]
    assert newer.link == f"http://testserver{article.get_absolute_url()}"
    assert newer.id == f"http://testserver/news/{article.pk}/"
    assert newer.published_parsed[:6] == article.published_at.utctimetuple()[:6]
    assert newer.updated_parsed[:6] == article.updated_at.utctimetuple()[:6]
    assert older.updated_parsed[:6] == world["older"].published_at.utctimetuple()[:6]


@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_is_the_standfirst_as_text(client, world, fmt):
    _, parsed = fetch(client, feed_url(world, "site", fmt))
    assert parsed.entries[1].summary == "Troops &amp; tanks &lt;cross&gt; the river."


@pytest.mark.parametrize("fmt", FORMATS)
def test_lead_image_is_the_enclosure_with_its_size_and_type(client, world, fmt):
    image = world["newer"].lead_image
    _, parsed = fetch(client, feed_url(world, "site", fmt))
    newer, older = parsed.entries
    assert [(e.href, e.length, e.type) for e in newer.enclosures] == [
        (f"http://testserver{image.file.url}", str(image.file.size), "image/png")
    ]
    assert older.enclosures == []


def test_enclosure_is_the_widest_rendition_once_renditions_exist(client, world):
    image = world["newer"].lead_image
    image.build_renditions()
    _, parsed = fetch(client, feed_url(world, "site", "rss"))
    (enclosure,) = parsed.entries[0].enclosures
    assert enclosure.href.endswith(f"-{feeds.ENCLOSURE_WIDTH}.png")
    name = enclosure.href.removeprefix("http://testserver/media/")
    assert enclosure.length == str(default_storage.size(name))
    assert int(enclosure.length) != image.file.size


def test_enclosure_sizes_come_from_the_cache_after_the_first_request(client, world, monkeypatch):
    """On a remote storage every size is a request, so a feed must not ask again for a file it has measured."""
    size = world["newer"].lead_image.file.size
    fetch(client, feed_url(world, "site", "rss"))

    def no_storage(storage, name):
        raise AssertionError(f"storage asked for the size of {name}")

    monkeypatch.setattr(FileSystemStorage, "size", no_storage)
    _, parsed = fetch(client, feed_url(world, "site", "rss"))
    assert parsed.entries[0].enclosures[0].length == str(size)


def test_a_missing_file_gives_length_zero_and_is_measured_again_later(client, world, monkeypatch):
    image = world["newer"].lead_image

    def unreadable(storage, name):
        raise FileNotFoundError(name)

    with monkeypatch.context() as patch:
        patch.setattr(FileSystemStorage, "size", unreadable)
        _, parsed = fetch(client, feed_url(world, "site", "rss"))
    assert parsed.entries[0].enclosures[0].length == "0"
    _, parsed = fetch(client, feed_url(world, "site", "rss"))
    assert parsed.entries[0].enclosures[0].length == str(image.file.size)


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_story_only_when_the_site_setting_says_so(client, world, fmt):
    _, parsed = fetch(client, feed_url(world, "site", fmt))
    assert "content" not in parsed.entries[0]
    site = SiteSettings.load()
    site.feeds_full_text = True
    site.save()
    _, parsed = fetch(client, feed_url(world, "site", fmt))
    assert parsed.entries[0].content[0].value == world["newer"].body


@pytest.mark.parametrize("fmt", FORMATS)
def test_feed_title_and_description_come_from_site_settings(client, world, fmt):
    site = SiteSettings.load()
    site.site_name, site.tagline = "Caspian Desk", "News from the Caspian"
    site.save()
    _, parsed = fetch(client, feed_url(world, "site", fmt))
    assert parsed.feed.title == "Caspian Desk"
    assert parsed.feed.subtitle == "News from the Caspian"
    _, parsed = fetch(client, feed_url(world, "author", fmt))
    assert parsed.feed.title == "Aysel Quliyeva · Caspian Desk"
    assert parsed.feed.link == f"http://testserver{world['author'].get_absolute_url()}"


def test_a_feed_holds_the_newest_thirty_stories(client):
    section = SectionFactory()
    articles = [ArticleFactory(section=section) for _ in range(feeds.FEED_LENGTH + 3)]
    newest = sorted(articles, key=lambda article: article.published_at, reverse=True)[: feeds.FEED_LENGTH]
    _, parsed = fetch(client, reverse("news:section-rss", args=[section.slug]))
    assert [entry.title for entry in parsed.entries] == [article.headline for article in newest]


@pytest.mark.parametrize("kind", ["section", "topic", "author", "source"])
def test_unknown_subject_answers_404(client, kind):
    assert client.get(reverse(f"news:{kind}-rss", args=["no-such-thing"])).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "p=-1",
        "page=abc",
        "status=draft",
        "q=%00%ff",
        "format=atom&format=rss",
        "%E0%A4%A=x",
        "x=" + "A" * 10_000,
        "slug=../../etc/passwd",
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_query_strings_never_break_a_feed(client, world, fmt, query):
    response = client.get(f"{feed_url(world, 'section', fmt)}?{query}")
    assert response.status_code < 500
    assert "Hidden" not in response.text


# --- autodiscovery -------------------------------------------------------------------------------------------------


def test_every_page_links_the_site_feeds(client, world):
    html = client.get(reverse("news:home")).text
    assert f'type="application/rss+xml" title="{SiteSettings.load().site_name}" href="/feeds/rss/"' in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/feeds/atom/"' in html


@pytest.mark.parametrize("kind", ["section", "topic", "author", "source"])
def test_subject_pages_link_their_own_feeds(client, world, kind):
    subject = world[kind]
    html = client.get(subject.get_absolute_url()).text
    for fmt in FORMATS:
        assert f'href="{reverse(f"news:{kind}-{fmt}", args=[subject.slug])}"' in html
    assert 'href="/feeds/rss/"' in html


# --- query budgets -------------------------------------------------------------------------------------------------

# Site settings (first request only; then cached), the stories, their bylines, their topics; plus the subject.
BUDGETS = {"site": 4, "section": 5, "topic": 5, "author": 5, "source": 5}


def _build(count: int) -> dict:
    section, topic, source, author = SectionFactory(), TopicFactory(), SourceFactory(), AuthorFactory()
    for index in range(count):
        ArticleFactory(
            section=section,
            topics=[topic, TopicFactory()],
            sources=[source],
            authors=[author, AuthorFactory()],
            lead_image=ImageFactory(file=png_file(64, 64)) if index % 2 else None,
        )
    return {"section": section, "topic": topic, "author": author, "source": source}


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("count", [3, 40])
def test_feed_stays_within_its_query_budget(client, django_assert_max_num_queries, kind, fmt, count):
    url = feed_url(_build(count), kind, fmt)
    cache.clear()
    with django_assert_max_num_queries(BUDGETS[kind]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_feed_query_count_does_not_grow_with_the_archive(client, kind):
    small = _queries(client, feed_url(_build(3), kind, "rss"))
    large = _queries(client, feed_url(_build(40), kind, "rss"))
    assert large == small


def test_control_characters_typed_into_a_headline_never_reach_the_feeds(client):
    import feedparser

    from tests.factories import ArticleFactory

    article = ArticleFactory(headline="Ctrl\x0bchar\x1bheadline\ufffe", standfirst="Bell\x07 here")
    assert article.headline == "Ctrlcharheadline"
    for url in ["/feeds/rss/", "/feeds/atom/", "/news-sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        if "feeds" in url:
            assert feedparser.parse(response.content).bozo == 0, url


CONTROL = "\x01\x0b\x1f"


def _control_characters_in_every_staff_text(world):
    site = SiteSettings.load()
    site.site_name, site.tagline = f"Caspian{CONTROL} Courier", f"News{CONTROL} daily"
    site.save()
    for kind in ("section", "topic", "source"):
        world[kind].description = f"About{CONTROL} this"
        world[kind].save()
    world["author"].job_title, world["author"].bio = f"Reporter{CONTROL}", f"Bio{CONTROL}"
    world["author"].save()


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_control_characters_typed_by_staff_never_break_a_feed(client, world, fmt):
    _control_characters_in_every_staff_text(world)
    for kind in KINDS:
        _, parsed = fetch(client, feed_url(world, kind, fmt))
        assert "Caspian Courier" in parsed.feed.title
    assert client.get(reverse("news:news-sitemap")).status_code == 200


def test_a_feed_survives_control_characters_stored_before_saves_stripped_them(client, world):
    SiteSettings.load().save()
    SiteSettings.objects.update(site_name=f"Caspian{CONTROL} Courier", tagline=f"News{CONTROL}")
    type(world["section"]).objects.filter(pk=world["section"].pk).update(description=f"About{CONTROL}")
    cache.clear()
    for fmt in ("rss", "atom"):
        _, parsed = fetch(client, feed_url(world, "section", fmt))
        assert parsed.feed.title.endswith("Caspian Courier")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_story_in_a_feed_links_and_shows_its_pictures_by_absolute_address(client, world, fmt):
    """A feed reader shows the content away from the site, where "/media/..." and "/section/..." lead nowhere."""
    picture = ImageFactory()
    world["newer"].body = (
        f'<p>See <a href="/archive/">the archive</a>, <a href="https://trend.az/x">Trend</a> and '
        f'<a href="//cdn.example/y">a file</a>.</p><figure><img src="{picture.body_address}" alt="Q"></figure>'
    )
    world["newer"].save()
    site = SiteSettings.load()
    site.feeds_full_text = True
    site.save()
    _, parsed = fetch(client, feed_url(world, "site", fmt))
    content = parsed.entries[0].content[0].value
    assert f'src="http://testserver{picture.body_address}"' in content
    assert 'href="http://testserver/archive/"' in content
    assert 'href="https://trend.az/x"' in content and 'href="//cdn.example/y"' in content
