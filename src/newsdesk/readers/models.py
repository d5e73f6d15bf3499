"""What a reader follows and keeps: small rows that always belong to exactly one user."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery

from newsdesk.news.models import LAST_CHANGED, Article, ArticleSource, Author, Byline, Section, Source, Topic


class FollowQuerySet(models.QuerySet):
    def with_targets(self):
        """Each follow with what it follows, in the same query (lists show the target's name and link)."""
        return self.select_related(*Follow.TARGETS)

    def shown(self):
        """The follows a reader may be shown: a followed story only while it is public (one taken down, for a
        legal reason say, must not keep its headline and a dead link on the account page or in the export)."""
        return self.filter(~Q(kind="story") | Q(story__in=Article.objects.public()))


class Follow(models.Model):
    """One followed section, topic, author, source or story. Exactly one of the five targets is set, matching
    `kind`. A followed story is one the reader wants to hear about again: it comes back to the top of My news
    when the newsroom updates or corrects it."""

    class Kind(models.TextChoices):
        SECTION = "section"
        TOPIC = "topic"
        AUTHOR = "author"
        SOURCE = "source"
        STORY = "story"

    TARGETS = {
        Kind.SECTION: Section,
        Kind.TOPIC: Topic,
        Kind.AUTHOR: Author,
        Kind.SOURCE: Source,
        Kind.STORY: Article,
    }

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-created_at"]
        constraints = [
            models.CheckConstraint(
                name="follow_target_matches_kind",
                condition=(
                    Q(kind="section", section__isnull=False, topic=None, author=None, source=None, story=None)
                    | Q(kind="topic", topic__isnull=False, section=None, author=None, source=None, story=None)
                    | Q(
                        kind="author", author__isnull=False, section=None, topic=None, source=None, story=None
                    )
                    | Q(
                        kind="source", source__isnull=False, section=None, topic=None, author=None, story=None
                    )
                    | Q(kind="story", story__isnull=False, section=None, topic=None, author=None, source=None)
                ),
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", kind], condition=Q(kind=kind), name=f"follow_{kind}_once_per_user"
                )
                for kind in ("section", "topic", "author", "source", "story")
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.kind} {self.target}"

    @property
    def target(self):
        return getattr(self, self.kind)

    @classmethod
    def target_model(cls, kind: str):
        """The model followed under `kind`, or None for a kind we do not know (a 404, not a 500)."""
        return cls.TARGETS.get(kind)


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="bookmark_once_per_user")]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="bookmark_user_newest")]

    def __str__(self):
        return f"{self.user} saved {self.article_id}"


def followed_stories(user):
    """Public stories `user` follows, the one last changed first (an update or correction brings one back up), each
    with `followed_at`, so a list can say which changed since the reader followed it."""
    follows = Follow.objects.filter(user=user, kind=Follow.Kind.STORY, story_id=OuterRef("pk"))
    return (
        Article.objects.public()
        .filter(Exists(follows))
        .annotate(followed_at=Subquery(follows.values("created_at")[:1]), last_changed=LAST_CHANGED)
        .order_by("-last_changed", "-id")
    )


def followed_articles(user):
    """Public articles from everything `user` follows, each once, without a DISTINCT over joined rows."""
    follows = Follow.objects.filter(user=user)

    def ids(kind):
        return follows.filter(kind=kind).values(f"{kind}_id")

    return Article.objects.public().filter(
        Q(section_id__in=ids(Follow.Kind.SECTION))
        | Q(
            Exists(
                Article.topics.through.objects.filter(
                    article_id=OuterRef("pk"), topic_id__in=ids(Follow.Kind.TOPIC)
                )
            )
        )
        | Q(Exists(Byline.objects.filter(article_id=OuterRef("pk"), author_id__in=ids(Follow.Kind.AUTHOR))))
        | Q(
            Exists(
                ArticleSource.objects.filter(article_id=OuterRef("pk"), source_id__in=ids(Follow.Kind.SOURCE))
            )
        )
    )
