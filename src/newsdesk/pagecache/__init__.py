"""The whole-page cache: a thin WSGI layer in front of Django that answers public pages from memory, tagged with
surrogate keys and purged exactly by them (see docs/architecture.md, "Page cache")."""
