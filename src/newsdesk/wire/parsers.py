"""Turning a feed's bytes into items: RSS 2.0, RSS 1.0 (RDF) and Atom through feedparser, ninjs JSON by hand.

feedparser only ever receives bytes wrapped in a stream: given a str it may fetch a URL, and given bytes it first
tries to open them as a file name. Before it sees them, defusedxml reads the document and refuses any entity
declaration (billion laughs, quadratic blow-up, external entities reading local files).
"""

import calendar
import io
import json
import re
import xml.sax
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import feedparser
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

# A feed file larger than this is refused before parsing (fetches are already limited to 5 MB).
MAX_FEED_BYTES = 20 * 1024 * 1024
# An item's text beyond this is cut: the desk shows wire copy, not books.
MAX_ITEM_CHARS = 100_000
# Agencies' systems stamp undated items 0001-01-01 or 9999-12-31: such a date is no date, and year one overflowed
# the grouping window's arithmetic. A day ahead allows for clocks and time zones set wrong.
EARLIEST_DATE = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_AHEAD = timedelta(days=1)

_ENTITY_DECLARATIONS = [
    marker.encode(encoding) for marker in ("<!ENTITY",) for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]
_XML_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding=)([\"'])[^\"']*\2", re.IGNORECASE)


class FeedError(Exception):
    """The feed cannot be read; the message says why."""


class NotAFeed(FeedError):
    """A document read without error that is not a feed: a web page where the feed was (a partner's login or error
    page answered with 200), other XML, other JSON, items without titles. Refused rather than read as a feed with
    no items, or the desk would report a broken feed as a healthy one with nothing new."""

    def __init__(self, reason: str):
        super().__init__(f"Not a feed: {reason}.")
        self.reason = reason


@dataclass
class ParsedItem:
    guid: str
    title: str
    url: str = ""
    summary: str = ""
    body: str = ""
    published_at: datetime | None = None
    authors: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    title: str
    items: list[ParsedItem]
    # What was wrong with a feed that could still be read (items before the point where the XML breaks off), for
    # the desk's feed health: the feed works, but the partner should hear about it.
    warning: str = ""


def parse_feed(data: bytes) -> ParsedFeed:
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"The feed is {len(data):,} bytes; the limit is {MAX_FEED_BYTES:,}.")
    if not data.strip():
        raise NotAFeed("it is empty")
    if data.lstrip()[:1] in (b"{", b"["):
        feed = parse_ninjs(data)
        if not feed.items and (reason := _why_not_ninjs(json.loads(data))):
            raise NotAFeed(reason)
        return feed
    _refuse_hostile_xml(data)
    parsed = feedparser.parse(
        io.BytesIO(_prefer_utf8(data)), sanitize_html=False, resolve_relative_uris=False
    )
    if not parsed.entries and not parsed.get("version"):
        raise NotAFeed(_not_feed_xml(data))
    if not parsed.entries and parsed.get("bozo"):
        raise FeedError(f"Not a feed that can be read: {parsed.get('bozo_exception') or 'no items'}.")
    items = [item for item in map(_item, parsed.entries) if item.title]
    if not items and (reason := _why_not_xml_feed(data, parsed)):
        raise NotAFeed(reason)
    warning = ""
    if isinstance(parsed.get("bozo_exception"), xml.sax.SAXParseException):
        warning = (
            f"the feed is not well-formed XML ({parsed.bozo_exception}); "
            f"{len(items)} item{'' if len(items) == 1 else 's'} before the error were read"
        )
    return ParsedFeed(title=parsed.feed.get("title", ""), items=items, warning=warning)


_FIRST_ELEMENT = re.compile(rb"<(?![?!])([A-Za-z_][\w:.-]{0,40})")


def _not_feed_xml(data: bytes) -> str:
    root = _FIRST_ELEMENT.search(data[:100_000])
    if root:
        return f"it holds <{root.group(1).decode('ascii')}>, not RSS, RSS 1.0 or Atom"
    if (scalar := _json_scalar(data)) is not None:
        return f"it is JSON, but {scalar} alone: not a ninjs item nor a list of them"
    return "it holds no XML element, not RSS, RSS 1.0 or Atom"


def _json_scalar(data: bytes) -> str | None:
    """What a document that is a single JSON value other than an object or list holds (`null`, `"text"`, `5`),
    or None: "holds no XML element" sent partners looking for the wrong mistake."""
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return "a string" if isinstance(value, str) else "a number"


