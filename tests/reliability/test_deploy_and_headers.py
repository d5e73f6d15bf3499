"""Battery row 20: `check --deploy` is clean with production settings, and every response carries the headers."""

import os
import re
import secrets
import subprocess
import sys

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _production_env(tmp_path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "NEWSDESK_DEMO", "NEWSDESK_HTTPS"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.com",
        EMAIL_HOST="smtp.news.example.com",
        DEFAULT_FROM_EMAIL="Daily News <news@news.example.com>",
        NEWSDESK_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="newsdesk.settings",
    )
    return env


def _newsdesk(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _newsdesk("check", "--deploy", "--fail-level", "WARNING", env=_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _newsdesk("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.fixture
def https_settings(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


@pytest.mark.parametrize("path", ["/", "/archive/", "/no-such-page/", "/newsroom/login/", "ARTICLE"])
def test_responses_carry_security_headers(client, https_settings, path):
    if path == "ARTICLE":
        path = ArticleFactory().get_absolute_url()
    response = client.get(path, secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_load_nothing_from_other_hosts(client):
    """Outbound links (share, source homepages) may point elsewhere; nothing a page loads may."""
    html = client.get(ArticleFactory().get_absolute_url()).text
    assert not re.search(r"""\ssrc=["']?(https?:)?//""", html)
    assert not re.search(r"""\ssrcset=["'][^"']*(https?:)?//""", html)
    for link in re.findall(r"<link[^>]+>", html):
        if "canonical" not in link:
            assert not re.search(r"""href=["']?(https?:)?//""", link), link
