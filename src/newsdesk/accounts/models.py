from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Staff and readers share this one model; roles are groups (Editors, Reporters) and the staff flag."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
