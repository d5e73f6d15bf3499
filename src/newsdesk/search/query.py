"""Search: one small interface, two real backends picked by the database in use (SQLite FTS5, PostgreSQL FTS).

Both rank headline matches above standfirst, section/topics/bylines/sources and body matches, with a mild
boost for recent articles, and both search only public() articles, so nothing unpublished is ever found.
"""

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape

from django.contrib.postgres.search import SearchQuery
from django.db import OperationalError, connection, transaction
from django.utils.safestring import SafeString, mark_safe

from newsdesk.news.models import Article
from newsdesk.news.text import plain_text

from .filters import SearchFilters
from .folding import query_groups, spellings
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
POSTGRES_RECENCY = "1.0 + 0.3 / (1.0 + EXTRACT(EPOCH FROM (now() - {published_at})) / 604800.0)"


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
    per_page: int = 20

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_number(self) -> int:
        """The place of this page's first hit among all results (results 21-40 on page 2)."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.hits) - 1


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


def expand(typed: list[list[str]]) -> list[list[str]]:
    """Each group of the query (query_groups) with its words' synonyms (words or phrases), from the newsroom's
    Synonym list."""
    synonyms = Synonym.objects.groups() if typed else []
    expanded = []
    for words in typed:
        alternatives = list(words)
        for word in words:
            for group in synonyms:
                if word in group:
                    alternatives += [term for term in group if term not in alternatives]
        expanded.append(alternatives)
    return expanded


def _fts5_expression(groups: list[list[str]]) -> str:
    # Every term is \w characters only (folding.query_groups), so quoting makes each a literal FTS5 string.
    return " AND ".join("(" + " OR ".join(f'"{term}"' for term in group) + ")" for group in groups)


def _tsquery_expression(groups: list[list[str]]) -> str:
    def term(text: str) -> str:
        return " <-> ".join(f"'{word}'" for word in text.split())

    return " & ".join("(" + " | ".join(term(text) for text in group) + ")" for group in groups)


def ranked(
    articles, groups: list[list[str]], *, order: str, offset: int, limit: int, newest_only: bool = True
):
    """(article id, score) of one page of the articles matching every group (any word of each), best first (or
    newest first).

    Ranking is the costly part (every candidate is scored), so only the newest CANDIDATES matches are ranked: a word
    found in half a 100,000-story archive costs what a rarer one does, and a news search wants recent stories
    anyway. With any filter (a date range, a section...) every match is ranked, so older ones stay reachable.
    Only ids and scores come back: the page's articles are fetched afterwards, 20 rows instead of thousands."""
    if connection.vendor == "postgresql":
        return _ranked_postgres(articles, _tsquery_expression(groups), order, offset, limit, newest_only)
    expression = _fts5_expression(groups)
    floor = newest_only and _candidate_floor(expression)
    where = ["search_fts.rowid = news_article.id", "search_fts MATCH %s"]
    params = [expression]
    if floor:
        # A rowid range is something FTS5 applies while it walks the matches, so unranked rows cost nothing.
        where.append("search_fts.rowid >= %s")
        params.append(floor)
    matches = articles.extra(
        tables=["search_fts"], where=where, params=params, select={"score": SQLITE_SCORE}
    )
    ordering = ("-published_at", "-id") if order == "newest" else ("-score", "-id")
    return list(matches.order_by(*ordering).values_list("pk", "score")[offset : offset + limit])


