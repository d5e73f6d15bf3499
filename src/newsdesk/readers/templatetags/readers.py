"""The follow and save buttons every public page prints, as tags: an article page has a dozen of them, and an
{% include %} per button cost ~0.1 ms each in template overhead. The markup is the same for every visitor
(reader.js sets the state), so pages stay cacheable."""

from urllib.parse import quote

from django import template
from django.utils.html import format_html

from newsdesk.news.links import link

register = template.Library()


def _next(context) -> str:
    return quote(context["request"].path, safe="/")


@register.simple_tag(takes_context=True)
def follow_button(context, kind: str, target) -> str:
    # Beside "Save" on an article, a bare "Follow" could be read as following its writer.
    label = "Follow story" if kind == "story" else "Follow"
    return format_html(
        '<a class="follow-button" href="{}?next={}" data-follow="{}:{}" data-label-off="{}" data-label-on="{}">'
        '{}<span class="visually-hidden"> {}</span></a>',
        link("readers:follow", kind, target.pk),
        _next(context),
        kind,
        target.pk,
        label,
        label.replace("Follow", "Following"),
        label,
        target,
    )


@register.simple_tag(takes_context=True)
def save_button(context, article) -> str:
    return format_html(
        '<a class="save-button" href="{}?next={}" data-save="{}">Save<span class="visually-hidden"> for later'
        "</span></a>",
        link("readers:bookmark", article.pk),
        _next(context),
        article.pk,
    )
