from django.db import models


class PurgeLog(models.Model):
    """One purge as one place saw it: this site's page cache ("local") or a CDN adapter. Written by the purge
    task, read by admins in the newsroom."""

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reason = models.CharField(max_length=80)
    keys = models.TextField(help_text="The surrogate keys purged, space-separated.")
    adapter = models.CharField(max_length=20)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    pages = models.PositiveIntegerField(default=0, help_text="Pages removed from this site's cache.")
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "cache purge"

    def __str__(self):
        return f"{self.adapter} {self.reason} {self.created_at:%Y-%m-%d %H:%M:%S}"
