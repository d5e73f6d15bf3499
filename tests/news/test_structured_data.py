import functools
import json
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.demo import illustrations, reference
from newsdesk.demo.loader import load_demo
from newsdesk.news.models import Article
from newsdesk.newsroom import preview
from newsdesk.newsroom.models import PublicChange
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, ImageFactory, draft, png_file

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.DOTALL)
ABSOLUTE = re.compile(r"^https?://[^/]+/")
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


class MetaTags(HTMLParser):
    """Every <meta property|name=... content=...> of a page, with entities decoded as a crawler reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        key = found.get("property") or found.get("name")
        if tag == "meta" and key and "content" in found:
            self.tags.append((key, found["content"]))


def json_ld(html: str) -> dict[str, dict]:
    blocks = [json.loads(text) for text in JSON_LD.findall(html)]
    return {block["@type"]: block for block in blocks}


def meta(html: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for key, content in MetaTags(html).tags:
        tags.setdefault(key, []).append(content)
    return tags


@pytest.fixture
def reference_article(monkeypatch, settings, tmp_path):
    """The demo's reference story, with thumbnail-sized pictures (the loader is not under test here)."""
    settings.DATA_DIR = tmp_path
    small = functools.partial(illustrations.landscape, width=480, height=270)
    monkeypatch.setattr(illustrations, "landscape", lambda seed: small(seed))
    article, _ = load_demo()
    return article


@pytest.fixture
def reference_page(client, reference_article):
    return client.get(reference_article.get_absolute_url()).text


def test_reference_article_json_ld_carries_its_three_sources_in_order(reference_page):
    data = json_ld(reference_page)["NewsArticle"]
    names = ["Daily Sabah", "Azernews", "Trend"]
    assert [work["name"] for work in data["isBasedOn"]] == names
    assert [work["name"] for work in data["citation"]] == names
    assert all(ABSOLUTE.match(work["url"]) for work in data["isBasedOn"])


def test_reference_article_json_ld_describes_the_article(reference_article, reference_page):
    data = json_ld(reference_page)["NewsArticle"]
    canonical = f"http://testserver{reference_article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == reference.HEADLINE
    assert data["url"] == data["mainEntityOfPage"]["@id"] == canonical
    assert data["datePublished"] == reference.PUBLISHED
    assert ISO_WITH_OFFSET.match(data["dateModified"])
    assert data["articleSection"] == "Defence"
    assert sorted(data["keywords"]) == sorted(reference.TOPICS)
    author = reference_article.bylines.get().author
    assert data["author"] == [
        {"@type": "Person", "name": author.name, "url": f"http://testserver{author.get_absolute_url()}"}
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Caspian Courier"
    assert data["publisher"]["logo"]["url"] == "http://testserver/logo.svg"
    assert data["image"]
    assert all(ABSOLUTE.match(image["url"]) for image in data["image"])
    assert "correction" not in data


def test_uploaded_site_logo_replaces_the_wordmark(client, reference_article):
    site = SiteSettings.load()
    site.logo = png_file(200, 60, name="logo.png")
    site.save()
    data = json_ld(client.get(reference_article.get_absolute_url()).text)["NewsArticle"]
    assert re.match(r"^http://testserver/media/site/logo.*\.png$", data["publisher"]["logo"]["url"])


def test_a_correction_appears_once_one_is_made(client, reference_article):
    made_at = timezone.make_aware(datetime(2022, 12, 6, 9, 30))
    PublicChange.objects.create(
        article=reference_article, kind=PublicChange.Kind.UPDATE, note="Added the ministry's statement."
    )
    PublicChange.objects.create(
        article=reference_article,
        kind=PublicChange.Kind.CORRECTION,
        note="An earlier version misnamed the river.",
        made_at=made_at,
    )
    data = json_ld(client.get(reference_article.get_absolute_url()).text)["NewsArticle"]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misnamed the river.",
            "datePublished": "2022-12-06T09:30:00+04:00",
        }
    ]


def test_date_modified_follows_the_latest_update(client):
    article = ArticleFactory()
    article.updated_at = article.published_at + timedelta(hours=2)
    article.save()
    data = json_ld(client.get(article.get_absolute_url()).text)["NewsArticle"]
    assert data["dateModified"] == timezone.localtime(article.updated_at, SiteSettings.load().zone).isoformat(
        timespec="seconds"
    )
    assert data["dateModified"] > data["datePublished"]


