"""A reader in a real browser: sign up, verify the email, follow, read My news, save a story, sign out."""

import re

import pytest
from django.core import mail

from tests.factories import ArticleFactory, SectionFactory, SourceFactory

pytestmark = pytest.mark.browser

PASSWORD = "reader-pass-phrase-2026"


def test_reader_signs_up_follows_saves_and_signs_out(live_server, new_context, screenshots_dir):
    defence, culture = SectionFactory(name="Defence"), SectionFactory(name="Culture")
    trend = SourceFactory(name="Trend")
    ArticleFactory(section=defence, headline="Engineers bridge the Araz overnight")
    ArticleFactory(section=culture, sources=[trend], headline="Trend reports a new festival in Shusha")
    ArticleFactory(section=culture, headline="A story nobody followed")
    base = live_server.url

    page = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))

    page.goto(base + "/")
    page.click("[data-user-slot] >> text=Sign in")
    page.click("text=Sign up")
    page.fill("input[name=email]", "aysel@example.az")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("button[type=submit] >> text=Sign Up")
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    # Confirming in the browser that signed up signs the reader in: no password to type again.
    page.click("main button[type=submit]")
    page.wait_for_url("**/my/")
    assert "Follow what you care about" in page.content()
    assert page.locator(".notices li").all_inner_texts() == [
        "You have confirmed aysel@example.az.",
        "You’re signed in as aysel@example.az.",
    ]

    page.goto(base + defence.get_absolute_url())
    follow = page.locator(f'[data-follow="section:{defence.pk}"]')
    follow.wait_for(state="attached")
    page.wait_for_selector(f'[data-follow="section:{defence.pk}"][data-state="off"]')
    follow.click()
    page.wait_for_selector(f'[data-follow="section:{defence.pk}"][data-state="on"]')
    page.goto(base + trend.get_absolute_url())
    page.focus(f'[data-follow="source:{trend.pk}"][data-state="off"]')
    page.keyboard.press(" ")  # a toggle answers Space like a button
    page.wait_for_selector(f'[data-follow="source:{trend.pk}"][data-state="on"]')

    page.goto(base + "/my/")
    headlines = page.locator(".card__headline").all_inner_texts()
    assert headlines == ["Engineers bridge the Araz overnight", "Trend reports a new festival in Shusha"]
    page.screenshot(path=str(screenshots_dir / "readers-my-news-phone.png"), full_page=True)

    page.click("text=Engineers bridge the Araz overnight")
    page.click('[data-save][data-state="off"]')
    page.wait_for_selector('[data-save][data-state="on"]')
    page.click('[data-follow^="story:"][data-state="off"]')
    page.wait_for_selector('[data-follow^="story:"][data-state="on"] >> text=Following story')
    page.goto(base + "/my/")
    assert page.locator(".followed-stories li > a:not(.follow-button)").all_inner_texts() == [
        "Engineers bridge the Araz overnight"
    ]
    page.goto(base + "/my/saved/")
    assert page.locator(".card__headline").all_inner_texts() == ["Engineers bridge the Araz overnight"]
    page.screenshot(path=str(screenshots_dir / "readers-saved-phone.png"), full_page=True)

    # On a phone the masthead's menu is My news alone (one line); Sign out is on the account page it links to.
    page.goto(base + "/")
    page.click("[data-user-slot] >> text=My news")
    page.click(".account-nav >> text=Account")
    page.click("main button:has-text('Sign out')")
    page.wait_for_url(base + "/")
    page.wait_for_selector("[data-user-slot] >> text=Sign in")
    # The home page is cached for everyone; the notice comes from /api/me, on this very page.
    page.wait_for_selector(".notices >> text=You’re signed out.")
    assert page.goto(base + "/my/").url.startswith(base + "/accounts/login/")
    assert problems == [], problems


def test_follow_works_without_javascript(live_server, new_context):
    from tests.readers.conftest import make_reader

    section = SectionFactory(name="Economy")
    reader = make_reader()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", reader.email)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit] >> text=Sign In")
    page.goto(live_server.url + section.get_absolute_url())
    page.click(f'[data-follow="section:{section.pk}"]')
    page.click("button[value=follow]")
    page.wait_for_selector("text=You follow Economy")
    page.click("main >> text=Back")
    page.wait_for_url("**" + section.get_absolute_url())
    assert reader.follows.filter(section=section).exists()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/my/", "/my/saved/", "/my/account/"])
