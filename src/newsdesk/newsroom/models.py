"""What the newsroom records about an article's life: transitions, revisions, public changes and edit locks."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from newsdesk.news.models import Article


class Transition(models.Model):
    """One move of an article between workflow states: who, when, from, to and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=24)
    from_status = models.CharField(max_length=16, choices=Article.Status.choices)
    to_status = models.CharField(max_length=16, choices=Article.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system made the move (a scheduled article going live).",
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.article_id}: {self.from_status} → {self.to_status}"

    @property
    def actor_name(self) -> str:
        return self.actor.display_name if self.actor else "Newsdesk (scheduled)"


class RevisionQuerySet(models.QuerySet):
    def kept(self):
        """Saved revisions, without the autosave scratch copies."""
        return self.exclude(kind=Revision.Kind.AUTOSAVE)


class Revision(models.Model):
    """A copy of the article as one save left it. Every save is kept; the text of a refused save is kept too."""

    class Kind(models.TextChoices):
        SAVE = "save", "Saved"
        AUTOSAVE = "autosave", "Autosaved"
        CONFLICT = "conflict", "Refused save (kept)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SAVE)
    headline = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="Section, topics, bylines and sources.")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at", "-id"]
        indexes = [models.Index(fields=["article", "-saved_at"], name="revision_article_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "saved_by"],
                condition=models.Q(kind="autosave"),
                name="one_autosave_per_editor_and_article",
            )
        ]

    def __str__(self):
        return f"{self.article_id} v{self.version} ({self.get_kind_display()})"

    @property
    def texts(self) -> dict[str, str]:
        return {"headline": self.headline, "standfirst": self.standfirst, "body": self.body}


class PublicChangeQuerySet(models.QuerySet):
    def corrections(self):
        return self.filter(kind=PublicChange.Kind.CORRECTION)

    def of_public_articles(self):
        return self.filter(article__in=Article.objects.public())

    def newest_first(self):
        return self.order_by("-made_at", "-id")


class PublicChange(models.Model):
    """An update or correction readers are told about, with its note and what changed in the text."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Updated"
        CORRECTION = "correction", "Corrected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="public_changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(blank=True)
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Rendered once when the change is made, from escaped text only (see newsroom.diff), so pages never diff.
    diff_html = models.TextField(blank=True)

    objects = PublicChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["kind", "-made_at"], name="publicchange_kind_newest")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:60]}"


class EditLock(models.Model):
    """A soft lock: tells others who is editing. It never blocks a save; it expires when its holder goes quiet."""

    TIMEOUT = timedelta(seconds=120)

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="edit_lock"
    )
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.article_id} held by {self.holder_id}"

    @property
    def is_expired(self) -> bool:
        return self.seen_at < timezone.now() - self.TIMEOUT

    @property
    def active_just_now(self) -> bool:
        """Seen within the last minute (the editor page reports every 20 s while it is open)."""
        return self.seen_at >= timezone.now() - timedelta(minutes=1)
