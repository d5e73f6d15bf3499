"""reverse() with a memory: a public page prints the same few dozen links on every render (the navigation, each
section, author, topic and source it shows), and Django's reverse() costs ~37 us each on this machine, ~2 ms of an
article page's render. URLs depend only on the URL name, the arguments and the script prefix, so they are kept."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

# Sections, topics, authors and sources repeat on every page; articles rotate through a hot set. Bounded, so a
# crawler walking a million stories cannot grow it without end.
MAX_LINKS = 50_000


@lru_cache(maxsize=MAX_LINKS)
def _reverse(prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args)


def link(name: str, *args) -> str:
    """reverse(name, args=args), memoised per script prefix."""
    return _reverse(get_script_prefix(), name, args)


@receiver(setting_changed)
def _urlconf_changed(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
