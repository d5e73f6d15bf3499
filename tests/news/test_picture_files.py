"""A picture deleted from the library, or replaced by another file, stops answering at its addresses: the original
and every rendition leave storage after the commit, and media answers carry the key a CDN purges them by."""

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client

from newsdesk.news.images import media_key, stored_names
from newsdesk.news.models import Image
from tests.factories import ImageFactory, png_file, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture():
    image = ImageFactory()
    image.build_renditions()
    return image


def files_of(name: str) -> list[str]:
    return [stored for stored in stored_names(name) if default_storage.exists(stored)]


def media_status(name: str) -> int:
    return Client().get(default_storage.url(name)).status_code


def test_a_picture_has_its_original_and_a_webp_and_a_fallback_rendition_at_each_width(picture):
    assert len(files_of(picture.file.name)) == 7  # 1600 px wide: 400, 800 and 1200, two formats each


def test_deleting_a_picture_in_the_newsroom_removes_its_original_and_renditions(
    picture, django_capture_on_commit_callbacks
):
    name, renditions = picture.file.name, files_of(picture.file.name)[1:]
    client = Client()
    client.force_login(staff("Editor"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/newsroom/news/image/{picture.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Image.objects.filter(pk=picture.pk).exists()
    assert files_of(name) == []
    assert [media_status(stored) for stored in [name, *renditions]] == [404] * 7


def test_a_delete_that_is_rolled_back_keeps_the_files(picture, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        picture.delete()
        raise RuntimeError("the request failed after the delete")
    assert len(files_of(picture.file.name)) == 7
    assert media_status(picture.file.name) == 200


def test_replacing_a_pictures_file_removes_the_old_files_and_keeps_the_new(
    picture, django_capture_on_commit_callbacks
):
    old = picture.file.name
    with django_capture_on_commit_callbacks(execute=True):
        picture.file = png_file(width=900, height=600, name="replacement.png")
        picture.save()
    assert files_of(old) == [] and media_status(old) == 404
    assert picture.file.name != old and default_storage.exists(picture.file.name)


def test_a_file_another_library_entry_holds_is_kept(picture, django_capture_on_commit_callbacks):
    twin = Image.objects.create(file=picture.file.name, alt_text="The same picture, filed twice")
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    assert len(files_of(twin.file.name)) == 7


def test_an_original_and_its_renditions_answer_with_one_surrogate_key(picture):
    client = Client()
    stem = picture.file.name.rsplit("/", 1)[-1].split(".")[0]
    answers = [client.get(default_storage.url(stored)) for stored in files_of(picture.file.name)]
    assert {answer.status_code for answer in answers} == {200}
    assert {(answer["Surrogate-Key"], answer["Cache-Tag"]) for answer in answers} == {
        (f"media-{stem}", f"media-{stem}")
    }
    assert media_key(f"renditions/{stem}-800.webp") == media_key(picture.file.name) == f"media-{stem}"


def left_behind(path: str, *, hours_ago: int = 2) -> str:
    """A file as an earlier delete left it: in storage, no library entry, written a while ago."""
    import os
    import time

    from django.core.files.base import ContentFile

    saved = default_storage.save(path, ContentFile(b"old"))
    then = time.time() - hours_ago * 3600
    os.utime(default_storage.path(saved), (then, then))
    return saved


def prune(*args) -> list[str]:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("prune_media", *args, stdout=out)
    return out.getvalue().splitlines()


def test_prune_media_lists_and_then_removes_files_no_library_entry_holds(picture):
    orphans = [left_behind("images/de/deadbeef.png"), left_behind("renditions/deadbeef-400.webp")]
    assert prune() == [*orphans, "2 files no image holds. Run with --delete to remove them."]
    assert all(default_storage.exists(path) for path in orphans)
    assert prune("--delete")[-1] == "Removed 2 files."
    assert not any(default_storage.exists(path) for path in orphans)
    assert len(files_of(picture.file.name)) == 7


def test_prune_media_keeps_what_a_body_still_shows_a_fresh_upload_and_dotfiles():
    from tests.factories import ArticleFactory

    shown = left_behind("images/ca/cafe01.jpg")
    ArticleFactory(body=f'<p>Text</p><figure><img src="/media/{shown}" alt="A quay"></figure>')
    fresh = left_behind("images/be/beef02.png", hours_ago=0)
    left_behind("images/.gitkeep")
    assert prune("--delete") == [
        "Kept 1 files no image holds that article bodies still show (remove the picture from those texts, "
        "then run this again):",
        f"  {shown}",
        "Removed 0 files.",
    ]
    assert default_storage.exists(shown) and default_storage.exists(fresh)


def test_the_delete_confirmation_names_the_stories_that_show_the_picture(picture):
    from tests.factories import ArticleFactory

    ArticleFactory(headline="Lead picture story", lead_image=picture)
    ArticleFactory(headline="Body picture story", body=f'<p><img src="{picture.file.url}" alt="x"></p>')
    ArticleFactory(headline="Unrelated story")
    client = Client()
    client.force_login(staff("Editor"))
    page = client.get(f"/newsroom/news/image/{picture.pk}/delete/").text
    assert "These stories show this picture and will lose it" in page
    assert "Lead picture story" in page and "Body picture story" in page and "Unrelated story" not in page


def test_a_deleted_picture_leaves_the_text_of_the_stories_that_showed_it(
    picture, django_capture_on_commit_callbacks
):
    """Not a broken image with a caption: the figure goes, as a minor fix recorded by the system."""
    from newsdesk.newsroom.models import Revision
    from tests.factories import ArticleFactory

    story = ArticleFactory(
        body=f'<p>Before.</p><figure><img src="{picture.rendition_url(1200)}" alt="Flooded road">'
        "<figcaption>The ring road at noon.</figcaption></figure><p>After.</p>"
    )
    version = story.version
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    story.refresh_from_db()
    assert story.body == "<p>Before.</p><p>After.</p>"
    assert story.version == version + 1
    revision = Revision.objects.get(article=story, version=story.version)
    assert revision.saved_by is None and revision.body == story.body
    page = Client().get(story.get_absolute_url()).text
    assert "The ring road at noon." not in page and picture.file.name not in page


def test_a_replaced_picture_is_shown_from_its_new_file_in_the_stories_that_showed_it(
    picture, django_capture_on_commit_callbacks
):
    from tests.factories import ArticleFactory

    story = ArticleFactory(body=f'<p><img src="{picture.file.url}" alt="The quay"></p>')
    linking = ArticleFactory(
        body=f'<p>See <a href="{picture.rendition_url(1200)}">the quay, full size</a>.</p>'
    )
    old = picture.file.name
    with django_capture_on_commit_callbacks(execute=True):
        picture.file = png_file(width=900, height=600, name="replacement.png")
        picture.save()
    story.refresh_from_db()
    linking.refresh_from_db()
    assert old not in story.body and f'src="{picture.file.url}"' in story.body
    assert f'href="{picture.file.url}"' in linking.body and "the quay, full size" in linking.body
    assert Client().get(picture.file.url).status_code == 200
    assert set(picture.stories_showing()) == {story, linking}


def test_pictures_are_deleted_one_at_a_time_through_the_page_that_names_their_stories(picture):
    client = Client()
    client.force_login(staff("Admin"))
    listing = client.get("/newsroom/news/image/").text
    assert "delete_selected" not in listing
    response = client.post(
        "/newsroom/news/image/",
        {"action": "delete_selected", "_selected_action": [picture.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302) and Image.objects.filter(pk=picture.pk).exists()


@pytest.mark.parametrize(
    ("body", "left"),
    [
        (
            '<figure><img src="/media/images/ab/abc123.jpg" alt="A"><img src="/media/images/zz/other.jpg" alt="O">'
            "<figcaption>Both</figcaption></figure>",
            '<figure><img src="/media/images/zz/other.jpg" alt="O"><figcaption>Both</figcaption></figure>',
        ),
        (
            '<p>See <a href="/x" rel="noopener noreferrer"><img src="/media/images/ab/abc123.jpg" alt="b"></a> here</p>'
            "<p></p>",
            "<p>See  here</p><p></p>",
        ),
        (
            '<p><a href="/media/images/ab/abc123.jpg" rel="noopener noreferrer">the photo</a></p>',
            "<p>the photo</p>",
        ),
        ('<p><img src="/media/renditions/abc123-800.webp" alt="c"></p><p>Keep</p>', "<p>Keep</p>"),
    ],
    ids=["a figure with another picture", "a linked picture", "a link to the file", "a paragraph it empties"],
)
def test_taking_a_picture_out_of_a_text_takes_only_what_it_leaves_empty(body, left):
    from newsdesk.news.text import without_picture

    assert without_picture(body, "abc123") == left


def test_a_deleted_picture_cannot_come_back_through_the_editor(picture, django_capture_on_commit_callbacks):
    """Restoring an older revision, or "save mine" on the conflict screen, would put it back as a dead picture."""
    from tests.factories import ArticleFactory
    from tests.newsroom.helpers import article_form_data, change_url

    address = picture.rendition_url(1200)
    story = ArticleFactory(body=f'<p><img src="{address}" alt="The quay"></p><p>Text.</p>')
    old_body = story.body
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    story.refresh_from_db()
    client = Client()
    client.force_login(staff("Editor"))
    page = client.post(change_url(story), article_form_data(story, body=old_body))
    assert page.status_code == 200
    assert "is not in the image library (it was deleted, or never uploaded)" in page.text
    story.refresh_from_db()
    assert address not in story.body


def test_the_conflict_screen_names_the_system_when_a_picture_left_the_text(
    picture, django_capture_on_commit_callbacks
):
    from newsdesk.newsroom.workflow import changed_by
    from tests.factories import ArticleFactory

    story = ArticleFactory(body=f'<p><img src="{picture.file.url}" alt="The quay"></p><p>Text.</p>')
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    story.refresh_from_db()
    assert changed_by(story) == "Newsdesk (a picture left the library)"


def test_a_story_that_cannot_be_saved_does_not_stop_the_cdn_purge(
    picture, django_capture_on_commit_callbacks, monkeypatch
):
    from newsdesk.newsroom import editing
    from newsdesk.pagecache.models import PurgeLog
    from tests.factories import ArticleFactory

    ArticleFactory(body=f'<p><img src="{picture.file.url}" alt="The quay"></p>')

    def failing_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(editing, "record_save", failing_save)
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    assert files_of(picture.file.name) == []
    assert PurgeLog.objects.filter(reason__startswith="picture media-").exists()


def test_a_draft_showing_a_deleted_picture_cannot_be_published_until_it_is_fixed(
    picture, django_capture_on_commit_callbacks
):
    """A draft written through the API after the delete (the newsroom's form refuses such a text)."""
    from newsdesk.newsroom.roles import Action
    from newsdesk.newsroom.workflow import WorkflowError, move
    from tests.factories import draft

    address = picture.rendition_url(1200)
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    story = draft(body=f'<p><img src="{address}" alt="The quay"></p><p>Text.</p>')
    with pytest.raises(WorkflowError, match="no picture that is no longer in the image library"):
        move(story, Action.PUBLISH, by=staff("Editor"))
    assert Client().get(story.get_absolute_url()).status_code == 404


# -- which stories show a picture: PictureInText, kept by Article.save() ----------------------------------------


def noted(article) -> set[str]:
    return set(article.pictures_in_text.values_list("stem", flat=True))


def test_saving_a_text_notes_the_library_pictures_it_shows_and_forgets_those_it_dropped(picture):
    other = ImageFactory()
    from tests.factories import ArticleFactory

    story = ArticleFactory(
        body=f'<p><img src="{picture.rendition_url(1200)}" alt="A"><img src="{picture.file.url}" alt="B"></p>'
    )
    assert noted(story) == {picture.stem}
    story.body = f'<p><img src="{other.body_address}" alt="C"></p>'
    story.save()
    assert noted(story) == {other.stem}
    story.body = "<p>Words only.</p>"
    story.save()
    assert noted(story) == set()


def test_a_save_that_leaves_the_text_alone_does_not_touch_the_notes(picture):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticleFactory

    story = ArticleFactory(body=f'<p><img src="{picture.body_address}" alt="A"></p>')
    with CaptureQueriesContext(connection) as queries:
        story.save(update_fields=["priority"])
    assert not [query for query in queries if "pictureintext" in query["sql"].lower()]
    assert noted(story) == {picture.stem}


def test_the_stories_showing_a_picture_are_found_without_reading_every_text(picture):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticleFactory

    in_text = ArticleFactory(body=f'<p><img src="{picture.body_address}" alt="A"></p>')
    as_lead = ArticleFactory(lead_image=picture, body=f'<p><img src="{picture.file.url}" alt="A"></p>')
    ArticleFactory(body="<p>Nothing to see.</p>")
    with CaptureQueriesContext(connection) as queries:
        found = list(picture.stories_showing())
    assert sorted(story.pk for story in found) == sorted([in_text.pk, as_lead.pk])
    assert "LIKE" not in queries[0]["sql"].upper()


def test_the_migration_notes_the_pictures_of_texts_written_before_the_table(picture):
    import importlib

    from django.apps import apps

    from newsdesk.news.models import PictureInText
    from tests.factories import ArticleFactory

    migration = importlib.import_module("newsdesk.news.migrations.0008_pictures_in_text")
    stories = [ArticleFactory(body=f'<p><img src="{picture.body_address}" alt="A"></p>') for _ in range(3)]
    ArticleFactory(
        body='<p><img src="/media/renditions/0123456789abcdef0123456789abcdef-800.webp" alt="x"></p>'
    )
    PictureInText.objects.all().delete()

    migration.note_pictures_in_texts(apps, None)

    assert [noted(story) for story in stories] == [{picture.stem}] * 3
    assert PictureInText.objects.filter(stem="0123456789abcdef0123456789abcdef").count() == 1


def test_a_pictures_page_names_the_stories_showing_it_that_the_reader_may_open(picture):
    from tests.factories import ArticleFactory, draft

    writer = staff("Contributor")
    own = draft(
        by=writer,
        headline="My draft with the quay",
        body=f'<p><img src="{picture.body_address}" alt="Q"></p>',
    )
    ArticleFactory(headline="Someone else's story", lead_image=picture)
    ArticleFactory(headline="A story without it")

    def page_for(user) -> str:
        client = Client()
        client.force_login(user)
        return client.get(f"/newsroom/news/image/{picture.pk}/change/").content.decode()

    editor_sees, writer_sees = page_for(staff("Editor")), page_for(writer)
    assert "2 stories show this picture" in editor_sees
    assert "My draft with the quay" in editor_sees and "Someone else&#x27;s story" in editor_sees
    assert "2 stories show this picture" in writer_sees and own.headline in writer_sees
    assert "Someone else" not in writer_sees and "stories you cannot open in the newsroom" in writer_sees
    assert "A story without it" not in editor_sees

    lonely = ImageFactory()
    client = Client()
    client.force_login(staff("Editor"))
    assert (
        "No story shows this picture yet."
        in client.get(f"/newsroom/news/image/{lonely.pk}/change/").content.decode()
    )


def test_a_text_showing_a_media_address_too_long_for_a_library_name_is_saved_without_noting_it():
    """An API draft may show any address under /media/. A name longer than PictureInText.stem made PostgreSQL
    refuse the row, and with it the whole save (a 500); no library file can have such a name."""
    import importlib

    from django.apps import apps

    from newsdesk.news.models import PictureInText
    from tests.factories import ArticleFactory

    body = f'<p><img src="/media/images/ab/{"x" * 150}.jpg" alt="A"></p>'
    story = ArticleFactory(body=body)
    assert noted(story) == set()
    migration = importlib.import_module("newsdesk.news.migrations.0008_pictures_in_text")
    migration.note_pictures_in_texts(apps, None)
    assert not PictureInText.objects.filter(article=story).exists()


def test_a_story_that_only_links_to_a_deleted_pictures_file_loses_the_link(
    picture, django_capture_on_commit_callbacks
):
    """Found by body__contains before PictureInText: a link to the file (a "full size" link) must still go with
    the file, and the delete confirmation must still name the story."""
    from tests.factories import ArticleFactory

    story = ArticleFactory(body=f'<p>See <a href="{picture.file.url}">the full photo</a>.</p>')
    assert noted(story) == {picture.stem}
    assert [found.pk for found in picture.stories_showing()] == [story.pk]
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    story.refresh_from_db()
    assert story.body == "<p>See the full photo.</p>"
    assert noted(story) == set()


def test_the_migration_notes_a_link_to_a_pictures_file(picture):
    import importlib

    from django.apps import apps

    from newsdesk.news.models import PictureInText
    from tests.factories import ArticleFactory

    story = ArticleFactory(body=f'<p><a href="{picture.file.url}">the full photo</a></p>')
    PictureInText.objects.all().delete()
    importlib.import_module("newsdesk.news.migrations.0008_pictures_in_text").note_pictures_in_texts(
        apps, None
    )
    assert noted(story) == {picture.stem}
