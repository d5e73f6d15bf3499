"""A reader's personal data: what the account page saves and what "download my data" hands back."""

from django.db import transaction

from newsdesk.news.models import Article

from .models import Follow


@transaction.atomic
def save_profile(user, display_name: str, preferred_sections) -> None:
    user.first_name, user.last_name = display_name, ""
    user.save(update_fields=["first_name", "last_name"])
    chosen = {section.pk for section in preferred_sections}
    followed = set(user.follows.filter(kind=Follow.Kind.SECTION).values_list("section_id", flat=True))
    user.follows.filter(kind=Follow.Kind.SECTION, section_id__in=followed - chosen).delete()
    Follow.objects.bulk_create(
        [Follow(user=user, kind=Follow.Kind.SECTION, section_id=pk) for pk in chosen - followed],
        ignore_conflicts=True,
    )


def export(user) -> dict:
    """Everything kept about `user`, and nothing about anyone else."""
    from allauth.account.models import EmailAddress

    bookmarks = list(user.bookmarks.select_related("article").order_by("created_at"))
    public_ids = set(
        Article.objects.public().filter(pk__in=[b.article_id for b in bookmarks]).values_list("pk", flat=True)
    )
    return {
        "profile": {
            "username": user.username,
            "display_name": user.first_name,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
        },
        "follows": [
            {
                "kind": follow.kind,
                "name": str(follow.target),
                "url": follow.target.get_absolute_url(),
                "since": follow.created_at.isoformat(),
            }
            for follow in user.follows.shown().with_targets().order_by("created_at")
        ],
        "bookmarks": [
            {
                "article_id": bookmark.article_id,
                "saved_at": bookmark.created_at.isoformat(),
                # A story withdrawn since it was saved is named by its id only, as Saved hides it.
                **(
                    {"headline": bookmark.article.headline, "url": bookmark.article.get_absolute_url()}
                    if bookmark.article_id in public_ids
                    else {"available": False}
                ),
            }
            for bookmark in bookmarks
        ],
    }


@transaction.atomic
def delete_account(user) -> None:
    """The account and everything kept about it: follows, bookmarks and email addresses go with the row (CASCADE);
    the sign-in audit trail (django-axes) is keyed by name, not by row, so it is removed here."""
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = {
        user.username,
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    names |= {name.lower() for name in names}
    names.discard("")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()
    user.delete()
