"""Updates and corrections in public: what readers are told, the changelog under the article and /corrections/."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.newsroom import workflow
from newsdesk.newsroom.models import PublicChange
from newsdesk.newsroom.roles import Action
from tests.factories import ArticleFactory, SectionFactory, draft, staff
from tests.newsroom.helpers import article_form_data, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(staff("Editor"))
    return client


@pytest.fixture
def article():
    return ArticleFactory(
        headline="Drills begin near Jabrayil",
        standfirst="Troops from both countries take part.",
        body="<p>The drills began on Monday with 300 troops.</p>",
    )


def public_page(article: Article) -> str:
    article.refresh_from_db()
    return Client().get(article.get_absolute_url()).content.decode()


def test_a_minor_fix_is_not_shown_to_readers(editor_client, article):
    editor_client.post(change_url(article), article_form_data(article, headline="Drills begin near Jabrayıl"))
    page = public_page(article)
    assert "Drills begin near Jabrayıl" in page
    assert "Updated" not in page and "Corrected" not in page
    assert not PublicChange.objects.exists()


def test_an_update_shows_updated_with_its_time_and_a_diff_against_what_readers_saw(editor_client, article):
    body = "<p>The drills began on Monday with 300 troops.</p><p>Helicopters joined on Tuesday.</p>"
    editor_client.post(
        change_url(article),
        article_form_data(article, body=body, change_kind="update", change_note="Adds the helicopters."),
    )
    page = public_page(article)
    assert 'Updated</a> <time datetime="' in page
    assert "Adds the helicopters." in page
    assert "<ins>Helicopters joined on Tuesday.</ins>" in page
    assert PublicChange.objects.get().kind == "update"


def test_a_change_to_a_live_article_must_say_what_kind_of_change_it_is(editor_client, article):
    """No preselected "minor fix": new facts must not go out unlabelled because nobody looked at the choice."""
    page = editor_client.get(change_url(article)).content.decode()
    assert 'name="change_kind" value="minor" required id="id_change_kind_0">' in page
    response = editor_client.post(
        change_url(article), article_form_data(article, body="<p>400 troops.</p>", change_kind=None)
    )
    assert response.status_code == 200
    assert "Choose what kind of change this is" in response.content.decode()
    article.refresh_from_db()
    assert article.version == 1


def test_a_correction_needs_a_public_note(editor_client, article):
    response = editor_client.post(
        change_url(article), article_form_data(article, body="<p>200 troops.</p>", change_kind="correction")
    )
    assert response.status_code == 200
    assert "A correction needs a note" in response.content.decode()
    article.refresh_from_db()
    assert (article.body, article.version) == ("<p>The drills began on Monday with 300 troops.</p>", 1)


def test_a_correction_shows_corrected_its_note_and_what_changed(editor_client, article):
    editor_client.post(
        change_url(article),
        article_form_data(
            article,
            body="<p>The drills began on Monday with 3,000 troops.</p>",
            change_kind="correction",
            change_note="An earlier version gave the number of troops as 300.",
        ),
    )
    page = public_page(article)
    assert 'Corrected</a> <time datetime="' in page
    assert "An earlier version gave the number of troops as 300." in page
    assert "<del>300</del><ins>3,000</ins>" in page
    assert article.corrected_at is not None


def test_the_changelog_lists_each_update_and_correction_newest_first(editor_client, article):
    for kind, note, body in [
        ("update", "First update.", "<p>Text one.</p>"),
        ("correction", "Second, a correction.", "<p>Text two.</p>"),
        ("update", "Third, an update.", "<p>Text three.</p>"),
    ]:
        article.refresh_from_db()
        editor_client.post(
            change_url(article), article_form_data(article, body=body, change_kind=kind, change_note=note)
        )
    page = public_page(article)
    changelog = page[page.index('id="changes"') :]
    assert changelog.index("Third, an update.") < changelog.index("Second, a correction.")
    assert changelog.index("Second, a correction.") < changelog.index("First update.")
    assert 'Updated</a> <time datetime="' in page  # the newest change decides the label


def test_the_corrections_page_lists_every_correction_newest_first_and_only_on_public_articles(editor_client):
    older, newer, gone = (
        ArticleFactory(headline=headline) for headline in ("Older story", "Newer story", "Gone")
    )
    for article, note in [(older, "Fixed a name."), (gone, "Fixed a date."), (newer, "Fixed a figure.")]:
        editor_client.post(
            change_url(article),
            article_form_data(article, body="<p>Fixed.</p>", change_kind="correction", change_note=note),
        )
    gone.refresh_from_db()
    workflow.move(gone, Action.TAKE_DOWN, by=staff("Editor"), note="Legal")
    page = Client().get("/corrections/").content.decode()
    assert page.index("Fixed a figure.") < page.index("Fixed a name.")
    assert "Fixed a date." not in page and "Gone" not in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_corrections_page_stays_within_its_query_budget(django_assert_max_num_queries, count):
    editor = staff("Editor")
    for index in range(count):
        PublicChange.objects.create(
            article=ArticleFactory(), kind="correction", note=f"Fix {index}", made_by=editor
        )
    with django_assert_max_num_queries(4):
        assert Client().get("/corrections/").status_code == 200


def test_unpublished_articles_are_edited_without_asking_what_kind_of_change_it_is(editor_client):
    page = editor_client.get(change_url(draft())).content.decode()
    assert "What kind of change is this?" not in page


# The dashboard ------------------------------------------------------------------------------------------------


def test_the_dashboard_shows_drafts_review_queue_scheduled_published_today_and_corrections(editor_client):
    editor = staff("Editor")
    client = Client()
    client.force_login(editor)
    draft(by=editor, headline="My own draft")
    draft(headline="Awaiting the desk", status=Article.Status.IN_REVIEW)
    draft(
        headline="Tomorrow's story",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    fresh = ArticleFactory(headline="Fresh this morning", published_at=timezone.now() - timedelta(minutes=5))
    PublicChange.objects.create(article=fresh, kind="correction", note="Spelling of a name", made_by=editor)
    page = client.get("/newsroom/").content.decode()
    for text in [
        "My own draft",
        "Awaiting the desk",
        "Tomorrow&#x27;s story",
        "Fresh this morning",
        "Spelling of a name",
    ]:
        assert text in page


def test_the_dashboard_says_which_stories_its_lists_cover_for_someone_working_in_some_sections():
    defence, region = SectionFactory(name="Defence"), SectionFactory(name="Region")
    reporter = staff("Reporter", sections=[defence, region])
    client = Client()
    client.force_login(reporter)
    page = client.get("/newsroom/").content.decode()
    assert "These lists show stories in Defence and Region, and your own." in page
    assert "No corrections in the last 7 days to stories in Defence and Region, and your own." in page

    everything = Client()
    everything.force_login(staff("Editor"))
    page = everything.get("/newsroom/").content.decode()
    assert "These lists show" not in page and "No corrections in the last 7 days." in page


@pytest.mark.parametrize("count", [2, 25])
def test_the_dashboard_stays_within_its_query_budget(django_assert_max_num_queries, count):
    editor = staff("Editor")
    client = Client()
    client.force_login(editor)
    for index in range(count):
        draft(by=editor, headline=f"Draft {index}")
        draft(headline=f"Review {index}", status=Article.Status.IN_REVIEW)
        ArticleFactory(published_at=timezone.now() - timedelta(minutes=index + 1))
    # Session, user, site settings, groups/permissions for the app list, then one query per dashboard list.
    with django_assert_max_num_queries(12):
        assert client.get("/newsroom/").status_code == 200


def test_flagging_a_story_published_before_the_breaking_window_says_the_banner_will_not_show_it():
    from datetime import timedelta

    from tests.newsroom.helpers import article_form_data, change_url

    old = ArticleFactory(headline="Dam repairs finished", published_at=timezone.now() - timedelta(hours=9))
    client = Client()
    client.force_login(staff("Editor"))
    response = client.post(change_url(old), article_form_data(old, is_breaking="on"), follow=True)
    assert "is flagged breaking but was published more than 6 hours ago" in response.content.decode()
    fresh = ArticleFactory(headline="Quake felt", published_at=timezone.now() - timedelta(minutes=5))
    response = client.post(change_url(fresh), article_form_data(fresh, is_breaking="on"), follow=True)
    assert "is flagged breaking but" not in response.content.decode()


def test_saving_mine_over_a_live_update_asks_the_kind_of_change_again_and_tells_readers(article):
    first, second = Client(), Client()
    first.force_login(staff("Editor"))
    second.force_login(staff("Editor"))
    opened = article_form_data(article)
    their_body = article.body + "<p>Power was restored on Tuesday.</p>"
    first.post(change_url(article), {**opened, "body": their_body, "change_kind": "update"})

    conflict = second.post(change_url(article), {**opened, "standfirst": "Mine.", "change_kind": "minor"})
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert 'name="change_kind" value="minor">' not in page  # the refused choice is not carried over
    assert "Readers see their version now" in page
    resubmit = dict(conflict.context["resubmit"])
    assert "change_kind" not in resubmit

    # Sent back without a kind, the save is refused and nothing changes for readers.
    refused = second.post(change_url(article), {**resubmit, "base_version": 2})
    assert refused.status_code == 200 and "Choose what kind of change" in refused.content.decode()
    article.refresh_from_db()
    assert (article.body, article.version) == (their_body, 2)

    second.post(change_url(article), {**resubmit, "base_version": 2, "change_kind": "update"})
    article.refresh_from_db()
    assert (article.standfirst, article.version) == ("Mine.", 3)
    mine = PublicChange.objects.order_by("-made_at", "-pk").first()
    assert mine.kind == "update"
    assert "<del>Power was restored on Tuesday.</del>" in public_page(article)


def test_a_conflict_on_a_draft_carries_the_text_over_but_not_the_publish_button():
    article = draft(headline="Draft")
    first, second = Client(), Client()
    first.force_login(staff("Editor"))
    second.force_login(staff("Editor"))
    opened = article_form_data(article)
    first.post(change_url(article), {**opened, "headline": "Theirs"})
    pressed = {key: value for key, value in opened.items() if key != "_save"} | {"_publish": "go"}
    conflict = second.post(change_url(article), {**pressed, "headline": "Mine"})
    assert conflict.status_code == 409
    assert "What kind of change" not in conflict.content.decode()
    resubmit = dict(conflict.context["resubmit"])
    assert resubmit["headline"] == "Mine" and resubmit["body"] == article.body
    # The button pressed before their save is not pressed again: "Save mine over theirs" only saves.
    assert "_publish" not in resubmit
    second.post(change_url(article), {**resubmit, "base_version": 2})
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Mine", "draft")


def test_the_dashboard_marks_a_corrected_story_taken_down_since(client):
    editor = staff("Editor")
    client.force_login(editor)
    gone = ArticleFactory(headline="Corrected, then taken down", status=Article.Status.UNPUBLISHED)
    live = ArticleFactory(headline="Corrected and still live")
    for story in (gone, live):
        PublicChange.objects.create(article=story, kind="correction", note="A name", made_by=editor)
    page = client.get("/newsroom/").content.decode()
    assert page.count("Taken down since") == 1
    assert page.index("Corrected, then taken down") < page.index("Taken down since")
