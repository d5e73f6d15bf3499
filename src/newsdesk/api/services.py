"""Writes made through the API, with the same records as the newsroom's editor (a revision per save, the version
check). Only the fields an API client may set reach these functions; the schemas refuse the rest."""

from django.core.exceptions import ValidationError
from django.db import transaction

from newsdesk.news.models import Article, Author, Byline, Image, Section, Topic
from newsdesk.newsroom import editing

TEXT_FIELDS = {"headline", "standfirst", "body", "dateline", "language"}


def resolve_placement(fields: dict) -> dict:
    """Turns the slugs and ids a client sent into objects, or raises ValidationError naming what is unknown."""
    resolved, problems = {}, {}
    if "section" in fields:
        resolved["section"] = Section.objects.filter(slug=fields["section"]).first()
        if resolved["section"] is None:
            problems["section"] = [f"There is no section “{fields['section']}”."]
    for name, model in (("topics", Topic), ("authors", Author)):
        if fields.get(name) is not None:
            wanted = list(dict.fromkeys(fields[name]))
            found = {item.slug: item for item in model.objects.filter(slug__in=wanted)}
            if missing := [slug for slug in wanted if slug not in found]:
                problems[name] = [f"Unknown {name}: {', '.join(missing)}."]
            resolved[name] = [found[slug] for slug in wanted if slug in found]
    if fields.get("lead_image") is not None:
        resolved["lead_image"] = Image.objects.filter(pk=fields["lead_image"]).first()
        if resolved["lead_image"] is None:
            problems["lead_image"] = [f"There is no image {fields['lead_image']}."]
    elif "lead_image" in fields:
        resolved["lead_image"] = None
    if problems:
        raise ValidationError(problems)
    return resolved


def _apply(article: Article, fields: dict, placement: dict) -> list[str]:
    changed = []
    for name in TEXT_FIELDS & fields.keys():
        setattr(article, name, fields[name])
        changed.append(name)
    if "type" in fields:
        article.article_type = fields["type"]
        changed.append("article_type")
    for name in ("section", "lead_image"):
        if name in placement:
            setattr(article, name, placement[name])
            changed.append(name)
    return changed


def _set_bylines(article: Article, authors: list[Author]) -> None:
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=author, order=order) for order, author in enumerate(authors)
    )


def create_draft(*, by, fields: dict) -> Article:
    """A new draft owned by `by`, bylined to the authors named or else to `by`'s own author profile."""
    placement = resolve_placement(fields)
    article = Article(created_by=by, status=Article.Status.DRAFT)
    _apply(article, fields, placement)
    with transaction.atomic():
        article.save()
        article.topics.set(placement.get("topics", []))
        own_profile = Author.objects.filter(user=by).first()
        _set_bylines(article, placement.get("authors") or ([own_profile] if own_profile else []))
        editing.record_save(article, by=by, before={})
    return article


def update_draft(article: Article, *, by, base_version: int, fields: dict) -> Article:
    """Applies the fields sent, if the article is still at `base_version`; raises editing.StaleVersion if not."""
    placement = resolve_placement(fields)
    with transaction.atomic():
        before = editing.texts_of(article)
        editing.claim_version(article, base_version=base_version)
        changed = _apply(article, fields, placement)
        article.save(update_fields=[*changed, "version", "modified_at"])
        if "topics" in placement:
            article.topics.set(placement["topics"])
        if "authors" in placement:
            _set_bylines(article, placement["authors"])
        editing.record_save(article, by=by, before=before)
    return article
