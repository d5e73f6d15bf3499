"""Source detection in the article editor: the panel lists the credits, and one click links them."""

import pytest

from newsdesk.news.models import Source
from tests.factories import SourceFactory, draft, staff

pytestmark = pytest.mark.django_db


def editor_url(article):
    return f"/newsroom/news/article/{article.pk}/change/"


def test_the_editor_offers_the_credits_found_in_the_text(client):
    SourceFactory(name="Daily Sabah")
    reporter = staff("Reporter")
    article = draft(
        by=reporter,
        body="<p>It began, reports Turkish Daily Sabah. According to the Caspian Times, it ended.</p>",
    )
    client.force_login(reporter)
    page = client.get(editor_url(article)).content.decode()
    assert "Sources named in the text" in page
    assert "reported by <strong>Daily Sabah</strong>\n        (known source)" in page
    assert "according to <strong>Caspian Times</strong>\n        (new source: created when linked)" in page


def test_linking_from_the_editor_adds_the_sources(client):
    sabah = SourceFactory(name="Daily Sabah")
    editor = staff("Editor")
    article = draft(
        by=editor,
        body="<p>It began, reports Turkish Daily Sabah. According to the Caspian Times, it ended.</p>",
    )
    client.force_login(editor)
    response = client.post(
        f"/newsroom/news/article/{article.pk}/link-sources/", {"credit": ["Daily Sabah", "Caspian Times"]}
    )
    assert response.url == editor_url(article)
    assert list(article.sources.order_by("citations__order")) == [
        sabah,
        Source.objects.get(name="Caspian Times"),
    ]
    assert "Sources named in the text" not in client.get(editor_url(article)).content.decode()


def test_a_writer_without_the_right_to_add_sources_links_only_known_ones(client):
    SourceFactory(name="Trend")
    reporter = staff("Reporter")
    article = draft(by=reporter, body="<p>Per Trend and citing the Caspian Times.</p>")
    client.force_login(reporter)
    client.post(f"/newsroom/news/article/{article.pk}/link-sources/", {"credit": ["Trend", "Caspian Times"]})
    assert list(article.sources.values_list("name", flat=True)) == ["Trend"]
    assert not Source.objects.filter(name="Caspian Times").exists()


def test_someone_who_may_not_edit_the_article_cannot_link(client):
    article = draft(by=staff("Reporter"), body="<p>Per Trend.</p>")
    SourceFactory(name="Trend")
    client.force_login(staff("Contributor"))
    response = client.post(f"/newsroom/news/article/{article.pk}/link-sources/", {"credit": ["Trend"]})
    assert response.status_code == 404
    assert not article.sources.exists()
