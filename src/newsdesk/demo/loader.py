"""Loads the demo newsroom. Every step looks rows up by slug first, so running it again changes nothing."""

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from newsdesk.accounts.models import User
from newsdesk.news.models import Article, ArticleSource, Author, Byline, Image, Section, Source, Topic
from newsdesk.news.text import paragraphs_to_html, slugify
from newsdesk.newsroom import editing, roles
from newsdesk.search import index as search_index
from newsdesk.search.models import Synonym
from newsdesk.sitesettings.models import SiteSettings

from . import content, illustrations, reference

DEMO_SITE_NAME = "Caspian Courier"
DEMO_FEEDS = Path(__file__).parent / "feeds"


@dataclass(frozen=True)
class StaffLogin:
    role: str
    username: str
    password: str


# Demo staff: (role shown, username, group, sections they work in, the author they write as)
DEMO_STAFF = [
    ("admin", "admin", roles.ADMIN, [], None),
    ("editor", "editor", roles.EDITOR, [], 4),  # Claire Whitfield, the international editor
    ("reporter", "reporter", roles.REPORTER, ["defence", "region"], 0),
    ("contributor", "contributor", roles.CONTRIBUTOR, [], 1),
]


def demo_password(user, saved: dict[str, str], key: str, *, created: bool) -> str:
    """The password kept in the logins file under `key`, generated on first run and set again if it no longer
    matches (so re-running the demo never locks anyone out)."""
    password = saved.get(key)
    if created or not password or not user.check_password(password):
        password = password or secrets.token_urlsafe(12)
        user.set_password(password)
    saved[key] = password
    return password


def ensure_logins() -> list[StaffLogin]:
    """Staff and reader accounts with passwords generated on first run and kept in the data folder (never in the
    code), readable only by the owner."""
    logins_file = Path(settings.DATA_DIR) / "demo-logins.json"
    saved = json.loads(logins_file.read_text()) if logins_file.exists() else {}
    logins = [*ensure_staff(saved), ensure_reader(saved)]
    logins_file.parent.mkdir(parents=True, exist_ok=True)
    logins_file.write_text(json.dumps(saved, indent=2))
    logins_file.chmod(0o600)
    return logins


def ensure_staff(saved: dict[str, str]) -> list[StaffLogin]:
    roles.ensure_roles()
    logins = []
    for role, username, group, section_slugs, author_index in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        password = demo_password(user, saved, username, created=created)
        user.is_staff = True
        user.is_superuser = role == "admin"
        user.first_name = role.capitalize()
        user.save()
        user.groups.set([Group.objects.get(name=group)])
        user.desk_sections.set(Section.objects.filter(slug__in=section_slugs))
        if author_index is not None:
            Author.objects.filter(slug=content.AUTHORS[author_index]["slug"]).update(user=user)
        logins.append(StaffLogin(role, username, password))
    return logins


def ensure_reader(saved: dict[str, str]) -> StaffLogin:
    """A reader who signs in with an email (verified), follows two sections, a source and a story, and saved a
    story."""
    from allauth.account.models import EmailAddress

    from newsdesk.readers.models import Bookmark, Follow

    email = "reader@example.com"
    user, created = User.objects.get_or_create(username="reader", defaults={"email": email})
    password = demo_password(user, saved, email, created=created)
    user.email, user.first_name, user.is_staff = email, "Aysel", False
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for kind, model, slug in [
        ("section", Section, "defence"),
        ("section", Section, "economy"),
        ("source", Source, "trend"),
    ]:
        if target := model.objects.filter(slug=slug).first():
            Follow.objects.get_or_create(user=user, kind=kind, **{kind: target})
    if story := Article.objects.public().order_by("-published_at").first():
        Bookmark.objects.get_or_create(user=user, article=story)
    # The story ensure_newsroom_examples() corrects next, so My news shows "Corrected since you followed it".
    if to_be_corrected := Article.objects.filter(
        is_demo=True, priority=0, status=Article.Status.PUBLISHED
    ).first():
        Follow.objects.get_or_create(user=user, kind=Follow.Kind.STORY, story=to_be_corrected)
    return StaffLogin("reader", email, password)


def ensure_site() -> None:
    site = SiteSettings.load()
    if site.site_name == SiteSettings._meta.get_field("site_name").default:
        site.site_name = DEMO_SITE_NAME
        site.time_zone = "Asia/Baku"
        site.about = (
            "A demo outlet built with Newsdesk. Its articles, apart from the reference story, are fictional."
        )
        site.contact_email = "desk@example.com"
        site.save()


def ensure_image(key: str, seed: int, *, alt_text: str, caption: str, portrait_of: str = "") -> Image:
    credit = "Illustration: Newsdesk demo (CC0)"
    existing = Image.objects.filter(credit=credit, caption=caption, alt_text=alt_text).first()
    if existing:
        return existing
    data = illustrations.portrait(portrait_of, seed) if portrait_of else illustrations.landscape(seed)
    image = Image(
        alt_text=alt_text, caption=caption, credit=credit, file=ContentFile(data, name=f"{key}.jpg")
    )
    image.save()
    image.build_renditions()  # the demo is loaded from the command line, so there is no request to keep fast
    return image


