"""Building the newsroom editor's POST data the way the browser sends it."""

from newsdesk.news.models import Article


def article_form_data(article: Article, **overrides) -> dict:
    data = {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "dateline": article.dateline,
        "body": article.body,
        "section": article.section_id,
        "article_type": article.article_type,
        "language": article.language,
        "slug": article.slug,
        "priority": article.priority,
        "base_version": article.version,
        "change_kind": "minor",
        "change_note": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "cited_sources-TOTAL_FORMS": "0",
        "cited_sources-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def change_url(article: Article) -> str:
    return f"/newsroom/news/article/{article.pk}/change/"


def move_url(article: Article, action: str) -> str:
    return f"/newsroom/news/article/{article.pk}/move/{action}/"
