from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .twofactor import NEEDS_SECOND_FACTOR, required_for


class TwoFactorRequiredMiddleware:
    """Keeps the newsroom behind the second factor.

    Staff who turned two-factor sign-in on but hold a session without it (signed in through the readers' sign-in,
    by password or a mailed code) are signed out and sent to the newsroom's own sign-in, which asks for the code.
    Staff whose role requires two-factor sign-in set it up before anything else in the newsroom.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/newsroom/") and not path.startswith(self._signing_in()):
            user = request.user
            if user.is_authenticated and not user.is_verified():
                if request.session.get(NEEDS_SECOND_FACTOR):
                    logout(request)
                    return redirect_to_login(request.get_full_path(), reverse("admin:login"))
                if required_for(user) and not path.startswith(reverse("admin:two-factor")):
                    return redirect("admin:two-factor")
        return self.get_response(request)

    @staticmethod
    def _signing_in() -> tuple[str, ...]:
        return (reverse("admin:login"), reverse("admin:logout"), "/newsroom/jsi18n/")
