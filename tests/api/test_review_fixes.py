"""Holes found by review of the API, each pinned."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.api.models import Scope
from newsdesk.newsroom import workflow
from newsdesk.newsroom.roles import Action
from tests.api.conftest import bearer, issue_token
from tests.factories import draft, staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "when", ["9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59+00:00", "1500-01-01T00:00:00Z"]
)
def test_an_absurd_schedule_time_is_a_400_not_a_500(when):
    editor = staff("Editor")
    article = draft(by=editor)
    response = Client().post(
        f"/api/v1/drafts/{article.pk}/moves",
        {"action": "schedule", "publish_at": when},
        content_type="application/json",
        **bearer(issue_token(editor)[1]),
    )
    assert response.status_code == 400
    article.refresh_from_db()
    assert article.status == "draft"


def test_a_token_without_publish_cannot_rewrite_a_scheduled_article():
    editor = staff("Editor")
    article = draft(by=editor, headline="Scheduled text")
    workflow.move(article, Action.SCHEDULE, by=editor, publish_at=timezone.now() + timedelta(days=1))
    article.refresh_from_db()
    key = issue_token(editor, scopes=[Scope.READ_DRAFTS, Scope.WRITE_DRAFTS])[1]
    response = Client().patch(
        f"/api/v1/drafts/{article.pk}",
        {"version": article.version, "headline": "Changed behind the desk's back"},
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 409
    article.refresh_from_db()
    assert article.headline == "Scheduled text"


def test_a_valid_key_works_even_when_its_address_is_over_the_wrong_key_budget(settings):
    settings.NEWSDESK_API_RATES = {"bad_key": (2, 600)}
    client = Client()
    for _ in range(4):
        client.get("/api/v1/drafts", **bearer("ndk_wrong_wrong_wrong"))
    assert client.get("/api/v1/drafts", **bearer("ndk_wrong_again")).status_code == 429
    assert client.get("/api/v1/drafts", **bearer(issue_token(staff("Editor"))[1])).status_code == 200


def test_the_client_address_follows_the_same_setting_as_sign_in_throttling(settings, rf):
    from newsdesk.api.ratelimits import client_address

    settings.AXES_CLIENT_IP_CALLABLE = lambda request: request.META["HTTP_X_REAL_IP"]
    assert client_address(rf.get("/", HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"
