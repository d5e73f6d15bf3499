"""What search engines and social sites read about an article: schema.org JSON-LD, OpenGraph and Twitter cards.

Every function reads only what ArticleQuerySet.for_detail() has already fetched (bylines with authors, cited
sources, topics, public changes, the section and lead image), so the article page costs no extra query.
URLs are made absolute with the request: crawlers read these tags without any page to resolve them against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone

from . import images

if TYPE_CHECKING:
    from django.http import HttpRequest

    from newsdesk.sitesettings.models import SiteSettings

    from .models import Article, Image

# Social sites crop and rescale anything larger; 1200 px wide is what Facebook and X recommend for large cards.
SOCIAL_IMAGE_WIDTH = 1200
CORRECTION = "correction"  # PublicChange.Kind.CORRECTION, without importing the newsroom app into news


@dataclass(frozen=True)
class Picture:
    url: str
    width: int
    height: int


def iso_time(moment: datetime | None) -> str | None:
    """ISO 8601 with the UTC offset, in the site's time zone (the one the page shows)."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def modified_time(article: Article) -> datetime | None:
    """The newest of first publication, last update and last correction."""
    return max(
        (moment for moment in (article.published_at, article.updated_at, article.corrected_at) if moment),
        default=None,
    )


def pictures(image: Image | None, request: HttpRequest) -> list[Picture]:
    """The lead image at every size that exists on disk, largest (the original) first, as absolute URLs."""
    if image is None or not image.file:
        return []
    found = [Picture(request.build_absolute_uri(image.file.url), image.width, image.height)]
    if image.renditions_ready:
        found += [
            Picture(request.build_absolute_uri(image.rendition_url(width)), width, image.height_for(width))
            for width in sorted(images.rendition_widths(image), reverse=True)
        ]
    return found


def social_picture(image: Image | None, request: HttpRequest) -> Picture | None:
    """The largest size no wider than a social card needs; the smallest there is when all are wider."""
    candidates = pictures(image, request)
    if not candidates:
        return None
    return next((found for found in candidates if found.width <= SOCIAL_IMAGE_WIDTH), candidates[-1])


def logo_url(site: SiteSettings, request: HttpRequest) -> str:
    return request.build_absolute_uri(site.logo.url if site.logo else reverse("news:logo"))


def publisher(site: SiteSettings, request: HttpRequest) -> dict:
    return {
        "@type": "Organization",
        "name": site.site_name,
        "url": request.build_absolute_uri(reverse("news:home")),
        "logo": {"@type": "ImageObject", "url": logo_url(site, request)},
    }


def cited_works(article: Article, request: HttpRequest) -> list[dict]:
    """The outlets the article cites, in its order: the source's homepage, or its page here when it has none."""
    works = []
    for citation in article.cited_sources.all():
        source = citation.source
        url = source.homepage or request.build_absolute_uri(source.get_absolute_url())
        works.append(
            {
                "@type": "CreativeWork",
                "name": source.name,
                "url": url,
                "publisher": {"@type": "Organization", "name": source.name, "url": url},
            }
        )
    return works


def news_article(article: Article, *, site: SiteSettings, request: HttpRequest, canonical_url: str) -> dict:
    """A schema.org NewsArticle, with the fields Google's article documentation asks for and our sources."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "headline": article.headline,
        "description": article.summary,
        "inLanguage": article.language,
        "datePublished": iso_time(article.published_at),
        "dateModified": iso_time(modified_time(article)),
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in article.byline_authors()
        ],
        "publisher": publisher(site, request),
        "articleSection": article.section.name,
        "keywords": [topic.name for topic in article.topics.all()],
    }
    if found := pictures(article.lead_image, request):
        data["image"] = [
            {"@type": "ImageObject", "url": picture.url, "width": picture.width, "height": picture.height}
            for picture in found
        ]
    if works := cited_works(article, request):
        data["isBasedOn"] = data["citation"] = works
    corrections = [
        {"@type": "CorrectionComment", "text": change.note, "datePublished": iso_time(change.made_at)}
        for change in article.public_changes.all()
        if change.kind == CORRECTION
    ]
    if corrections:
        data["correction"] = corrections
    return data


def breadcrumb_list(article: Article, *, request: HttpRequest, canonical_url: str) -> dict:
    """Home → section → article, as Google shows it above the result."""
    trail = [
        ("Home", request.build_absolute_uri(reverse("news:home"))),
        (article.section.name, request.build_absolute_uri(article.section.get_absolute_url())),
        (article.headline, canonical_url),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def open_graph(
    article: Article, *, site: SiteSettings, request: HttpRequest, canonical_url: str
) -> list[tuple[str, str]]:
    """(property, content) pairs for <meta property=...>, in the order the OpenGraph protocol lists them."""
    tags = [
        ("og:type", "article"),
        ("og:title", article.headline),
        ("og:description", article.summary),
        ("og:url", canonical_url),
        ("og:site_name", site.site_name),
    ]
    if picture := social_picture(article.lead_image, request):
        tags += [
            ("og:image", picture.url),
            ("og:image:width", str(picture.width)),
            ("og:image:height", str(picture.height)),
            ("og:image:alt", article.lead_image.alt_text),
        ]
    tags += [
        ("article:published_time", iso_time(article.published_at) or ""),
        ("article:modified_time", iso_time(modified_time(article)) or ""),
        ("article:section", article.section.name),
    ]
    tags += [
        ("article:author", request.build_absolute_uri(author.get_absolute_url()))
        for author in article.byline_authors()
    ]
    tags += [("article:tag", topic.name) for topic in article.topics.all()]
    return [(key, value) for key, value in tags if value]


def twitter_card(article: Article, *, site: SiteSettings, request: HttpRequest) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta name=...>; X falls back to OpenGraph for anything left out."""
    picture = social_picture(article.lead_image, request)
    tags = [
        ("twitter:card", "summary_large_image" if picture else "summary"),
        ("twitter:site", x_handle(site.x_url)),
        ("twitter:title", article.headline),
        ("twitter:description", article.summary),
    ]
    if picture:
        tags += [("twitter:image", picture.url), ("twitter:image:alt", article.lead_image.alt_text)]
    return [(key, value) for key, value in tags if value]


def x_handle(profile_url: str) -> str:
    """'@courier' from 'https://x.com/courier'; empty when the URL names no account."""
    name = urlsplit(profile_url).path.strip("/").split("/")[0] if profile_url else ""
    return f"@{name}" if name else ""
