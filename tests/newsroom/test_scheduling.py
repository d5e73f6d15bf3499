"""Scheduling that never misses (battery row 17).

A scheduled article is invisible one second before its time and visible one second after it on every public
route, without any worker running: ArticleQuerySet.public() compares times. The worker (`newsdesk worker --once`)
then records the move (a "go_live" Transition, status published), exactly once, and never early; a worker that
was down while many articles came due catches all of them on restart without moving any publish time.
"""

import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.newsroom.models import Transition
from newsdesk.newsroom.roles import Action
from newsdesk.newsroom.workflow import GO_LIVE, WorkflowError, move, moves_for
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import AuthorFactory, SectionFactory, SourceFactory, TopicFactory, draft, staff
from tests.newsroom.helpers import change_url, move_url

pytestmark = pytest.mark.django_db

# 13:00 in Baku (the site's default zone): the same local day and month on both sides of the second.
T = datetime(2031, 3, 14, 9, 0, 0, tzinfo=UTC)
ONE_SECOND = timedelta(seconds=1)


def run_worker() -> str:
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


@pytest.fixture
def editor():
    return staff("Editor")


@pytest.fixture
def scheduled(editor):
    """A complete draft with a section, topic, author and source, scheduled by an editor for T."""
    with time_machine.travel(T - timedelta(hours=1), tick=False):
        article = draft(
            by=editor,
            headline="Ceasefire monitors arrive in the border villages",
            section=SectionFactory(name="Region"),
            topics=[TopicFactory(name="Ceasefire")],
            authors=[AuthorFactory(name="Aysel Quliyeva")],
            sources=[SourceFactory(name="Report News Agency")],
        )
        move(article, Action.SCHEDULE, by=editor, publish_at=T)
    article.refresh_from_db()
    return article


def listing_urls(article: Article) -> dict[str, str]:
    """Every public list the article belongs on."""
    local = timezone.localtime(article.published_at, SiteSettings.load().zone)
    return {
        "home": reverse("news:home"),
        "section": article.section.get_absolute_url(),
        "topic": article.topics.get().get_absolute_url(),
        "author": article.authors.get().get_absolute_url(),
        "source": article.sources.get().get_absolute_url(),
        "archive month": reverse("news:archive-month", args=[local.year, local.month]),
        "archive day": reverse("news:archive-day", args=[local.year, local.month, local.day]),
    }


def lists_showing(article: Article) -> list[str]:
    client = Client()
    pages = {name: client.get(url) for name, url in listing_urls(article).items()}
    # An archive period that is over with nothing public in it answers 404 (no soft 404s); every other list is
    # always there.
    assert {name: page.status_code for name, page in pages.items() if not name.startswith("archive")} == {
        name: 200 for name in pages if not name.startswith("archive")
    }
    for name in ("archive month", "archive day"):
        assert pages[name].status_code == 200 or not pages[name].context["page"].items
    return [
        name
        for name, page in pages.items()
        if article.get_absolute_url() in page.text or article.headline in page.text
    ]


def own_url_statuses(article: Article) -> dict[str, int]:
    client = Client()
    return {
        "by id": client.get(reverse("news:article-by-id", args=[article.pk])).status_code,
        "canonical": client.get(article.get_absolute_url()).status_code,
    }


def go_live_transitions(articles) -> list[Transition]:
    return list(Transition.objects.filter(action=GO_LIVE, article__in=articles))


# --- visible by the clock alone ---------------------------------------------------------------------------------


def test_scheduling_stores_the_time_and_the_scheduled_status(scheduled):
    assert (scheduled.status, scheduled.published_at) == (Article.Status.SCHEDULED, T)


def test_scheduled_article_is_on_no_list_one_second_before_its_time(scheduled):
    with time_machine.travel(T - ONE_SECOND, tick=False):
        assert lists_showing(scheduled) == []


def test_scheduled_article_urls_answer_404_one_second_before_its_time(scheduled):
    with time_machine.travel(T - ONE_SECOND, tick=False):
        assert own_url_statuses(scheduled) == {"by id": 404, "canonical": 404}


def test_scheduled_article_is_on_every_list_one_second_after_its_time_without_a_worker(scheduled):
    with time_machine.travel(T + ONE_SECOND, tick=False):
        assert lists_showing(scheduled) == list(listing_urls(scheduled))
    assert Article.objects.get(pk=scheduled.pk).status == Article.Status.SCHEDULED  # no worker ran


