from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, Max, Prefetch
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsdesk.search import folding

from . import images
from .links import link
from .text import (
    addresses_shown,
    is_library_address,
    picture_attributes,
    picture_sources,
    plain_text,
    sanitize_html,
    slugify,
    word_count,
    xml_safe,
    xml_safe_fields,
)


class SluggedModel(models.Model):
    """A public thing with a name and a URL slug made from it (transliterated, unique)."""

    slug_source_field = "name"
    url_name = ""  # the public page's URL name, which takes the slug ("news:section")

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, self.slug_source_field)

    def save(self, *args, **kwargs):
        xml_safe_fields(self)
        if not self.slug:
            self.slug = self._unique_slug(slugify(getattr(self, self.slug_source_field), max_length=80))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link(self.url_name, self.slug)

    def _unique_slug(self, base: str) -> str:
        siblings = type(self)._default_manager.exclude(pk=self.pk)
        slug, suffix = base, 2
        while siblings.filter(slug=slug).exists():
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug


class SectionQuerySet(models.QuerySet):
    def in_navigation(self):
        return self.filter(in_navigation=True).order_by("order", "name")


class Section(SluggedModel):
    """What readers call a category: World, Politics, Defence..."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in the navigation."
    )
    in_navigation = models.BooleanField("shown in navigation", default=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    objects = SectionQuerySet.as_manager()
    url_name = "news:section"

    class Meta:
        ordering = ["order", "name"]


class Topic(SluggedModel):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.TextField(blank=True)

    url_name = "news:topic"

    class Meta:
        ordering = ["name"]


def holding_every_word(field: str, text: str) -> models.Q:
    """Rows whose folded `field` (folding.indexed_words) holds every word of `text`, folded the same way, in any
    of its spellings; a word may be part of a longer one. Only the first MAX_TERMS words count, as in the site
    search: a pasted page was a thousand-way AND that SQLite refuses ("Expression tree is too large")."""
    every = models.Q()
    for word, english in folding.english_spellings(text)[: folding.MAX_TERMS]:
        either = models.Q()
        for spelling in {word, *english}:
            either |= models.Q(**{f"{field}__contains": spelling})
        every &= either
    return every


class ImageQuerySet(models.QuerySet):
    def matching(self, text: str):
        """Pictures whose description, caption or credit holds every word of `text`, newest first. Words are
        folded as the site search folds them (search/folding.py), on both sides: "şuşa", "ŞUŞA", "Susa" and
        "Shusha" all find a caption saying "Şuşa" (a database's own case-insensitive match cannot: SQLite's LIKE
        folds ASCII letters only). Each word may be the start or a part of a word ("pont" finds "pontoon")."""
        return self.filter(holding_every_word("search_text", text)).order_by("-created_at", "-pk")


class Image(models.Model):
    """A picture with what a reader needs beside it: alt text, caption and credit."""

    file = images.PictureField(upload_to=images.upload_path, validators=[images.validate_image_upload])
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=250, help_text="What the picture shows, for readers who cannot see it."
    )
    caption = models.CharField(max_length=400, blank=True)
    credit = models.CharField(max_length=120, blank=True)
    renditions_ready = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The description, caption and credit as the site search folds them, for the newsroom's picture search. A
    # database default, as Article.search_text has: old servers insert pictures without it until restarted.
    search_text = models.TextField(blank=True, default="", db_default="", editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.file.name

    def save(self, *args, **kwargs):
        self.alt_text, self.caption, self.credit = (
            xml_safe(self.alt_text),
            xml_safe(self.caption),
            xml_safe(self.credit),
        )
        self.search_text = folded_for_search(self.alt_text, self.caption, self.credit)
        replaced = None
        if self.file and not self.file._committed:
            replaced = (
                self.pk and type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first()
            )
            # Every new upload is decoded and re-encoded: EXIF and anything hidden after the image data go.
            normalised = images.normalise(self.file)
            self.file.save(normalised.name, normalised, save=False)
            self.width, self.height = self.file.width, self.file.height
            self.renditions_ready = False
        elif self.file and not (self.width and self.height):
            self.width, self.height = self.file.width, self.file.height
        super().save(*args, **kwargs)
        if replaced and replaced != self.file.name:
            # A picture swapped for another (the wrong face, a legal complaint) must stop answering too. After the
            # row is saved: outside a transaction the removal runs at once and must find the new name held.
            images.remove_files_after_commit(type(self), replaced, replaced_by=self.file.name)
        if not self.renditions_ready:
            from newsdesk.newsroom.tasks import build_renditions

            transaction.on_commit(lambda: build_renditions.enqueue(self.pk))

    @property
    def body_address(self) -> str:
        """The address an article's text shows the picture by: the only kind a body may show (text.py)."""
        return self.rendition_url(1200)

    @property
    def thumbnail_address(self) -> str:
        return self.rendition_url(400)

    @property
    def caption_with_credit(self) -> str:
        """The caption the picture takes into an article's text, where the credit has no line of its own."""
        caption, credit = self.caption.strip(), self.credit.strip()
        if caption and credit and caption[-1] not in ".!?…":
            caption += "."
        return " ".join(part for part in (caption, credit) if part)

    @property
    def stem(self) -> str:
        """The generated name its original and every rendition share (what PictureInText records)."""
        return images.media_stem(self.file.name)

    def stories_showing(self):
        """Stories that show this picture: as their lead, or inside their text by address."""
        in_text = PictureInText.objects.filter(stem=self.stem).values("article")
        return Article.objects.filter(models.Q(lead_image=self) | models.Q(pk__in=in_text)).order_by(
            "-modified_at"
        )

    def build_renditions(self) -> None:
        images.build_renditions(self)
        type(self).objects.filter(pk=self.pk).update(renditions_ready=True)
        self.renditions_ready = True
        images.renditions_made.send(sender=type(self), image=self)

    def rendition_url(self, width: int) -> str:
        return images.rendition_url(self, width)

    @property
    def srcset(self) -> str:
        return images.srcset(self)

    @property
    def webp_srcset(self) -> str:
        return images.srcset(self, "webp")

    def height_for(self, width: int) -> int:
        return images.rendition_height((self.width, self.height), width) if self.width else width


