"""The start-up warning for a mail server configured with a sender other mail servers refuse."""

import pytest
from django.core.management import call_command

from newsdesk.readers.checks import sender_can_be_delivered

SMTP = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {"host": "mail"}}}
CONSOLE = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}


@pytest.mark.parametrize(
    "sender", ["Newsdesk <news@localhost>", "news@LOCALHOST", "news", "Daily <desk@example.com>"]
)
def test_a_real_mail_server_with_an_undeliverable_sender_is_warned_about_at_start(settings, sender):
    settings.MAILERS, settings.DEFAULT_FROM_EMAIL = SMTP, sender
    (warning,) = sender_can_be_delivered(None)
    assert warning.id == "newsdesk.W001" and "DEFAULT_FROM_EMAIL" in warning.hint


@pytest.mark.django_db  # the check command runs the database checks too
def test_the_warning_is_printed_by_the_commands_that_start(settings, capsys):
    settings.MAILERS, settings.DEFAULT_FROM_EMAIL = SMTP, "Newsdesk <news@localhost>"
    call_command("check")
    assert "newsdesk.W001" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("mailers", "sender"),
    [(SMTP, "Daily News <news@dailynews.az>"), (CONSOLE, "Newsdesk <news@localhost>")],
)
def test_no_warning_for_a_real_sender_or_for_mail_printed_to_the_console(settings, mailers, sender):
    settings.MAILERS, settings.DEFAULT_FROM_EMAIL = mailers, sender
    assert sender_can_be_delivered(None) == []
