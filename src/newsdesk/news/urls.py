from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter
from django.views.generic import RedirectView

from newsdesk.pagecache.keys import cached_view

from . import feeds, robots, views
from .sitemaps import NEWS_SITEMAPS


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:04d}"


class TwoDigits(FourDigitYear):
    regex = "[0-9]{2}"

    def to_url(self, value):
        return f"{value:02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:pk>/", views.article_by_id, name="article-by-id"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="article"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("topic/<slug:slug>/", views.topic_detail, name="topic"),
    path("author/<slug:slug>/", views.author_detail, name="author"),
    path("source/<slug:slug>/", views.source_detail, name="source"),
    path("archive/", views.archive_index, name="archive"),
    path("archive/<yyyy:year>/<dd:month>/", views.archive_month, name="archive-month"),
    path("archive/<yyyy:year>/<dd:month>/<dd:day>/", views.archive_day, name="archive-day"),
    path("logo.svg", views.logo_svg, name="logo"),
    # Browsers ask for /favicon.ico whatever the page links: send them to the logo instead of a 404.
    path("favicon.ico", RedirectView.as_view(pattern_name="news:logo", permanent=True), name="favicon"),
    # Feeds: /feeds/rss/ for the whole site, <page>/rss/ and <page>/atom/ for a section, topic, author or source.
    path("feeds/rss/", feeds.SiteFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.SiteAtomFeed(), name="feed-atom"),
    path("section/<slug:slug>/rss/", feeds.SectionFeed(), name="section-rss"),
    path("section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-atom"),
    path("topic/<slug:slug>/rss/", feeds.TopicFeed(), name="topic-rss"),
    path("topic/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="topic-atom"),
    path("author/<slug:slug>/rss/", feeds.AuthorFeed(), name="author-rss"),
    path("author/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author-atom"),
    path("source/<slug:slug>/rss/", feeds.SourceFeed(), name="source-rss"),
    path("source/<slug:slug>/atom/", feeds.SourceAtomFeed(), name="source-atom"),
    # Sitemaps and robots.txt
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap"),
    path(
        "news-sitemap.xml",
        cached_view(sitemap_views.sitemap, "sitemaps"),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "news/sitemap_news.xml"},
        name="news-sitemap",
    ),
    path("robots.txt", robots.robots_txt, name="robots"),
]
