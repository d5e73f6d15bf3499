import pytest
from django.core.cache import cache
from django.db import IntegrityError

from newsdesk.sitesettings.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_settings_being_created_by_another_request_answer_with_the_defaults(monkeypatch):
    cache.clear()

    def created_elsewhere_not_yet_committed(**kwargs):
        raise IntegrityError(
            "UNIQUE constraint failed: sitesettings_sitesettings.id"
        )  # what Django re-raises

    monkeypatch.setattr(SiteSettings.objects, "get_or_create", created_elsewhere_not_yet_committed)
    settings = SiteSettings.load()
    assert settings.pk == 1 and settings.site_name == SiteSettings().site_name


def test_a_public_page_reads_the_site_settings_once(client, monkeypatch):
    calls = []
    load = SiteSettings.load

    def counted_load():
        calls.append(1)
        return load()

    monkeypatch.setattr(SiteSettings, "load", counted_load)
    response = client.get("/")
    assert response.status_code == 200
    assert SiteSettings().site_name in response.text or response.context["site"].site_name in response.text
    assert len(calls) == 1