class Author(SluggedModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account that writes as this author, if any.",
    )

    url_name = "news:author"

    class Meta:
        ordering = ["name"]


class Source(SluggedModel):
    """An outlet or agency an article cites: Daily Sabah, Trend, Azernews..."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    homepage = models.URLField(blank=True)
    description = models.TextField(blank=True)

    url_name = "news:source"

    class Meta:
        ordering = ["name"]


def listing_bylines(lookup: str = "bylines") -> Prefetch:
    """The bylines a story card shows, in order, with their authors: from articles, or through a relation to them
    ("article__bylines")."""
    return Prefetch(lookup, queryset=Byline.objects.select_related("author").order_by("order"))


# When readers last saw a story change: its last update, else its first publication (Article.last_changed_at).
LAST_CHANGED = Coalesce("updated_at", "published_at")


# A story's number alone ("4812") or in a pasted address ("https://…/news/4812/quake-felt/").
_STORY_NUMBER = re.compile(r"(?:^|/news/)([0-9]{1,19})(?:/|$)")


class ArticleQuerySet(models.QuerySet):
    def public(self):
        """The one definition of what a reader may see: published or scheduled, and its publish time has come.

        A scheduled article goes live by this comparison alone, so no worker has to be running for it to appear
        on time, and nothing can show it early.
        """
        return self.filter(status__in=Article.LIVE_STATUSES, published_at__lte=timezone.now())

    def taken_down(self):
        """Stories readers had that the newsroom took down (not drafts, nor stories that never went live)."""
        return self.filter(
            status=Article.Status.UNPUBLISHED, transitions__to_status=Article.Status.PUBLISHED
        ).distinct()

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def matching(self, text: str):
        """The newsroom's story search: stories whose headline or standfirst holds every word of `text`, folded
        as the site search folds them (drafts have no search document, and SQLite's LIKE folds ASCII letters
        only, so "ŞUŞA" missed "Şuşa"); or the story a pasted number or address names ("/news/4812/...")."""
        words = holding_every_word("search_text", text)
        named = _STORY_NUMBER.search(text.strip())
        if named and int(named[1]) < 2**63:
            return self.filter(words | models.Q(pk=int(named[1])))
        return self.filter(words)

    def breaking_now(self, window: timedelta, at: datetime | None = None):
        """Stories the breaking banner may show: flagged, public, and first published within `window` (the site
        setting), newest first. A flag nobody remembers to clear would otherwise keep a days-old story on top of
        every page."""
        at = at or timezone.now()
        return (
            self.public()
            .filter(is_breaking=True, published_at__lte=at, published_at__gt=at - window)
            .newest_first()
        )

    def last_changed_at(self):
        """The newest last_changed_at among these stories, in one query (None when there are none)."""
        return self.aggregate(latest=Max(LAST_CHANGED))["latest"]

    def for_listing(self):
        return self.select_related("section", "lead_image").prefetch_related(listing_bylines())

    def for_detail(self):
        return self.select_related("section", "lead_image").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author__photo").order_by("order")),
            Prefetch(
                "cited_sources", queryset=ArticleSource.objects.select_related("source").order_by("order")
            ),
            Prefetch("topics", queryset=Topic.objects.order_by("name")),
            "public_changes",
        )

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, topic):
        return self.filter(topics=topic)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def citing(self, source):
        return self.filter(cited_sources__source=source)

    def published_between(self, start, end):
        return self.filter(published_at__gte=start, published_at__lt=end)

    def front_page(self):
        """Stories an editor lifted to the front (priority > 0), most prominent first."""
        return self.filter(priority__gt=0).order_by("-priority", "-published_at", "-id")

    def newest_per_section(self, sections, per_section: int):
        """The newest few of each section, in one query whatever the archive size: for each rank, a scalar subquery
        per section walks the section's index for its n-th newest story (a window function over the sections
        would number every story they ever had: 150 ms at 10,000 articles on SQLite)."""
        section_ids = [section.pk for section in sections]
        picks = [
            Section.objects.filter(pk__in=section_ids)
            .annotate(
                pick=models.Subquery(
                    self.filter(section=models.OuterRef("pk")).newest_first().values("pk")[rank : rank + 1]
                )
            )
            .values("pick")
            .order_by()
            for rank in range(per_section)
        ]
        if not picks:
            return self.none()
        # The outer query only looks the picks up by primary key: repeating public() here made SQLite walk every live
        # story to test each against the list. The picks were made from this queryset, so they satisfy it.
        return self.model.objects.filter(pk__in=picks[0].union(*picks[1:], all=True)).order_by(
            "section_id", "-published_at", "-id"
        )

    def related_to(self, article, limit: int = 4):
        """Public stories sharing the most topics with this one (its section counting as one), newest first among
        equals, ranked among a bounded set of candidates (the stories most recently tagged with its topics; the
        newest in its section when it has no topics), so the article page costs the same at 1M stories as at 10k."""
        topic_ids = [topic.pk for topic in article.topics.all()]
        if topic_ids:
            candidates = (
                Article.topics.through.objects.filter(topic_id__in=topic_ids)
                .exclude(article_id=article.pk)
                .order_by("-id")
                .values_list("article_id", flat=True)[:RELATED_CANDIDATES]
            )
        else:
            candidates = (
                self.filter(section_id=article.section_id)
                .exclude(pk=article.pk)
                .newest_first()
                .values_list("pk", flat=True)[:RELATED_CANDIDATES]
            )
        # One candidate list, one index walk; the outer query only looks them up by key, and counts each one's
        # shared topics with a correlated lookup in the (article, topic) unique index. A join with GROUP BY over
        # every selected column did the same work at twice the cost (SQL built and run: 4.9 vs 3.5 ms a page).
        shared_topics = (
            Article.topics.through.objects.filter(article_id=models.OuterRef("pk"), topic_id__in=topic_ids)
            .order_by()
            .values("article_id")
            .annotate(count=Count("*"))
            .values("count")
        )
        # The story's own section counts as one more shared topic: of two stories sharing one topic with a
        # Defence story, the Defence one is the likelier next read.
        same_section = models.Case(
            models.When(section_id=article.section_id, then=1), default=0, output_field=models.IntegerField()
        )
        return (
            self.model.objects.filter(
                pk__in=candidates, status__in=Article.LIVE_STATUSES, published_at__lte=timezone.now()
            )
            # Cards never show the body.
            .defer("body")
            # alias, not annotate: an annotation used in another is computed again inside it (twice per row).
            .alias(shared_topics=Coalesce(models.Subquery(shared_topics), 0))
            .alias(relatedness=F("shared_topics") + same_section)
            .order_by("-relatedness", "-published_at", "-id")[:limit]
        )


RELATED_CANDIDATES = 200


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Taken down"

    class Type(models.TextChoices):
        NEWS = "news", "News"
        ANALYSIS = "analysis", "Analysis"
        OPINION = "opinion", "Opinion"
        FEATURE = "feature", "Feature"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=220, blank=True, help_text="Made from the headline when empty. Old links keep working."
    )
    standfirst = models.TextField(max_length=500, blank=True, help_text="The summary under the headline.")
    body = models.TextField(blank=True, help_text="HTML; anything outside the allow-list is removed on save.")
    dateline = models.CharField(max_length=60, blank=True, help_text="Where the story was filed, e.g. BAKU.")
    article_type = models.CharField(max_length=16, choices=Type.choices, default=Type.NEWS)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles", blank=True)
    sources = models.ManyToManyField(Source, through="ArticleSource", related_name="articles", blank=True)
    lead_image = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_breaking = models.BooleanField(
        "breaking",
        default=False,
        help_text="Puts the story under the Breaking banner on every page, for the hours set in site settings.",
    )
    priority = models.PositiveSmallIntegerField(
        "front-page priority", default=0, help_text="0: not on the front; higher numbers are more prominent."
    )
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "first published",
        null=True,
        blank=True,
        help_text="Set by the workflow buttons (Publish now, Schedule, Save and schedule); a scheduled story goes live "
        "at this time.",
    )
    updated_at = models.DateTimeField("last updated", null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every save; a save based on an older version is refused.",
    )
    corrected_at = models.DateTimeField("last corrected", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # The headline and standfirst as the site search folds them, for the newsroom's story search. A database
    # default too: servers still running the version before this column insert stories without it until they
    # are restarted after `newsdesk migrate`, and NOT NULL without a default refused those saves.
    search_text = models.TextField(blank=True, default="", db_default="", editable=False)

    objects = ArticleQuerySet.as_manager()

    LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("edit_section_drafts", "Can edit any draft in their own sections"),
            ("edit_any_article", "Can edit any article in their sections (all sections when none are set)"),
            ("publish_article", "Can publish, schedule, update, correct and take down articles"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_newest"),
            models.Index(fields=["section", "status", "-published_at", "-id"], name="article_section_newest"),
            models.Index(fields=["status", "-priority", "-published_at"], name="article_front_page"),
            # public() is status IN (published, scheduled): an index led by status cannot return two statuses in
            # date order, so every newest-first list sorted all live rows. These walk the stories in the order the
            # pages read them and test the status on the way (nearly every story is live, so a page of 20 reads
            # about 20 entries). Not partial indexes: SQLite only uses one when the query spells out the same
            # constants, and Django sends the statuses as parameters.
            models.Index(F("published_at").desc(), F("id").desc(), name="article_newest"),
            # The home page's lead and top stories: priority > 0, most prominent first.
            models.Index(
                F("priority").desc(), F("published_at").desc(), F("id").desc(), name="article_front_newest"
            ),
            # The breaking-news banner on every page: the newest live breaking story (a sequential scan without it).
            models.Index(
                "is_breaking", F("published_at").desc(), F("id").desc(), name="article_breaking_newest"
            ),
            models.Index(
                "section", F("published_at").desc(), F("id").desc(), name="article_section_published"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Every writer (admin, API, wire desk, demo loader) passes through here, so the allow-list always applies.
        self.body = sanitize_html(xml_safe(self.body))
        self.headline, self.standfirst, self.dateline = (
            xml_safe(self.headline),
            xml_safe(self.standfirst),
            xml_safe(self.dateline),
        )
        if not self.slug:
            self.slug = slugify(self.headline, max_length=200)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"headline", "standfirst"} & set(update_fields):
            # Not for saves that leave both alone (workflow moves): nothing to fold again.
            self.search_text = folded_for_search(self.headline, self.standfirst)
            if update_fields is not None:
                kwargs["update_fields"] = update_fields = {*update_fields, "search_text"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        if update_fields is None or "body" in update_fields:
            self.note_pictures_in_text(adding=adding)

    def get_absolute_url(self):
        return link("news:article", self.pk, self.slug)

    def note_pictures_in_text(self, *, adding: bool = False) -> None:
        """Keeps PictureInText to what the body shows: which stories show a picture is then an indexed lookup, not
        a scan of every body (a delete or a replacement at a million stories)."""
        shown = stems_to_note(self.body)
        noted = set() if adding else set(self.pictures_in_text.values_list("stem", flat=True))
        if noted - shown:
            self.pictures_in_text.filter(stem__in=noted - shown).delete()
        if shown - noted:
            PictureInText.objects.bulk_create(
                [PictureInText(article=self, stem=stem) for stem in shown - noted], ignore_conflicts=True
            )

    def body_for_readers(self) -> str:
        """The body as the article page shows it: its library pictures served from their renditions."""
        # The body passed the site's allow-list when it was saved (save() above).
        return mark_safe(with_served_pictures(self.body))

    @property
    def is_public(self) -> bool:
        return (
            self.status in self.LIVE_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def last_changed_at(self):
        """Its last update, else its first publication: the lastmod of feeds and sitemaps (see LAST_CHANGED)."""
        return self.updated_at or self.published_at

    @property
    def was_updated(self) -> bool:
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)

    @property
    def was_corrected(self) -> bool:
        """True when the newest public change is a correction (the article page then says "Corrected")."""
        return bool(self.corrected_at and (not self.updated_at or self.corrected_at >= self.updated_at))

    @property
    def word_count(self) -> int:
        return word_count(self.body)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / 230))

    @property
    def summary(self) -> str:
        return self.standfirst or plain_text(self.body)[:240]

    def byline_authors(self) -> list[Author]:
        return [byline.author for byline in self.bylines.all()]


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_byline")]

    def __str__(self):
        return self.author.name


class ArticleSource(models.Model):
    """An outlet cited by an article, in the order the article cites them, with how it was used."""

    class Usage(models.TextChoices):
        REPORTED_BY = "reported_by", "reported by"
        VIA = "via", "via"
        ACCORDING_TO = "according_to", "according to"
        CITING = "citing", "citing"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="cited_sources")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    order = models.PositiveSmallIntegerField(default=0)
    usage = models.CharField(max_length=16, choices=Usage.choices, default=Usage.REPORTED_BY)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["article", "source"], name="unique_article_source")]

    def __str__(self):
        return f"{self.get_usage_display()} {self.source.name}"


class PictureInText(models.Model):
    """A library picture an article's text shows, by the generated name in its address (the original's and every
    rendition's). Kept by Article.save(); a name stays noted after its picture left the library until the text
    is saved without it, which is how the stories that lost a picture are found."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pictures_in_text")
    stem = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "stem"], name="unique_picture_in_text")]

    def __str__(self):
        return f"{self.stem} in article {self.article_id}"


