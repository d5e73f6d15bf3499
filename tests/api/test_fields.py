"""Battery row 21: every response's key set is an allow-list, pinned in data/response_keys.json. A new key fails
until it is added there on purpose (NEWSDESK_UPDATE_SNAPSHOTS=1 rewrites the file for review in the diff); no key
anywhere is named like a token, secret, password or email, and no value carries the token's key."""

import json
import os
import re
from pathlib import Path

import pytest

from newsdesk.newsroom.models import PublicChange
from newsdesk.search import index
from tests.api.conftest import bearer, issue_token
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    draft,
    png_file,
    staff,
)

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "data" / "response_keys.json"
SENSITIVE = re.compile(
    r"token|secret|password|passwd|email|e_mail|key|hash|session|user|owner|created_by", re.I
)


def key_paths(value, prefix: str = "") -> set[str]:
    """{"a": {"b": 1}, "c": [{"d": 2}]} -> {"a", "a.b", "c", "c[].d"}."""
    paths = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= {path} | key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            paths |= key_paths(item, f"{prefix}[]")
    return paths


@pytest.fixture
def responses(client):
    """One response of every kind, from data where every optional part is filled in."""
    picture = ImageFactory(file=png_file(64, 36))
    parent = SectionFactory()
    section = SectionFactory(parent=parent)
    author = AuthorFactory(photo=picture, user=staff("Reporter"))
    topic, source = TopicFactory(), SourceFactory()
    article = ArticleFactory(
        headline="Story about the bridge",
        section=section,
        authors=[author],
        topics=[topic],
        sources=[source],
        lead_image=picture,
    )
    PublicChange.objects.create(article=article, kind=PublicChange.Kind.CORRECTION, note="Fixed a name")
    index.update_article(article)
    editor = staff("Editor")
    own = draft(by=editor, lead_image=picture, topics=[topic])
    _, key = issue_token(editor)
    auth = bearer(key)
    AuthorFactory(user=editor)  # the token's owner has a byline profile too: its user must not show
    json = {"content_type": "application/json"}
    got = {
        "GET /articles": client.get("/api/v1/articles"),
        "GET /articles/{pk}": client.get(f"/api/v1/articles/{article.pk}"),
        "GET /sections": client.get("/api/v1/sections"),
        "GET /sections/{slug}": client.get(f"/api/v1/sections/{section.slug}"),
        "GET /topics": client.get("/api/v1/topics"),
        "GET /topics/{slug}": client.get(f"/api/v1/topics/{topic.slug}"),
        "GET /authors": client.get("/api/v1/authors"),
        "GET /authors/{slug}": client.get(f"/api/v1/authors/{author.slug}"),
        "GET /sources": client.get("/api/v1/sources"),
        "GET /sources/{slug}": client.get(f"/api/v1/sources/{source.slug}"),
        "GET /search": client.get("/api/v1/search?q=bridge"),
        "GET /drafts": client.get("/api/v1/drafts", **auth),
        "GET /drafts/{pk}": client.get(f"/api/v1/drafts/{own.pk}", **auth),
        "POST /drafts": client.post(
            "/api/v1/drafts", {"headline": "New", "section": section.slug}, **json, **auth
        ),
        "PATCH /drafts/{pk}": client.patch(
            f"/api/v1/drafts/{own.pk}", {"version": 1, "dateline": "X"}, **json, **auth
        ),
        "PATCH /drafts/{pk} 409": client.patch(f"/api/v1/drafts/{own.pk}", {"version": 1}, **json, **auth),
        "POST /drafts/{pk}/moves": client.post(
            f"/api/v1/drafts/{own.pk}/moves", {"action": "submit"}, **json, **auth
        ),
        "POST /images": client.post("/api/v1/images", {"file": png_file(32, 18), "alt_text": "x"}, **auth),
        "400": client.get("/api/v1/articles?limit=0"),
        "401": client.get("/api/v1/drafts"),
        "404": client.get("/api/v1/articles/999999"),
        "GET /": client.get("/api/v1/"),
    }
    for name, response in got.items():
        assert response.status_code < 500, name
    bodies = {name: response.json() for name, response in got.items()}
    assert [name for name, response in got.items() if key in response.content.decode()] == []
    return bodies


def test_every_response_matches_its_key_snapshot(responses):
    actual = {name: sorted(key_paths(body)) for name, body in responses.items()}
    if os.environ.get("NEWSDESK_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(actual, indent=2, sort_keys=True) + "\n")
    assert actual == json.loads(SNAPSHOT.read_text())


def test_no_response_has_a_key_named_like_a_secret(responses):
    named = {
        f"{name}: {path}"
        for name, body in responses.items()
        for path in key_paths(body)
        if SENSITIVE.search(path.rsplit(".", 1)[-1])
    }
    assert named == set()


def test_the_secret_check_would_notice_one():
    assert (
        SENSITIVE.search("owner_email") and SENSITIVE.search("api_token") and SENSITIVE.search("created_by")
    )
    assert "items[].author.email" in key_paths({"items": [{"author": {"email": "x@example.com"}}]})
