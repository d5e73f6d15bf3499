"""What a reader (or an API client) can narrow a search by: the same filters on /search/ and /api/v1/search."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SearchFilters:
    section: str = ""  # slugs, as in URLs
    author: str = ""
    topic: str = ""
    source: str = ""
    article_type: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def apply(self, articles):
        """Narrows an Article queryset (already public()) by these filters."""
        if self.section:
            articles = articles.filter(section__slug=self.section)
        if self.author:
            articles = articles.filter(bylines__author__slug=self.author)
        if self.topic:
            articles = articles.filter(topics__slug=self.topic)
        if self.source:
            articles = articles.filter(cited_sources__source__slug=self.source)
        if self.article_type:
            articles = articles.filter(article_type=self.article_type)
        if self.date_from:
            articles = articles.filter(published_at__date__gte=self.date_from)
        if self.date_to:
            articles = articles.filter(published_at__date__lte=self.date_to)
        return articles
