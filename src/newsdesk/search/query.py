"""Search: one small interface, two real backends picked by the database in use (SQLite FTS5, PostgreSQL FTS).

Both rank headline matches above standfirst, section/topics/bylines/sources and body matches, with a mild
boost for recent articles, and both search only public() articles, so nothing unpublished is ever found.
"""

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import OperationalError, connection, transaction
from django.db.models import F, FloatField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdesk.news.models import Article
from newsdesk.news.text import plain_text

from .filters import SearchFilters
from .folding import fold, query_words
from .models import Synonym

ORDERS = ("relevance", "newest")
TIME_LIMIT_SECONDS = 2.0
CANDIDATES = 5000
MAX_PAGE = 50
# Relevance x (1 + 0.3 / (1 + age in weeks)): a story from today gets 30 % more, one a month old about 6 %.
SQLITE_SCORE = (
    "-bm25(search_fts, 10.0, 4.0, 1.0, 2.0)"
    " * (1.0 + 0.3 / (1.0 + (julianday('now') - julianday(news_article.published_at)) / 7.0))"
)
POSTGRES_RECENCY = "1.0 + 0.3 / (1.0 + EXTRACT(EPOCH FROM (now() - news_article.published_at)) / 604800.0)"


@dataclass
class Hit:
    article: Article
    snippet: SafeString
    score: float


@dataclass
class SearchResults:
    hits: list[Hit]
    page: int
    has_next: bool
    words: list[str]
    too_broad: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@contextmanager
def time_limit(seconds: float):
    """Stops a search query that runs longer than `seconds` with an OperationalError, on either database."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                # At least 1 ms: PostgreSQL reads 0 as "no limit".
                cursor.execute("SET LOCAL statement_timeout = %s", [max(1, int(seconds * 1000))])
            yield
        return
    connection.ensure_connection()
    deadline = time.monotonic() + seconds
    # SQLite calls this every 10,000 virtual-machine steps; a true answer interrupts the statement.
    connection.connection.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    try:
        yield
    finally:
        connection.connection.set_progress_handler(None, 0)


def expand(words: list[str]) -> list[list[str]]:
    """Each query word with its synonyms (words or phrases), from the newsroom's Synonym list."""
    groups = Synonym.objects.groups() if words else []
    expanded = []
    for word in words:
        alternatives = [word]
        for group in groups:
            if word in group:
                alternatives += [term for term in group if term not in alternatives]
        expanded.append(alternatives)
    return expanded


def _fts5_expression(groups: list[list[str]]) -> str:
    # Every term is \w characters only (folding.query_words), so quoting makes each a literal FTS5 string.
    return " AND ".join("(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in groups)


def _tsquery_expression(groups: list[list[str]]) -> str:
    def term(text: str) -> str:
        return " <-> ".join(f"'{word}'" for word in text.split())

    return " & ".join("(" + " | ".join(term(text) for text in group) + ")" for group in groups)


def matching(articles, groups: list[list[str]], *, newest_only: bool = True):
    """The articles matching every group (any word of each), annotated with `score`.

    Ranking is the costly part (every match is scored), so only the newest CANDIDATES matches are ranked: a word
    found in half a 100,000-story archive costs what a rarer one does, and a news search wants recent stories
    anyway. With any filter (a date range, a section...) every match is ranked, so older ones stay reachable."""
    if connection.vendor == "postgresql":
        expression = _tsquery_expression(groups)
        query = SearchQuery(expression, search_type="raw", config="simple")
        floor = newest_only and _candidate_floor(
            "SELECT article_id FROM search_searchdocument WHERE vector @@ to_tsquery('simple', %s)"
            " ORDER BY article_id DESC LIMIT 1 OFFSET %s",
            expression,
        )
        matches = articles.filter(search_document__vector=query)
        if floor:
            matches = matches.filter(pk__gte=floor)
        return matches.annotate(
            score=SearchRank(F("search_document__vector"), query)
            * RawSQL(POSTGRES_RECENCY, [], output_field=FloatField())
        )
    expression = _fts5_expression(groups)
    floor = newest_only and _candidate_floor(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
        expression,
    )
    where = ["search_fts.rowid = news_article.id", "search_fts MATCH %s"]
    params = [expression]
    if floor:
        # A rowid range is something FTS5 applies while it walks the matches, so unranked rows cost nothing.
        where.append("search_fts.rowid >= %s")
        params.append(floor)
    return articles.extra(tables=["search_fts"], where=where, params=params, select={"score": SQLITE_SCORE})


def _candidate_floor(sql: str, expression: str) -> int | None:
    """The id of the CANDIDATES-th newest match, or None when there are fewer matches than that."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, CANDIDATES - 1])
        row = cursor.fetchone()
    return row[0] if row else None


def search(
    text: str,
    *,
    filters: SearchFilters | None = None,
    order: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """One page of public articles matching `text`. Any text is accepted: operators, quotes and control
    characters are not syntax here, only words."""
    words = query_words(text)
    page = min(max(page, 1), MAX_PAGE)
    if not words:
        return SearchResults([], page, False, [])
    groups = expand(words)
    filters = filters or SearchFilters()
    articles = filters.apply(Article.objects.public())
    ordering = ("-published_at", "-id") if order == "newest" else ("-score", "-id")
    start = (page - 1) * per_page
    try:
        with time_limit(TIME_LIMIT_SECONDS):
            # matching() runs its candidate query at once, so it belongs inside the limit too.
            ranked = matching(articles, groups, newest_only=filters == SearchFilters()).for_listing()
            rows = list(ranked.order_by(*ordering)[start : start + per_page + 1])
    except OperationalError:
        # A query matching most of a huge archive: answer quickly with advice instead of holding a worker.
        return SearchResults([], page, False, words, too_broad=True)
    terms = {word for group in groups for text in group for word in text.split()}
    hits = [Hit(article, snippet(article, terms), float(article.score)) for article in rows[:per_page]]
    return SearchResults(hits, page, len(rows) > per_page, words)


_SPLIT = re.compile(r"(\w+)")


def snippet(article: Article, terms: set[str], *, before: int = 12, length: int = 40) -> SafeString:
    """About 40 words of the article around its first match, matches in <mark>, built from escaped text only.

    Highlighting happens on the original words (folded only for comparison), so readers see "Türkiye", not the
    folded "turkiye" the index holds."""
    for text in (plain_text(article.body), article.standfirst, article.headline):
        pieces = _SPLIT.split(text)
        word_positions = list(range(1, len(pieces), 2))
        first = next((position for position in word_positions if fold(pieces[position]) in terms), None)
        if first is not None:
            break
    else:
        return mark_safe(escape(article.standfirst or plain_text(article.body)[:240]))
    ordinal = word_positions.index(first)
    start = word_positions[max(0, ordinal - before)]
    end_ordinal = min(len(word_positions) - 1, ordinal + length)
    end = word_positions[end_ordinal] + 1
    out = ["…" if start > 1 else ""]
    for index in range(start, end):
        piece = pieces[index]
        out.append(f"<mark>{escape(piece)}</mark>" if index % 2 and fold(piece) in terms else escape(piece))
    out.append("…" if end < len(pieces) - 1 else "")
    return mark_safe("".join(out))
