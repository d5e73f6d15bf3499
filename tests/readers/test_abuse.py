"""Reliability rows 7 (CSRF), 8 (brute force), 9 (no account enumeration) and 10 (open redirects) for readers."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from newsdesk.readers.models import Bookmark, Follow
from tests.factories import ArticleFactory, SectionFactory

from .conftest import PASSWORD, make_reader

pytestmark = pytest.mark.django_db
User = get_user_model()
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


# --- row 7: every state-changing reader route refuses a POST without a CSRF token --------------------------------


def reader_routes():
    """Names of every route of allauth's account app and of ours, found in the resolver (new ones are included)."""
    names = set()

    def walk(entries, prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = prefix + (entry.namespace + ":" if entry.namespace else "")
                walk(entry.url_patterns, inner)
            elif entry.name and (
                (prefix == "" and entry.name.startswith("account_")) or prefix == "readers:"
            ):
                names.add(prefix + entry.name)

    walk(get_resolver().url_patterns, "")
    return names


def route_urls(reader):
    article, section = ArticleFactory(), SectionFactory()
    bookmark = Bookmark.objects.create(user=reader, article=article)
    follow = Follow.objects.create(user=reader, kind="section", section=section)
    with_args = {
        "readers:remove-bookmark": [bookmark.pk],
        "readers:bookmark": [article.pk],
        "readers:follow": ["section", section.pk],
        "readers:unfollow": [follow.pk],
        "account_confirm_email": ["not-a-key"],
        "account_reset_password_from_key": ["1", "not-a-key"],
    }
    return {name: reverse(name, args=with_args.get(name, [])) for name in reader_routes()}


def world_state():
    return (
        list(Follow.objects.values_list("pk", flat=True)),
        list(Bookmark.objects.values_list("pk", flat=True)),
        list(User.objects.values_list("pk", "password", "email", "first_name", "is_active")),
        list(EmailAddress.objects.values_list("pk", "email", "verified", "primary")),
    )


def test_the_route_list_covers_sign_up_follow_and_save():
    routes = reader_routes()
    assert {
        "account_signup",
        "account_login",
        "account_logout",
        "readers:follow",
        "readers:bookmark",
    } <= routes
    assert len(routes) >= 20


def test_every_reader_route_refuses_a_post_without_a_csrf_token():
    reader = make_reader()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    urls = route_urls(reader)
    before = world_state()
    answered = {
        name: client.post(url, {"action": "follow", "password": PASSWORD}).status_code
        for name, url in urls.items()
    }
    assert {name for name, status in answered.items() if status != 403} == set()
    assert world_state() == before


def test_get_and_head_on_every_reader_route_change_nothing():
    reader = make_reader()
    client = Client()
    client.force_login(reader)
    urls = route_urls(reader)
    before = world_state()
    for url in urls.values():
        assert client.get(url).status_code < 500
        assert client.head(url).status_code < 500
    assert world_state() == before


# --- row 8: brute force --------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_with_rotating_forwarded_for(client):
    reader = make_reader()
    statuses = []
    for attempt in range(25):
        response = client.post(
            reverse("account_login"),
            {"login": reader.email, "password": f"wrong-{attempt}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
        statuses.append(response.status_code)
    # The fifth failure is recorded and answered with the lock (429); nothing after it reaches the password check.
    assert statuses[:4] == [200] * 4, statuses
    assert set(statuses[4:]) == {429}, statuses
    right = client.post(
        reverse("account_login"),
        {"login": reader.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert right.status_code == 429, "the lock holds for the right password too"


def test_password_reset_mails_are_limited_per_email_and_per_address(client):
    reader = make_reader()
    same_email = [
        client.post(reverse("account_reset_password"), {"email": reader.email}).status_code for _ in range(7)
    ]
    assert same_email[:5] == [302] * 5 and set(same_email[5:]) == {429}

    other_address = Client(REMOTE_ADDR="192.0.2.50")
    many_emails = [
        other_address.post(reverse("account_reset_password"), {"email": f"person{n}@example.com"}).status_code
        for n in range(7)
    ]
    assert many_emails[:5] == [302] * 5 and set(many_emails[5:]) == {429}


# --- row 9: no account enumeration ------------------------------------------------------------------------------


def comparable(response):
    return response.status_code, response.get("Location"), CSRF_FIELD.sub(b"", response.content)


def test_sign_in_answers_the_same_for_a_known_and_an_unknown_email():
    reader = make_reader()
    known = Client().post(reverse("account_login"), {"login": reader.email, "password": "not-it-at-all"})
    unknown = Client().post(
        reverse("account_login"), {"login": "nobody@example.com", "password": "not-it-at-all"}
    )
    assert known.status_code == unknown.status_code == 200
    # The form echoes the typed email back; apart from that (and the CSRF token) the pages are the same.
    echoed = CSRF_FIELD.sub(b"", unknown.content).replace(b"nobody@example.com", reader.email.encode())
    assert CSRF_FIELD.sub(b"", known.content) == echoed


def test_sign_up_answers_the_same_for_a_registered_and_a_new_email():
    reader = make_reader()
    fields = {"password1": "a-good-long-passphrase", "password2": "a-good-long-passphrase"}
    taken = Client().post(reverse("account_signup"), {"email": reader.email, **fields})
    fresh = Client().post(reverse("account_signup"), {"email": "fresh@example.com", **fields})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]


def test_password_reset_answers_the_same_for_a_registered_and_an_unknown_email():
    reader = make_reader()
    known = Client().post(reverse("account_reset_password"), {"email": reader.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert comparable(known) == comparable(unknown)


# --- row 10: open redirects ---------------------------------------------------------------------------------------

HOSTILE_NEXT = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example/",
    "////evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "http:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " https://evil.example",
    "\thttps://evil.example",
    "/\t/evil.example",
    "https://testserver@evil.example",
    "https://evil.example#@testserver",
    "http://testserver.evil.example/",
    "https://evil.example\\@testserver",
    "%2F%2Fevil.example",
]


def same_host(location: str) -> bool:
    """Where a browser would go from a page of this site: this host (browsers read backslashes as slashes)."""
    landed = urlsplit(urljoin("http://testserver/accounts/login/", location.strip().replace("\\", "/")))
    return (
        url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"})
        and landed.netloc == "testserver"
    )


def test_the_hostile_list_has_twenty_values():
    assert len(set(HOSTILE_NEXT)) == 20


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_hostile_next_values_never_leave_the_site(hostile):
    reader = make_reader()
    article, section = ArticleFactory(), SectionFactory()
    locations = {}

    client = Client()
    locations["login"] = client.post(
        reverse("account_login") + "?next=" + hostile,
        {"login": reader.email, "password": PASSWORD, "next": hostile},
    )["Location"]
    locations["follow"] = client.post(
        reverse("readers:follow", args=["section", section.pk]), {"action": "follow", "next": hostile}
    )["Location"]
    locations["save"] = client.post(
        reverse("readers:bookmark", args=[article.pk]), {"action": "save", "next": hostile}
    )["Location"]
    locations["unfollow"] = client.post(
        reverse("readers:unfollow", args=[Follow.objects.get(user=reader).pk]), {"next": hostile}
    )["Location"]
    locations["remove"] = client.post(
        reverse("readers:remove-bookmark", args=[Bookmark.objects.get(user=reader).pk]), {"next": hostile}
    )["Location"]
    locations["logout"] = client.post(reverse("account_logout"), {"next": hostile})["Location"]
    locations["signup"] = Client().post(
        reverse("account_signup") + "?next=" + hostile,
        {
            "email": "new@example.com",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
            "next": hostile,
        },
    )["Location"]
    assert {name: location for name, location in locations.items() if not same_host(location)} == {}


@pytest.mark.parametrize("word", ["foo", "saved", "readers:saved", "."])
def test_a_bare_word_as_next_falls_back_to_the_readers_page(word):
    reader = make_reader()
    client = Client()
    client.force_login(reader)
    client.post(reverse("readers:follow", args=["section", SectionFactory().pk]), {"action": "follow"})
    client.post(reverse("readers:bookmark", args=[ArticleFactory().pk]), {"action": "save"})

    unfollow = client.post(
        reverse("readers:unfollow", args=[Follow.objects.get(user=reader).pk]), {"next": word}
    )
    remove = client.post(
        reverse("readers:remove-bookmark", args=[Bookmark.objects.get(user=reader).pk]), {"next": word}
    )

    assert (unfollow.status_code, unfollow["Location"]) == (302, reverse("readers:my-news"))
    assert (remove.status_code, remove["Location"]) == (302, reverse("readers:saved"))