def test_breadcrumb_runs_home_section_article(reference_article, reference_page):
    items = json_ld(reference_page)["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in items] == [
        (1, "Home", "http://testserver/"),
        (2, "Defence", "http://testserver/section/defence/"),
        (3, reference.HEADLINE, f"http://testserver{reference_article.get_absolute_url()}"),
    ]


def test_open_graph_and_twitter_tags(reference_article, reference_page):
    tags = meta(reference_page)
    canonical = f"http://testserver{reference_article.get_absolute_url()}"
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == tags["twitter:title"] == [reference.HEADLINE]
    assert tags["og:description"] == tags["twitter:description"] == [reference.STANDFIRST]
    assert tags["og:url"] == [canonical]
    assert tags["og:site_name"] == ["Caspian Courier"]
    assert ABSOLUTE.match(tags["og:image"][0])
    assert tags["og:image:width"] == ["480"]
    assert tags["og:image:height"] == ["270"]
    assert tags["og:image:alt"] == [reference.IMAGE_CAPTION]
    assert tags["article:published_time"] == [reference.PUBLISHED]
    assert tags["article:section"] == ["Defence"]
    assert sorted(tags["article:tag"]) == sorted(reference.TOPICS)
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == tags["og:image"]


def test_social_image_is_the_1200_rendition_of_a_large_picture(client):
    image = ImageFactory(file=png_file(1600, 900))
    image.build_renditions()
    article = ArticleFactory(lead_image=image)
    html = client.get(article.get_absolute_url()).text
    tags = meta(html)
    assert re.match(r"^http://testserver/media/renditions/.+-1200\.png$", tags["og:image"][0])
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["675"])
    widths = [image["width"] for image in json_ld(html)["NewsArticle"]["image"]]
    assert widths == [1600, 1200, 800, 400]


def test_without_a_lead_image_the_card_is_a_summary(client):
    html = client.get(ArticleFactory(lead_image=None).get_absolute_url()).text
    tags = meta(html)
    assert tags["twitter:card"] == ["summary"]
    assert "og:image" not in tags
    assert "image" not in json_ld(html)["NewsArticle"]


def test_x_account_from_site_settings_names_the_twitter_site(client):
    site = SiteSettings.load()
    site.x_url = "https://x.com/caspiancourier"
    site.save()
    assert meta(client.get(ArticleFactory().get_absolute_url()).text)["twitter:site"] == ["@caspiancourier"]


def test_hostile_headline_cannot_break_out_of_the_script(client):
    hostile = "</script><script>alert(1)</script> & <!-- \"quoted\" 'single'"
    article = ArticleFactory(headline=hostile, standfirst=hostile)
    html = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in html
    assert "<!--" not in html
    data = json_ld(html)
    assert data["NewsArticle"]["headline"] == data["NewsArticle"]["description"] == hostile
    assert data["BreadcrumbList"]["itemListElement"][2]["name"] == hostile
    tags = meta(html)
    assert tags["og:title"] == tags["twitter:title"] == [hostile]


def test_article_pages_are_the_same_for_every_request(client):
    """No nonce or other per-response value in the page: the page cache serves one copy to everyone."""
    url = ArticleFactory().get_absolute_url()
    assert client.get(url).content == client.get(url).content


def test_preview_has_no_structured_data_no_canonical_and_is_noindex(client):
    article = draft(headline="Not yet public")
    response = client.get(preview.url_for(article))
    assert response.status_code == 200
    assert article.headline in response.text
    assert not JSON_LD.search(response.text)
    assert not any(key.startswith(("og:", "twitter:", "article:")) for key, _ in MetaTags(response.text).tags)
    assert 'rel="canonical"' not in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_article_page_json_ld_costs_no_query(client, django_assert_num_queries):
    """Everything comes from for_detail()'s prefetches: the count matches a page with nothing to describe."""
    bare = ArticleFactory(lead_image=None)
    full = Article.objects.get(pk=ArticleFactory(lead_image=ImageFactory()).pk)
    PublicChange.objects.create(article=full, kind=PublicChange.Kind.CORRECTION, note="Fixed a name.")
    client.get(bare.get_absolute_url())  # warm the site settings cache
    with CaptureQueriesContext(connection) as bare_queries:
        client.get(bare.get_absolute_url())
    with django_assert_num_queries(len(bare_queries)):
        assert "CorrectionComment" in client.get(full.get_absolute_url()).text
