"""Response headers the whole API shares."""

from django.utils.cache import patch_cache_control, patch_vary_headers


class TokenAnswersArePrivate:
    """An answer to a request carrying a token is that token's (its drafts, its uploads): a CDN or shared cache
    in front of the site must never store it, whatever its defaults for JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Authorization"])
        return response
