"""RSS 2.0 and Atom feeds of the newest public stories: the whole site, and one per section, topic, author and source.

Built on django.contrib.syndication: a feed names its subject (get_object) and its stories (stories()); the shared
ArticleFeed says how a story becomes an item, and each Atom feed differs from its RSS twin only by AtomFeedMixin.
"""

import mimetypes

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape

from newsdesk.pagecache.keys import depends_on, list_key
from newsdesk.sitesettings.models import SiteSettings

from . import images
from .models import Article, Author, Section, Source, Topic
from .text import with_absolute_addresses, xml_safe

FEED_LENGTH = 30
ENCLOSURE_WIDTH = 1200
# A stored file never changes under its name (uploads get a generated name; renditions are named after it), so a
# size once read stays true; the timeout only lets sizes of deleted pictures age out.
FILE_SIZE_TIMEOUT = 30 * 24 * 3600
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
CONTENT_MODULE = "http://purl.org/rss/1.0/modules/content/"


# --- the documents ------------------------------------------------------------------------------------------------


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per byline, the last change in atom:updated and, when the site setting is on,
    the whole story in content:encoded (RSS itself has no element for any of these)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE, "xmlns:content": CONTENT_MODULE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["bylines"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if self.feed["full_text"]:
            handler.addQuickElement("content:encoded", item["content"])


class NewsAtomFeed(Atom1Feed):
    """Atom with one author per byline (Django writes at most one) and the whole story when the setting is on."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["bylines"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if self.feed["full_text"]:
            handler.addQuickElement("content", item["content"], {"type": "html"})


# --- lead images as enclosures ------------------------------------------------------------------------------------


def _enclosure_file(image) -> str:
    """The storage name of the file the feed links to: the widest rendition, or the original until renditions exist
    (the same choice images.rendition_url() makes for the URL)."""
    if image.renditions_ready and ENCLOSURE_WIDTH in images.rendition_widths(image):
        return images._rendition_name(image, ENCLOSURE_WIDTH, images.fallback_format(image))
    return image.file.name


def _file_sizes(names: set[str]) -> dict[str, int]:
    """Byte sizes by storage name: one cache round trip for the whole feed; storage is asked only on a miss, since
    on a remote storage every size is a request. A file that cannot be read counts 0, the RSS Best Practices
    Profile's value for an unknown length, and is not cached, so it is measured again once it exists."""
    keys = {f"news:file-size:{name}": name for name in names}
    sizes = {keys[key]: size for key, size in cache.get_many(keys).items()}
    measured = {}
    for key, name in keys.items():
        if name in sizes:
            continue
        try:
            sizes[name] = measured[key] = default_storage.size(name)
        except OSError:
            sizes[name] = 0
    cache.set_many(measured, timeout=FILE_SIZE_TIMEOUT)
    return sizes


def with_enclosures(articles: list[Article]) -> list[Article]:
    """Sets article.feed_enclosure: the lead image as an RSS/Atom enclosure (URL, byte length, MIME type), or None."""
    pictures = {article.pk: _enclosure_file(article.lead_image) for article in articles if article.lead_image}
    sizes = _file_sizes(set(pictures.values()))
    for article in articles:
        article.feed_enclosure = None
        if article.pk in pictures:
            name = pictures[article.pk]
            mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            article.feed_enclosure = Enclosure(default_storage.url(name), str(sizes[name]), mime_type)
    return articles


# --- the feeds ----------------------------------------------------------------------------------------------------


class ArticleFeed(Feed):
    """The newest public stories of a subject (None: the whole site), newest first."""

    feed_type = NewsRssFeed
    about = "The newest stories from {site}"
    item_guid_is_permalink = True

    def stories(self, subject):
        return Article.objects.public()

    def items(self, subject):
        articles = (
            self.stories(subject)
            .newest_first()
            .for_listing()
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        )
        return with_enclosures(list(articles[:FEED_LENGTH]))

    def title(self, subject):
        site_name = SiteSettings.load().site_name
        return f"{subject} · {site_name}" if subject else site_name

    def link(self, subject):
        return subject.get_absolute_url() if subject else reverse("news:home")

    def description(self, subject):
        site = SiteSettings.load()
        if subject is None and site.tagline:
            return site.tagline
        return getattr(subject, "description", "") or self.about.format(subject=subject, site=site.site_name)

    def author_name(self, subject):
        # Atom needs an author for every entry: a story without a byline takes the site's, given here.
        return SiteSettings.load().site_name

    def feed_extra_kwargs(self, subject):
        return {"full_text": SiteSettings.load().feeds_full_text}

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # Readers take an item's description as HTML; the summary is plain text.
        return escape(article.summary)

    def item_guid(self, article):
        # The short link, which outlives a change of headline and slug; made absolute in get_feed().
        return reverse("news:article-by-id", args=[article.pk])

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_changed_at

    def item_categories(self, article):
        return [article.section.name, *(topic.name for topic in article.topics.all())]

    def item_enclosures(self, article):
        return [article.feed_enclosure] if article.feed_enclosure else []

    def item_extra_kwargs(self, article):
        return {"bylines": [author.name for author in article.byline_authors()], "content": article.body}

    def get_feed(self, obj, request):
        depends_on("site", list_key(obj) if obj is not None else "feeds")
        feed = super().get_feed(obj, request)
        # Saves strip what XML cannot carry (news.text.xml_safe_fields); rows stored before that still reach here.
        feed.feed = {
            name: xml_safe(value) if isinstance(value, str) else value for name, value in feed.feed.items()
        }
        # Django adds the domain to links but leaves guids and enclosure URLs as given (a storage URL may already be
        # absolute, on a CDN; build_absolute_uri() keeps those).
        for item in feed.items:
            item["unique_id"] = request.build_absolute_uri(item["unique_id"])
            item["content"] = with_absolute_addresses(item.get("content") or "", request.build_absolute_uri)
            for enclosure in item["enclosures"]:
                enclosure.url = iri_to_uri(request.build_absolute_uri(enclosure.url))
        return feed


class AtomFeedMixin:
    feed_type = NewsAtomFeed

    def subtitle(self, subject):
        return self.description(subject)


class SiteFeed(ArticleFeed):
    pass


class SectionFeed(ArticleFeed):
    about = "The newest stories in {subject}, from {site}"

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def stories(self, section):
        return Article.objects.public().in_section(section)


class TopicFeed(ArticleFeed):
    about = "The newest stories about {subject}, from {site}"

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def stories(self, topic):
        return Article.objects.public().tagged(topic)


class AuthorFeed(ArticleFeed):
    about = "The newest stories by {subject}, from {site}"

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def stories(self, author):
        return Article.objects.public().by_author(author)


class SourceFeed(ArticleFeed):
    about = "The newest stories citing {subject}, from {site}"

    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def stories(self, source):
        return Article.objects.public().citing(source)


class SiteAtomFeed(AtomFeedMixin, SiteFeed):
    pass


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    pass


class TopicAtomFeed(AtomFeedMixin, TopicFeed):
    pass


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    pass


class SourceAtomFeed(AtomFeedMixin, SourceFeed):
    pass
