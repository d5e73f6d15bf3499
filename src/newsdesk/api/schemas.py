"""What goes in and out of the API, field by field. Responses are allow-lists: a model field that is not named
here never leaves the server (no staff users, emails, tokens or internal flags). Request bodies refuse any field
they do not name (status, published_at, version, created_by... answer 400 and change nothing)."""

import re
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from newsdesk.news.models import Article

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
CURSOR_PATTERN = r"^[0-9]{1,16}\.[0-9]{1,18}$"  # what pagination.Cursor writes: epoch microseconds "." id
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1


def _no_nul(text: str) -> str:
    # Django's forms refuse NUL for the same reason: PostgreSQL cannot store it in text.
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    return text


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# With its offset: a time without one would be read in some zone the client did not choose.
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})$")


def _iso(pattern: re.Pattern, what: str):
    # Pydantic would also read a bare number as a Unix time ("0" -> 1970-01-01): the schema says ISO 8601 only.
    def check(value):
        if not (isinstance(value, str) and pattern.match(value)):
            raise ValueError(f"must be an ISO 8601 {what}")
        return value

    return BeforeValidator(check)


NoNul = AfterValidator(_no_nul)
IsoDate = Annotated[date, _iso(_ISO_DATE, "date (YYYY-MM-DD)")]


def _sane_year(moment):
    # Years near 9999 overflow when moved to UTC or to the site's time zone: refuse them as input errors.
    if not 2000 <= moment.year <= 2999:
        raise ValueError("Use a date between the years 2000 and 2999.")
    return moment


IsoDateTime = Annotated[
    AwareDatetime, _iso(_ISO_DATETIME, "date and time with its UTC offset"), AfterValidator(_sane_year)
]
# Bodies are JSON: a number arrives as a number. Strict, so "5" (a string) is refused rather than read as 5.
Id = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=SLUG_PATTERN, examples=["world"])]
Headline = Annotated[str, Field(min_length=1, max_length=200), NoNul]
Standfirst = Annotated[str, Field(max_length=500), NoNul]
Body = Annotated[str, Field(max_length=200_000), NoNul]
Dateline = Annotated[str, Field(max_length=60), NoNul]
Language = Annotated[str, Field(min_length=2, max_length=10, pattern=r"^[a-zA-Z-]+$"), NoNul]
Note = Annotated[str, Field(max_length=2000), NoNul]
AltText = Annotated[str, Field(min_length=1, max_length=250), NoNul]
Caption = Annotated[str, Field(max_length=400), NoNul]
Credit = Annotated[str, Field(max_length=120), NoNul]


def _absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


class NewestFirstCursors(Schema):
    """The cursors of a newest-first list (news.pagination): one direction per request. With both, one would be
    silently ignored and the client would not know which page it got."""

    before: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`next` of the page before. Not with `after`."
    )
    after: str | None = Field(
        None, pattern=CURSOR_PATTERN, description="`prev` of the page after. Not with `before`."
    )

    @field_validator("after")
    @classmethod
    def _one_direction(cls, after, info):
        # On `after`, so the problem's loc names a parameter (a model-level error would say only "query").
        if after and info.data.get("before"):
            # A custom error, not ValueError: pydantic would put "Value error, " before the message.
            raise PydanticCustomError(
                "cursor_conflict",
                "Send either `before` or `after`, not both: each asks for the page on one side.",
            )
        return after


# -- errors -----------------------------------------------------------------------------------------------------


class Error(Schema):
    error: str
    detail: list[dict] | None = Field(
        None, description="For invalid requests, one entry per problem: where (`loc`) and what (`msg`)."
    )


class VersionConflict(Schema):
    error: str
    your_version: int = Field(description="The version this request was based on.")
    current_version: int = Field(description="The article's version now: fetch it, merge, and send again.")


# -- public reads -----------------------------------------------------------------------------------------------


class Picture(Schema):
    id: int
    url: str
    width: int
    height: int
    alt_text: str
    caption: str
    credit: str

    @staticmethod
    def resolve_url(image, context):
        return _absolute(context, image.file.url)


class SectionRef(Schema):
    name: str
    slug: str


class NamedRef(Schema):
    name: str
    slug: str


class CitedSource(Schema):
    name: str
    slug: str
    usage: str

    @staticmethod
    def resolve_name(citation):
        return citation.source.name

    @staticmethod
    def resolve_slug(citation):
        return citation.source.slug


class PublicChangeOut(Schema):
    kind: str
    note: str
    made_at: datetime


class ArticleSummary(Schema):
    id: int
    url: str
    headline: str
    slug: str
    standfirst: str
    dateline: str
    type: str
    language: str
    section: SectionRef
    authors: list[NamedRef]
    lead_image: Picture | None
    is_breaking: bool
    published_at: datetime
    updated_at: datetime | None = Field(description="Set when the story was updated after publication.")

    @staticmethod
    def resolve_url(article, context):
        return _absolute(context, article.get_absolute_url())

    @staticmethod
    def resolve_type(article):
        return article.article_type

    @staticmethod
    def resolve_authors(article):
        return article.byline_authors()

    @staticmethod
    def resolve_updated_at(article):
        return article.updated_at if article.was_updated else None