def stems_to_note(html: str) -> set[str]:
    """The generated names of the library pictures a text shows, or links to (a delete takes such a link out
    too: text.without_picture), as PictureInText records them. A name longer than the column is left out: no
    library file can have it (Image.file holds 100 characters at most, its stem fewer), and PostgreSQL refuses the
    row, which made the whole save of such a text (an API draft) fail."""
    limit = PictureInText._meta.get_field("stem").max_length
    return {stem for src in addresses_shown(html) if (stem := library_stem(src)) and len(stem) <= limit}


def folded_for_search(*texts: str) -> str:
    """What a `search_text` column holds for these texts (holding_every_word reads it)."""
    return " ".join(folding.indexed_words(" ".join(texts)))


def library_stem(src: str) -> str | None:
    """The generated name a library address holds (its original and every rendition share it), or None for an
    address that is not the library's."""
    if not is_library_address(src):
        return None
    stored = urlsplit(src).path.removeprefix(settings.MEDIA_URL)
    return images.media_stem(stored)


def library_pictures(stems) -> dict[str, Image]:
    """The library's pictures by generated name, in one query; a name no picture holds is left out."""
    stems = set(stems)
    if not stems:
        return {}
    held = models.Q()
    for stem in stems:
        # The name as a whole path segment before its extension: a one-letter name must not match every file.
        held |= models.Q(file__contains=f"/{stem}.")
    found = {picture.stem: picture for picture in Image.objects.filter(held)}
    return {stem: picture for stem, picture in found.items() if stem in stems}