def test_scheduled_article_urls_answer_one_second_after_its_time_without_a_worker(scheduled):
    with time_machine.travel(T + ONE_SECOND, tick=False):
        client = Client()
        by_id = client.get(reverse("news:article-by-id", args=[scheduled.pk]))
        page = client.get(scheduled.get_absolute_url())
    assert (by_id.status_code, by_id["Location"]) == (301, scheduled.get_absolute_url())
    assert page.status_code == 200
    assert scheduled.headline in page.text


def test_scheduled_article_is_public_at_exactly_its_time(scheduled):
    with time_machine.travel(T - timedelta(microseconds=1), tick=False):
        assert not Article.objects.public().filter(pk=scheduled.pk).exists()
    with time_machine.travel(T, tick=False):
        assert Article.objects.public().filter(pk=scheduled.pk).exists()


# --- the worker records the move ------------------------------------------------------------------------------


def test_worker_after_the_time_records_go_live_and_publishes(scheduled):
    with time_machine.travel(T + ONE_SECOND, tick=False):
        output = run_worker()
    scheduled.refresh_from_db()
    [transition] = go_live_transitions([scheduled])
    assert (transition.from_status, transition.to_status, transition.actor) == (
        "scheduled",
        "published",
        None,
    )
    assert scheduled.status == Article.Status.PUBLISHED
    assert f"Went live: {scheduled.pk}" in output


def test_worker_going_live_keeps_the_scheduled_time(scheduled):
    with time_machine.travel(T + timedelta(minutes=5), tick=False):
        run_worker()
    scheduled.refresh_from_db()
    assert scheduled.published_at == T


def test_worker_run_twice_records_go_live_once(scheduled):
    with time_machine.travel(T + ONE_SECOND, tick=False):
        run_worker()
        version = Article.objects.get(pk=scheduled.pk).version
        second_output = run_worker()
    assert len(go_live_transitions([scheduled])) == 1
    assert Article.objects.get(pk=scheduled.pk).version == version
    assert "Went live" not in second_output


def test_worker_before_the_time_changes_nothing(scheduled):
    with time_machine.travel(T - ONE_SECOND, tick=False):
        run_worker()
    after = Article.objects.get(pk=scheduled.pk)
    assert (after.status, after.published_at, after.version) == (
        Article.Status.SCHEDULED,
        T,
        scheduled.version,
    )
    assert go_live_transitions([scheduled]) == []


# --- row 17: a worker that was down catches everything on restart ----------------------------------------------


@pytest.fixture
def twenty_scheduled(editor):
    """20 articles scheduled between T+10s and T+100s, spread over the 90 seconds."""
    section = SectionFactory()
    articles = []
    with time_machine.travel(T - timedelta(minutes=5), tick=False):
        for number in range(20):
            article = draft(by=editor, section=section, headline=f"Scheduled story {number}")
            move(
                article,
                Action.SCHEDULE,
                by=editor,
                publish_at=T + timedelta(seconds=10 + round(number * 90 / 19)),
            )
            article.refresh_from_db()
            articles.append(article)
    return articles


def public_among(articles) -> set[int]:
    return set(Article.objects.public().filter(pk__in=[a.pk for a in articles]).values_list("pk", flat=True))


def test_twenty_scheduled_span_ten_to_a_hundred_seconds(twenty_scheduled):
    times = [article.published_at for article in twenty_scheduled]
    assert (min(times), max(times), len(set(times))) == (
        T + timedelta(seconds=10),
        T + timedelta(seconds=100),
        20,
    )


def test_worker_at_t_publishes_none_of_twenty_not_yet_due(twenty_scheduled):
    with time_machine.travel(T, tick=False):
        run_worker()
    statuses = set(
        Article.objects.filter(pk__in=[a.pk for a in twenty_scheduled]).values_list("status", flat=True)
    )
    assert statuses == {Article.Status.SCHEDULED}
    assert go_live_transitions(twenty_scheduled) == []


