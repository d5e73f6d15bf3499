"""Writing through the API: drafts, the version check (409), workflow moves, image uploads, and battery row 5
(mass assignment): a field outside a body's allow-list is refused and changes nothing."""

import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from newsdesk.news.models import Article, Image
from newsdesk.newsroom.models import Revision, Transition
from tests.api.conftest import bearer, issue_token
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TopicFactory,
    draft,
    png_file,
    staff,
)
from tests.newsroom.test_uploads import header_only_png

pytestmark = pytest.mark.django_db


def post(client, key, path, data):
    return client.post(path, data, content_type="application/json", **bearer(key))


def patch(client, key, path, data):
    return client.patch(path, data, content_type="application/json", **bearer(key))


# -- creating and updating drafts -------------------------------------------------------------------------------


def test_create_a_draft(client):
    reporter = staff("Reporter")
    profile = AuthorFactory(user=reporter)
    section, topic = SectionFactory(), TopicFactory()
    _, key = issue_token(reporter)
    response = post(
        client,
        key,
        "/api/v1/drafts",
        {
            "headline": "Bridge reopens",
            "standfirst": "Traffic resumes.",
            "body": "<p>Text</p><script>alert(1)</script>",
            "section": section.slug,
            "topics": [topic.slug],
            "type": "analysis",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert (article.status, article.created_by, article.version) == ("draft", reporter, 1)
    assert article.body == "<p>Text</p>"  # the site's allow-list applies to the API too
    assert article.byline_authors() == [profile]
    assert list(article.topics.all()) == [topic]
    assert (body["status"], body["version"], body["url"], body["published_at"]) == ("draft", 1, None, None)
    assert article.revisions.count() == 1


def test_create_refuses_unknown_section_topics_authors_and_images(client, editor_key):
    response = post(
        client,
        editor_key,
        "/api/v1/drafts",
        {"headline": "X", "section": "nowhere", "topics": ["nope"], "authors": ["nobody"], "lead_image": 999},
    )
    assert response.status_code == 400
    assert {item["loc"][0] for item in response.json()["detail"]} == {
        "section",
        "topics",
        "authors",
        "lead_image",
    }
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"section": "x"},
        {"headline": "", "section": "x"},
        {"headline": "x" * 201, "section": "x"},
        {"headline": "Nul\x00here", "section": "x"},
        {"headline": "X", "section": "not a slug"},
        {"headline": "X", "section": "x", "type": "gossip"},
        {"headline": ["X"], "section": "x"},
        {"headline": "X", "section": "x", "lead_image": 2**64},
    ],
)
def test_create_refuses_invalid_bodies_with_400(client, editor_key, body):
    response = post(client, editor_key, "/api/v1/drafts", body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Article.objects.exists()


def test_malformed_json_answers_400(client, editor_key):
    response = client.post(
        "/api/v1/drafts", "{not json", content_type="application/json", **bearer(editor_key)
    )
    assert response.status_code == 400


def test_update_changes_only_the_fields_sent_and_bumps_the_version_by_one(client, editor):
    article = draft(by=editor, headline="Old", dateline="BAKU")
    new_section, author = SectionFactory(), AuthorFactory()
    _, key = issue_token(editor)
    response = patch(
        client,
        key,
        f"/api/v1/drafts/{article.pk}",
        {"version": 1, "headline": "New", "section": new_section.slug, "authors": [author.slug]},
    )
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert (article.headline, article.dateline, article.section, article.version) == (
        "New",
        "BAKU",
        new_section,
        2,
    )
    assert article.byline_authors() == [author]
    assert response.json()["version"] == 2
    assert article.revisions.filter(version=2, saved_by=editor).exists()


def test_a_stale_version_answers_409_with_both_versions_and_keeps_the_text(client, editor):
    article = draft(by=editor, headline="Original")
    _, key = issue_token(editor)
    assert (
        patch(client, key, f"/api/v1/drafts/{article.pk}", {"version": 1, "headline": "First"}).status_code
        == 200
    )
    response = patch(client, key, f"/api/v1/drafts/{article.pk}", {"version": 1, "headline": "Second"})
    assert response.status_code == 409
    assert response.json() == {
        "error": "Someone saved this article after the version you sent. Your text is kept as a revision.",
        "your_version": 1,
        "current_version": 2,
    }
    article.refresh_from_db()
    assert (article.headline, article.version) == ("First", 2)
    kept = Revision.objects.get(article=article, kind=Revision.Kind.CONFLICT)
    assert (kept.headline, kept.version) == ("Second", 1)


def test_two_clients_from_the_same_version_get_one_200_and_one_409(client, editor):
    article = draft(by=editor)
    _, key = issue_token(editor)
    answers = [
        patch(client, key, f"/api/v1/drafts/{article.pk}", {"version": 1, "body": f"<p>{n}</p>"}).status_code
        for n in range(2)
    ]
    assert sorted(answers) == [200, 409]


def test_a_version_from_the_future_is_stale_too(client, editor):
    article = draft(by=editor)
    _, key = issue_token(editor)
    response = patch(client, key, f"/api/v1/drafts/{article.pk}", {"version": 7, "headline": "X"})
    assert response.status_code == 409
    article.refresh_from_db()
    assert article.version == 1


def test_a_live_article_is_not_edited_through_the_api(client, editor):
    article = ArticleFactory(created_by=editor)
    _, key = issue_token(editor)
    response = patch(client, key, f"/api/v1/drafts/{article.pk}", {"version": 1, "headline": "Rewritten"})
    assert response.status_code == 409
    assert response.json()["current_version"] == 1
    article.refresh_from_db()
    assert article.headline != "Rewritten"


def test_version_is_required_to_update(client, editor):
    article = draft(by=editor)
    _, key = issue_token(editor)
    assert patch(client, key, f"/api/v1/drafts/{article.pk}", {"headline": "X"}).status_code == 400


# -- workflow moves ---------------------------------------------------------------------------------------------


def move(client, key, article, **data):
    return post(client, key, f"/api/v1/drafts/{article.pk}/moves", data)


def test_submit_then_publish_then_take_down(client, editor):
    writer = staff("Contributor")
    article = draft(by=writer)
    _, writer_key = issue_token(writer)
    _, editor_key = issue_token(editor)
    assert move(client, writer_key, article, action="submit").json()["status"] == "in_review"
    assert move(client, editor_key, article, action="publish").json()["status"] == "published"
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 200
    refused = move(client, editor_key, article, action="take_down")
    assert refused.status_code == 422
    assert refused.json() == {"error": "Give a reason; it is kept with the article's history."}
    assert (
        move(client, editor_key, article, action="take_down", note="Legal").json()["status"] == "unpublished"
    )
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 410  # gone, as on the site
    assert [t.actor for t in Transition.objects.filter(article=article).order_by("at", "id")] == [
        writer,
        editor,
        editor,
    ]


def test_schedule_needs_a_future_time(client, editor, editor_key):
    article = draft(by=editor)
    assert move(client, editor_key, article, action="schedule").status_code == 422
    when = (timezone.now() + timedelta(hours=3)).isoformat()
    response = move(client, editor_key, article, action="schedule", publish_at=when)
    assert response.json()["status"] == "scheduled"
    assert client.get(f"/api/v1/articles/{article.pk}").status_code == 404


def test_reschedule_moves_the_time_of_a_scheduled_story_in_one_step(client, editor, editor_key):
    article = draft(by=editor)
    first, second = (timezone.now() + timedelta(hours=hours) for hours in (3, 5))
    move(client, editor_key, article, action="schedule", publish_at=first.isoformat())
    response = move(client, editor_key, article, action="reschedule", publish_at=second.isoformat())
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert (article.status, article.published_at) == ("scheduled", second)
    assert Transition.objects.filter(article=article, action="reschedule").count() == 1


def test_reschedule_of_a_draft_is_refused_with_a_message(client, editor, editor_key):
    article = draft(by=editor)
    when = (timezone.now() + timedelta(hours=3)).isoformat()
    response = move(client, editor_key, article, action="reschedule", publish_at=when)
    assert response.status_code == 422
    assert "not possible while the article is draft" in response.json()["error"]


@pytest.mark.parametrize("when", ["2031-05-20T10:00:00", "2031-05-20", "1900000000", 1900000000, "tomorrow"])
def test_schedule_times_must_be_iso_with_an_offset(client, editor, editor_key, when):
    article = draft(by=editor)
    assert move(client, editor_key, article, action="schedule", publish_at=when).status_code == 400


def test_a_move_from_a_version_someone_has_changed_since_answers_409_and_does_nothing(
    client, editor, editor_key
):
    article = draft(by=editor)
    read = article.version
    assert move(client, editor_key, article, action="submit", version=read).json()["status"] == "in_review"
    refused = move(client, editor_key, article, action="publish", version=read)
    assert refused.status_code == 409
    assert (refused.json()["your_version"], refused.json()["current_version"]) == (read, read + 1)
    article.refresh_from_db()
    assert article.status == "in_review"
    assert (
        move(client, editor_key, article, action="publish", version=read + 1).json()["status"] == "published"
    )


def test_a_move_not_possible_from_this_state_answers_422(client, editor, editor_key):
    article = draft(by=editor)
    assert move(client, editor_key, article, action="republish").status_code == 422


def test_an_incomplete_draft_cannot_be_submitted(client):
    writer = staff("Contributor")
    article = draft(by=writer, standfirst="")
    _, key = issue_token(writer)
    response = move(client, key, article, action="submit")
    assert response.status_code == 422
    assert "standfirst" in response.json()["error"]


@pytest.mark.parametrize("action", ["delete", "edit", "go_live", "", None, 5])
def test_unknown_moves_answer_400(client, editor, editor_key, action):
    article = draft(by=editor)
    assert move(client, editor_key, article, action=action).status_code == 400


# -- images -----------------------------------------------------------------------------------------------------


def upload(client, key, **data):
    return client.post("/api/v1/images", data, **bearer(key))


def test_upload_an_image_and_use_it_as_lead_image(client, editor, editor_key):
    response = upload(client, editor_key, file=png_file(640, 360), alt_text="A map", credit="Newsdesk")
    assert response.status_code == 201, response.content
    picture = response.json()
    assert (picture["width"], picture["height"], picture["alt_text"]) == (640, 360, "A map")
    article = draft(by=editor)
    assert (
        patch(
            client, editor_key, f"/api/v1/drafts/{article.pk}", {"version": 1, "lead_image": picture["id"]}
        ).status_code
        == 200
    )
    article.refresh_from_db()
    assert article.lead_image_id == picture["id"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "This file is not a picture we can read."),
        (b"", "This file is not a picture we can read."),
        (b"GIF89a" + b"\x00" * 40, "This file is not a picture we can read."),
    ],
)
def test_a_bad_file_answers_400_with_the_newsroom_message(client, editor_key, content, message):
    response = upload(
        client, editor_key, file=SimpleUploadedFile("x.jpg", content, "image/jpeg"), alt_text="x"
    )
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Image.objects.exists()


