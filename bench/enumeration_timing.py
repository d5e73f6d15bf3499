"""Reliability row 9, the timing half: do sign-in, sign-up and password reset take measurably longer for an email
that has an account than for one that has none? Medians of N tries each, side by side, in this process, with the
production password hasher (PBKDF2). Rerun:

    NEWSDESK_DEMO=1 NEWSDESK_DATA_DIR=/tmp/bench-enum .venv/bin/python bench/enumeration_timing.py --tries 50

The goal (reliability-battery.md) is a median difference under 10 ms for each form. Rate limits are lifted for the
run (they would turn the later tries into 429s, which is what they are for).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from newsdesk.accounts.models import User  # noqa: E402

PASSWORD = "a-long-bench-password-2026"


def median_ms(tries: int, send) -> float:
    samples = []
    for attempt in range(tries):
        started = time.perf_counter()
        send(attempt)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def time_form(tries: int, name: str, url: str, fields) -> tuple[float, float]:
    client = Client()
    known = median_ms(tries, lambda n: client.post(url, fields("known@example.com", n)))
    # A fresh address each time for sign-up, so every "unknown" try really creates an account.
    unknown = median_ms(tries, lambda n: client.post(url, fields(f"new-{name}-{n}@example.com", n)))
    return known, unknown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=50)
    tries = parser.parse_args().tries
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    setup_test_environment()  # mail to memory, not the console
    user, _ = User.objects.get_or_create(username="bench-reader", defaults={"email": "known@example.com"})
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )

    forms = {
        "sign-in": ("/accounts/login/", lambda email, n: {"login": email, "password": f"wrong-{n}"}),
        "sign-up": (
            "/accounts/signup/",
            lambda email, n: {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        ),
        "reset": ("/accounts/password/reset/", lambda email, n: {"email": email}),
    }
    print(f"{'form':<8} {'known ms':>9} {'unknown ms':>11} {'difference':>11}  (median of {tries})")
    with override_settings(ACCOUNT_RATE_LIMITS=False, AXES_ENABLED=False, ALLOWED_HOSTS=["testserver"]):
        for name, (url, fields) in forms.items():
            known, unknown = time_form(tries, name, url, fields)
            print(f"{name:<8} {known:9.1f} {unknown:11.1f} {abs(known - unknown):10.1f}")
    print(f"hasher: {settings.PASSWORD_HASHERS[0]}")


if __name__ == "__main__":
    main()