def test_worker_restarted_after_all_came_due_publishes_all_twenty_once(twenty_scheduled):
    with time_machine.travel(T, tick=False):
        run_worker()
    with time_machine.travel(T + timedelta(seconds=120), tick=False):
        run_worker()
    after = Article.objects.filter(pk__in=[a.pk for a in twenty_scheduled])
    assert {article.status for article in after} == {Article.Status.PUBLISHED}
    transitions = go_live_transitions(twenty_scheduled)
    assert sorted(t.article_id for t in transitions) == sorted(a.pk for a in twenty_scheduled)
    assert {(t.from_status, t.to_status, t.actor_id) for t in transitions} == {
        ("scheduled", "published", None)
    }


def test_worker_restart_moves_no_publish_time(twenty_scheduled):
    with time_machine.travel(T, tick=False):
        run_worker()
    with time_machine.travel(T + timedelta(seconds=120), tick=False):
        run_worker()
    scheduled_times = {article.pk: article.published_at for article in twenty_scheduled}
    after = dict(Article.objects.filter(pk__in=scheduled_times).values_list("pk", "published_at"))
    assert after == scheduled_times


@pytest.mark.parametrize("seconds_after_t", [0, 9, 30, 55, 99, 100, 120])
def test_of_twenty_exactly_those_due_are_public_at_each_instant(twenty_scheduled, seconds_after_t):
    instant = T + timedelta(seconds=seconds_after_t)
    with time_machine.travel(instant, tick=False):
        run_worker()
        public = public_among(twenty_scheduled)
    assert public == {article.pk for article in twenty_scheduled if article.published_at <= instant}


def test_none_of_twenty_is_public_a_millisecond_before_its_own_time(twenty_scheduled):
    early = []
    for article in twenty_scheduled:
        with time_machine.travel(article.published_at - timedelta(milliseconds=1), tick=False):
            if Article.objects.public().filter(pk=article.pk).exists():
                early.append(article.pk)
    assert early == []


def test_each_of_twenty_is_public_at_its_own_time(twenty_scheduled):
    late = []
    for article in twenty_scheduled:
        with time_machine.travel(article.published_at, tick=False):
            if not Article.objects.public().filter(pk=article.pk).exists():
                late.append(article.pk)
    assert late == []


# --- what scheduling refuses ----------------------------------------------------------------------------------


def unchanged(article: Article) -> bool:
    after = Article.objects.get(pk=article.pk)
    return (after.status, after.published_at, after.version, after.transitions.count()) == (
        article.status,
        article.published_at,
        article.version,
        0,
    )


@pytest.mark.parametrize(
    "publish_at",
    [T - timedelta(minutes=1), T - ONE_SECOND, T, None],
    ids=["a minute ago", "a second ago", "now", "no time"],
)
def test_scheduling_without_a_future_time_raises_and_changes_nothing(editor, publish_at):
    with time_machine.travel(T, tick=False):
        article = draft(by=editor)
        with pytest.raises(WorkflowError):
            move(article, Action.SCHEDULE, by=editor, publish_at=publish_at)
    assert unchanged(article)


def test_contributor_cannot_schedule_their_own_draft():
    contributor = staff("Contributor")
    with time_machine.travel(T, tick=False):
        article = draft(by=contributor)
        with pytest.raises(WorkflowError):
            move(article, Action.SCHEDULE, by=contributor, publish_at=T + timedelta(hours=1))
    assert unchanged(article)


def test_unschedule_returns_the_article_to_draft(scheduled, editor):
    with time_machine.travel(T - timedelta(minutes=10), tick=False):
        transition = move(scheduled, Action.UNSCHEDULE, by=editor)
    assert Article.objects.get(pk=scheduled.pk).status == Article.Status.DRAFT
    assert (transition.from_status, transition.to_status) == ("scheduled", "draft")


def test_unscheduled_article_stays_hidden_and_the_worker_leaves_it_after_its_old_time(scheduled, editor):
    with time_machine.travel(T - timedelta(minutes=10), tick=False):
        move(scheduled, Action.UNSCHEDULE, by=editor)
    with time_machine.travel(T + ONE_SECOND, tick=False):
        run_worker()
        assert lists_showing(scheduled) == []
        assert own_url_statuses(scheduled) == {"by id": 404, "canonical": 404}
    assert Article.objects.get(pk=scheduled.pk).status == Article.Status.DRAFT
    assert go_live_transitions([scheduled]) == []


# --- rescheduling, and what a story whose time has come can no longer be moved to -------------------------------
# A scheduled story's time changes in one move (scheduled → scheduled), recorded with both times. Once its time
# has come it is public by the clock alone, before the worker records it, so moving it back (to a draft, to the
# writer or to a later time) would take it off the site without the reason a take-down asks for: those moves are
# refused and not offered.

