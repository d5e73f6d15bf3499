"""The full text of an item's linked page, for feeds that send only a summary (Feed.extract_full_text).

The page comes through the same safe fetcher as feeds; trafilatura receives its bytes (never the URL) and keeps the
article's paragraphs, dropping menus, footers and comments; the result passes the newsroom's HTML allow-list.
"""

import logging
import time

from newsdesk.news.text import sanitize_html

from .fetcher import FetchError, fetch

logger = logging.getLogger(__name__)

# A poll extracts at most this many pages, for at most this long: the worker that polls also publishes scheduled
# articles, and one partner's feed of 200 new items must not hold it up. Items left over keep the feed's text.
MAX_PAGES_PER_POLL = 20
MAX_SECONDS_PER_POLL = 30


def full_text(url: str) -> str:
    import trafilatura  # imported here: it takes a moment, and only feeds with extraction on need it

    page = fetch(url)
    html = trafilatura.extract(
        page.body,
        output_format="html",
        include_links=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    return sanitize_html(html or "")


def fill_bodies(items) -> int:
    """Stores the extracted text as the body of each item that has a link; returns how many got one."""
    filled = 0
    deadline = time.monotonic() + MAX_SECONDS_PER_POLL
    for item in items[:MAX_PAGES_PER_POLL]:
        if time.monotonic() > deadline:
            break
        if not item.url:
            continue
        try:
            body = full_text(item.url)
        except FetchError as error:
            logger.info("no full text for wire item %s: %s", item.pk, error)
            continue
        if len(body) > len(item.body):
            item.body = body
            item.save(update_fields=["body"])
            filled += 1
    return filled