def test_a_pixel_bomb_answers_400(client, editor_key):
    bomb = SimpleUploadedFile("bomb.png", header_only_png(30000, 30000), "image/png")
    response = upload(client, editor_key, file=bomb, alt_text="x")
    assert response.status_code == 400
    assert "too many pixels" in response.json()["error"]


def test_upload_needs_alt_text_and_a_file(client, editor_key):
    assert upload(client, editor_key, file=png_file(32, 18)).status_code == 400
    assert upload(client, editor_key, alt_text="x").status_code == 400


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=", b"an empty boundary"),
        (
            "multipart/form-data; boundary=XyZ",
            b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n'
            b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n--XyZ--\r\n",
        ),
    ],
)
def test_an_unreadable_multipart_upload_answers_400_json(client, editor_key, content_type, body):
    response = client.generic("POST", "/api/v1/images", body, content_type=content_type, **bearer(editor_key))
    assert response.status_code == 400
    assert response.json()["error"].startswith("The multipart body could not be read")


def test_an_oversized_upload_is_refused_with_413_from_its_declared_length(client, editor_key, settings):
    settings.IMAGE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.jpg", os.urandom(1024 * 1024 + 100_000), "image/jpeg")
    response = upload(client, editor_key, file=big, alt_text="x")
    assert response.status_code == 413
    assert response.json() == {"error": "Images may be at most 1 MB."}


