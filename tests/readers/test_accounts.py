"""Reader accounts through django-allauth: sign-up with a verified email, sign-in, reset, the anti-abuse rules."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import staff

from .conftest import PASSWORD, make_reader

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "another-long-pass-phrase-42"


def sign_up(client, email, **extra):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **extra},
    )


def link_in_last_mail(pattern=r"https?://[^\s]+/accounts/confirm-email/[^\s]+/"):
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


def test_sign_up_verify_by_the_mailed_link_then_sign_in(client):
    response = sign_up(client, "leyla@example.az")
    assert response.status_code == 302
    user = User.objects.get(email="leyla@example.az")
    assert not user.is_staff
    assert not EmailAddress.objects.get(user=user).verified

    confirm = link_in_last_mail()
    assert client.get(confirm).status_code == 200
    client.post(confirm)
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(reverse("account_login"), {"login": "leyla@example.az", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("readers:my-news")
    assert client.get(reverse("readers:my-news")).status_code == 200


def test_confirming_the_email_in_the_browser_that_signed_up_signs_the_reader_in(client):
    sign_up(client, "aysel@example.az")
    response = client.post(link_in_last_mail())
    assert response.status_code == 302
    assert client.get(reverse("readers:my-news")).status_code == 200


def test_mail_to_readers_carries_the_outlets_name_not_the_host(client):
    from newsdesk.sitesettings.models import SiteSettings

    site = SiteSettings.load()
    site.site_name = "Caspian Courier"
    site.save()
    sign_up(client, "nigar@example.az")
    message = mail.outbox[-1]
    assert message.subject.startswith("[Caspian Courier] ")
    assert "Caspian Courier" in message.body
    assert "testserver" not in message.subject and "from testserver" not in message.body


def test_an_unverified_reader_cannot_sign_in_until_the_email_is_confirmed(client):
    sign_up(client, "pending@example.az")
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "pending@example.az", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert client.get(reverse("readers:my-news")).status_code == 302
    assert len(mail.outbox) == 1, "the sign-up mail is still valid: no second mail within the cooldown"


def test_the_honeypot_field_silently_drops_bot_sign_ups(client):
    response = sign_up(client, "bot@example.az", website="http://spam.example/")
    assert response.status_code in (200, 302)
    assert not User.objects.filter(email="bot@example.az").exists()
    assert mail.outbox == []


def test_blocked_email_domains_get_a_form_error(client, settings):
    settings.NEWSDESK_BLOCKED_EMAIL_DOMAINS = {"mailinator.com"}
    response = sign_up(client, "someone@Mailinator.com")
    assert response.status_code == 200
    assert "not accepted" in str(response.context["form"].errors["email"])
    assert not User.objects.filter(email__iexact="someone@mailinator.com").exists()


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    reader = make_reader()
    client.post(reverse("account_reset_password"), {"email": reader.email})
    link = link_in_last_mail(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)


def test_sign_in_by_a_mailed_one_time_code(client):
    reader = make_reader()
    client.post(reverse("account_request_login_code"), {"email": reader.email})
    code = re.search(r"^\s*([A-Z0-9-]{6,9})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("readers:my-news")).status_code == 200


def test_change_password_and_email_pages_work_for_a_signed_in_reader(reader_client, reader):
    response = reader_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW_PASSWORD)
    assert reader_client.get(reverse("account_email")).status_code == 200


def test_readers_never_reach_the_newsroom(reader_client):
    response = reader_client.get("/newsroom/")
    assert response.status_code == 302 and "/newsroom/login/" in response["Location"]
    assert reader_client.get("/newsroom/news/article/").status_code == 302


def test_staff_and_readers_share_one_user_model_and_staff_can_sign_in_with_email(client):
    editor = staff("Editor", email="editor@newsdesk.example")
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/me").json()["staff"] is True


def test_changing_the_email_mails_a_verification_link_to_the_new_address(reader_client, reader):
    response = reader_client.post(
        reverse("account_email"), {"email": "new-address@example.az", "action_add": ""}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new-address@example.az"]
    reader_client.post(link_in_last_mail())
    assert EmailAddress.objects.get(user=reader, email="new-address@example.az").verified


def test_staff_with_two_factor_signed_in_through_the_reader_sign_in_must_still_give_the_code(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    editor = staff("Editor", email="editor@newsdesk.example")
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    assert (
        client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD}).status_code
        == 302
    )

    for path in ("/newsroom/", "/newsroom/news/article/", "/newsroom/two-factor/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/newsroom/login/"), path
    assert client.get("/api/me").json() == {"authenticated": False, "links": {"sign_in": "/accounts/login/"}}


def test_the_sign_in_notice_names_the_reader_on_the_page_they_land_on_and_only_once(client):
    make_reader(first_name="Aysel", last_name="", email="aysel@example.az", username="user-8f3a")
    landing = client.post(
        reverse("account_login"), {"login": "aysel@example.az", "password": PASSWORD, "next": "/"}
    )
    assert landing["Location"] == "/"
    page = client.get("/")
    assert (
        "signed in" not in page.text
    )  # public pages are the same for everyone: the notice comes from /api/me

    assert client.get("/api/me").json()["notices"] == [
        {"level": "success", "text": "You’re signed in as Aysel."}
    ]
    assert "notices" not in client.get("/api/me").json()


def test_a_reader_without_a_name_is_signed_in_by_their_email_never_their_username(client):
    make_reader(first_name="", last_name="", email="leyla@example.az", username="user-8f3a")
    client.post(reverse("account_login"), {"login": "leyla@example.az", "password": PASSWORD})
    assert client.get("/api/me").json()["notices"][0]["text"] == "You’re signed in as leyla@example.az."


def test_signing_out_says_so_on_the_next_page(reader_client):
    reader_client.post(reverse("account_logout"))
    assert reader_client.get("/api/me").json() == {
        "authenticated": False,
        "links": {"sign_in": "/accounts/login/"},
        "notices": [{"level": "success", "text": "You’re signed out."}],
    }


def test_sign_in_says_why_when_a_follow_or_save_button_sent_the_reader(client):
    from tests.factories import ArticleFactory, SectionFactory

    section, story = SectionFactory(name="Defence"), ArticleFactory()
    follow = reverse("readers:follow", args=["section", section.pk])
    answer = client.get(follow)
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "Sign in to follow it: its new stories then come to My news." in page
    save = reverse("readers:bookmark", args=[story.pk])
    page = client.get(reverse("account_login"), {"next": save}).content.decode()
    assert "Sign in to save this story" in page
    for plain in ({}, {"next": "/"}, {"next": "https://elsewhere.example/my/follow/section/1/"}):
        assert "sign-in-reason" not in client.get(reverse("account_login"), plain).content.decode()