class ArticleDetail(ArticleSummary):
    body: str = Field(description="HTML, already cleaned to the site's allow-list.")
    topics: list[NamedRef]
    sources: list[CitedSource]
    corrected_at: datetime | None
    changes: list[PublicChangeOut] = Field(description="Updates and corrections readers were told about.")
    word_count: int
    reading_minutes: int

    @staticmethod
    def resolve_topics(article):
        return article.topics.all()

    @staticmethod
    def resolve_sources(article):
        return article.cited_sources.all()

    @staticmethod
    def resolve_changes(article):
        return article.public_changes.all()


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None = Field(description="Older stories: pass as ?before=. Null on the last page.")
    prev: str | None = Field(description="Newer stories: pass as ?after=. Null on the first page.")


class SectionOut(Schema):
    name: str
    slug: str
    description: str
    url: str
    parent: str | None = Field(description="The parent section's slug.")

    @staticmethod
    def resolve_url(section, context):
        return _absolute(context, section.get_absolute_url())

    @staticmethod
    def resolve_parent(section):
        return section.parent.slug if section.parent_id else None


class TopicOut(Schema):
    name: str
    slug: str
    description: str
    url: str

    @staticmethod
    def resolve_url(topic, context):
        return _absolute(context, topic.get_absolute_url())


class AuthorOut(Schema):
    name: str
    slug: str
    job_title: str
    bio: str
    url: str
    photo: Picture | None

    @staticmethod
    def resolve_url(author, context):
        return _absolute(context, author.get_absolute_url())


class SourceOut(Schema):
    name: str
    slug: str
    homepage: str
    description: str
    url: str

    @staticmethod
    def resolve_url(source, context):
        return _absolute(context, source.get_absolute_url())


class SectionPage(Schema):
    items: list[SectionOut]
    next: str | None = Field(description="Pass as ?after= for the next page. Null on the last page.")


class TopicPage(Schema):
    items: list[TopicOut]
    next: str | None = Field(description="Pass as ?after= for the next page. Null on the last page.")


class AuthorPage(Schema):
    items: list[AuthorOut]
    next: str | None = Field(description="Pass as ?after= for the next page. Null on the last page.")


class SourcePage(Schema):
    items: list[SourceOut]
    next: str | None = Field(description="Pass as ?after= for the next page. Null on the last page.")


class SearchHit(Schema):
    article: ArticleSummary
    snippet: str = Field(description="HTML: escaped text with the matches in <mark>.")
    score: float


class SearchPage(Schema):
    items: list[SearchHit]
    page: int
    has_next: bool


# -- the newsroom's side (token required) -----------------------------------------------------------------------


class Draft(ArticleSummary):
    """An article as its newsroom sees it, in any state (only ever shown to a token whose owner may see it)."""

    status: str
    version: int = Field(description="Send it back with your next change; a stale one answers 409.")
    url: str | None  # type: ignore[assignment]
    published_at: datetime | None  # type: ignore[assignment]
    body: str
    topics: list[NamedRef]
    created_at: datetime
    modified_at: datetime

    @staticmethod
    def resolve_url(article, context):
        return _absolute(context, article.get_absolute_url()) if article.is_public else None

    @staticmethod
    def resolve_topics(article):
        return article.topics.all()


class DraftPage(Schema):
    items: list[Draft]
    next: str | None = Field(description="Less recently changed drafts: pass as ?before=.")
    prev: str | None = Field(description="More recently changed drafts: pass as ?after=.")


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class DraftIn(_Strict):
    headline: Headline
    standfirst: Standfirst = ""
    body: Body = Field("", description="HTML; anything outside the site's allow-list is removed.")
    dateline: Dateline = ""
    type: Article.Type = Article.Type.NEWS
    language: Language = "en"
    section: Slug
    topics: list[Slug] = Field(default_factory=list, max_length=20)
    authors: list[Slug] = Field(
        default_factory=list, max_length=10, description="Byline order. Empty: the token owner's byline."
    )
    lead_image: Id | None = Field(None, description="An image id from POST /images.")


class DraftChange(_Strict):
    """Only the fields sent are changed. `version` is the version the change was made from."""

    version: int = Field(ge=1, le=MAX_VERSION, strict=True)
    headline: Headline = None  # type: ignore[assignment]
    standfirst: Standfirst = None  # type: ignore[assignment]
    body: Body = None  # type: ignore[assignment]
    dateline: Dateline = None  # type: ignore[assignment]
    type: Article.Type = None  # type: ignore[assignment]
    language: Language = None  # type: ignore[assignment]
    section: Slug = None  # type: ignore[assignment]
    topics: list[Slug] = Field(None, max_length=20)
    authors: list[Slug] = Field(None, min_length=1, max_length=10)
    lead_image: Id | None = None


class ImageDetails(Schema):
    alt_text: AltText = Field(description="What the picture shows, for readers who cannot see it.")
    caption: Caption = ""
    credit: Credit = ""


class MoveIn(_Strict):
    action: Literal[
        "submit", "return", "publish", "schedule", "reschedule", "unschedule", "take_down", "republish"
    ]
    note: Note = Field("", description="Required for take_down; kept in the article's history.")
    publish_at: IsoDateTime | None = Field(
        None, description="For schedule and reschedule: a time in the future."
    )
    version: int | None = Field(
        None,
        ge=1,
        le=MAX_VERSION,
        strict=True,
        description="The version you last read: if anyone has changed the article since, the step is refused "
        "with 409 and nothing is done (so nobody publishes text they have not seen).",
    )