LATER, EARLIER = T + timedelta(hours=2), T - timedelta(minutes=30)


def local(moment) -> str:
    return f"{timezone.localtime(moment, SiteSettings.load().zone):%-d %b %Y, %H:%M}"


def test_rescheduling_later_keeps_the_story_hidden_past_its_old_time(scheduled, editor):
    with time_machine.travel(T - timedelta(minutes=10), tick=False):
        move(scheduled, Action.RESCHEDULE, by=editor, publish_at=LATER)
    with time_machine.travel(T + ONE_SECOND, tick=False):
        run_worker()
        assert lists_showing(scheduled) == []
        assert own_url_statuses(scheduled) == {"by id": 404, "canonical": 404}
    assert go_live_transitions([scheduled]) == []
    with time_machine.travel(LATER + ONE_SECOND, tick=False):
        assert "home" in lists_showing(scheduled)
        run_worker()
    assert len(go_live_transitions([scheduled])) == 1
    assert Article.objects.get(pk=scheduled.pk).published_at == LATER


def test_rescheduling_earlier_shows_the_story_at_the_new_time_without_a_worker(scheduled, editor):
    with time_machine.travel(EARLIER - timedelta(minutes=10), tick=False):
        move(scheduled, Action.RESCHEDULE, by=editor, publish_at=EARLIER)
    with time_machine.travel(EARLIER - ONE_SECOND, tick=False):
        assert lists_showing(scheduled) == []
    with time_machine.travel(EARLIER + ONE_SECOND, tick=False):
        assert own_url_statuses(scheduled) == {"by id": 301, "canonical": 200}
        assert "home" in lists_showing(scheduled)


def test_a_reschedule_is_recorded_with_the_old_and_the_new_time_and_the_editors_note(scheduled, editor):
    with time_machine.travel(T - timedelta(minutes=10), tick=False):
        transition = move(
            scheduled, Action.RESCHEDULE, by=editor, publish_at=LATER, note="Embargo moved by the ministry"
        )
    assert (transition.action, transition.from_status, transition.to_status) == (
        "reschedule",
        "scheduled",
        "scheduled",
    )
    assert transition.note == f"from {local(T)} to {local(LATER)}: Embargo moved by the ministry"
    assert Article.objects.get(pk=scheduled.pk).version == scheduled.version + 1


@pytest.mark.parametrize(
    "publish_at",
    [None, T - timedelta(hours=2), T - timedelta(minutes=10), T, T + timedelta(seconds=30)],
    ids=["no time", "the past", "now", "the same time", "the same minute"],
)
def test_a_reschedule_without_a_new_future_time_is_refused_and_changes_nothing(scheduled, editor, publish_at):
    with time_machine.travel(T - timedelta(minutes=10), tick=False), pytest.raises(WorkflowError):
        move(scheduled, Action.RESCHEDULE, by=editor, publish_at=publish_at)
    after = Article.objects.get(pk=scheduled.pk)
    assert (after.status, after.published_at, after.version) == ("scheduled", T, scheduled.version)


@pytest.mark.parametrize("role", ["Contributor", "Reporter"])
def test_writers_cannot_reschedule(scheduled, role):
    writer = staff(role)
    with time_machine.travel(T - timedelta(minutes=10), tick=False), pytest.raises(WorkflowError):
        move(scheduled, Action.RESCHEDULE, by=writer, publish_at=LATER)
    assert Article.objects.get(pk=scheduled.pk).published_at == T


@pytest.mark.parametrize("action", [Action.RESCHEDULE, Action.UNSCHEDULE, Action.RETURN])
def test_a_story_whose_time_has_come_cannot_be_pulled_back_before_the_worker_records_it(
    scheduled, editor, action
):
    with time_machine.travel(T + timedelta(minutes=5), tick=False):
        with pytest.raises(WorkflowError, match=r"Readers have had this story since .* Take it down instead"):
            move(scheduled, action, by=editor, publish_at=LATER)
        assert own_url_statuses(scheduled)["canonical"] == 200
    assert Article.objects.get(pk=scheduled.pk).transitions.filter(action=action).count() == 0


