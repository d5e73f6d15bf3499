import zoneinfo
from datetime import timedelta
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import IntegrityError, OperationalError, models

from newsdesk.news.text import xml_safe_fields

CACHE_KEY = "sitesettings:v1"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"“{value}” is not a known time zone (for example Asia/Baku or Europe/Istanbul)."
        )


class SiteSettings(models.Model):
    """The one row of site-wide settings. Read it with SiteSettings.load(), which is cached."""

    site_name = models.CharField(max_length=80, default="Newsdesk")
    tagline = models.CharField(
        max_length=160, blank=True, default="News from Azerbaijan, the Caucasus and beyond"
    )
    logo = models.ImageField(
        upload_to="site/",
        blank=True,
        help_text="PNG, JPEG or WebP. Leave empty to use a wordmark made from the site name.",
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"])],
    )
    time_zone = models.CharField(max_length=64, default="Asia/Baku", validators=[validate_time_zone])
    about = models.TextField(blank=True, help_text="A paragraph for the footer and the about page.")
    contact_email = models.EmailField(blank=True)
    x_url = models.URLField("X (Twitter)", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    telegram_url = models.URLField("Telegram", blank=True)
    feeds_full_text = models.BooleanField(
        "Put the whole article in feeds",
        default=False,
        help_text="Off: feeds carry the summary and a link. On: feed readers show the whole story.",
    )
    breaking_hours = models.PositiveSmallIntegerField(
        "Breaking banner lasts (hours)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
        help_text="A story flagged as breaking is under the banner for this long after it is published.",
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1
        xml_safe_fields(self)  # the site's name and tagline head every feed
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def load(cls) -> "SiteSettings":
        settings = cache.get(CACHE_KEY)
        if settings is None:
            try:
                settings, _ = cls.objects.get_or_create(pk=1)
            except (IntegrityError, OperationalError):
                # Another request is creating the row and has not committed yet (found with five simultaneous
                # first requests on SQLite; get_or_create re-raises the lost insert's IntegrityError, and SQLite
                # may time out on the lock instead): its values are the defaults, so answer with those, uncached.
                return cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(CACHE_KEY, settings, timeout=300)
        return settings

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def breaking_window(self) -> timedelta:
        return timedelta(hours=self.breaking_hours)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("X", self.x_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("Telegram", self.telegram_url),
        ]
        return [(label, url) for label, url in links if url]

    @property
    def initials(self) -> str:
        words = [word for word in self.site_name.split() if word[:1].isalnum()]
        return "".join(word[0] for word in words[:2]).upper() or "N"