def pictures_gone_from_library(html: str) -> list[str]:
    """Library addresses in a body whose picture is no longer in the library. Taking a deleted picture out of the
    stories that showed it is not enough: restoring an older revision, or saving one's own text over the system's
    on the conflict screen, would put it back, as a picture that answers 404."""
    wanted = {}
    for src in picture_sources(html):
        if stem := library_stem(src):
            wanted.setdefault(stem, src)
    kept = library_pictures(wanted)
    return [src for stem, src in wanted.items() if stem not in kept]


# What the article column gives a picture in its text: the whole screen on a phone, the text's measure beyond.
BODY_PICTURE_SIZES = "(min-width: 48rem) 42rem, 100vw"
_BODY_IMG = re.compile(r"<img [^>]*>")


def with_served_pictures(html: str) -> str:
    """A stored (sanitised) body as the article page shows it: each library picture served the way the lead
    picture is, from its renditions (srcset and WebP, a 1200 px fallback), with its size so the text does not jump
    as it loads, and loaded lazily. What the writer chose stays: the description, the caption, the order. A
    picture the library no longer holds is left as it is. The stored body keeps the plain address (the API and
    the editor see what was written); this is done for each render, as WordPress does for its posts' images."""
    tags = {tag: picture_attributes(tag) for tag in set(_BODY_IMG.findall(html))}
    stems = {tag: library_stem(attributes.get("src", "")) for tag, attributes in tags.items()}
    pictures = library_pictures(stem for stem in stems.values() if stem)
    if not pictures:
        return html

    def served(match: re.Match) -> str:
        tag = match.group(0)
        picture = pictures.get(stems[tag] or "")
        return _responsive_picture(picture, tags[tag].get("alt", "")) if picture else tag

    return _BODY_IMG.sub(served, html)


def _responsive_picture(picture: Image, alt: str) -> str:
    src = picture.rendition_url(1200)
    width = 1200 if images.has_rendition(picture, 1200) else picture.width
    img = format_html(
        '<img src="{}"{} width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        src,
        format_html(' srcset="{}" sizes="{}"', picture.srcset, BODY_PICTURE_SIZES) if picture.srcset else "",
        width,
        picture.height_for(width),
        alt,
    )
    if not picture.webp_srcset:
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>',
        picture.webp_srcset,
        BODY_PICTURE_SIZES,
        img,
    )
