"""API tokens: created only by admins in the newsroom, shown once, stored hashed, refused when revoked; every
scope allows exactly its endpoints, and never more than the owner's role."""

import re

import pytest
from django.test import Client

from newsdesk.api.models import ApiToken, Scope
from newsdesk.news.models import Article
from tests.api.conftest import ALL_SCOPES, bearer, issue_token
from tests.factories import ArticleFactory, SectionFactory, UserFactory, draft, png_file, staff

pytestmark = pytest.mark.django_db

ADD_URL = "/newsroom/api/apitoken/add/"
KEY = re.compile(r"ndk_[0-9a-f]{8}_[-\w]{43}")


def newsroom_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- creation in the newsroom -----------------------------------------------------------------------------------


def test_admin_creates_a_token_and_sees_its_key_once():
    admin, owner = staff("Admin"), staff("Reporter")
    client = newsroom_client(admin)
    response = client.post(
        ADD_URL,
        {"name": "Wire importer", "owner": owner.pk, "scopes": ["write:drafts", "upload:images"]},
        follow=True,
    )
    assert response.status_code == 200
    keys = KEY.findall(response.content.decode())
    assert len(keys) == 1
    token = ApiToken.objects.get()
    assert (token.owner, token.scopes) == (owner, ["write:drafts", "upload:images"])
    assert keys[0] not in str(ApiToken.objects.values().get())  # only the hash is stored
    assert KEY.findall(client.get("/newsroom/api/apitoken/").content.decode()) == []
    assert KEY.findall(client.get(f"/newsroom/api/apitoken/{token.pk}/change/").content.decode()) == []
    assert Client().get("/api/v1/drafts", **bearer(keys[0])).status_code == 403  # works, lacks read:drafts


@pytest.mark.parametrize("role", ["Editor", "Reporter", "Contributor"])
def test_only_admins_may_create_or_see_tokens(role):
    user = staff(role)
    issue_token(user)
    client = newsroom_client(user)
    assert client.post(ADD_URL, {"name": "Mine", "owner": user.pk, "scopes": ALL_SCOPES}).status_code == 403
    assert client.get("/newsroom/api/apitoken/").status_code == 403
    assert ApiToken.objects.count() == 1
    assert "apitoken" not in client.get("/newsroom/").content.decode()


def test_readers_are_sent_to_sign_in_from_the_token_admin():
    assert newsroom_client(UserFactory()).get(ADD_URL).status_code == 302


def test_a_token_cannot_be_moved_to_another_owner():
    admin, owner, other = staff("Admin"), staff("Reporter"), staff("Editor")
    token, _ = issue_token(owner)
    newsroom_client(admin).post(
        f"/newsroom/api/apitoken/{token.pk}/change/", {"name": "Renamed", "owner": other.pk, "scopes": []}
    )
    token.refresh_from_db()
    assert (token.name, token.owner, token.scopes) == ("Renamed", owner, [])


# -- authentication ---------------------------------------------------------------------------------------------


