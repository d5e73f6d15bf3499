"""Who may do what to an article: the newsroom's one authorisation rule (docs/newsroom.md has it as a table).

Roles are groups created by a migration. A role is a set of permissions; `can()` adds what permissions alone
cannot say: whose article it is, which state it is in and which sections the person works in.
"""

from enum import StrEnum

from django.db.models import Q

from newsdesk.news.models import Article, Section

CONTRIBUTOR, REPORTER, EDITOR, ADMIN = "Contributor", "Reporter", "Editor", "Admin"

_WRITE_ARTICLES = [
    "news.add_article", "news.change_article", "news.view_article",
    "news.add_byline", "news.change_byline", "news.delete_byline", "news.view_byline",
    "news.add_articlesource", "news.change_articlesource", "news.delete_articlesource", "news.view_articlesource",
    "news.add_image", "news.view_image",
    "news.view_section", "news.view_topic", "news.view_author", "news.view_source",
]  # fmt: skip
ROLE_PERMISSIONS: dict[str, list[str]] = {
    CONTRIBUTOR: _WRITE_ARTICLES,
    REPORTER: [*_WRITE_ARTICLES, "news.edit_section_drafts", "news.add_topic"],
    EDITOR: [
        *_WRITE_ARTICLES,
        "news.edit_section_drafts", "news.edit_any_article", "news.publish_article",
        "news.change_image", "news.delete_image",
        "news.add_topic", "news.change_topic", "news.add_source", "news.change_source",
        "news.add_author", "news.change_author",
    ],
    ADMIN: ["*"],  # every permission of every app: users, sections, settings, deleting
}  # fmt: skip


def ensure_roles() -> None:
    """Creates any missing role group with its permissions (the migration does this once; a flushed test
    database or a restored partial backup may need it again)."""
    from django.contrib.auth.models import Group, Permission

    for role, permissions in ROLE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=role)
        if not created:
            continue
        if permissions == ["*"]:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = Q()
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    RESCHEDULE = "reschedule"
    UNSCHEDULE = "unschedule"
    TAKE_DOWN = "take_down"
    REPUBLISH = "republish"
    DELETE = "delete"


EDITOR_ACTIONS = {
    Action.RETURN,
    Action.PUBLISH,
    Action.SCHEDULE,
    Action.RESCHEDULE,
    Action.UNSCHEDULE,
    Action.TAKE_DOWN,
    Action.REPUBLISH,
}


def is_admin(user) -> bool:
    return bool(user.is_active and user.is_superuser) or _has(user, "accounts.change_user")


def is_newsroom_member(user) -> bool:
    return bool(user.is_active and user.is_staff)


def _has(user, permission: str) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm(permission))


def _section_ids(user) -> set[int]:
    if not hasattr(user, "_desk_section_ids"):
        user._desk_section_ids = set(user.desk_sections.values_list("pk", flat=True)) if user.pk else set()
    return user._desk_section_ids


def _is_own(user, article: Article) -> bool:
    if article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def _editor_covers(user, article: Article) -> bool:
    sections = _section_ids(user)
    return not sections or article.section_id in sections


def can(user, action: Action, article: Article) -> bool:
    """May this person take this action on this article, as it is now?"""
    if not is_newsroom_member(user):
        return False
    if is_admin(user):
        return True
    is_editor = _is_editor(user)
    if action == Action.DELETE:
        return False
    if action in EDITOR_ACTIONS:
        return is_editor and _editor_covers(user, article)
    # EDIT and SUBMIT: editors may touch anything they cover; writers only drafts.
    if is_editor and _editor_covers(user, article):
        return True
    if article.status != Article.Status.DRAFT:
        return False
    if _has(user, "news.edit_section_drafts") and article.section_id in _section_ids(user):
        return True
    return _has(user, "news.change_article") and _is_own(user, article)


def _is_editor(user) -> bool:
    return _has(user, "news.edit_any_article") and _has(user, "news.publish_article")


def can_publish_somewhere(user) -> bool:
    """An Editor or Admin: someone who may publish in at least one section (can() says which)."""
    return is_admin(user) or _is_editor(user)


def visible_scope(user) -> str:
    """What articles_visible_to() covers for this person, as a phrase for the dashboard ("" for everything), so
    an empty list cannot read as "nothing happened anywhere"."""
    if not is_newsroom_member(user) or is_admin(user):
        return ""
    sections = _section_ids(user)
    may_edit_sections = _has(user, "news.edit_any_article") or _has(user, "news.edit_section_drafts")
    if may_edit_sections and sections:
        names = list(Section.objects.filter(pk__in=sections).order_by("name").values_list("name", flat=True))
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"stories in {listed}, and your own"
    if _has(user, "news.edit_any_article"):
        return ""
    return "your own stories"


def articles_visible_to(user, queryset=None):
    """The articles this person sees in the newsroom: writers their own and their sections'; editors what they cover."""
    queryset = Article.objects.all() if queryset is None else queryset
    if not is_newsroom_member(user):
        return queryset.none()
    if is_admin(user):
        return queryset
    sections = _section_ids(user)
    own = Q(created_by=user) | Q(bylines__author__user=user)
    if _has(user, "news.edit_any_article"):
        return queryset if not sections else queryset.filter(Q(section__in=sections) | own).distinct()
    if _has(user, "news.edit_section_drafts") and sections:
        return queryset.filter(Q(section__in=sections) | own).distinct()
    return queryset.filter(own).distinct()
