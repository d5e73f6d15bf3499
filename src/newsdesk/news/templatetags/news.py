from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.timezone import template_localtime

from newsdesk.news.links import link as cached_link

register = template.Library()


@register.filter
def story_time(moment):
    """'25 minutes ago' for today's news, the date for anything older (the exact time goes in the title)."""
    if not moment:
        return ""
    age = timezone.now() - moment
    if timedelta(0) <= age < timedelta(minutes=1):
        return "just now"
    if timedelta(0) <= age < timedelta(hours=24):
        return f"{timesince(moment).split(',')[0]} ago"
    local = timezone.localtime(moment)
    return local.strftime("%-d %b %Y")


@register.filter
def time_element(moment):
    """<time> with the machine-readable moment, the exact local time as its title and story_time as its text: a
    filter, not an {% include %}, because every card and river line prints one (~40 us each as an include).
    `data-ago` asks reader.js to count the text again in the reader's browser: the page may have been kept by the
    cache for minutes, or left open in a tab since the morning."""
    if not moment:
        return mark_safe('<time datetime="" title=""></time>')
    local = template_localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}" data-ago>{}</time>',
        date_format(local, "c"),
        date_format(local, "j F Y, H:i T"),
        story_time(moment),
    )


@register.filter
def rendition(image, width):
    return image.rendition_url(int(width))


@register.filter
def height_at(image, width):
    return image.height_for(int(width))


@register.simple_tag
def link(name, *args):
    """{% url %} for links every page repeats (navigation, follow and save buttons): remembered, not re-reversed."""
    return cached_link(name, *args)