def _why_not_xml_feed(data: bytes, parsed) -> str | None:
    """Why a document that gave no items is not a feed, in a few words; None when it is a feed with no items in
    it now (an agency's feed between stories)."""
    if not parsed.get("version"):
        return _not_feed_xml(data)
    if parsed.get("bozo"):
        return f"it is not well-formed XML ({parsed.get('bozo_exception')})"
    if parsed.entries:
        return _none_of(len(parsed.entries), "title")
    return None


def _why_not_ninjs(document) -> str | None:
    if isinstance(document, dict) and "items" not in document and "headline" not in document:
        return 'it is JSON, but neither a ninjs item (no "headline") nor a list of them (no "items")'
    items = document.get("items", [document]) if isinstance(document, dict) else document
    if not isinstance(items, list):
        return 'its "items" is not a list'
    if items:
        return _none_of(len(items), "headline")
    return None


def _none_of(count: int, field: str) -> str:
    return f"its one item has no {field}" if count == 1 else f"none of its {count} items has a {field}"


def _refuse_hostile_xml(data: bytes) -> None:
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FeedError(
            f"The feed declares XML entities or external references, which are refused ({error})."
        ) from error
    except SafeET.ParseError:
        # Not well-formed (feedparser may still read it loosely): refuse what the strict parser could not check.
        if any(marker in data[:200_000].upper() for marker in _ENTITY_DECLARATIONS):
            raise FeedError("The feed declares XML entities, which are refused.") from None


def _prefer_utf8(data: bytes) -> bytes:
    """Feeds often declare ISO-8859-1 or windows-1254 and send UTF-8. Text that decodes as UTF-8 and is not plain
    ASCII almost never means anything else, so the declaration is corrected to match."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    if data.isascii():
        return data
    return _XML_DECLARATION.sub(rb"\1\2utf-8\2", data, count=1)


def plausible_date(when: datetime | None) -> datetime | None:
    """The date itself, or None for a placeholder before 1900 or more than a day ahead."""
    if when is None:
        return None
    try:
        if EARLIEST_DATE <= when <= datetime.now(UTC) + LATEST_AHEAD:
            return when
    except OverflowError:  # year one east of UTC has no UTC equivalent to compare
        pass
    return None


def _datetime(struct) -> datetime | None:
    if not struct:
        return None
    try:
        return plausible_date(datetime.fromtimestamp(calendar.timegm(struct), tz=UTC))
    except (OverflowError, ValueError, TypeError):
        return None


def _item(entry) -> ParsedItem:
    content = entry.get("content") or []
    body = max((part.get("value", "") for part in content), key=len, default="")
    summary = entry.get("summary", "")
    link = entry.get("link", "")
    return ParsedItem(
        guid=(entry.get("id") or link or "")[:500],
        title=" ".join(entry.get("title", "").split())[:300],
        url=link[:1000],
        summary=summary[:MAX_ITEM_CHARS],
        body=(body if len(body) > len(summary) else "")[:MAX_ITEM_CHARS],
        # dict.get: FeedParserDict.get maps one key to the other with a deprecation warning.
        published_at=_datetime(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")),
        authors=[author.get("name", "") for author in entry.get("authors", []) if author.get("name")],
    )


def parse_ninjs(data: bytes) -> ParsedFeed:
    """ninjs (IPTC's JSON news format): one item, a list of items, or {"items": [...]}."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise FeedError(f"Not valid JSON: {error}.") from error
    if isinstance(document, dict):
        raw_items = document.get("items", [document])
    elif isinstance(document, list):
        raw_items = document
    else:
        raise FeedError("A ninjs document must be an object or a list of objects.")
    items = []
    for raw in raw_items:
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("headline"), str)
            or not raw["headline"].strip()
        ):
            continue
        when = raw.get("versioncreated") or raw.get("firstcreated") or ""
        try:
            published = datetime.fromisoformat(when) if isinstance(when, str) and when else None
        except ValueError:
            published = None
        if published and published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        published = plausible_date(published)
        body = raw.get("body_html") or ""
        items.append(
            ParsedItem(
                guid=str(raw.get("uri") or raw.get("guid") or "")[:500],
                title=" ".join(raw["headline"].split())[:300],
                url=str(raw.get("link") or "")[:1000] if isinstance(raw.get("link"), str) else "",
                summary=str(raw.get("description_text") or raw.get("body_text") or "")[:MAX_ITEM_CHARS],
                body=str(body)[:MAX_ITEM_CHARS],
                published_at=published,
            )
        )
    title = document.get("title") if isinstance(document, dict) else ""
    return ParsedFeed(title=title if isinstance(title, str) else "", items=items)
