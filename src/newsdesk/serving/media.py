"""Uploaded files, when this process serves them (SERVE_MEDIA; a front server or object storage can instead)."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from newsdesk.news.images import media_key


def serve_media(request, path: str):
    """Django's static file view, except that a path the file system refuses (a name longer than it allows, a NUL)
    is a 404 like any other missing file, not a 500, and each picture carries its surrogate key."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError) as error:
        raise Http404("No such file") from error
    # A CDN keeping pictures can drop one, with its renditions, by this key when it leaves the library.
    response["Surrogate-Key"] = response["Cache-Tag"] = media_key(path)
    return response