def test_a_story_whose_time_has_come_is_offered_only_publish_and_take_down(scheduled, editor):
    with time_machine.travel(T - ONE_SECOND, tick=False):
        before = {spec.action for spec in moves_for(editor, scheduled)}
    with time_machine.travel(T + ONE_SECOND, tick=False):
        after = {spec.action for spec in moves_for(editor, scheduled)}
        move(scheduled, Action.TAKE_DOWN, by=editor, note="Embargo broken by mistake")
    assert before == {Action.RESCHEDULE, Action.UNSCHEDULE, Action.RETURN, Action.PUBLISH}
    assert after == {Action.PUBLISH, Action.TAKE_DOWN}
    assert Article.objects.get(pk=scheduled.pk).status == Article.Status.UNPUBLISHED


# --- in the editor ------------------------------------------------------------------------------------------------


def test_the_editor_page_offers_reschedule_with_the_current_time_filled_in_in_the_outlets_zone(
    scheduled, editor
):
    site = SiteSettings.load()
    site.time_zone = "America/New_York"  # not the server's TIME_ZONE, so a time in the wrong zone shows
    site.save()
    client = Client()
    with time_machine.travel(T - timedelta(minutes=10), tick=False):
        client.force_login(editor)  # at the travelled time: a session from 2026 has expired by 2031
        page = client.get(change_url(scheduled)).text
    at = timezone.localtime(T, site.zone)
    assert f"{at:%H:%M}" == "05:00"
    assert f'name="publish_at" required value="{at:%Y-%m-%dT%H:%M}"' in page
    assert '<button type="submit" class="button" name="move" value="reschedule">Reschedule</button>' in page


def test_rescheduling_from_the_editor_page_says_the_new_time(scheduled, editor):
    client = Client()
    at = timezone.localtime(LATER, SiteSettings.load().zone)
    with time_machine.travel(T - timedelta(minutes=10), tick=False):
        client.force_login(editor)
        response = client.post(
            move_url(scheduled, "reschedule"),
            {"publish_at": f"{at:%Y-%m-%dT%H:%M}", "seen_version": scheduled.version},
        )
        page = client.get(response["Location"]).text
    assert f"now goes live {local(LATER)} (moved from {local(T)})." in page
    assert f"from {local(T)} to {local(LATER)}" in page  # the history
    assert Transition.objects.filter(article=scheduled, action="reschedule").count() == 1


def test_rescheduling_a_story_that_went_live_meanwhile_is_refused_on_the_editor_page(scheduled, editor):
    client = Client()
    with time_machine.travel(T + timedelta(minutes=1), tick=False):
        client.force_login(editor)
        response = client.post(
            move_url(scheduled, "reschedule"),
            {"publish_at": "2031-03-14T18:00", "seen_version": scheduled.version},
        )
        page = client.get(response["Location"]).text
    assert f"Readers have had this story since {local(T)}" in page
    assert Article.objects.get(pk=scheduled.pk).published_at == T


def test_a_story_scheduled_for_later_cannot_be_taken_down_only_unscheduled(scheduled, editor):
    """Taken down, it would have only "Publish again" (at once) to come back by; readers have not seen it."""
    with (
        time_machine.travel(T - timedelta(minutes=10), tick=False),
        pytest.raises(WorkflowError, match="readers have not seen it: unschedule it"),
    ):
        move(scheduled, Action.TAKE_DOWN, by=editor, note="Embargo")
    assert Article.objects.get(pk=scheduled.pk).status == Article.Status.SCHEDULED


def test_a_refused_reschedule_says_the_story_keeps_its_time(scheduled, editor):
    with (
        time_machine.travel(T - timedelta(minutes=10), tick=False),
        pytest.raises(WorkflowError, match=re.escape(f"It stays scheduled for {local(T)}")),
    ):
        move(scheduled, Action.RESCHEDULE, by=editor, publish_at=T - timedelta(hours=1))


def test_the_history_says_for_when_a_story_was_scheduled(scheduled):
    assert scheduled.transitions.get(action="schedule").note == f"for {local(T)}"


def test_the_editor_page_says_live_since_once_the_time_has_come_before_the_worker_records_it(
    scheduled, editor
):
    client = Client()
    with time_machine.travel(T + timedelta(minutes=2), tick=False):
        client.force_login(editor)
        page = client.get(change_url(scheduled)).text
    assert f"live since {local(T)}" in page and f"goes live {local(T)}" not in page
