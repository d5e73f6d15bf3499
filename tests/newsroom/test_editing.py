"""No lost edits: version-checked saves, the conflict screen, soft locks, autosave and revisions."""

import random
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from newsdesk.newsroom.models import EditLock, Revision
from tests.factories import draft, staff
from tests.newsroom.helpers import article_form_data, change_url

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article():
    return draft(headline="Original headline", body="<p>Original text.</p>")


def test_a_save_raises_the_version_and_keeps_a_revision(article):
    editor = staff("Editor")
    response = signed_in(editor).post(
        change_url(article), article_form_data(article, headline="Second headline")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Second headline", 2)
    revision = article.revisions.get()
    assert (revision.version, revision.headline, revision.saved_by) == (2, "Second headline", editor)


def test_a_save_from_a_stale_version_is_refused_with_both_versions_shown_and_its_text_kept(article):
    first, second = staff("Editor", first_name="Aynur"), staff("Editor", first_name="Kamran")
    opened = article_form_data(article)
    signed_in(first).post(change_url(article), {**opened, "headline": "Aynur's headline"})
    response = signed_in(second).post(
        change_url(article), {**opened, "headline": "Kamran's headline", "body": "<p>Kamran's text.</p>"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Your save was not applied" in page
    assert "<del>Aynur&#x27;s</del>" in page and "<ins>Kamran&#x27;s</ins>" in page
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Aynur's headline", 2)
    kept = Revision.objects.get(kind=Revision.Kind.CONFLICT)
    assert (kept.headline, kept.body, kept.saved_by) == ("Kamran's headline", "<p>Kamran's text.</p>", second)


def test_the_refused_editor_can_save_their_version_over_the_other(article):
    first, second = staff("Editor"), staff("Editor")
    opened = article_form_data(article)
    signed_in(first).post(change_url(article), {**opened, "headline": "First wins"})
    client = signed_in(second)
    client.post(change_url(article), {**opened, "headline": "Second insists"})
    response = client.post(change_url(article), {**opened, "headline": "Second insists", "base_version": 2})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Second insists", 3)


def test_a_save_without_the_version_it_was_opened_at_is_refused_with_a_form_error(article):
    response = signed_in(staff("Editor")).post(
        change_url(article), article_form_data(article, base_version="")
    )
    assert response.status_code == 200
    assert "missing the version" in response.content.decode()
    article.refresh_from_db()
    assert article.version == 1


def test_edit_races_lose_nothing(article):
    """Battery row 14: 100 saves from randomly stale versions; every accepted save raised the version by one and
    every refused one is kept as a revision."""
    editors = [signed_in(staff("Editor")) for _ in range(4)]
    rng = random.Random(14)
    opened_at = dict.fromkeys(range(len(editors)), 1)
    accepted = refused = 0
    for attempt in range(100):
        index = rng.randrange(len(editors))
        article.refresh_from_db()
        if rng.random() < 0.5:
            opened_at[index] = article.version  # this editor reloaded the page first
        data = article_form_data(article, headline=f"Attempt {attempt}", base_version=opened_at[index])
        status = editors[index].post(change_url(article), data).status_code
        assert status in (302, 409)
        accepted += status == 302
        refused += status == 409
        if status == 302:
            opened_at[index] = opened_at[index] + 1
    article.refresh_from_db()
    assert accepted > 0 and refused > 0
    assert article.version == 1 + accepted
    assert article.revisions.filter(kind=Revision.Kind.SAVE).count() == accepted
    assert article.revisions.filter(kind=Revision.Kind.CONFLICT).count() == refused


def test_revisions_compare_as_a_word_diff(article):
    client = signed_in(staff("Editor"))
    client.post(change_url(article), article_form_data(article, body="<p>The drills began on Monday.</p>"))
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, body="<p>The drills began on Tuesday.</p>"))
    older, newer = article.revisions.order_by("version")
    response = client.get(f"/newsroom/news/article/{article.pk}/revisions/?a={older.pk}&b={newer.pk}")
    page = response.content.decode()
    assert "<del>Monday.</del><ins>Tuesday.</ins>" in page


def test_restoring_a_revision_opens_it_in_the_editor_and_saving_makes_it_current(article):
    client = signed_in(staff("Editor"))
    client.post(change_url(article), article_form_data(article, headline="Good headline"))
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, headline="Bad headline"))
    good = article.revisions.get(headline="Good headline")
    page = client.get(change_url(article) + f"?restore={good.pk}").content.decode()
    assert 'value="Good headline"' in page and "copy of an earlier revision" in page
    article.refresh_from_db()
    assert article.headline == "Bad headline"  # opening a revision changes nothing
    client.post(change_url(article), article_form_data(article, headline=good.headline))
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Good headline", 4)


