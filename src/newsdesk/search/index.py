"""Keeps the search index in step with the articles: called in the same transaction as every publish, edit,
correction and take-down (newsroom.workflow and newsroom.editing), so search never shows what pages do not."""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Prefetch

from newsdesk.news.models import Article, ArticleSource, Byline
from newsdesk.news.text import plain_text

from .folding import indexed_words
from .models import SearchDocument

WEIGHTED_FIELDS = [("headline", "A"), ("standfirst", "B"), ("extra", "C"), ("body", "D")]


def document_for(article: Article) -> SearchDocument:
    extra = [article.section.name if article.section_id else ""]
    extra += [topic.name for topic in article.topics.all()]
    extra += [byline.author.name for byline in article.bylines.all()]
    extra += [citation.source.name for citation in article.cited_sources.all()]
    return SearchDocument(
        article=article,
        headline=_tokens(article.headline),
        standfirst=_tokens(article.standfirst),
        body=_tokens(plain_text(article.body)),
        extra=_tokens(" ".join(extra)),
    )


def _tokens(text: str) -> str:
    # The folded words, as queries see them: "apa.az/en" is "apa az en" for both backends (PostgreSQL's own
    # parser would otherwise keep "apa.az/en" whole, and "apa" would find nothing there).
    return " ".join(indexed_words(text))


def update_article(article: Article) -> None:
    """Indexes a live (published or scheduled) article and drops anything else. Scheduled articles are indexed
    ahead of time: the query applies public(), so they are found from their publication second, not before."""
    if article.status not in Article.LIVE_STATUSES:
        SearchDocument.objects.filter(article_id=article.pk).delete()
        return
    document = document_for(article)
    document.save()
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(pk=article.pk).update(vector=_weighted_vector())


def _weighted_vector():
    vector = None
    for field, weight in WEIGHTED_FIELDS:
        part = SearchVector(field, weight=weight, config="simple")
        vector = part if vector is None else vector + part
    return vector


def for_index(articles):
    """The live articles of a queryset, fetched with everything document_for() reads (no query per article)."""
    return (
        articles.filter(status__in=Article.LIVE_STATUSES)
        .select_related("section")
        .prefetch_related(
            "topics",
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("cited_sources", queryset=ArticleSource.objects.select_related("source")),
        )
    )


def rebuild(*, chunk_size: int = 1000) -> int:
    """Indexes every live article again, in bulk (after a bulk load, a restore or a change of folding rules)."""
    articles = for_index(Article.objects.all()).order_by("pk")
    SearchDocument.objects.all().delete()
    batch, count = [], 0
    for article in articles.iterator(chunk_size=chunk_size):
        batch.append(document_for(article))
        if len(batch) >= chunk_size:
            count += len(SearchDocument.objects.bulk_create(batch))
            batch = []
    count += len(SearchDocument.objects.bulk_create(batch))
    if connection.vendor == "postgresql":
        SearchDocument.objects.update(vector=_weighted_vector())
        # Fresh statistics after a bulk load, so the planner uses the GIN index (without them it guessed a few
        # hundred articles and scanned 100,000 rows for a word that matched nothing: 600 ms, not 1 ms).
        after_bulk_write(["news_article", "search_searchdocument"])
    return count


def after_bulk_write(tables: list[str] | None = None) -> None:
    """Statistics for the planner after a bulk write (every table when none are named). On PostgreSQL, outside a
    transaction, VACUUM too: the vectors are written by an UPDATE after the insert, so every document row leaves a
    dead version behind (1M of them after generating 1M stories: twice the pages for each search to read, until
    autovacuum comes by), and VACUUM marks the pages all-visible for index-only scans."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for table in tables or [""]:  # SQLite's ANALYZE takes one name at a time
                cursor.execute(f"ANALYZE {table}".strip())
            return
        outside_transaction = connection.get_autocommit() and not connection.in_atomic_block
        command = "VACUUM (ANALYZE)" if outside_transaction else "ANALYZE"
        cursor.execute(f"{command} {', '.join(tables)}" if tables else command)
