from django.tasks import task

from newsdesk.news.models import Article

from .index import for_index, update_article

# What a name change on each related model touches: its live articles.
RELATED = {
    "section": "section",
    "topic": "topics",
    "author": "bylines__author",
    "source": "cited_sources__source",
}


@task
def reindex_related(model_name: str, pk: int) -> int:
    """Re-indexes the live articles of a renamed section, topic, author or source (their names are searchable)."""
    articles = for_index(Article.objects.filter(**{RELATED[model_name]: pk}).distinct())
    count = 0
    for article in articles.iterator(chunk_size=500):
        update_article(article)
        count += 1
    return count
