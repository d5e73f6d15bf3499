"""Public reads: what any reader of the site may see, and nothing else. Every article query starts from
Article.objects.public(), so drafts, scheduled and taken-down stories never reach a response."""

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from newsdesk.news.models import Article, Author, Section, Source, Topic
from newsdesk.news.pagination import paginate
from newsdesk.search.filters import SearchFilters
from newsdesk.search.query import MAX_PAGE as MAX_SEARCH_PAGE
from newsdesk.search.query import search

from . import schemas
from .schemas import MAX_ID, SLUG_PATTERN, IsoDate, Slug

router = Router(tags=["Reading"])

MAX_LIMIT = 100  # Ghost's maxLimit too: a larger ?limit= is served as 100, not refused
MAX_QUERY = 1000  # characters of search text; longer answers 400 at once (battery row 22)
READ_ERRORS = {400: schemas.Error, 429: schemas.Error}
DETAIL_ERRORS = {**READ_ERRORS, 404: schemas.Error}
ARTICLE_ERRORS = {**DETAIL_ERRORS, 410: schemas.Error}

Limit = Field(20, ge=1, description=f"Items per page; at most {MAX_LIMIT} are returned.")
ItemSlug = Path(..., min_length=1, max_length=80, pattern=SLUG_PATTERN)


class FilterQuery(Schema):
    section: Slug | None = None
    author: Slug | None = None
    topic: Slug | None = None
    source: Slug | None = None
    type: Article.Type | None = None
    date_from: IsoDate | None = Field(None, description="On or after this day, in the site's time zone.")
    date_to: IsoDate | None = Field(None, description="On or before this day, in the site's time zone.")

    def search_filters(self) -> SearchFilters:
        return SearchFilters(
            section=self.section or "",
            author=self.author or "",
            topic=self.topic or "",
            source=self.source or "",
            article_type=self.type or "",
            date_from=self.date_from,
            date_to=self.date_to,
        )


class ArticleQuery(FilterQuery, schemas.NewestFirstCursors):
    limit: int = Limit


class SearchQuery(FilterQuery):
    q: str = Field(
        min_length=1,
        max_length=MAX_QUERY,
        description=(
            "Words to find, all of them; OR in capitals between two words finds either. Nothing else is syntax."
        ),
    )
    order: Literal["relevance", "newest"] = "relevance"
    page: int = Field(1, ge=1, le=MAX_SEARCH_PAGE, description=f"At most {MAX_SEARCH_PAGE}.")
    limit: int = Limit


class ListQuery(Schema):
    after: Slug | None = Field(None, description="`next` of the previous page.")
    limit: int = Limit


def _by_slug(queryset, query: ListQuery) -> dict:
    """One page of a slug-ordered list: keyset on the (unique) slug, so any page costs the same."""
    limit = min(query.limit, MAX_LIMIT)
    if query.after:
        queryset = queryset.filter(slug__gt=query.after)
    rows = list(queryset.order_by("slug")[: limit + 1])
    return {"items": rows[:limit], "next": rows[limit - 1].slug if len(rows) > limit else None}


@router.get("/articles", response={200: schemas.ArticlePage, **READ_ERRORS}, url_name="api-articles")
def list_articles(request, query: Query[ArticleQuery]):
    """Published stories, newest first, narrowed by the same filters as the site's search."""
    articles = query.search_filters().apply(Article.objects.public()).for_listing()
    page = paginate(articles, request.GET, per_page=min(query.limit, MAX_LIMIT))
    return {"items": page.items, "next": page.older, "prev": page.newer}


@router.get(
    "/articles/{apiid:pk}", response={200: schemas.ArticleDetail, **ARTICLE_ERRORS}, url_name="api-article"
)
def get_article(request, pk: int = Path(..., ge=1, le=MAX_ID)):
    article = Article.objects.public().for_detail().filter(pk=pk).first()
    if article is None:
        # As the site answers (news.views): an app holding the id learns the story is gone for good, not mistyped.
        if Article.objects.taken_down().filter(pk=pk).exists():
            raise HttpError(410, "This story was taken down.")
        raise HttpError(404, "Not found.")
    return article


@router.get("/sections", response={200: schemas.SectionPage, **READ_ERRORS}, url_name="api-sections")
def list_sections(request, query: Query[ListQuery]):
    return _by_slug(Section.objects.select_related("parent"), query)


@router.get(
    "/sections/{apislug:slug}", response={200: schemas.SectionOut, **DETAIL_ERRORS}, url_name="api-section"
)
def get_section(request, slug: str = ItemSlug):
    return get_object_or_404(Section.objects.select_related("parent"), slug=slug)


@router.get("/topics", response={200: schemas.TopicPage, **READ_ERRORS}, url_name="api-topics")
def list_topics(request, query: Query[ListQuery]):
    return _by_slug(Topic.objects.all(), query)


@router.get("/topics/{apislug:slug}", response={200: schemas.TopicOut, **DETAIL_ERRORS}, url_name="api-topic")
def get_topic(request, slug: str = ItemSlug):
    return get_object_or_404(Topic, slug=slug)


@router.get("/authors", response={200: schemas.AuthorPage, **READ_ERRORS}, url_name="api-authors")
def list_authors(request, query: Query[ListQuery]):
    return _by_slug(Author.objects.select_related("photo"), query)


@router.get(
    "/authors/{apislug:slug}", response={200: schemas.AuthorOut, **DETAIL_ERRORS}, url_name="api-author"
)
def get_author(request, slug: str = ItemSlug):
    return get_object_or_404(Author.objects.select_related("photo"), slug=slug)


@router.get("/sources", response={200: schemas.SourcePage, **READ_ERRORS}, url_name="api-sources")
def list_sources(request, query: Query[ListQuery]):
    return _by_slug(Source.objects.all(), query)


@router.get(
    "/sources/{apislug:slug}", response={200: schemas.SourceOut, **DETAIL_ERRORS}, url_name="api-source"
)
def get_source(request, slug: str = ItemSlug):
    return get_object_or_404(Source, slug=slug)


@router.get("/search", response={200: schemas.SearchPage, **READ_ERRORS}, url_name="api-search")
def search_articles(request, query: Query[SearchQuery]):
    """Published stories matching the words in `q`, best first (or newest first), with highlighted snippets.
    Takes the same filters as /articles; pages are numbered (`page`, `has_next`)."""
    results = search(
        query.q,
        filters=query.search_filters(),
        order=query.order,
        page=query.page,
        per_page=min(query.limit, MAX_LIMIT),
    )
    # search() reads through public() too; checked again here because this response is the API's promise.
    hits = [hit for hit in results.hits if hit.article.is_public]
    return {"items": hits, "page": results.page, "has_next": results.has_next}
