"""Start-up checks for readers' mail: `newsdesk serve`, `worker` and `check` print them."""

from email.utils import parseaddr

from django.conf import settings
from django.core import checks
from django.core.checks.mail import NON_PRODUCTION_EMAIL_BACKENDS

UNDELIVERABLE_DOMAINS = {"", "localhost", "localhost.localdomain", "example.com", "example.org"}


@checks.register(checks.Tags.mail)
def sender_can_be_delivered(app_configs, **kwargs):
    """With a real mail server configured, the default sender (news@localhost) is refused or sent to spam by the
    receiving servers: sign-up confirmations and password resets would never reach readers."""
    # As Django's own mail.E001: a mailer named without a BACKEND sends by SMTP.
    backend = settings.MAILERS.get("default", {}).get(
        "BACKEND", "django.core.mail.backends.smtp.EmailBackend"
    )
    if backend in NON_PRODUCTION_EMAIL_BACKENDS:
        return []
    _at, has_domain, domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")
    domain = domain.lower() if has_domain else ""
    if domain not in UNDELIVERABLE_DOMAINS:
        return []
    return [
        checks.Warning(
            f"Readers' mail goes out through EMAIL_HOST from {settings.DEFAULT_FROM_EMAIL!r}, an address other mail"
            " servers refuse: confirmations and password resets will not arrive.",
            hint="Set DEFAULT_FROM_EMAIL to an address at your own domain, e.g. 'Daily News <news@example.news>'.",
            id="newsdesk.W001",
        )
    ]
