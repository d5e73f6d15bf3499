from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str) -> str:
    """The ?next= / next field if it points back into this site, otherwise `fallback` (never an open redirect).

    Only a path from the site's root or a full URL of this site: a bare word ("foo") is a relative address that
    redirect() would take for a URL name and fail on."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = candidate.startswith(("/", "http://", "https://")) and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if allowed:
        return candidate
    return fallback


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")
