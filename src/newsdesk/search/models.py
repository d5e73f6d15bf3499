from django.contrib.postgres.search import SearchVectorField
from django.db import models

from newsdesk.news.models import Article

from .folding import words


class SynonymQuerySet(models.QuerySet):
    def groups(self) -> list[list[str]]:
        """Each group as folded words or phrases (a phrase is words joined by spaces)."""
        return [group for synonym in self if len(group := synonym.terms()) > 1]


class Synonym(models.Model):
    """Words that mean the same to a reader searching: "Türkiye, Turkey". Editable in the newsroom."""

    words = models.CharField(
        max_length=300,
        unique=True,
        help_text="Two or more words or phrases that mean the same, separated by commas: Türkiye, Turkey",
    )

    objects = SynonymQuerySet.as_manager()

    class Meta:
        ordering = ["words"]

    def __str__(self):
        return self.words

    def terms(self) -> list[str]:
        return list(dict.fromkeys(" ".join(words(part)) for part in self.words.split(",") if words(part)))


class SearchDocument(models.Model):
    """The folded text of one live article, as the search backends index it.

    SQLite indexes it with an FTS5 table kept in step by triggers (migration 0002); PostgreSQL stores a weighted
    tsvector in `vector` with a GIN index. Articles that are not live have no document.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    headline = models.TextField()
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True, help_text="Section, topics, bylines and sources.")
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.headline
