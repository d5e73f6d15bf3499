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


def test_prune_media_lists_and_then_removes_files_no_library_entry_holds(picture):
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    left_behind = [
        default_storage.save("images/de/deadbeef.png", ContentFile(b"old")),
        default_storage.save("renditions/deadbeef-400.webp", ContentFile(b"old")),
    ]
    listed = StringIO()
    call_command("prune_media", stdout=listed)
    assert listed.getvalue().splitlines() == [
        *left_behind,
        "2 files no image holds. Run with --delete to remove them.",
    ]
    assert all(default_storage.exists(path) for path in left_behind)
    removed = StringIO()
    call_command("prune_media", "--delete", stdout=removed)
    assert removed.getvalue().splitlines()[-1] == "Removed 2 files."
    assert not any(default_storage.exists(path) for path in left_behind)
    assert len(files_of(picture.file.name)) == 7