def ensure_article(spec: dict, *, seed: int) -> Article:
    headline = spec["headline"]
    article = Article.objects.filter(is_demo=True, slug=slugify(headline, max_length=200)).first() or Article(
        is_demo=True
    )
    article.headline = headline
    article.standfirst = spec.get("standfirst", "")
    article.body = paragraphs_to_html(spec["body"])
    article.dateline = spec.get("dateline", "")
    article.article_type = spec.get("article_type", Article.Type.NEWS)
    article.section = Section.objects.get(slug=spec["section"])
    article.status = Article.Status.PUBLISHED
    article.published_at = datetime.fromisoformat(spec["published"])
    article.priority = spec.get("priority", 0)
    article.is_breaking = spec.get("breaking", False)
    if spec.get("image"):
        caption = spec.get("image_caption") or headline
        article.lead_image = ensure_image(f"article-{seed}", seed, alt_text=caption, caption=caption)
    article.save()
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=Author.objects.get(slug=slug), order=order)
        for order, slug in enumerate(spec.get("authors", []))
    )
    ArticleSource.objects.filter(article=article).delete()
    ArticleSource.objects.bulk_create(
        ArticleSource(article=article, source=Source.objects.get(slug=slug), order=order, usage=usage)
        for order, (slug, usage) in enumerate(spec.get("sources", []))
    )
    article.topics.set([ensure_topic(name) for name in spec.get("topics", [])])
    return article


def ensure_topic(name: str) -> Topic:
    topic = Topic.objects.filter(name=name).first()
    return topic or Topic.objects.create(name=name)


def reference_spec() -> dict:
    return {
        "headline": reference.HEADLINE,
        "standfirst": reference.STANDFIRST,
        "body": reference.PARAGRAPHS,
        "dateline": reference.DATELINE,
        "section": reference.SECTION,
        "article_type": "news",
        "authors": [content.AUTHORS[0]["slug"]],
        "sources": reference.SOURCES,
        "topics": reference.TOPICS,
        "published": reference.PUBLISHED,
        "priority": 3,
        "image": True,
        "image_caption": reference.IMAGE_CAPTION,
    }


# Names readers type either way; editors add more in the newsroom (Search → Synonyms).
DEMO_SYNONYMS = ["Türkiye, Turkey", "Azərbaycan, Azerbaijan", "Qarabağ, Karabakh", "Bakı, Baku"]

# Articles in each newsroom state, so the dashboard has something to show: (headline, state, writer, section)
NEWSROOM_EXAMPLES = [
    ("Border guards report a quiet night along the Araz", Article.Status.DRAFT, "reporter", "defence"),
    ("Baku metro extension: what the new stations change", Article.Status.IN_REVIEW, "contributor", "region"),
    ("Caspian energy ministers meet in Aktau", Article.Status.SCHEDULED, "editor", "energy"),
]


def ensure_newsroom_examples() -> None:
    for headline, status, username, section in NEWSROOM_EXAMPLES:
        if Article.objects.filter(is_demo=True, headline=headline).exists():
            continue
        writer = User.objects.get(username=username)
        article = Article.objects.create(
            is_demo=True,
            headline=headline,
            standfirst="A demo article waiting in the newsroom: it is not public yet.",
            body=paragraphs_to_html(["Demo copy. Open it in the newsroom to edit, review or publish it."]),
            section=Section.objects.get(slug=section),
            status=status,
            created_by=writer,
            published_at=(
                timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
                if status == Article.Status.SCHEDULED
                else None
            ),
        )
        Byline.objects.create(article=article, author=Author.objects.order_by("pk").first())
        editing.record_save(article, by=writer, before={})
    corrected = Article.objects.filter(is_demo=True, priority=0, status=Article.Status.PUBLISHED).first()
    if corrected and not corrected.public_changes.exists():
        before = editing.texts_of(corrected)
        corrected.standfirst = corrected.standfirst.rstrip(".") + ", according to provisional figures."
        corrected.corrected_at = corrected.updated_at = timezone.now()
        corrected.save()
        editing.record_save(
            corrected,
            by=User.objects.get(username="editor"),
            before=before,
            kind=editing.ChangeKind.CORRECTION,
            note="An earlier version of this summary did not say the figures were provisional.",
        )


def ensure_wire() -> None:
    """The demo partner feeds (RSS 2.0, Atom, RSS 1.0), so the wire desk opens on grouped stories. Items already
    stored are recognised and skipped, so loading again adds nothing."""
    from newsdesk.wire.ingest import store_items
    from newsdesk.wire.parsers import parse_feed

    for path in sorted(DEMO_FEEDS.iterdir()):
        parsed = parse_feed(path.read_bytes())
        source, _ = Source.objects.get_or_create(name=parsed.title)
        store_items(parsed, source=source)


@transaction.atomic
def load_demo() -> tuple[Article, list[StaffLogin]]:
    ensure_site()
    for order, spec in enumerate(content.SECTIONS):
        Section.objects.update_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "description": spec["description"], "order": order},
        )
    for seed, spec in enumerate(content.AUTHORS):
        author, _ = Author.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "bio": spec["bio"],
                "job_title": spec.get("job_title", "Correspondent"),
            },
        )
        if not author.photo:
            author.photo = ensure_image(
                f"author-{seed}",
                seed,
                alt_text=f"Portrait of {author.name}",
                caption="",
                portrait_of=author.name,
            )
            author.save(update_fields=["photo"])
    for spec in content.SOURCES:
        Source.objects.update_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "homepage": spec["homepage"]}
        )
    reference_article = ensure_article(reference_spec(), seed=1000)
    for seed, spec in enumerate(content.ARTICLES):
        ensure_article(spec, seed=seed)
    logins = ensure_logins()
    ensure_newsroom_examples()
    for words in DEMO_SYNONYMS:
        Synonym.objects.get_or_create(words=words)
    ensure_wire()
    search_index.rebuild()
    return reference_article, logins
