"""Every workflow move from every state: the legal ones happen and are recorded, the rest change nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsdesk.news.models import Article, Byline
from newsdesk.newsroom import tasks, workflow
from newsdesk.newsroom.models import Transition
from newsdesk.newsroom.roles import Action
from tests.factories import AuthorFactory, SectionFactory, draft, staff
from tests.newsroom.helpers import article_form_data

pytestmark = pytest.mark.django_db
Status = Article.Status

LEGAL = {
    (Status.DRAFT, Action.SUBMIT): Status.IN_REVIEW,
    (Status.DRAFT, Action.PUBLISH): Status.PUBLISHED,
    (Status.DRAFT, Action.SCHEDULE): Status.SCHEDULED,
    (Status.IN_REVIEW, Action.RETURN): Status.DRAFT,
    (Status.IN_REVIEW, Action.PUBLISH): Status.PUBLISHED,
    (Status.IN_REVIEW, Action.SCHEDULE): Status.SCHEDULED,
    (Status.SCHEDULED, Action.PUBLISH): Status.PUBLISHED,
    (Status.SCHEDULED, Action.RESCHEDULE): Status.SCHEDULED,
    (Status.SCHEDULED, Action.UNSCHEDULE): Status.DRAFT,
    (Status.SCHEDULED, Action.RETURN): Status.DRAFT,
    (Status.PUBLISHED, Action.TAKE_DOWN): Status.UNPUBLISHED,
    (Status.UNPUBLISHED, Action.REPUBLISH): Status.PUBLISHED,
}
MOVES = [action for action in Action if action not in (Action.EDIT, Action.DELETE)]


def article_in(status: str) -> Article:
    published_at = {
        Status.SCHEDULED: timezone.now() + timedelta(hours=2),
        Status.PUBLISHED: timezone.now() - timedelta(hours=2),
        Status.UNPUBLISHED: timezone.now() - timedelta(hours=2),
    }.get(status)
    return draft(status=status, published_at=published_at)


def arguments(action: Action) -> dict:
    return {
        Action.SCHEDULE: {"publish_at": timezone.now() + timedelta(hours=5)},
        Action.RESCHEDULE: {"publish_at": timezone.now() + timedelta(hours=5)},
        Action.TAKE_DOWN: {"note": "Legal request"},
    }.get(action, {})


@pytest.mark.parametrize("action", MOVES)
@pytest.mark.parametrize("status", list(Status))
def test_each_move_from_each_state_happens_only_where_the_workflow_allows_it(status, action):
    editor = staff("Editor")
    article = article_in(status)
    if (status, action) in LEGAL:
        transition = workflow.move(article, action, by=editor, **arguments(action))
        article.refresh_from_db()
        assert article.status == LEGAL[(status, action)]
        assert (transition.actor, transition.from_status, transition.to_status) == (
            editor,
            status,
            article.status,
        )
        assert transition.action == action and transition.at is not None
        assert article.version == 2
    else:
        with pytest.raises(workflow.WorkflowError):
            workflow.move(article, action, by=editor, **arguments(action))
        article.refresh_from_db()
        assert (article.status, article.version) == (status, 1)
        assert not Transition.objects.exists()


def test_a_move_records_its_note():
    editor = staff("Editor")
    article = article_in(Status.PUBLISHED)
    workflow.move(article, Action.TAKE_DOWN, by=editor, note="Court order 12/3")
    assert Transition.objects.get().note == "Court order 12/3"


def test_taking_down_needs_a_reason():
    article = article_in(Status.PUBLISHED)
    with pytest.raises(workflow.WorkflowError, match="reason"):
        workflow.move(article, Action.TAKE_DOWN, by=staff("Editor"), note="   ")
    article.refresh_from_db()
    assert article.is_public


@pytest.mark.parametrize("missing", ["standfirst", "byline"])
def test_review_needs_headline_standfirst_section_and_a_byline(missing):
    writer = staff("Contributor")
    article = draft(by=writer)
    if missing == "standfirst":
        Article.objects.filter(pk=article.pk).update(standfirst="")
    else:
        Byline.objects.filter(article=article).delete()
    with pytest.raises(workflow.WorkflowError, match="needs"):
        workflow.move(article, Action.SUBMIT, by=writer)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_publishing_sets_the_publication_time_to_now():
    article = article_in(Status.IN_REVIEW)
    workflow.move(article, Action.PUBLISH, by=staff("Editor"))
    article.refresh_from_db()
    assert abs((article.published_at - timezone.now()).total_seconds()) < 60
    assert Article.objects.public().filter(pk=article.pk).exists()


def test_publishing_again_after_a_take_down_keeps_the_first_publication_time():
    article = article_in(Status.UNPUBLISHED)
    first = article.published_at
    workflow.move(article, Action.REPUBLISH, by=staff("Editor"))
    article.refresh_from_db()
    assert article.published_at == first


def test_a_contributor_may_submit_their_own_draft_but_not_publish_it():
    writer = staff("Contributor")
    article = draft(by=writer)
    workflow.move(article, Action.SUBMIT, by=writer)
    with pytest.raises(workflow.WorkflowError):
        workflow.move(article, Action.PUBLISH, by=writer)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_the_move_buttons_offered_match_what_the_person_may_do():
    writer, editor = staff("Contributor"), staff("Editor")
    article = draft(by=writer)
    assert [move.action for move in workflow.moves_for(writer, article)] == [Action.SUBMIT]
    assert {move.action for move in workflow.moves_for(editor, article)} == {
        Action.SUBMIT,
        Action.PUBLISH,
        Action.SCHEDULE,
    }


# Battery row 15: a failure at any step of publishing leaves no half-published article and fires nothing.


class Boom(Exception):
    pass


def _fail(*args, **kwargs):
    raise Boom


@pytest.fixture
def announced():
    reasons = []

    def receiver(sender, article, reason, **kwargs):
        reasons.append((article.pk, reason))

    tasks.public_article_changed.connect(receiver)
    yield reasons
    tasks.public_article_changed.disconnect(receiver)


@pytest.mark.parametrize("step", ["lock", "save", "transition"])
def test_a_crash_at_any_step_of_publishing_leaves_no_trace(
    step, monkeypatch, announced, django_capture_on_commit_callbacks
):
    article = article_in(Status.IN_REVIEW)
    target = {
        "lock": (Article.objects.__class__, "select_for_update"),
        "save": (Article, "save"),
        "transition": (Transition.objects.__class__, "create"),
    }[step]
    monkeypatch.setattr(*target, _fail)
    with pytest.raises(Boom), django_capture_on_commit_callbacks(execute=True):
        workflow.move(article, Action.PUBLISH, by=staff("Editor"))
    monkeypatch.undo()
    article.refresh_from_db()
    assert (article.status, article.version, article.published_at) == (Status.IN_REVIEW, 1, None)
    assert not Transition.objects.exists()
    assert announced == []


def test_a_lost_announcement_is_repaired_by_one_reconcile_run(
    monkeypatch, announced, django_capture_on_commit_callbacks
):
    article = article_in(Status.IN_REVIEW)
    monkeypatch.setattr(tasks, "after_transition", _fail)
    with pytest.raises(Boom), django_capture_on_commit_callbacks(execute=True):
        workflow.move(article, Action.PUBLISH, by=staff("Editor"))
    monkeypatch.undo()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and announced == []
    call_command("reconcile", stdout=StringIO())
    assert announced == [(article.pk, "reconcile")]


def test_publishing_announces_the_public_change_only_after_the_commit(
    announced, django_capture_on_commit_callbacks
):
    article = article_in(Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.move(article, Action.PUBLISH, by=staff("Editor"))
    assert announced == []
    for callback in callbacks:
        callback()
    assert announced == [(article.pk, "publish")]


def test_scheduling_more_than_five_years_ahead_is_refused():
    article = article_in(Status.DRAFT)
    with pytest.raises(workflow.WorkflowError, match="five years"):
        workflow.move(
            article, Action.SCHEDULE, by=staff("Editor"), publish_at=timezone.now() + timedelta(days=3000)
        )


def test_the_editor_offers_a_note_when_returning_a_story_and_names_the_scheduling_time_zone(client):
    from newsdesk.sitesettings.models import SiteSettings

    SiteSettings.objects.update_or_create(pk=1, defaults={"time_zone": "Asia/Baku"})
    article = article_in(Status.IN_REVIEW)
    client.force_login(staff("Editor"))
    page = client.get(f"/newsroom/news/article/{article.pk}/change/").content.decode()
    assert 'What needs doing <input type="text" name="note" maxlength="2000" placeholder="optional">' in page
    assert "Time (Asia/Baku)" in page
    client.post(f"/newsroom/news/article/{article.pk}/move/return/", {"note": "Needs a second source"})
    assert Transition.objects.get(article=article, action="return").note == "Needs a second source"


# -- the new article's page: save and move on in one step ------------------------------------------------------


def new_article_post(client, button: str, **overrides):
    section = SectionFactory()
    data = {
        **article_form_data(draft(section=section), headline="Quake felt in Shamakhi", base_version=None),
        "slug": "",
        "section": section.pk,
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": AuthorFactory().pk,
        "bylines-0-order": "0",
        button: "go",
        **overrides,
    }
    data.pop("_save", None)
    return client.post("/newsroom/news/article/add/", data)


def test_an_editor_publishes_a_new_story_from_its_first_page():
    client = Client()
    client.force_login(staff("Editor"))
    assert 'name="_publish" value="Save and publish now"' in client.get("/newsroom/news/article/add/").text
    response = new_article_post(client, "_publish")
    article = Article.objects.get(headline="Quake felt in Shamakhi")
    assert response["Location"] == f"/newsroom/news/article/{article.pk}/change/"
    assert article.status == Article.Status.PUBLISHED and article.is_public


def test_a_reporter_submits_a_new_story_for_review_from_its_first_page():
    client = Client()
    client.force_login(staff("Reporter"))
    assert (
        'name="_submit" value="Save and submit for review"' in client.get("/newsroom/news/article/add/").text
    )
    new_article_post(client, "_submit")
    assert Article.objects.get(headline="Quake felt in Shamakhi").status == Article.Status.IN_REVIEW


def test_a_new_story_missing_what_publishing_needs_is_kept_as_a_draft_with_the_reason():
    client = Client()
    client.force_login(staff("Editor"))
    response = new_article_post(client, "_publish", **{"bylines-TOTAL_FORMS": "0"})
    article = Article.objects.get(headline="Quake felt in Shamakhi")
    assert article.status == Article.Status.DRAFT
    notice = client.get(response["Location"]).text
    assert "is saved as draft, not moved on: Before this step the article needs" in notice


def test_an_editor_saves_and_publishes_a_draft_from_its_page_in_one_step():
    client = Client()
    client.force_login(staff("Editor"))
    article = draft(headline="Ferry stopped at Alat")
    url = f"/newsroom/news/article/{article.pk}/change/"
    assert 'name="_publish" value="Save and publish now"' in client.get(url).text
    data = article_form_data(article, headline="Ferry stopped at Alat port", _publish="go")
    data.pop("_save")
    response = client.post(url, data)
    assert response["Location"] == url
    article.refresh_from_db()
    assert (article.headline, article.status, article.is_public) == (
        "Ferry stopped at Alat port",
        "published",
        True,
    )
    assert "is now published" in client.get(url).text


def test_a_draft_that_cannot_go_out_yet_keeps_the_edit_and_says_why():
    client = Client()
    client.force_login(staff("Editor"))
    article = draft(headline="Ferry stopped", standfirst="Before.")
    data = article_form_data(article, standfirst="", _publish="go")
    data.pop("_save")
    response = client.post(f"/newsroom/news/article/{article.pk}/change/", data)
    article.refresh_from_db()
    assert (article.status, article.standfirst, article.version) == ("draft", "", 2)
    assert "is saved as draft, not moved on: Before this step the article needs a standfirst" in (
        client.get(response["Location"]).text
    )


def test_the_publish_button_is_still_there_when_the_form_comes_back_with_an_error():
    client = Client()
    client.force_login(staff("Editor"))
    article = draft(headline="Ferry stopped")
    data = article_form_data(article, headline="", _publish="go")
    data.pop("_save")
    page = client.post(f"/newsroom/news/article/{article.pk}/change/", data)
    assert page.status_code == 200 and page.context["adminform"].form.errors
    assert 'name="_publish" value="Save and publish now"' in page.text


def test_a_reporter_sending_the_publish_button_on_a_draft_page_keeps_a_saved_draft():
    reporter = staff("Reporter")
    client = Client()
    client.force_login(reporter)
    mine = draft(by=reporter, headline="Mine")
    data = article_form_data(mine, headline="Mine, edited", _publish="go")
    data.pop("_save")
    response = client.post(f"/newsroom/news/article/{mine.pk}/change/", data)
    mine.refresh_from_db()
    assert (mine.headline, mine.status) == ("Mine, edited", "draft")
    assert "not moved on" in client.get(response["Location"]).text


def test_a_reporter_is_offered_save_and_submit_on_a_draft_and_a_live_story_offers_neither():
    reporter = staff("Reporter")
    client = Client()
    client.force_login(reporter)
    mine = draft(by=reporter)
    page = client.get(f"/newsroom/news/article/{mine.pk}/change/").text
    assert 'name="_submit" value="Save and submit for review"' in page and 'name="_publish"' not in page
    editor = Client()
    editor.force_login(staff("Editor"))
    live = article_in(Status.PUBLISHED)
    page = editor.get(f"/newsroom/news/article/{live.pk}/change/").text
    assert 'name="_publish"' not in page and 'name="_submit"' not in page


def test_a_reporter_cannot_publish_a_new_story_by_sending_the_editors_button():
    client = Client()
    client.force_login(staff("Reporter"))
    new_article_post(client, "_publish")
    assert Article.objects.get(headline="Quake felt in Shamakhi").status == Article.Status.DRAFT


def test_scheduling_says_when_the_story_goes_live_in_the_outlets_time():
    client = Client()
    client.force_login(staff("Editor"))
    article = draft(headline="Budget vote")
    url = f"/newsroom/news/article/{article.pk}/move/schedule/"
    from newsdesk.sitesettings.models import SiteSettings

    at = timezone.localtime(timezone.now() + timedelta(days=2), SiteSettings.load().zone)
    response = client.post(
        url, {"publish_at": at.strftime("%Y-%m-%dT%H:%M"), "seen_version": article.version}
    )
    page = client.get(response["Location"]).text
    assert f"“Budget vote” is now scheduled: it goes live {at:%-d %b %Y, %H:%M}." in page


# --- Save and schedule, from the first page or a draft's page ----------------------------------------------------


def in_two_days_local():
    from newsdesk.sitesettings.models import SiteSettings

    return timezone.localtime(timezone.now() + timedelta(days=2), SiteSettings.load().zone).replace(
        second=0, microsecond=0
    )


def test_an_editor_schedules_a_new_story_from_its_first_page():
    client = Client()
    client.force_login(staff("Editor"))
    page = client.get("/newsroom/news/article/add/").text
    assert 'name="schedule_at"' in page and 'name="_schedule" value="Save and schedule"' in page
    at = in_two_days_local()
    response = new_article_post(client, "_schedule", schedule_at=f"{at:%Y-%m-%dT%H:%M}")
    article = Article.objects.get(headline="Quake felt in Shamakhi")
    assert (article.status, article.published_at, article.is_public) == ("scheduled", at, False)
    assert f"is now scheduled: it goes live {at:%-d %b %Y, %H:%M}." in client.get(response["Location"]).text


@pytest.mark.parametrize(
    ("schedule_at", "reason"),
    [
        ("", "Choose a publication time in the future."),
        ("2020-01-01T10:00", "Choose a publication time in the future."),
        ("next Tuesday", "Enter a valid date/time."),
        ("9999-12-31T23:00", "Choose a publication time this millennium."),
    ],
    ids=["no time", "the past", "not a time", "absurd"],
)
def test_save_and_schedule_without_a_usable_time_keeps_the_story_as_a_draft_and_says_why(schedule_at, reason):
    client = Client()
    client.force_login(staff("Editor"))
    response = new_article_post(client, "_schedule", schedule_at=schedule_at)
    article = Article.objects.get(headline="Quake felt in Shamakhi")
    assert article.status == Article.Status.DRAFT
    notice = client.get(response["Location"]).text
    assert "is saved as draft, not" in notice and reason in notice


def test_an_editor_saves_and_schedules_a_draft_from_its_page():
    client = Client()
    client.force_login(staff("Editor"))
    article = draft(headline="Budget vote")
    url = f"/newsroom/news/article/{article.pk}/change/"
    assert 'name="_schedule" value="Save and schedule"' in client.get(url).text
    at = in_two_days_local()
    data = article_form_data(article, headline="Budget vote on Friday", _schedule="go")
    data["schedule_at"] = f"{at:%Y-%m-%dT%H:%M}"
    data.pop("_save")
    client.post(url, data)
    article.refresh_from_db()
    assert (article.headline, article.status, article.published_at) == (
        "Budget vote on Friday",
        "scheduled",
        at,
    )


def test_writers_are_not_offered_save_and_schedule_and_cannot_send_it():
    reporter = staff("Reporter")
    client = Client()
    client.force_login(reporter)
    assert 'name="_schedule"' not in client.get("/newsroom/news/article/add/").text
    mine = draft(by=reporter)
    assert 'name="_schedule"' not in client.get(f"/newsroom/news/article/{mine.pk}/change/").text
    new_article_post(client, "_schedule", schedule_at=f"{in_two_days_local():%Y-%m-%dT%H:%M}")
    assert Article.objects.get(headline="Quake felt in Shamakhi").status == Article.Status.DRAFT


def test_a_plain_save_with_a_time_in_the_go_live_box_says_the_story_is_not_scheduled():
    client = Client()
    client.force_login(staff("Editor"))
    response = new_article_post(client, "_continue", schedule_at=f"{in_two_days_local():%Y-%m-%dT%H:%M}")
    article = Article.objects.get(headline="Quake felt in Shamakhi")
    assert article.status == Article.Status.DRAFT
    assert "not scheduled: the time you entered is used only by Save and schedule" in (
        client.get(response["Location"]).text
    )