def _ranked_postgres(articles, expression: str, order: str, offset: int, limit: int, newest_only: bool):
    # One statement: the newest matches are found walking the primary key backwards (each document's vector
    # tested once), and only those candidates are ranked; no second pass over the matches to find a floor.
    query = SearchQuery(expression, search_type="raw", config="simple")
    candidates = articles.filter(search_document__vector=query).values_list(
        "pk", "published_at", "search_document__vector"
    )
    candidates = candidates.order_by("-pk")[:CANDIDATES] if newest_only else candidates.order_by()
    inner, params = candidates.query.sql_with_params()
    ordering = "candidate.published_at DESC" if order == "newest" else "score DESC"
    sql = (
        "SELECT candidate.id, ts_rank(candidate.vector, to_tsquery('simple', %s))"
        f" * ({POSTGRES_RECENCY.format(published_at='candidate.published_at')}) AS score"
        f" FROM ({inner}) AS candidate (id, published_at, vector)"
        f" ORDER BY {ordering}, candidate.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, limit, offset])
        return cursor.fetchall()


def _candidate_floor(expression: str) -> int | None:
    """The rowid of the CANDIDATES-th newest FTS5 match, or None when there are fewer matches than that."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            [expression, CANDIDATES - 1],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def search(
    text: str,
    *,
    filters: SearchFilters | None = None,
    order: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    shown=None,
) -> SearchResults:
    """One page of public articles matching `text`. Any text is accepted: besides OR in capitals between two
    words (query_groups), operators, quotes and control characters are not syntax here, only words. With no words
    but some filters, the filtered stories, newest first. `shown` is the queryset the page's stories are read
    from, with what the caller shows of them (default: what a story card needs, bylines and picture included)."""
    typed = query_groups(text)
    words = [word for group in typed for word in group]
    page = min(max(page, 1), MAX_PAGE)
    filters = filters or SearchFilters()
    if not words and filters == SearchFilters():
        return SearchResults([], page, False, [], per_page=per_page)
    groups = expand(typed)
    articles = filters.apply(Article.objects.public())
    offset = (page - 1) * per_page
    try:
        with time_limit(TIME_LIMIT_SECONDS):
            if groups:
                rows = ranked(
                    articles,
                    groups,
                    order=order,
                    offset=offset,
                    limit=per_page + 1,
                    newest_only=filters == SearchFilters(),
                )
            else:
                newest = articles.newest_first().values_list("pk", flat=True)[offset : offset + per_page + 1]
                rows = [(article_id, 0.0) for article_id in newest]
    except OperationalError:
        # A query matching most of a huge archive: answer quickly with advice instead of holding a worker.
        return SearchResults([], page, False, words, too_broad=True, per_page=per_page)
    rows_shown = rows[:per_page]
    stories = shown if shown is not None else Article.objects.for_listing()
    # public() again: a story taken down or deleted since the ranking is left out.
    found = stories.public().in_bulk([article_id for article_id, _ in rows_shown])
    terms = {word for group in groups for text in group for word in text.split()}
    hits = [
        Hit(article, snippet(article, terms), float(score))
        for article_id, score in rows_shown
        if (article := found.get(article_id)) is not None
    ]
    return SearchResults(hits, page, len(rows) > per_page, words, per_page=per_page)


_SPLIT = re.compile(r"(\w+)")


def _matches(word: str, terms: set[str]) -> bool:
    return not spellings(word).isdisjoint(terms)


def snippet(article: Article, terms: set[str], *, before: int = 12, length: int = 40) -> SafeString:
    """About 40 words of the article around its first match, matches in <mark>, built from escaped text only.

    Highlighting happens on the original words (folded only for comparison), so readers see "Türkiye", not the
    folded "turkiye" the index holds."""
    for text in (plain_text(article.body), article.standfirst, article.headline):
        pieces = _SPLIT.split(text)
        word_positions = list(range(1, len(pieces), 2))
        first = next((position for position in word_positions if _matches(pieces[position], terms)), None)
        if first is not None:
            break
    else:
        return mark_safe(escape(article.standfirst or plain_text(article.body)[:240]))
    ordinal = word_positions.index(first)
    start = word_positions[max(0, ordinal - before)]
    end_ordinal = min(len(word_positions) - 1, ordinal + length)
    end = word_positions[end_ordinal] + 1
    out = ["…" if start > 1 else ""]
    unmarked: list[str] = []  # escaped a run at a time: one call per run of text, not per word
    for index in range(start, end):
        piece = pieces[index]
        if index % 2 and _matches(piece, terms):
            out += [escape("".join(unmarked)), f"<mark>{escape(piece)}</mark>"]
            unmarked = []
        else:
            unmarked.append(piece)
    out += [escape("".join(unmarked)), "…" if end < len(pieces) - 1 else ""]
    return mark_safe("".join(out))
