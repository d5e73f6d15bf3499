"""API tokens: one per integration, each with the scopes it needs, acting as (and never beyond) its owner."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "ndk_"


class Scope(models.TextChoices):
    READ_DRAFTS = "read:drafts", "Read drafts the owner can see"
    WRITE_DRAFTS = "write:drafts", "Create and edit drafts, submit them for review"
    UPLOAD_IMAGES = "upload:images", "Upload images"
    PUBLISH = "publish", "Publish, schedule, reschedule, unschedule, take down (only if the owner may)"


def _digest(key: str) -> str:
    # Keys are 256 random bits, not passwords: a fast hash is enough, and a lookup stays one indexed query.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked=False, owner__is_active=True)

    def for_key(self, key: str) -> "ApiToken | None":
        """The active token this full key belongs to, or None. The prefix finds the row; the hash decides."""
        prefix = key.removeprefix(KEY_PREFIX)[:8]
        if not key.startswith(KEY_PREFIX) or len(prefix) != 8:
            return None
        token = self.active().select_related("owner").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.key_hash, _digest(key)):
            return None
        return token


class ApiToken(models.Model):
    """A key an integration sends as `Authorization: Bearer <key>`. Only a hash of the key is stored; the key
    itself is shown once, when the token is created in the newsroom."""

    name = models.CharField(max_length=100, help_text="Which integration uses it, e.g. “Wire desk importer”.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The token acts as this person: it can never do more than their role allows.",
    )
    scopes = models.JSONField(default=list, blank=True)
    prefix = models.CharField(max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(default=False, help_text="A revoked token is refused at once.")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({KEY_PREFIX}{self.prefix}…)"

    def set_new_key(self) -> str:
        """Gives the token a fresh key and returns it: the only moment the full key exists outside the client."""
        self.prefix = secrets.token_hex(4)
        while type(self).objects.filter(prefix=self.prefix).exists():
            self.prefix = secrets.token_hex(4)
        key = f"{KEY_PREFIX}{self.prefix}_{secrets.token_urlsafe(32)}"
        self.key_hash = _digest(key)
        return key

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def touch(self) -> None:
        """Records use, at most once a minute, so a busy integration does not write on every request."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
