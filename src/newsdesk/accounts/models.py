from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Staff and readers share this one model; newsroom roles are groups (see newsroom.roles)."""

    desk_sections = models.ManyToManyField(
        "news.Section",
        blank=True,
        related_name="desk_staff",
        verbose_name="sections",
        help_text="Where this person works. Reporters edit drafts here; editors with none set work everywhere.",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
