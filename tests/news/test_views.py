import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsdesk.news.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """A small published world: a section, topic, author and source shared by a few articles."""
    section, topic = SectionFactory(name="Defence"), TopicFactory(name="Karabakh")
    author, source = AuthorFactory(name="Leyla Məmmədova"), SourceFactory(name="Trend")
    articles = [
        ArticleFactory(
            section=section, topics=[topic], authors=[author], sources=[source], lead_image=ImageFactory()
        )
        for _ in range(3)
    ]
    return {"section": section, "topic": topic, "author": author, "source": source, "articles": articles}


def test_home_shows_lead_latest_and_section_blocks(client, newsroom):
    lead = newsroom["articles"][0]
    lead.priority = 3
    lead.save()
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["lead"] == lead
    assert [section for section, _ in response.context["section_blocks"]] == [newsroom["section"]]
    assert lead.headline in response.text


def test_home_without_any_article_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories published yet" in response.text


def test_breaking_banner_appears_when_an_article_is_flagged(client, newsroom):
    assert "Breaking" not in client.get("/").text
    ArticleFactory(
        headline="Earthquake felt in Baku",
        is_breaking=True,
        published_at=timezone.now() - timedelta(minutes=5),
    )
    html = client.get("/").text
    assert 'aria-label="Breaking news"' in html
    assert "Earthquake felt in Baku" in html


def test_breaking_banner_leaves_a_story_once_the_site_window_has_passed(client, newsroom):
    from newsdesk.sitesettings.models import SiteSettings

    ArticleFactory(
        headline="Earthquake felt in Baku", is_breaking=True, published_at=timezone.now() - timedelta(hours=7)
    )
    assert 'aria-label="Breaking news"' not in client.get("/").text  # the default window is 6 hours
    site = SiteSettings.load()
    site.breaking_hours = 8
    site.save()
    assert "Earthquake felt in Baku" in client.get("/").text


def test_article_page_shows_furniture(client, newsroom):
    article = newsroom["articles"][0]
    response = client.get(article.get_absolute_url())
    html = response.text
    assert response.status_code == 200
    assert article.headline in html
    assert "BAKU —" in html
    assert f'href="{newsroom["author"].get_absolute_url()}"' in html
    assert f'href="{newsroom["topic"].get_absolute_url()}"' in html
    assert f'href="{newsroom["source"].get_absolute_url()}"' in html
    assert f'datetime="{timezone.localtime(article.published_at).isoformat()}"' in html
    assert 'alt="Soldiers crossing a pontoon bridge"' in html


def test_old_slug_and_bare_id_answer_301_to_current_url(client, newsroom):
    article = newsroom["articles"][0]
    old = reverse("news:article", args=[article.pk, "an-old-headline"])
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    response = client.get(reverse("news:article-by-id", args=[article.pk]))
    assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.IN_REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_unpublished_articles_are_404_and_never_listed(client, newsroom, state):
    hidden = ArticleFactory(headline="CANARY hidden story", section=newsroom["section"], **state)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("news:article-by-id", args=[hidden.pk])).status_code == 404
    for url in ["/", newsroom["section"].get_absolute_url(), "/archive/"]:
        assert "CANARY" not in client.get(url).text


def test_a_story_taken_down_after_it_went_live_answers_410_without_its_text(client, newsroom):
    from newsdesk.newsroom import workflow
    from newsdesk.newsroom.roles import Action
    from tests.factories import draft, staff

    editor = staff("Editor")
    story = draft(headline="CANARY removed story", section=newsroom["section"])
    workflow.move(story, Action.PUBLISH, by=editor)
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    workflow.move(story, Action.TAKE_DOWN, by=editor, note="Legal")
    for address in (url, reverse("news:article-by-id", args=[story.pk])):
        response = client.get(address)
        assert response.status_code == 410
        assert "This story was removed" in response.text and "CANARY" not in response.text


