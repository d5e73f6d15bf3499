"""Rate limits (Django's cache): per address for anonymous reads, per token, and per address for failed keys.
Each answers 429 JSON with Retry-After; a spoofed X-Forwarded-For changes nothing."""

import pytest
import time_machine

from tests.api.conftest import bearer, issue_token
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_budgets(settings):
    settings.NEWSDESK_API_RATES = {"anonymous": (5, 60), "token": (3, 60), "bad_key": (2, 600)}


@pytest.fixture(autouse=True)
def start_of_a_window():
    """Windows follow the clock: start each test at the start of one so none ends half-way through."""
    with time_machine.travel("2031-05-20 08:00:00+00:00", tick=False):
        yield


def statuses(client, count: int, path: str = "/api/v1/sections", **headers) -> list[int]:
    return [client.get(path, **headers).status_code for _ in range(count)]


def test_anonymous_reads_are_limited_per_address(client):
    assert statuses(client, 7) == [200] * 5 + [429] * 2
    limited = client.get("/api/v1/articles")
    assert limited.status_code == 429
    assert limited.json() == {"error": "Too many requests."}
    assert limited["Retry-After"] == "60"
    assert statuses(client, 1, REMOTE_ADDR="10.0.0.2") == [200]  # another reader is not affected


def test_rotating_x_forwarded_for_does_not_escape_the_limit(client):
    answers = [
        client.get("/api/v1/sections", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(20)
    ]
    assert answers == [200] * 5 + [429] * 15


def test_the_budget_comes_back_in_the_next_window(client):
    statuses(client, 6)
    with time_machine.travel("2031-05-20 08:01:00+00:00", tick=False):
        assert statuses(client, 1) == [200]


def test_tokens_are_limited_per_token_not_per_address(client):
    editor = staff("Editor")
    _, first = issue_token(editor)
    _, second = issue_token(editor)
    assert statuses(client, 4, "/api/v1/drafts", **bearer(first)) == [200] * 3 + [429]
    assert statuses(client, 1, "/api/v1/drafts", **bearer(second)) == [200]
    assert statuses(client, 1) == [200]  # anonymous reads from the same address have their own budget


def test_failed_keys_lock_the_address_out_of_guessing_but_not_valid_keys(client):
    """Wrong keys are refused with 429 once the address is over budget; a valid key from the same address (an
    integration behind the same proxy) keeps working."""
    _, good = issue_token(staff("Editor"))
    bad = {"HTTP_AUTHORIZATION": "Bearer ndk_00000000_wrong"}
    assert statuses(client, 2, "/api/v1/drafts", **bad) == [401, 401]
    locked = client.get("/api/v1/drafts", **bad)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 600
    assert client.get("/api/v1/drafts", **bearer(good)).status_code == 200


def test_reads_with_a_token_spend_the_tokens_budget_not_the_addresss(client):
    """Free-to-read operations do not need a token, but an integration that sends one is counted as itself: it
    neither eats the anonymous budget of its address (shared with everyone behind the same proxy) nor gets it."""
    _, key = issue_token(staff("Editor"))
    assert statuses(client, 4, "/api/v1/articles", **bearer(key)) == [200] * 3 + [429]
    assert statuses(client, 5) == [200] * 5  # the address's anonymous budget is untouched


def test_a_wrong_key_on_a_read_is_read_anonymously_but_counts_as_a_failed_key(client):
    """Reads must not be a faster way to test guessed keys than the newsroom operations."""
    _, good = issue_token(staff("Editor"))
    wrong = {"HTTP_AUTHORIZATION": "Bearer ndk_00000000_wrong"}
    assert statuses(client, 4, "/api/v1/articles", **wrong) == [200, 200, 429, 429]
    assert statuses(client, 1, "/api/v1/drafts", **wrong) == [429]
    assert statuses(client, 1, "/api/v1/articles", **bearer(good)) == [200]
