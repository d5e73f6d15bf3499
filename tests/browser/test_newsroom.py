"""The newsroom in a real browser: a reporter files a story with a picture, an editor publishes it, readers see it."""

import pytest

from newsdesk.news.models import Article
from tests.factories import AuthorFactory, SectionFactory, png_file, staff

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/newsroom/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/newsroom/")


def choose(page, field: str, text: str) -> None:
    """Picks `text` in one of the admin's autocomplete (select2) fields."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-container--open .select2-results__option", has_text=text).click()


def test_reporter_files_a_story_with_a_picture_and_an_editor_publishes_it(
    live_server, new_context, screenshots_dir, tmp_path
):
    section = SectionFactory(name="Defence")
    reporter = staff("Reporter", sections=[section], username="reporter1", first_name="Leyla")
    AuthorFactory(name="Leyla Məmmədova", user=reporter)
    staff("Editor", username="editor1", first_name="Emre")
    picture = tmp_path / "drills.png"
    picture.write_bytes(png_file(1600, 900).read())

    reporter_page = new_context().new_page()
    problems = []
    reporter_page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    reporter_page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(reporter_page, live_server.url, "reporter1")

    reporter_page.goto(live_server.url + "/newsroom/news/image/add/")
    reporter_page.set_input_files("#id_file", str(picture))
    reporter_page.fill("#id_alt_text", "Tanks crossing a river")
    reporter_page.click("input[name=_save]")
    reporter_page.wait_for_url("**/newsroom/news/image/")

    reporter_page.goto(live_server.url + "/newsroom/news/article/add/")
    reporter_page.fill("#id_headline", "Joint drills reach the Araz")
    reporter_page.fill("#id_standfirst", "Engineers built a pontoon bridge overnight.")
    reporter_page.locator(".prose-editor .tiptap[contenteditable=true]").click()
    reporter_page.keyboard.type("Troops crossed the river at dawn, the ministry said.")
    choose(reporter_page, "section", "Defence")
    choose(reporter_page, "lead_image", "Tanks crossing a river")
    reporter_page.click("input[name=_continue]")
    reporter_page.wait_for_selector("#newsroom-panel")
    article = Article.objects.get(headline="Joint drills reach the Araz")
    assert article.body == "<p>Troops crossed the river at dawn, the ministry said.</p>"
    assert [author.name for author in article.byline_authors()] == ["Leyla Məmmədova"]

    reporter_page.click("button[value=submit]")
    reporter_page.wait_for_selector(".newsroom-badge--in_review")
    reporter_page.screenshot(path=str(screenshots_dir / "newsroom-submitted-1280.png"), full_page=True)
    assert not reporter_page.locator("button[value=publish]").count()

    editor_page = new_context().new_page()
    editor_page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    sign_in(editor_page, live_server.url, "editor1")
    assert "Joint drills reach the Araz" in editor_page.locator(".newsroom-dashboard").inner_text()
    editor_page.screenshot(path=str(screenshots_dir / "newsroom-dashboard-1280.png"), full_page=True)
    editor_page.click("text=Joint drills reach the Araz")
    editor_page.wait_for_selector(".prose-editor .tiptap[contenteditable=true]")
    editor_page.screenshot(path=str(screenshots_dir / "newsroom-editor-1280.png"))
    editor_page.click("button[value=publish]")
    editor_page.wait_for_selector(".newsroom-badge--published")

    editor_page.goto(live_server.url + "/")
    editor_page.get_by_role("link", name="Joint drills reach the Araz").first.click()
    assert editor_page.locator("h1").inner_text() == "Joint drills reach the Araz"
    assert editor_page.locator(".article__figure img").get_attribute("alt") == "Tanks crossing a river"
    assert problems == []


@pytest.mark.parametrize("edited", ["headline", "body"])
def test_publish_with_unsaved_edits_on_the_screen_is_held_back_until_they_are_saved(
    live_server, new_context, edited
):
    section = SectionFactory(name="Region")
    staff("Editor", username="editor2")
    from tests.factories import ArticleFactory

    article = ArticleFactory(
        headline="A quiet night along the Araz",
        section=section,
        status=Article.Status.IN_REVIEW,
        published_at=None,
    )
    page = new_context().new_page()
    sign_in(page, live_server.url, "editor2")
    page.goto(f"{live_server.url}/newsroom/news/article/{article.pk}/change/")
    page.wait_for_selector(".prose-editor .tiptap[contenteditable=true]")
    if edited == "headline":
        page.fill("#id_headline", "Shots fired along the Araz")
    else:
        page.locator(".prose-editor .tiptap[contenteditable=true]").click()
        page.keyboard.press("End")
        page.keyboard.type(" Shots were fired.")

    page.click("button[value=publish]")
    assert page.locator("#unsaved-changes").is_visible()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert "Shots" not in article.headline + article.body

    page.click("input[name=_continue]")
    page.wait_for_selector("#newsroom-panel")
    page.click("button[value=publish]")
    page.wait_for_selector(".newsroom-badge--published")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert "Shots" in article.headline + article.body


@pytest.mark.django_db(transaction=True)
def test_enter_in_the_go_live_box_schedules_the_story_instead_of_a_plain_save(live_server, new_context):
    from datetime import timedelta

    from django.utils import timezone

    from newsdesk.sitesettings.models import SiteSettings

    section = SectionFactory(name="Economy")
    author = AuthorFactory(name="Tural Qasımov")
    staff("Editor", username="editor1")
    article = Article.objects.create(
        headline="Budget vote on Friday", standfirst="Deputies meet at noon.", section=section
    )
    article.bylines.create(author=author, order=0)
    at = timezone.localtime(timezone.now() + timedelta(days=2), SiteSettings.load().zone).replace(
        second=0, microsecond=0
    )
    page = new_context().new_page()
    sign_in(page, live_server.url, "editor1")
    page.goto(f"{live_server.url}/newsroom/news/article/{article.pk}/change/")
    page.fill("input[name=schedule_at]", f"{at:%Y-%m-%dT%H:%M}")
    page.press("input[name=schedule_at]", "Enter")
    page.wait_for_selector(".messagelist")
    article.refresh_from_db()
    assert (article.status, article.published_at) == ("scheduled", at)


def test_a_reporter_puts_a_library_picture_in_the_text_through_the_editors_browse_window(
    live_server, new_context, screenshots_dir
):
    from newsdesk.news.text import body_picture_problems, picture_sources
    from tests.factories import ImageFactory

    section = SectionFactory(name="Defence")
    reporter = staff("Reporter", sections=[section], username="reporter3")
    AuthorFactory(name="Leyla Məmmədova", user=reporter)
    bridge = ImageFactory(
        alt_text="Engineers laying a pontoon bridge", caption="The Araz at dawn", credit="Photo: Trend"
    )
    ImageFactory(alt_text="A minister at a lectern", caption="", credit="")
    bridge.refresh_from_db()  # its renditions were made once it was committed: the address is the 1200 px one
    page = new_context().new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server.url, "reporter3")

    page.goto(live_server.url + "/newsroom/news/article/add/")
    page.fill("#id_headline", "A bridge over the Araz by morning")
    page.fill("#id_standfirst", "Engineers worked through the night.")
    page.locator(".prose-editor .tiptap[contenteditable=true]").click()
    page.keyboard.type("The first vehicles crossed at six.")
    page.locator(".prose-editor .prose-menubar__button", has_text="image").first.click()
    dialog = page.locator("dialog.prose-editor-dialog")
    with page.expect_popup() as opened:
        dialog.get_by_role("button", name="Browse...").click()
    picker = opened.value
    picker.fill("#id_q", "pontoon")
    picker.click("input[type=submit][value=Search]")
    picker.wait_for_selector("text=Engineers laying a pontoon bridge")
    assert picker.locator("button", has_text="Use this picture").count() == 1
    picker.screenshot(path=str(screenshots_dir / "newsroom-picture-picker.png"))
    with picker.expect_event("close"):
        picker.get_by_role("button", name="Use this picture").click()

    assert dialog.locator("input[name=imageUrl]").input_value() == bridge.body_address
    assert dialog.locator("input[name=altText]").input_value() == "Engineers laying a pontoon bridge"
    assert dialog.locator("input[name=caption]").input_value() == "The Araz at dawn. Photo: Trend"
    dialog.get_by_role("button", name="Insert").click()
    choose(page, "section", "Defence")
    page.click("input[name=_continue]")
    page.wait_for_selector("#newsroom-panel")

    body = Article.objects.get(headline="A bridge over the Araz by morning").body
    assert picture_sources(body) == [bridge.body_address]
    assert body_picture_problems(body) == []
    assert 'alt="Engineers laying a pontoon bridge"' in body
    assert "The Araz at dawn. Photo: Trend</figcaption>" in body
    assert problems == []


def test_on_a_tablet_the_editor_and_its_revisions_fit_the_screen(live_server, new_context):
    """At 768 px the preview link (one long unbroken address) and the revisions table pushed the whole page wider
    than the screen: the editor scrolled sideways, and "Restore…" sat off it."""
    from tests.factories import ArticleFactory

    section = SectionFactory(name="Region")
    staff("Editor", username="editor4")
    article = ArticleFactory(
        headline="Crews clear the Şuşa road after three days of snow and the first cars cross it",
        section=section,
        status=Article.Status.DRAFT,
        published_at=None,
    )
    page = new_context(viewport={"width": 768, "height": 1024}).new_page()
    sign_in(page, live_server.url, "editor4")
    page.goto(f"{live_server.url}/newsroom/news/article/{article.pk}/change/")
    page.wait_for_selector(".newsroom-preview a")
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    assert page.evaluate(overflow) <= 0
    page.click("input[name=_continue]")
    page.wait_for_selector("#newsroom-panel")

    page.goto(f"{live_server.url}/newsroom/news/article/{article.pk}/revisions/")
    page.wait_for_selector(".newsroom-revisions tbody tr")
    assert page.evaluate(overflow) <= 0
    restore = page.get_by_role("link", name="Restore…").first
    restore.scroll_into_view_if_needed()
    assert restore.is_visible()


def test_typing_over_a_selected_body_picture_keeps_the_picture_and_the_text(live_server, new_context):
    """A figure must hold its picture, so when the selected picture was typed over the editor put an empty one
    back: the photo was gone, each letter landed in a paragraph of its own between empty figures, and the save
    was refused. A picture inserted without a caption stays selected after Insert, and a click selects one."""
    from newsdesk.news.text import body_picture_problems
    from tests.factories import ImageFactory

    SectionFactory(name="Region")
    staff("Editor", username="editor5")
    lectern = ImageFactory(alt_text="A minister at a lectern", caption="", credit="")
    lectern.refresh_from_db()
    page = new_context().new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server.url, "editor5")
    page.goto(live_server.url + "/newsroom/news/article/add/")
    body = page.locator(".prose-editor .tiptap[contenteditable=true]")
    dialog = page.locator("dialog.prose-editor-dialog")

    def insert_picture(caption: str = "") -> None:
        page.locator(".prose-editor .prose-menubar__button", has_text="image").first.click()
        dialog.locator("input[name=imageUrl]").fill(lectern.body_address)
        dialog.locator("input[name=altText]").fill("A minister at a lectern")
        dialog.locator("input[name=caption]").fill(caption)
        dialog.get_by_role("button", name="Insert").click()

    def text() -> str:
        return page.input_value("#id_body")

    page.fill("#id_headline", "The minister speaks")
    page.fill("#id_standfirst", "A statement at noon.")
    body.click()
    page.keyboard.type("The minister spoke at noon.")
    insert_picture()  # no caption: the picture is still selected
    page.keyboard.type("Police said.")
    assert (
        f'<img src="{lectern.body_address}" alt="A minister at a lectern"></figure><p>Police said.</p>'
        in text()
    )

    body.locator("img").first.click(position={"x": 5, "y": 5})
    page.keyboard.type("More.")
    assert text().count(f'src="{lectern.body_address}"') == 1
    assert "<img>" not in text() and "<p>M</p>" not in text()
    assert "</figure><p>More.</p>" in text()

    page.keyboard.press("End")
    insert_picture("Baku, at noon")  # the cursor is left at the end of the caption
    page.keyboard.press("Enter")
    page.keyboard.type("Last line.")
    assert '<figcaption class="figure-caption">Baku, at noon</figcaption></figure><p>Last line.</p>' in text()

    body.locator("img").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Backspace")  # the whole first figure goes, not just what it shows
    assert text().count("<figure") == 1 and "<img>" not in text()
    assert body_picture_problems(text()) == []

    choose(page, "section", "Region")
    page.click("input[name=_continue]")
    page.wait_for_selector("#newsroom-panel")
    saved = Article.objects.get(headline="The minister speaks").body
    assert "Police said." in saved and "Last line." in saved and body_picture_problems(saved) == []
    assert problems == []
