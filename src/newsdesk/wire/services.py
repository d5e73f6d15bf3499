"""From wire copy to a draft: the one write the desk makes in the newsroom."""

import re

from django.db import transaction
from django.utils.html import escape

from newsdesk.api.services import create_draft
from newsdesk.news.models import Article, ArticleSource, Section
from newsdesk.news.text import plain_text

from .models import WireItem


class WireError(Exception):
    """The desk cannot do this now; the message says why."""


def _section_for(user) -> Section:
    section = user.desk_sections.order_by("order").first() or Section.objects.order_by("order", "pk").first()
    if section is None:
        raise WireError("There is no section to file the draft in yet: an admin must create one first.")
    return section


_BLOCK = re.compile(r"<(?:p|h[1-6]|ul|ol|li|blockquote|figure|pre|table|div|hr)\b", re.IGNORECASE)


def _as_paragraphs(text: str) -> str:
    """An agency's text as paragraphs: a feed's summary is often bare text (or inline markup), which would sit in
    the story under its heading with no paragraph of its own, and be published that way."""
    if _BLOCK.search(text):
        return text
    chunks = [
        chunk.strip()
        for chunk in re.split(r"\n\s*\n|<br\s*/?>\s*<br\s*/?>", text, flags=re.IGNORECASE)
        if chunk.strip()
    ]
    return "".join(f"<p>{chunk}</p>" for chunk in chunks) or "<p></p>"


def _body(items: list[WireItem]) -> str:
    """Each agency's text in turn, then the links, so the writer rewrites from all versions at once."""
    parts = []
    for item in items:
        parts.append(f"<h3>{escape(item.source.name)}: {escape(item.title)}</h3>")
        parts.append(_as_paragraphs(item.body or item.summary or ""))
    links = "".join(
        f'<li><a href="{escape(item.url)}">{escape(item.source.name)}: {escape(item.title)}</a></li>'
        for item in items
        if item.url
    )
    if links:
        parts.append(f"<p>Wire sources:</p><ul>{links}</ul>")
    return "".join(parts)


def draft_from_wire(items: list[WireItem], *, by) -> Article:
    """A draft owned by `by`, prefilled from the items (oldest first) and crediting each agency once, in order,
    as "via"; the writer rewrites it and it goes through the normal workflow."""
    if not items:
        raise WireError("Choose an item or a story to write from.")
    items = sorted(items, key=lambda item: (item.published_at, item.pk))
    lead = items[0]
    with transaction.atomic():
        article = create_draft(
            by=by,
            fields={
                "headline": lead.title[:200],
                "standfirst": plain_text(lead.summary or lead.body)[:500],
                "body": _body(items),
                "section": _section_for(by).slug,
            },
        )
        agencies = list(dict.fromkeys(item.source for item in items))
        ArticleSource.objects.bulk_create(
            ArticleSource(article=article, source=source, order=order, usage=ArticleSource.Usage.VIA)
            for order, source in enumerate(agencies)
        )
    return article
