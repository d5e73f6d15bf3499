"""The reader's pages speak one style: sentence case, as in the masthead's "Sign in", also where django-allauth
writes Title Case. Our English catalogue (src/newsdesk/locale/en) overrides allauth's own."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

import newsdesk

pytestmark = pytest.mark.django_db

CATALOGUE = Path(newsdesk.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def catalogue_entries() -> list[tuple[str, str]]:
    text = CATALOGUE.read_text()
    return re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.MULTILINE)


def test_the_compiled_catalogue_says_what_the_po_file_says():
    """Fails when the .po was edited without `make messages`: the site would still show the old words."""
    entries = catalogue_entries()
    assert len(entries) > 20
    with translation.override("en"):
        assert [(msgid, translation.gettext(msgid)) for msgid, _ in entries] == entries


def test_every_word_we_override_is_one_allauth_says():
    """A msgid allauth does not use (a typo, or a string a new allauth renamed) would silently change nothing."""
    import allauth

    said = "\n".join(
        path.read_text(errors="replace")
        for path in Path(allauth.__file__).parent.rglob("*")
        if path.suffix in (".html", ".txt", ".py")
    )
    unused = [
        msgid
        for msgid, _ in catalogue_entries()
        if not any(form in said for form in (f'"{msgid}"', f"'{msgid}'", f"%}}{msgid}{{%"))
    ]
    assert unused == []


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/login/code/"],
)
def test_account_pages_have_no_title_case_headings_or_buttons(path):
    page = Client().get(path)
    assert page.status_code == 200
    shouting = re.findall(
        r"\b(Sign (?:In|Up|Out)|Password Reset|Reset My Password|Remember Me|Request Code|Email Address)\b",
        page.text,
    )
    assert shouting == []


def test_the_sign_in_page_is_headed_sign_in():
    page = Client().get("/accounts/login/").text
    assert re.search(r"<h1[^>]*>\s*Sign in\s*</h1>", page)