def test_an_oversized_json_body_answers_413(client, editor_key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(client, editor_key, "/api/v1/drafts", {"headline": "x" * 2000, "section": "s"})
    assert response.status_code == 413
    assert response.json() == {"error": "The request body is too large."}


# -- battery row 5: mass assignment -----------------------------------------------------------------------------

# Every Article field a client may not set, with a value that would matter if it were taken.
FORBIDDEN = {
    "id": 999,
    "pk": 999,
    "status": "published",
    "published_at": "2020-01-01T00:00:00Z",
    "updated_at": "2020-01-01T00:00:00Z",
    "corrected_at": "2020-01-01T00:00:00Z",
    "created_at": "2020-01-01T00:00:00Z",
    "modified_at": "2020-01-01T00:00:00Z",
    "created_by": 1,
    "created_by_id": 1,
    "owner": 1,
    "is_breaking": True,
    "priority": 9,
    "is_demo": True,
    "slug": "chosen-slug",
    "section_id": 1,
    "lead_image_id": 1,
    "bylines": [{"author": 1}],
    "transitions": [{"action": "publish"}],
    "revisions": [],
    "is_staff": True,
    "role": "Admin",
}


def snapshot(article: Article) -> dict:
    article.refresh_from_db()
    return {
        **{field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields},
        "bylines": list(article.bylines.values_list("author_id", flat=True)),
        "transitions": article.transitions.count(),
    }


@pytest.mark.parametrize("field", sorted(FORBIDDEN))
def test_create_refuses_every_field_outside_its_allow_list(client, editor, field):
    section = SectionFactory()
    _, key = issue_token(editor)
    response = post(
        client, key, "/api/v1/drafts", {"headline": "X", "section": section.slug, field: FORBIDDEN[field]}
    )
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["body", "payload", field]
    assert not Article.objects.exists()


@pytest.mark.parametrize("field", sorted([*FORBIDDEN, "version_bump"]))
def test_update_refuses_every_field_outside_its_allow_list(client, editor, field):
    article = draft(by=editor)
    _, key = issue_token(editor)
    before = snapshot(article)
    response = patch(
        client,
        key,
        f"/api/v1/drafts/{article.pk}",
        {"version": 1, "headline": "Changed", field: FORBIDDEN.get(field, 5)},
    )
    assert response.status_code == 400
    assert snapshot(article) == before  # not even the allowed headline: the whole request is refused


def test_version_in_an_update_is_the_base_not_a_value_to_store(client, editor):
    article = draft(by=editor)
    _, key = issue_token(editor)
    assert patch(client, key, f"/api/v1/drafts/{article.pk}", {"version": 1}).status_code == 200
    article.refresh_from_db()
    assert article.version == 2
    assert patch(client, key, f"/api/v1/drafts/{article.pk}", {"version": 500}).status_code == 409
    article.refresh_from_db()
    assert article.version == 2


def test_a_create_with_a_nested_section_object_is_refused(client, editor_key):
    section = SectionFactory()
    response = post(
        client, editor_key, "/api/v1/drafts", {"headline": "X", "section": {"slug": section.slug, "id": 1}}
    )
    assert response.status_code == 400


def test_image_upload_ignores_no_model_field_it_does_not_name(client, editor_key):
    response = upload(
        client, editor_key, file=png_file(64, 36), alt_text="x", width=1, height=1, renditions_ready="1"
    )
    assert response.status_code == 201
    image = Image.objects.get()
    assert (image.width, image.height) == (64, 36)


def test_answers_to_a_token_are_never_stored_by_shared_caches(client, editor, editor_key):
    draft(by=editor)
    for response in (
        client.get("/api/v1/drafts", **bearer(editor_key)),
        client.get("/api/v1/drafts", **bearer("not-a-key")),
        client.get("/api/v1/articles", **bearer(editor_key)),
    ):
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        assert "Authorization" in response["Vary"]
    assert "private" not in client.get("/api/v1/articles").get("Cache-Control", "")


def test_draft_lists_take_before_or_after_not_both(client, editor_key):
    cursors = {"before": "1700000000000000.1", "after": "1600000000000000.2"}
    response = client.get("/api/v1/drafts", cursors, **bearer(editor_key))
    assert response.status_code == 400
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "after"]
    assert (
        client.get("/api/v1/drafts", {"before": cursors["before"]}, **bearer(editor_key)).status_code == 200
    )
