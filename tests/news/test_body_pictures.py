"""Pictures inside an article's text are served the way its lead picture is: from their renditions (srcset and
WebP, a 1200 px fallback), with their size and lazily, while the stored text keeps the plain address."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.news.models import BODY_PICTURE_SIZES, Image, with_served_pictures
from tests.factories import ArticleFactory, ImageFactory, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    image = ImageFactory(file=png_file(1600, 900))
    image.build_renditions()
    return image


def body_with(*pictures: Image, alt: str = "The quay at dawn") -> str:
    return "".join(
        f'<figure><img src="{picture.body_address}" alt="{alt}"><figcaption>Caption {n}</figcaption></figure>'
        for n, picture in enumerate(pictures)
    )


def served_tags(html: str) -> list[str]:
    return re.findall(r"<(?:picture|source|img) [^>]*>|<picture>", html)


def test_a_library_picture_in_the_text_is_served_from_its_renditions_with_its_size(picture):
    served = with_served_pictures(body_with(picture))

    assert served_tags(served) == [
        "<picture>",
        f'<source type="image/webp" srcset="{picture.webp_srcset}" sizes="{BODY_PICTURE_SIZES}">',
        f'<img src="{picture.rendition_url(1200)}" srcset="{picture.srcset}" sizes="{BODY_PICTURE_SIZES}" '
        'width="1200" height="675" alt="The quay at dawn" loading="lazy" decoding="async">',
    ]
    assert "<figcaption>Caption 0</figcaption></figure>" in served


def test_the_article_page_serves_the_picture_and_the_stored_text_keeps_the_address(client, picture):
    article = ArticleFactory(body=f"<p>Before.</p>{body_with(picture)}<p>After.</p>")
    page = client.get(article.get_absolute_url()).content.decode()

    assert f'srcset="{picture.webp_srcset}"' in page
    assert 'loading="lazy"' in page
    article.refresh_from_db()
    assert "<picture>" not in article.body and "srcset" not in article.body
    assert f'<img src="{picture.body_address}" alt="The quay at dawn">' in article.body


def test_the_description_the_writer_gave_is_kept_and_escaped(picture):
    served = with_served_pictures(body_with(picture, alt="Tanks &amp; &quot;trucks&quot; &lt;b&gt;"))
    assert 'alt="Tanks &amp; &quot;trucks&quot; &lt;b&gt;"' in served
    assert "<b>" not in served


def test_a_picture_shown_by_its_original_is_served_from_its_renditions_too(picture):
    """What a text holds when the picture was inserted before its renditions were made, or its file replaced."""
    original = f'<p><img src="{picture.file.url}" alt="The quay"></p>'
    [*_, img] = served_tags(with_served_pictures(original))
    assert f'src="{picture.rendition_url(1200)}"' in img and 'width="1200"' in img


def test_a_picture_whose_renditions_are_not_made_yet_is_served_whole_with_its_own_size():
    waiting = ImageFactory(file=png_file(640, 480))
    assert not waiting.renditions_ready
    assert served_tags(with_served_pictures(body_with(waiting))) == [
        f'<img src="{waiting.file.url}" width="640" height="480" alt="The quay at dawn" '
        'loading="lazy" decoding="async">'
    ]


def test_a_picture_narrower_than_the_column_keeps_its_own_width():
    small = ImageFactory(file=png_file(600, 400))
    small.build_renditions()
    [*_, img] = served_tags(with_served_pictures(body_with(small)))
    assert f'src="{small.file.url}"' in img and 'width="600" height="400"' in img


def test_a_picture_no_longer_in_the_library_and_text_without_pictures_are_left_as_written(picture):
    body = body_with(picture)
    picture.delete()
    assert with_served_pictures(body) == body
    assert with_served_pictures("<p>Only words.</p>") == "<p>Only words.</p>"


def test_every_picture_is_served_in_the_order_written(picture):
    other = ImageFactory(file=png_file(1600, 1200))
    other.build_renditions()
    served = with_served_pictures(body_with(picture, other, picture))
    heights = re.findall(r'<img [^>]*height="(\d+)"', served)
    assert heights == ["675", "900", "675"]


def test_the_pictures_cost_one_query_however_many_there_are(picture):
    others = [ImageFactory() for _ in range(4)]
    for count, body in [(0, "<p>Words.</p>"), (1, body_with(picture)), (1, body_with(picture, *others))]:
        with CaptureQueriesContext(connection) as queries:
            with_served_pictures(body)
        assert len(queries) == count


def test_an_article_page_with_pictures_in_its_text_costs_one_query_more_however_many(client, picture):
    from django.core.cache import cache

    from tests.news.test_query_budgets import BUDGETS

    def queries_for(body: str) -> int:
        article = ArticleFactory(body=body)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(queries)

    without = queries_for("<p>Words.</p>")
    others = [ImageFactory() for _ in range(4)]
    one, five = queries_for(body_with(picture)), queries_for(body_with(picture, *others))
    assert one == five == without + 1
    assert one <= BUDGETS["article"] + 1


def test_a_very_short_address_does_not_load_the_whole_image_library():
    """An API draft showing "/media/i.png": its name "i" is a part of nearly every file's name."""
    from django.db.models.signals import post_init

    from newsdesk.news.models import library_pictures

    for _ in range(3):
        ImageFactory()
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Image)
    try:
        assert library_pictures({"i", "png", "images"}) == {}
    finally:
        post_init.disconnect(count, sender=Image)
    assert loaded == []
