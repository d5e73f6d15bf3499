"""Keyset pagination for newest-first lists: page 1,000 costs what page 1 costs (no OFFSET scans).

A cursor is "<published_at as epoch microseconds>.<id>" of the last story shown; ?before= walks back in time,
?after= walks forward again.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import QueryDict


class BadCursor(BadRequest):
    """A ?before= or ?after= value we did not write: answered with 400, never a 500."""


@dataclass(frozen=True)
class Cursor:
    published_at: datetime
    pk: int

    @classmethod
    def parse(cls, raw: str) -> "Cursor":
        micros, _, pk = raw.partition(".")
        # ASCII digits only: str.isdigit() also passes "²", which int() refuses.
        if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()) or len(raw) > 40:
            raise BadCursor(raw)
        try:
            published_at = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
        except (OverflowError, OSError, ValueError) as error:
            raise BadCursor(raw) from error
        return cls(published_at, int(pk))

    @classmethod
    def of(cls, item, field: str = "published_at") -> "Cursor":
        return cls(getattr(item, field), item.pk)

    def __str__(self):
        return f"{round(self.published_at.timestamp() * 1_000_000)}.{self.pk}"


@dataclass
class Page:
    items: list
    newer: str | None
    older: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer or self.older)


def paginate(queryset, query: QueryDict, *, per_page: int, field: str = "published_at") -> Page:
    """One page of a queryset, newest `field` first, from the ?before= or ?after= cursor in the query string."""
    before, after = query.get("before"), query.get("after")
    if before:
        cursor = Cursor.parse(before)
        rows = list(
            queryset.filter(
                Q(**{f"{field}__lt": cursor.published_at})
                | Q(**{field: cursor.published_at, "pk__lt": cursor.pk})
            ).order_by(f"-{field}", "-pk")[: per_page + 1]
        )
        items, has_older, has_newer = rows[:per_page], len(rows) > per_page, True
    elif after:
        cursor = Cursor.parse(after)
        rows = list(
            queryset.filter(
                Q(**{f"{field}__gt": cursor.published_at})
                | Q(**{field: cursor.published_at, "pk__gt": cursor.pk})
            ).order_by(field, "pk")[: per_page + 1]
        )
        items, has_newer, has_older = list(reversed(rows[:per_page])), len(rows) > per_page, True
    else:
        rows = list(queryset.order_by(f"-{field}", "-pk")[: per_page + 1])
        items, has_older, has_newer = rows[:per_page], len(rows) > per_page, False
    return Page(
        items=items,
        newer=str(Cursor.of(items[0], field)) if has_newer and items else None,
        older=str(Cursor.of(items[-1], field)) if has_older and items else None,
    )