def test_another_editor_sees_who_is_editing_whether_they_are_still_active_and_since_when(article):
    holder = staff("Editor", first_name="Leyla", last_name="Məmmədova")
    opened = timezone.now().replace(hour=8, minute=3)
    with time_machine.travel(opened, tick=False):
        signed_in(holder).get(change_url(article))
        page = signed_in(staff("Editor")).get(change_url(article)).content.decode()
    # Shown in the site time zone (UTC+4).
    assert "Leyla Məmmədova is editing this article</strong> (active just now; open since 12:03)" in page
    assert "Take over" in page
    with time_machine.travel(opened + timedelta(seconds=100), tick=False):
        page = signed_in(staff("Editor")).get(change_url(article)).content.decode()
    assert "(last active 1 minute ago; open since 12:03)" in page.replace("\xa0", " ")


def test_taking_over_moves_the_lock_and_tells_the_previous_editor(article):
    holder, newcomer = staff("Editor", first_name="Leyla"), staff("Editor", first_name="Emre")
    holder_client = signed_in(holder)
    holder_client.get(change_url(article))
    signed_in(newcomer).post(f"/newsroom/news/article/{article.pk}/take-over/")
    assert EditLock.objects.get(article=article).holder == newcomer
    answer = holder_client.post(f"/newsroom/news/article/{article.pk}/autosave/", {"heartbeat": "1"}).json()
    assert answer["lock_holder"] == "Emre"


def test_a_lock_expires_when_its_holder_goes_quiet(article):
    signed_in(staff("Editor", first_name="Leyla")).get(change_url(article))
    with time_machine.travel(timezone.now() + EditLock.TIMEOUT + timedelta(seconds=1)):
        newcomer = staff("Editor")
        page = signed_in(newcomer).get(change_url(article)).content.decode()
    assert "is editing this article" not in page
    assert EditLock.objects.get(article=article).holder == newcomer


def test_autosave_keeps_unsaved_text_without_changing_the_article_and_offers_it_back(article):
    editor = staff("Editor")
    client = signed_in(editor)
    answer = client.post(
        f"/newsroom/news/article/{article.pk}/autosave/",
        {"headline": "Half-written headline", "standfirst": "", "body": "<p>Half-written text</p>"},
    )
    assert answer.status_code == 200 and answer.json()["saved_at"]
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Original headline", 1)
    scratch = Revision.objects.get(kind=Revision.Kind.AUTOSAVE)
    assert scratch.body == "<p>Half-written text</p>"
    page = client.get(change_url(article)).content.decode()
    assert "Text you did not save was kept" in page and f"?restore={scratch.pk}" in page


def test_a_heartbeat_keeps_the_autosaved_text_and_a_real_save_clears_it(article):
    client = signed_in(staff("Editor"))
    url = f"/newsroom/news/article/{article.pk}/autosave/"
    client.post(url, {"headline": "Draft in progress", "body": "<p>x</p>"})
    client.post(url, {"heartbeat": "1"})
    assert Revision.objects.get(kind=Revision.Kind.AUTOSAVE).headline == "Draft in progress"
    client.post(change_url(article), article_form_data(article, headline="Draft in progress"))
    assert not Revision.objects.filter(kind=Revision.Kind.AUTOSAVE).exists()


def test_autosave_refuses_people_who_may_not_edit_the_article(article):
    response = signed_in(staff("Contributor")).post(
        f"/newsroom/news/article/{article.pk}/autosave/", {"headline": "Sneaky"}
    )
    assert response.status_code in (403, 404)
    assert not Revision.objects.exists()


