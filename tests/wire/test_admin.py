"""The feed admin in the newsroom."""

import pytest

from newsdesk.wire.models import Feed
from tests.factories import SourceFactory, staff

pytestmark = pytest.mark.django_db


def feed_form_data(**overrides) -> dict:
    return {
        "url": "https://feeds.example/rss",
        "format": "rss2",
        "poll_minutes": "15",
        "enabled": "on",
        "_save": "Save",
        **overrides,
    }


def test_a_feed_is_added_for_its_source(client):
    """The control for the test below: the same post with a real source saves."""
    source = SourceFactory()
    client.force_login(staff("Admin"))
    response = client.post("/newsroom/wire/feed/add/", feed_form_data(source=source.pk))
    assert response.status_code == 302
    assert Feed.objects.get().source == source


@pytest.mark.parametrize("bad_id", ["99999999999999999999", str(2**63), "x"])
def test_a_source_id_no_row_can_have_is_a_form_error(client, bad_id):
    client.force_login(staff("Admin"))
    response = client.post("/newsroom/wire/feed/add/", feed_form_data(source=bad_id))
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"source"}
    assert not Feed.objects.exists()
