"""The wire desk in a real browser: grouped stories expand to their items, and Write from wire opens a draft."""

import pytest

from newsdesk.news.models import Article, Source
from newsdesk.wire.models import Feed
from tests.factories import staff

from .test_newsroom import sign_in

pytestmark = pytest.mark.browser


def test_the_desk_shows_grouped_stories_and_writes_a_draft_from_one(
    live_server, new_context, screenshots_dir, demo
):
    staff("Editor", username="desk1", first_name="Aysel")
    healthy = Feed.objects.create(
        source=Source.objects.get(name="Trend"), url="https://en.trend.az/feeds/index.rss"
    )
    healthy.record_success(etag='"demo"', last_modified="", seen=13)
    failing = Feed.objects.create(
        source=Source.objects.get(name="Azernews"), url="https://www.azernews.az/rss.php"
    )
    failing.record_failure("www.azernews.az answered HTTP 503 Service Unavailable.")

    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server.url, "desk1")
    page.click("text=Wire desk")
    page.wait_for_url("**/newsroom/wire/")
    first = page.locator("details.wire-story").first
    assert "Azerbaijan and Türkiye begin joint drills — 3 agencies" in " ".join(
        first.locator("summary").inner_text().split()
    )
    page.locator("details.wire-story summary").nth(1).click()
    assert page.locator("details.wire-story").nth(1).locator("li").count() == 2
    page.screenshot(path=str(screenshots_dir / "wire-desk.png"), full_page=False)

    first.locator("button.default").click()
    page.wait_for_selector("#newsroom-panel")
    article = Article.objects.get(created_by__username="desk1")
    assert article.status == "draft"
    assert list(article.sources.order_by("citations__order").values_list("name", flat=True)) == [
        "Trend",
        "Azernews",
        "Daily Sabah",
    ]
    assert problems == []