def test_a_story_taken_down_before_it_ever_went_live_is_simply_not_found(client, newsroom):
    from newsdesk.newsroom import workflow
    from newsdesk.newsroom.roles import Action
    from tests.factories import draft, staff

    # Taken down while scheduled for later: no longer a move (Unschedule is), but stories stored so remain.
    story = draft(
        headline="CANARY never live",
        section=newsroom["section"],
        status="unpublished",
        published_at=timezone.now() + timedelta(hours=1),
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    editor = staff("Editor")
    workflow.move(story, Action.REPUBLISH, by=editor)
    assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("kind", ["section", "topic", "author", "source"])
def test_listing_pages_list_their_articles(client, newsroom, kind):
    response = client.get(newsroom[kind].get_absolute_url())
    assert response.status_code == 200
    assert {a.pk for a in response.context["page"].items} == {a.pk for a in newsroom["articles"]}


@pytest.mark.parametrize("kind", ["section", "topic", "author", "source"])
def test_unknown_slugs_are_404(client, kind):
    assert client.get(f"/{kind}/no-such-thing/").status_code == 404


def test_keyset_pagination_walks_back_and_forward_without_gaps(client, settings):
    settings.NEWSDESK_PAGE_SIZE = 4
    section = SectionFactory()
    articles = [ArticleFactory(section=section) for _ in range(10)]  # newest first, by the factory's times
    url = section.get_absolute_url()

    first = client.get(url).context["page"]
    second = client.get(url, {"before": first.older}).context["page"]
    third = client.get(url, {"before": second.older}).context["page"]
    back = client.get(url, {"after": second.newer}).context["page"]

    assert first.items + second.items + third.items == articles
    assert third.older is None
    assert back.items == first.items


@pytest.mark.parametrize(
    "cursor", ["x", "1.2.3", "-5.1", "9" * 60, "99999999999999999999.1", "1.", "%00", "1.²", "².1", "1.١"]
)
def test_malformed_cursors_answer_400(client, cursor):
    section = SectionFactory()
    assert client.get(section.get_absolute_url(), {"before": cursor}).status_code == 400
    assert client.get(section.get_absolute_url(), {"after": cursor}).status_code == 400


def test_archive_lists_months_and_days_in_site_time_zone(client):
    # 23:30 UTC on 4 December is 03:30 on 5 December in Baku (UTC+4).
    article = ArticleFactory(published_at=timezone.datetime(2022, 12, 4, 23, 30, tzinfo=timezone.UTC))
    index = client.get("/archive/")
    assert "December 2022" in index.text
    assert article in client.get("/archive/2022/12/05/").context["page"].items
    assert article not in client.get("/archive/2022/12/04/").context["page"].items
    assert article in client.get("/archive/2022/12/").context["page"].items


def test_an_archive_period_with_nothing_published_answers_404_with_its_page(client):
    ArticleFactory(published_at=timezone.datetime(2022, 12, 5, 9, 0, tzinfo=timezone.UTC))
    assert client.get("/archive/2022/12/").status_code == 200
    assert client.get("/archive/2022/12/05/").status_code == 200
    for empty in ["/archive/2022/11/", "/archive/2022/12/06/"]:
        response = client.get(empty)
        assert response.status_code == 404
        assert "Nothing was published in this period." in response.text
        assert 'href="/archive/"' in response.text


def test_todays_and_this_months_archive_pages_answer_200_before_their_first_story(client):
    # A 404 kept by a CDN would outlive the first story of the day; only a period that is over can be missing.
    today = timezone.localdate()
    for period in [today.strftime("/archive/%Y/%m/"), today.strftime("/archive/%Y/%m/%d/")]:
        assert client.get(period).status_code == 200, period


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2022/13/",
        "/archive/2022/02/30/",
        "/archive/0000/01/",
        "/archive/2022/00/",
        "/archive/0001/01/01/",  # midnight in Baku is still year 0 in UTC
        "/archive/9999/12/31/",
    ],
)
def test_impossible_archive_dates_are_404(client, url):
    assert client.get(url).status_code == 404


def test_logo_is_an_svg_wordmark_of_the_site_name(client):
    response = client.get("/logo.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert "<title>Newsdesk</title>" in response.text


def test_error_pages_use_the_site_template(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="masthead"' in response.text


def test_every_page_links_to_the_corrections_and_the_feed_in_its_footer(client):
    article = ArticleFactory()
    for path in ["/", article.get_absolute_url(), "/archive/"]:
        footer = client.get(path).content.decode().partition('<footer class="site-footer">')[2]
        assert f'href="{reverse("corrections")}"' in footer, path
        assert f'href="{reverse("news:feed-rss")}"' in footer, path


def test_sign_in_brings_the_reader_back_to_the_page_they_were_reading(client):
    article = ArticleFactory()
    login = reverse("account_login")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{login}?next={article.get_absolute_url()}">Sign in</a>' in page
    # From the front page, sign-in goes on to My news.
    assert f'href="{login}">Sign in</a>' in client.get("/").content.decode()


def test_a_pager_cursor_past_the_last_story_says_so_and_links_to_the_newest(client):
    section = SectionFactory(name="Defence")
    ArticleFactory(section=section)
    page = client.get(section.get_absolute_url(), {"before": "1.1"}).content.decode()
    assert "No stories in this section yet" not in page
    assert f'No stories this far back. <a href="{section.get_absolute_url()}">See the newest</a>' in page


def test_each_search_form_on_a_page_is_a_landmark_with_its_own_name(client):
    section = SectionFactory(name="Defence")
    ArticleFactory(section=section)
    page = client.get(section.get_absolute_url()).content.decode()
    labels = re.findall(r'role="search" aria-label="([^"]+)"', page)
    assert len(labels) == page.count('role="search"') == 2
    assert len(set(labels)) == 2


def test_an_error_page_does_not_send_sign_in_back_to_the_address_that_failed(client):
    page = client.get("/no-such-page/").content.decode()
    assert f'href="{reverse("account_login")}">Sign in</a>' in page
