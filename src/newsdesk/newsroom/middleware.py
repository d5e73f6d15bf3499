from django.shortcuts import redirect
from django.urls import reverse

from .twofactor import required_for


class TwoFactorRequiredMiddleware:
    """Sends staff whose role requires two-factor sign-in to set it up before anything else in the newsroom."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/newsroom/") and not path.startswith(self._exempt()):
            user = request.user
            if user.is_authenticated and not user.is_verified() and required_for(user):
                return redirect("admin:two-factor")
        return self.get_response(request)

    @staticmethod
    def _exempt() -> tuple[str, ...]:
        return (
            reverse("admin:two-factor"),
            reverse("admin:login"),
            reverse("admin:logout"),
            "/newsroom/jsi18n/",
        )
