"""Holes found by review, each pinned: id walking, stale preview links, lost autosaves, odd query strings,
republishing, announcements and extreme times."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.newsroom import editing, preview, tasks, workflow
from newsdesk.newsroom.models import Revision
from newsdesk.newsroom.roles import Action
from tests.factories import SectionFactory, draft, staff
from tests.newsroom.helpers import article_form_data, change_url

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_view_on_site_redirect_does_not_reveal_drafts_a_person_cannot_see():
    secret = draft(headline="Minister resigns (embargoed)")
    content_type = ContentType.objects.get_for_model(Article).pk
    url = f"/newsroom/r/{content_type}/{secret.pk}/"
    refused = signed_in(staff("Contributor")).get(url)
    assert refused.status_code == 404
    assert "resigns" not in refused.get("Location", "") + refused.content.decode()
    assert signed_in(staff("Editor")).get(url).status_code == 302
    assert signed_in(staff("Contributor")).get(f"/newsroom/r/{content_type}/%C2%B2/").status_code == 404


def test_a_preview_link_stops_working_when_the_article_is_taken_down():
    editor = staff("Editor")
    article = draft(headline="Story later withdrawn")
    link = preview.url_for(article)
    assert Client().get(link).status_code == 200
    workflow.move(article, Action.PUBLISH, by=editor)
    workflow.move(article, Action.TAKE_DOWN, by=editor, note="Legal")
    assert Client().get(link).status_code == 404
    assert "Preview link" not in signed_in(editor).get(change_url(article)).content.decode()


def test_autosaved_text_is_offered_back_even_after_someone_else_saved():
    writer, editor = staff("Editor"), staff("Editor")
    article = draft()
    signed_in(writer).post(f"/newsroom/news/article/{article.pk}/autosave/", {"headline": "Half-written"})
    signed_in(editor).post(change_url(article), article_form_data(article, headline="Editor's version"))
    page = signed_in(writer).get(change_url(article)).content.decode()
    assert "Text you did not save was kept" in page


def test_nobody_can_open_another_persons_autosaved_text():
    owner, other = staff("Editor"), staff("Editor")
    article = draft(headline="Public headline")
    signed_in(owner).post(
        f"/newsroom/news/article/{article.pk}/autosave/", {"headline": "Owner's private draft"}
    )
    scratch = Revision.objects.get(kind=Revision.Kind.AUTOSAVE)
    page = signed_in(other).get(change_url(article) + f"?restore={scratch.pk}").content.decode()
    assert "Owner&#x27;s private draft" not in page


@pytest.mark.parametrize("value", ["%C2%B2", "9" * 5000, "-1", "1e3", ""])
def test_odd_revision_ids_in_query_strings_are_ignored(value):
    article = draft()
    client = signed_in(staff("Editor"))
    assert client.get(change_url(article) + f"?restore={value}").status_code == 200
    assert (
        client.get(f"/newsroom/news/article/{article.pk}/revisions/?a={value}&b={value}").status_code == 200
    )


def test_publishing_again_never_leaves_an_article_published_but_invisible():
    editor = staff("Editor")
    # Taken down while scheduled for later: no longer a move (Unschedule is), but stories stored so remain.
    article = draft(status=Article.Status.UNPUBLISHED, published_at=timezone.now() + timedelta(days=1))
    workflow.move(article, Action.REPUBLISH, by=editor)
    article.refresh_from_db()
    assert article.is_public


def test_publishing_a_due_scheduled_article_keeps_its_publication_time():
    editor = staff("Editor")
    article = draft()
    at = timezone.now() + timedelta(hours=1)
    workflow.move(article, Action.SCHEDULE, by=editor, publish_at=at)
    with time_machine.travel(at + timedelta(minutes=5)):
        workflow.move(article, Action.PUBLISH, by=editor)
    article.refresh_from_db()
    assert article.published_at == at


def test_taking_a_due_scheduled_article_off_the_site_is_announced(django_capture_on_commit_callbacks):
    editor = staff("Editor")
    article = draft()
    at = timezone.now() + timedelta(hours=1)
    workflow.move(article, Action.SCHEDULE, by=editor, publish_at=at)
    announced = []

    def receiver(sender, article, reason, **kwargs):
        announced.append(reason)

    tasks.public_article_changed.connect(receiver)
    try:
        with time_machine.travel(at + timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
            workflow.move(article, Action.TAKE_DOWN, by=editor, note="Embargo broken")
    finally:
        tasks.public_article_changed.disconnect(receiver)
    assert announced == ["take_down"]


def test_an_absurd_publication_time_is_a_message_not_an_error():
    article = draft()
    response = signed_in(staff("Editor")).post(
        f"/newsroom/news/article/{article.pk}/move/schedule/", {"publish_at": "9999-12-31T23:00"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "draft"


def test_front_page_placement_follows_the_editors_sections_article_by_article():
    home, elsewhere = SectionFactory(), SectionFactory()
    section_editor = staff("Editor", sections=[home])
    own_elsewhere = draft(by=section_editor, section=elsewhere)
    signed_in(section_editor).post(change_url(own_elsewhere), article_form_data(own_elsewhere, priority=9))
    own_elsewhere.refresh_from_db()
    assert own_elsewhere.priority == 0


def test_two_autosave_copies_for_one_editor_cannot_exist():
    from django.db import IntegrityError, transaction

    editor = staff("Editor")
    article = draft()
    editing.autosave(article, by=editor, texts={"headline": "one"})
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(article=article, version=1, kind="autosave", headline="two", saved_by=editor)