def test_reader_pages_have_no_serious_accessibility_violations(
    live_server, demo, new_context, axe_script, path, color_scheme
):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.browser.test_public_site import AXE_RUN, BLOCKING_IMPACTS, describe, settle

    client = Client()
    client.force_login(get_user_model().objects.get(username="reader"))
    context = new_context(color_scheme=color_scheme, bypass_csp=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    assert page.goto(live_server.url + path).status == 200
    settle(page)
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate(AXE_RUN)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {path} ({color_scheme}):\n{describe(blocking)}"


@pytest.mark.parametrize("width", [320, 375, 640, 768, 1024, 1280, 1600])
def test_the_signed_in_menu_does_not_push_the_page_down_when_it_fills_in(
    live_server, new_context, screenshots_dir, width
):
    """The cached page says "Sign in"; reader.js swaps in the reader's menu after /api/me answers. If that menu
    wrapped onto a second line, everything below moved after it was drawn (a layout shift of 0.33 on phones)."""
    from django.test import Client

    from tests.factories import staff

    ArticleFactory(headline="A story on the front page")
    # Staff: the longest menu there is (a Newsroom link too), and a long name.
    reader = staff("Editor", first_name="Gülnar", last_name="Məmmədova-Hüseynzadə of the Caspian Courier")
    client = Client()
    client.force_login(reader)
    viewport = {"width": width, "height": 800}

    def section_bar_top(context) -> float:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.wait_for_load_state("networkidle")
        top = page.evaluate("document.querySelector('.section-bar').getBoundingClientRect().top")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        return top, page

    anonymous_top, _ = section_bar_top(new_context(viewport=viewport))
    signed_in = new_context(viewport=viewport)
    signed_in.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    signed_in_top, page = section_bar_top(signed_in)
    slot = page.locator("[data-user-slot]")
    assert slot.get_by_text("My news").is_visible()
    assert slot.get_by_text("Sign out").is_visible() is (width >= 640)
    assert slot.get_by_text("Saved").is_visible() is (width >= 1024)
    assert slot.get_by_text("Newsroom").is_visible() is (width >= 1024)
    hidden_in_strip = page.evaluate(
        "(s => s.scrollWidth - s.clientWidth)(document.querySelector('[data-user-slot]'))"
    )
    assert hidden_in_strip <= 0, f"{hidden_in_strip}px of the menu is cut off at {width}px"
    page.screenshot(path=str(screenshots_dir / f"readers-signed-in-masthead-{width}.png"))
    assert signed_in_top == anonymous_top


def _signed_in_phone(live_server, new_context, reader):
    from django.test import Client

    client = Client()
    client.force_login(reader)
    context = new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def test_a_save_tapped_with_no_connection_keeps_the_reader_on_the_story(live_server, new_context):
    """On a train the connection drops: tapping Save must not swap the story for the browser's offline page (the
    toggle used to follow its link on any failure). It says nothing changed, and a tap once back online saves."""
    from newsdesk.readers.models import Bookmark
    from tests.readers.conftest import make_reader

    reader = make_reader()
    article = ArticleFactory(headline="Ferries stop as gale-force winds reach Baku")
    context = _signed_in_phone(live_server, new_context, reader)
    page = context.new_page()
    story_url = live_server.url + article.get_absolute_url()
    page.goto(story_url)
    save = page.locator(f'[data-save="{article.pk}"][data-state="off"]')
    save.wait_for()

    context.set_offline(True)
    save.tap()
    page.wait_for_selector(".toggle-error >> text=No connection")
    assert page.url == story_url
    assert page.locator(".article__headline, h1").first.inner_text() == article.headline
    assert page.locator(f'[data-save="{article.pk}"]').get_attribute("data-state") == "off"
    assert not Bookmark.objects.filter(user=reader, article=article).exists()

    context.set_offline(False)
    save.tap()
    page.wait_for_selector(f'[data-save="{article.pk}"][data-state="on"]')
    assert page.locator(".toggle-error").count() == 0
    assert Bookmark.objects.filter(user=reader, article=article).exists()
