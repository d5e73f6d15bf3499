from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib.sites.requests import RequestSite

from newsdesk.api.ratelimits import client_address
from newsdesk.newsroom.twofactor import NEEDS_SECOND_FACTOR, confirmed_device
from newsdesk.sitesettings.models import SiteSettings


class ReaderAccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        domain = email.rpartition("@")[2].lower()
        if domain in settings.NEWSDESK_BLOCKED_EMAIL_DOMAINS:
            raise forms.ValidationError(
                "Sign-ups from this email provider are not accepted. Please use another address."
            )
        return email

    # Without django.contrib.sites allauth names the site by its host ("[127.0.0.1:8000]", "Hello from
    # news.example.az!"); readers know the outlet by the name in its site settings.
    def format_email_subject(self, subject: str) -> str:
        prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{SiteSettings.load().site_name}] "
        return prefix + str(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = RequestSite(allauth_context.request)
        site.name = SiteSettings.load().site_name
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def get_client_ip(self, request) -> str:
        # One notion of "the client's address" for allauth's limits, django-axes and the API.
        return client_address(request)

    def login(self, request, user) -> None:
        super().login(request, user)
        # This sign-in asked for no second factor: the newsroom will, before its first page (newsroom.middleware).
        if user.is_staff and confirmed_device(user) is not None:
            request.session[NEEDS_SECOND_FACTOR] = True

    def pre_authenticate(self, request, **credentials) -> None:
        # allauth refuses an over-limit sign-in with a form error; remember it so the view answers 429 like axes.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            request.sign_in_rate_limited = True
            raise


def shown_name(user) -> str:
    """How allauth names a reader in its notices ("You're signed in as Aysel"): their name, else their email;
    never the username, which readers signing up by email never chose (ACCOUNT_USER_DISPLAY)."""
    return user.get_full_name() or user.email or user.username


def attempted_account(request, credentials) -> str | None:
    """The account a sign-in tried, for django-axes: staff post a username, allauth's forms an email ("login")."""
    credentials = credentials or {}
    for value in (
        credentials.get("username"),
        credentials.get("email"),
        request.POST.get("login") if request is not None else None,
        request.POST.get("username") if request is not None else None,
    ):
        if value:
            return str(value).strip().lower()[:255]
    return None
