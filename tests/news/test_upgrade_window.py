"""Between `newsdesk migrate` and their restart, servers of the previous version insert rows without the columns
this version added: each such column needs a database default, or NOT NULL refuses every save on PostgreSQL."""

import pytest
from django.db import connection

from newsdesk.news.models import Article, Image
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def insert_a_copy_without(model, pk: int, column: str, **replaced) -> None:
    """INSERT ... SELECT of row `pk` naming every column but `column` (and the primary key), as an older
    version's ORM would; `replaced` gives other values for unique columns."""
    quote = connection.ops.quote_name
    kept = [
        field.column
        for field in model._meta.concrete_fields
        if not field.primary_key and field.column not in (column, *replaced)
    ]
    names = ", ".join(quote(name) for name in [*kept, *replaced])
    values = ", ".join([*(quote(name) for name in kept), *("%s" for _ in replaced)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) SELECT {values} FROM"
            f" {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s",
            [*replaced.values(), pk],
        )


def test_a_server_of_the_version_before_article_search_text_can_save_stories():
    story = ArticleFactory(headline="Drills on the Araz")
    insert_a_copy_without(Article, story.pk, "search_text", slug="drills-on-the-araz-again")
    assert Article.objects.get(slug="drills-on-the-araz-again").search_text == ""


def test_a_server_of_the_version_before_image_search_text_can_save_pictures():
    picture = ImageFactory(alt_text="Tanks on a pontoon bridge")
    insert_a_copy_without(Image, picture.pk, "search_text")
    assert Image.objects.filter(search_text="").count() == 1