def test_a_valid_key_authenticates_and_records_use(client, editor):
    token, key = issue_token(editor)
    assert client.get("/api/v1/drafts", **bearer(key)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer ",
        "Bearer nonsense",
        "Basic dXNlcjpwYXNz",
        "Token {key}",
        "Bearer {key}x",
        "Bearer {wrong}",
        "Bearer " + "A" * 5000,
    ],
)
def test_missing_or_wrong_keys_answer_401_json(client, editor, header):
    _, key = issue_token(editor)
    wrong = key[: -len("_" + key.rsplit("_", 1)[1])] + "_" + "B" * 43  # the right prefix, the wrong secret
    headers = {} if header is None else {"HTTP_AUTHORIZATION": header.format(key=key, wrong=wrong)}
    response = client.get("/api/v1/drafts", **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {"error": "Send a valid API key: Authorization: Bearer <key>."}


def test_a_revoked_token_is_refused(client, editor):
    _, key = issue_token(editor, revoked=True)
    assert client.get("/api/v1/drafts", **bearer(key)).status_code == 401


def test_a_token_of_a_deactivated_owner_is_refused(client, editor):
    _, key = issue_token(editor)
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    assert client.get("/api/v1/drafts", **bearer(key)).status_code == 401


def test_a_session_does_not_authenticate_the_write_api(client, editor):
    """Only tokens: a signed-in browser session (which CSRF would have to guard) is not a way in."""
    client.force_login(editor)
    assert client.post("/api/v1/drafts", {}, content_type="application/json").status_code == 401


# -- scopes: each allows its endpoints and nothing else ---------------------------------------------------------


def requests_needing(scope: str, article: Article, section_slug: str):
    """(method, path, kwargs) for every request that needs `scope`."""
    json = {"content_type": "application/json"}
    return {
        Scope.READ_DRAFTS: [("get", "/api/v1/drafts", {}), ("get", f"/api/v1/drafts/{article.pk}", {})],
        Scope.WRITE_DRAFTS: [
            ("post", "/api/v1/drafts", {"data": {"headline": "New", "section": section_slug}, **json}),
            (
                "patch",
                f"/api/v1/drafts/{article.pk}",
                {"data": {"version": article.version, "dateline": "X"}, **json},
            ),
            ("post", f"/api/v1/drafts/{article.pk}/moves", {"data": {"action": "submit"}, **json}),
        ],
        Scope.UPLOAD_IMAGES: [
            ("post", "/api/v1/images", {"data": {"file": png_file(64, 36), "alt_text": "A map"}})
        ],
        Scope.PUBLISH: [
            ("post", f"/api/v1/drafts/{article.pk}/moves", {"data": {"action": "publish"}, **json})
        ],
    }[scope]


@pytest.mark.parametrize("scope", list(Scope))
def test_each_scope_allows_its_requests(client, scope):
    editor = staff("Editor")
    article = draft(by=editor)
    _, key = issue_token(editor, scopes=[scope])
    for method, path, kwargs in requests_needing(scope, article, article.section.slug):
        response = getattr(client, method)(path, **kwargs, **bearer(key))
        assert response.status_code in (200, 201), (path, response.content)


@pytest.mark.parametrize("scope", list(Scope))
def test_every_other_scope_is_refused_those_requests(client, scope):
    editor = staff("Editor")
    article = draft(by=editor)
    others = [other for other in Scope if other != scope]
    _, key = issue_token(editor, scopes=others)
    before = list(Article.objects.values())
    for method, path, kwargs in requests_needing(scope, article, article.section.slug):
        response = getattr(client, method)(path, **kwargs, **bearer(key))
        assert response.status_code == 403, (path, response.content)
        assert response.json()["error"] == f"This token does not have the “{scope}” scope."
    assert list(Article.objects.values()) == before


# -- ... and the owner's role still decides ---------------------------------------------------------------------


def publish(client, key, article):
    return client.post(
        f"/api/v1/drafts/{article.pk}/moves",
        {"action": "publish"},
        content_type="application/json",
        **bearer(key),
    )


@pytest.mark.parametrize("role", ["Contributor", "Reporter"])
def test_a_publish_scope_does_not_let_a_writer_publish(client, role):
    writer = staff(role)
    article = draft(by=writer)
    _, key = issue_token(writer)
    response = publish(client, key, article)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_an_editor_token_without_publish_scope_cannot_publish(client, editor):
    article = draft(by=editor)
    _, key = issue_token(editor, scopes=["read:drafts", "write:drafts", "upload:images"])
    assert publish(client, key, article).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_an_editor_token_with_publish_scope_publishes(client, editor):
    article = draft(by=editor)
    _, key = issue_token(editor, scopes=["publish"])
    response = publish(client, key, article)
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200


def test_an_editor_limited_to_one_section_cannot_publish_in_another(client):
    home, elsewhere = SectionFactory(), SectionFactory()
    editor = staff("Editor", sections=[home])
    article = draft(by=staff("Reporter"), section=elsewhere)
    _, key = issue_token(editor)
    assert publish(client, key, article).status_code == 404  # not even visible to them


def test_a_writer_token_sees_only_its_owners_drafts(client):
    writer = staff("Contributor")
    own, others = draft(by=writer), draft(by=staff("Contributor"))
    _, key = issue_token(writer)
    listed = [item["id"] for item in client.get("/api/v1/drafts", **bearer(key)).json()["items"]]
    assert listed == [own.pk]
    assert client.get(f"/api/v1/drafts/{others.pk}", **bearer(key)).status_code == 404
    patch = client.patch(
        f"/api/v1/drafts/{others.pk}",
        {"version": 1, "headline": "Mine now"},
        content_type="application/json",
        **bearer(key),
    )
    assert patch.status_code == 404


def test_a_writer_cannot_edit_a_draft_once_it_is_in_review(client):
    writer = staff("Contributor")
    article = draft(by=writer, status=Article.Status.IN_REVIEW)
    _, key = issue_token(writer)
    response = client.patch(
        f"/api/v1/drafts/{article.pk}",
        {"version": 1, "headline": "Sneaky"},
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 403


def test_a_token_owned_by_a_reader_can_do_nothing(client):
    _, key = issue_token(UserFactory())
    section = SectionFactory()
    assert (
        client.post(
            "/api/v1/drafts",
            {"headline": "X", "section": section.slug},
            content_type="application/json",
            **bearer(key),
        ).status_code
        == 403
    )
    assert client.get("/api/v1/drafts", **bearer(key)).json()["items"] == []
    assert (
        client.post("/api/v1/images", {"file": png_file(8, 8), "alt_text": "x"}, **bearer(key)).status_code
        == 403
    )
    published = ArticleFactory()
    assert (
        client.post(
            f"/api/v1/drafts/{published.pk}/moves",
            {"action": "take_down", "note": "x"},
            content_type="application/json",
            **bearer(key),
        ).status_code
        == 404
    )
