from datetime import timedelta
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from newsdesk.accounts.models import User
from newsdesk.news.models import Article, ArticleSource, Author, Byline, Image, Section, Source, Topic


def png_file(width: int = 1600, height: int = 900, name: str = "picture.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), (180, 40, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("a-long-test-password")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(lambda n: n)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    bio = "Covers the region."


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Agency {n}")
    homepage = factory.LazyAttribute(
        lambda source: f"https://{source.name.lower().replace(' ', '')}.example/"
    )


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(png_file)
    alt_text = "Soldiers crossing a pontoon bridge"
    caption = "Troops cross a river during the drills."
    credit = "Newsdesk"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published, public article by default; pass status/published_at for other states."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n} about the region")
    standfirst = "What happened, in one sentence."
    body = "<p>First paragraph of the story.</p><p>Second paragraph.</p>"
    dateline = "BAKU"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=1, minutes=n))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            for order, author in enumerate(extracted or [AuthorFactory()]):
                Byline.objects.create(article=self, author=author, order=order)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            for order, source in enumerate(extracted):
                ArticleSource.objects.create(article=self, source=source, order=order)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


def staff(role: str, *, sections=(), **fields) -> User:
    """A newsroom member in one of the roles the migration creates (Contributor, Reporter, Editor, Admin)."""
    from django.contrib.auth.models import Group

    from newsdesk.newsroom.roles import ensure_roles

    ensure_roles()
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=role))
    user.desk_sections.set(sections)
    return user


def draft(*, by=None, **fields) -> Article:
    """A draft with everything review needs (standfirst, section, a byline), written by `by`."""
    fields.setdefault("standfirst", "What happened, in a sentence.")
    fields.setdefault("status", Article.Status.DRAFT)
    fields.setdefault("published_at", None)
    article = ArticleFactory(created_by=by, **fields)
    if not article.bylines.exists():
        Byline.objects.create(article=article, author=AuthorFactory())
    return article