@pytest.mark.parametrize(
    "route",
    ["change", "move/submit", "autosave", "take-over"],
)
def test_every_newsroom_route_that_changes_an_article_needs_a_csrf_token(article, route):
    """Battery row 7."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff("Editor"))
    data = article_form_data(article, headline="Forged") if route == "change" else {"headline": "Forged"}
    response = client.post(f"/newsroom/news/article/{article.pk}/{route}/", data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.headline, article.status, article.version) == ("Original headline", "draft", 1)
    assert not Revision.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_the_same_version_at_the_same_moment_one_wins_and_one_is_told():
    """Battery row 14 with real concurrency: two threads, two database connections, one version."""
    import threading

    from django.db import connection, connections

    from newsdesk.news.models import Article
    from newsdesk.newsroom.editing import StaleVersion, claim_version

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so there is no race to lose")
    article = draft(headline="Race")
    start, outcomes = threading.Barrier(2), []

    def save(headline: str) -> None:
        try:
            mine = Article.objects.get(pk=article.pk)
            start.wait()
            try:
                claim_version(mine, base_version=1)
                mine.headline = headline
                mine.save()
                outcomes.append("saved")
            except StaleVersion:
                outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("Aynur", "Kamran")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    article.refresh_from_db()
    assert sorted(outcomes) == ["refused", "saved"]
    assert article.version == 2


def test_leaving_the_editor_or_moving_the_article_releases_the_lock(article):
    writer = staff("Contributor")
    article.created_by = writer
    article.save()
    client = signed_in(writer)
    client.get(change_url(article))
    assert EditLock.objects.filter(article=article, holder=writer).exists()
    client.post(f"/newsroom/news/article/{article.pk}/move/submit/")
    assert not EditLock.objects.filter(article=article).exists()


def test_the_conflict_screen_warns_when_saving_mine_would_replace_other_fields(article):
    from tests.factories import SectionFactory

    first, second = staff("Editor"), staff("Editor")
    opened = article_form_data(article)
    signed_in(first).post(change_url(article), {**opened, "section": SectionFactory().pk})
    page = signed_in(second).post(change_url(article), {**opened, "headline": "Mine"}).content.decode()
    assert "Saving yours also replaces their section" in page


def test_the_conflict_screen_names_the_editor_whose_save_won_not_the_one_refused(article):
    first, second = staff("Editor", first_name="Aynur"), staff("Editor", first_name="Kamran")
    opened = article_form_data(article)
    signed_in(first).post(change_url(article), {**opened, "headline": "Aynur's headline"})
    page = signed_in(second).post(change_url(article), {**opened, "headline": "Mine"}).content.decode()
    assert "was saved as version 2 by Aynur" in page


@pytest.mark.parametrize(("their_priority", "warned"), [(0, False), (5, True)])
def test_the_conflict_screen_warns_of_front_page_priority_only_when_theirs_differs(
    article, their_priority, warned
):
    first, second = staff("Editor"), staff("Editor")
    opened = article_form_data(article)
    signed_in(first).post(change_url(article), {**opened, "priority": their_priority})
    page = signed_in(second).post(change_url(article), {**opened, "headline": "Mine"}).content.decode()
    assert ("front-page priority" in page) is warned


def test_people_who_may_only_read_an_article_see_its_text_rendered_not_its_html(article):
    writer = staff("Contributor")
    article.created_by = writer
    article.status = "in_review"
    article.save()
    page = signed_in(writer).get(change_url(article)).content.decode()
    assert "<p>Original text.</p>" in page
    assert "&lt;p&gt;Original text." not in page


def test_publishing_a_version_someone_has_since_saved_over_is_refused_and_names_them(article):
    from django.contrib.messages import get_messages

    from tests.newsroom.helpers import move_url

    article.status = "in_review"
    article.save()
    other, publisher = staff("Editor", first_name="Aynur"), staff("Editor")
    opened = article.version
    signed_in(other).post(
        change_url(article), article_form_data(article, headline="Shots fired (unverified)")
    )
    client = signed_in(publisher)
    response = client.post(move_url(article, "publish"), {"seen_version": opened})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "in_review"
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(f"Aynur changed this article (now version {article.version}) after you opened")

    client.post(move_url(article, "publish"), {"seen_version": article.version})
    article.refresh_from_db()
    assert article.status == "published"


def test_a_version_that_is_no_number_is_a_message_not_an_error(article):
    from tests.newsroom.helpers import move_url

    article.status = "in_review"
    article.save()
    response = signed_in(staff("Editor")).post(move_url(article, "publish"), {"seen_version": "x" * 30})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "in_review"


def test_a_paste_too_large_to_accept_is_a_413_that_says_so_and_changes_nothing(article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = signed_in(staff("Editor")).post(
        change_url(article), article_form_data(article, body="<p>" + "word " * 5000 + "</p>")
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "more than this site accepts in one go" in page and "Go back to keep what you wrote" in page
    article.refresh_from_db()
    assert article.version == 1


def test_the_revisions_list_tells_a_refused_save_from_the_version_it_was_based_on(article):
    first, second = staff("Editor"), staff("Editor")
    opened = article_form_data(article)
    signed_in(first).post(change_url(article), {**opened, "headline": "Theirs"})
    signed_in(second).post(change_url(article), {**opened, "headline": "Mine"})
    page = signed_in(first).get(f"/newsroom/news/article/{article.pk}/revisions/").content.decode()
    assert page.count("<td>based on 1, not saved</td>") == 1
    assert "<td>2</td>" in page


def test_a_post_with_too_many_fields_is_a_413_that_names_fields_not_size(article, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = signed_in(staff("Editor")).post(change_url(article), article_form_data(article))
    assert response.status_code == 413
    assert "more fields than this site accepts" in response.content.decode()


def test_the_size_message_needs_no_limit_to_be_set(article, settings):
    from django.core.exceptions import RequestDataTooBig

    from newsdesk.errors import _too_large_message

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    assert _too_large_message(RequestDataTooBig()).startswith(
        "What you sent is more than this site accepts in"
    )
