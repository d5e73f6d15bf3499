"""The account page: profile, preferred sections, download my data, delete my account; bad input never 500s."""

import json

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.urls import reverse

from newsdesk.news.models import Article
from newsdesk.readers.models import Bookmark, Follow
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, SectionFactory, staff

from .conftest import PASSWORD, make_reader

pytestmark = pytest.mark.django_db
User = get_user_model()
BAD_INPUT = [
    "",
    " ",
    "x" * 10_000,
    "Əli İmişli şəhərində 🇦🇿",
    "<script>alert(1)</script>",
    "a\x00b",
    "\u202egnp.exe",
]


def test_display_name_and_preferred_sections_are_saved(reader_client, reader):
    defence, politics = SectionFactory(name="Defence"), SectionFactory(name="Politics")
    Follow.objects.create(user=reader, kind="section", section=politics)
    response = reader_client.post(
        reverse("readers:account"),
        {"display_name": "  Leyla   Məmmədova ", "preferred_sections": [defence.pk]},
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "Leyla Məmmədova"
    assert list(Follow.objects.filter(user=reader).values_list("section__name", flat=True)) == ["Defence"]
    page = reader_client.get(reverse("readers:account"))
    assert page.context["form"].initial["display_name"] == "Leyla Məmmədova"


@pytest.mark.parametrize("value", BAD_INPUT)
def test_account_form_answers_bad_input_with_a_form_or_a_save_never_a_500(reader_client, value):
    response = reader_client.post(
        reverse("readers:account"), {"display_name": value, "preferred_sections": [value]}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors


@pytest.mark.parametrize("name", ["\u202enimda", "Leyla\u2066 Admin\u2069", "x\u202dy"])
def test_a_display_name_that_would_show_as_something_else_is_refused(reader_client, reader, name):
    response = reader_client.post(reverse("readers:account"), {"display_name": name})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"] == ["Use letters, numbers and punctuation only."]
    reader.refresh_from_db()
    assert reader.display_name != name


def test_a_persian_name_with_a_zero_width_non_joiner_is_kept(reader_client, reader):
    reader_client.post(reverse("readers:account"), {"display_name": "Mi\u200cnoo"})
    reader.refresh_from_db()
    assert reader.display_name == "Mi\u200cnoo"


@pytest.mark.parametrize("section_id", [str(2**63), "9" * 40, "-1", "²"])
def test_a_section_id_no_database_holds_is_a_form_error(reader_client, section_id):
    response = reader_client.post(
        reverse("readers:account"), {"display_name": "ok", "preferred_sections": [section_id]}
    )
    assert response.status_code == 200
    assert "preferred_sections" in response.context["form"].errors


@pytest.mark.parametrize("value", BAD_INPUT)
def test_sign_up_sign_in_and_reset_forms_answer_bad_input_with_form_errors(client, value):
    for url, fields in [
        (reverse("account_signup"), {"email": value, "password1": value, "password2": value}),
        (reverse("account_login"), {"login": value, "password": value}),
        (reverse("account_reset_password"), {"email": value}),
        (reverse("account_request_login_code"), {"email": value}),
    ]:
        response = client.post(url, fields)
        assert response.status_code == 200, (url, response.status_code)
        assert response.context["form"].errors, url
    assert User.objects.count() == 0


def test_download_my_data_holds_exactly_this_readers_data(reader_client, reader):
    mine, theirs = ArticleFactory(headline="Mine to keep"), ArticleFactory(headline="Someone else's")
    section = SectionFactory(name="Defence")
    Bookmark.objects.create(user=reader, article=mine)
    Follow.objects.create(user=reader, kind="section", section=section)
    other = make_reader()
    Bookmark.objects.create(user=other, article=theirs)
    Follow.objects.create(user=other, kind="section", section=SectionFactory(name="Sport"))

    site = SiteSettings.load()
    site.site_name = "Caspian Courier"
    site.save()
    response = reader_client.get(reverse("readers:export"))

    assert response["Content-Disposition"] == 'attachment; filename="caspian-courier-my-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == reader.email
    assert data["profile"]["email_addresses"] == [{"email": reader.email, "verified": True, "primary": True}]
    assert [b["headline"] for b in data["bookmarks"]] == ["Mine to keep"]
    assert data["bookmarks"][0]["article_id"] == mine.pk
    assert [(f["kind"], f["name"]) for f in data["follows"]] == [("section", "Defence")]
    assert other.email not in response.content.decode()


def test_deleting_the_account_removes_follows_bookmarks_and_emails(reader_client, reader):
    Bookmark.objects.create(user=reader, article=ArticleFactory())
    Follow.objects.create(user=reader, kind="section", section=SectionFactory())
    someone_else = make_reader()
    Bookmark.objects.create(user=someone_else, article=ArticleFactory())

    wrong = reader_client.post(reverse("readers:delete-account"), {"password": "not-my-password"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["password"]
    assert User.objects.filter(pk=reader.pk).exists()

    response = reader_client.post(reverse("readers:delete-account"), {"password": PASSWORD})
    assert response.status_code == 200
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not Bookmark.objects.filter(user_id=reader.pk).exists()
    assert not Follow.objects.filter(user_id=reader.pk).exists()
    assert not EmailAddress.objects.filter(email=reader.email).exists()
    assert Bookmark.objects.filter(user=someone_else).count() == 1
    assert reader_client.get(reverse("readers:my-news")).status_code == 302, "signed out"


def test_staff_accounts_are_not_deleted_from_the_reader_page(client):
    editor = staff("Editor")
    client.force_login(editor)
    response = client.post(reverse("readers:delete-account"), {"password": PASSWORD})
    assert response.status_code == 403
    assert User.objects.filter(pk=editor.pk).exists()


def test_repeated_wrong_passwords_on_delete_are_rate_limited(reader_client, reader):
    statuses = [
        reader_client.post(reverse("readers:delete-account"), {"password": f"guess-{n}"}).status_code
        for n in range(12)
    ]
    assert 429 in statuses
    assert User.objects.filter(pk=reader.pk).exists()


def test_download_my_data_names_a_story_withdrawn_since_saving_by_its_id_only(reader_client, reader):
    story = ArticleFactory(headline="Withdrawn for legal reasons")
    Bookmark.objects.create(user=reader, article=story)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    response = reader_client.get(reverse("readers:export"))
    assert b"Withdrawn for legal reasons" not in response.content
    assert json.loads(response.content)["bookmarks"] == [
        {
            "article_id": story.pk,
            "saved_at": Bookmark.objects.get().created_at.isoformat(),
            "available": False,
        }
    ]


def test_deleting_the_account_also_removes_its_sign_in_history(client, reader, settings):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    client.post(reverse("account_login"), {"login": reader.email, "password": "wrong-password"})
    assert AccessAttempt.objects.filter(username=reader.email.lower()).exists()
    assert AccessFailureLog.objects.filter(username=reader.email.lower()).exists()
    client.post(reverse("account_login"), {"login": reader.email, "password": PASSWORD})
    assert AccessLog.objects.filter(username__in=[reader.email.lower(), reader.username]).exists()
    AccessAttempt.objects.create(
        username=reader.email.lower(), ip_address="192.0.2.9", user_agent="x", failures_since_start=1
    )
    other = make_reader()
    AccessLog.objects.create(username=other.email, ip_address="192.0.2.1", user_agent="x")

    response = client.post(reverse("readers:delete-account"), {"password": PASSWORD})

    assert response.status_code == 200 and b"Your account is deleted" in response.content
    names = [reader.email.lower(), reader.username]
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert not model.objects.filter(username__in=names).exists(), model.__name__
    assert AccessLog.objects.filter(username=other.email).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"data": '{"display_name": "x"}', "content_type": "application/json"},
        {"data": {}},
        {"data": {"preferred_sections": []}},
    ],
)
def test_a_post_without_the_forms_fields_changes_nothing(reader_client, reader, body):
    reader.first_name = "Leyla"
    reader.save()
    politics = SectionFactory()
    Follow.objects.create(user=reader, kind="section", section=politics)

    response = reader_client.post(reverse("readers:account"), **body)

    assert response.status_code == 200
    assert "nothing was changed" in response.text
    reader.refresh_from_db()
    assert reader.first_name == "Leyla"
    assert Follow.objects.filter(user=reader, section=politics).exists()
