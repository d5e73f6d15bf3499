"""Battery row 11: hostile uploads, through the model's validator and through the newsroom's upload form.

Every fixture is generated here (no committed binaries). What must hold: pixel bombs are refused before any pixel
is decoded, everything accepted is decoded and re-encoded (animations, appended scripts and EXIF do not survive)
and stored under a generated name, and renditions are made by the task after the commit, never by a page.
"""

import os
import re
import struct
import zlib
from io import BytesIO

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, encode_multipart
from PIL import ExifTags, ImageFile
from PIL import Image as PILImage

from newsdesk.news.images import RENDITION_WIDTHS, validate_image_upload
from newsdesk.news.models import Image
from tests.factories import ArticleFactory, ImageFactory, png_file, staff

pytestmark = pytest.mark.django_db

ADD_URL = "/newsroom/news/image/add/"
STORED_NAME = re.compile(
    r"^images/(?P<prefix>[0-9a-f]{2})/(?P<stem>[0-9a-f]{32})\.(?P<extension>png|jpg|webp)$"
)
NOT_A_PICTURE = ("not a picture we can read", "Upload a valid image")
TOO_MANY_PIXELS = "too many pixels"


# -- fixtures, built byte by byte or with Pillow ----------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def header_only_png(width: int, height: int) -> bytes:
    """A PNG that declares its size (8-bit RGB) and has no pixel data at all: a few dozen bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IEND", b"")


def animated_gif(frames: int = 1000) -> bytes:
    """Small greyscale frames, each a different shade from the one before, so none are merged."""
    pictures = [PILImage.new("L", (16, 16), (index * 37) % 256) for index in range(frames)]
    buffer = BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], duration=20, loop=0)
    return buffer.getvalue()


def jpeg_bytes(width: int = 60, height: int = 20, **options) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), (20, 120, 200)).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def exif_jpeg() -> bytes:
    """60×20 pixels, EXIF saying "rotate 90° clockwise to view" (6), plus who took it and where."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Artist] = "Photographer Who Wants No Credit"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (40.0, 24.0, 36.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (49.0, 52.0, 12.0)
    return jpeg_bytes(exif=exif)


def noise_png(width: int = 200, height: int = 200) -> bytes:
    """Random pixels do not compress: about 120 kB."""
    buffer = BytesIO()
    PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def upload(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_bytes(image: Image) -> bytes:
    with default_storage.open(image.file.name, "rb") as stored:
        return stored.read()


def stored_picture(image: Image) -> PILImage.Image:
    picture = PILImage.open(BytesIO(stored_bytes(image)))
    picture.load()
    return picture


def save_through_model(file) -> Image:
    """What any writer does: validate the model (the upload validator runs), then save (re-encoding)."""
    image = Image(file=file, alt_text="A picture")
    image.full_clean()
    image.save()
    return image


def model_refusal(file) -> list[str]:
    with pytest.raises(ValidationError) as refusal:
        Image(file=file, alt_text="A picture").full_clean()
    return refusal.value.message_dict["file"]


@pytest.fixture
def editor(client):
    client.force_login(staff("Editor"))
    return client


def post_upload(client, file, alt_text: str = "A picture"):
    return client.post(ADD_URL, {"file": file, "alt_text": alt_text, "caption": "", "credit": ""})


def file_errors(response) -> list[str]:
    return response.context["adminform"].form.errors.get("file", [])


@pytest.fixture
def no_pixel_decoding(monkeypatch):
    """Records (and stops) any attempt to decode an image's pixels, where Pillow allocates width × height."""
    decoded = []

    def refuse_to_decode(picture):
        decoded.append(picture.size)
        raise AssertionError(f"pixels of a {picture.size} image were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_decode)
    return decoded


# -- pixel bombs -----------------------------------------------------------------------------------------------


def test_pixel_bomb_is_refused_by_the_validator_with_a_too_many_pixels_message():
    with pytest.raises(ValidationError) as refusal:
        validate_image_upload(upload(header_only_png(30000, 30000), "bomb.png", "image/png"))

    assert TOO_MANY_PIXELS in refusal.value.messages[0]


def test_pixel_bomb_is_refused_by_model_validation():
    # Refused as a validation error on the file, not by an exception escaping from building the instance.
    messages = model_refusal(upload(header_only_png(30000, 30000), "bomb.png", "image/png"))

    assert messages


def test_pixel_bomb_is_refused_without_decoding_pixels(no_pixel_decoding):
    with pytest.raises(ValidationError):
        validate_image_upload(upload(header_only_png(30000, 30000), "bomb.png", "image/png"))

    assert no_pixel_decoding == []


def test_picture_just_over_the_pixel_cap_is_refused_by_the_model_with_a_too_many_pixels_message():
    width, height = 8000, django_settings.IMAGE_MAX_PIXELS // 8000 + 1

    messages = model_refusal(upload(header_only_png(width, height), "wide.png", "image/png"))

    assert any(TOO_MANY_PIXELS in message for message in messages), messages


def test_pixel_bomb_is_refused_by_the_upload_form_with_a_too_many_pixels_message(editor, no_pixel_decoding):
    response = post_upload(editor, upload(header_only_png(30000, 30000), "bomb.png", "image/png"))

    assert response.status_code == 200
    assert not Image.objects.exists()
    assert no_pixel_decoding == []
    assert any(TOO_MANY_PIXELS in message for message in file_errors(response)), file_errors(response)


# -- files that are not pictures ---------------------------------------------------------------------------------

NOT_PICTURES = {
    "svg-with-script": (SVG_WITH_SCRIPT, "logo.svg", "image/svg+xml"),
    "html-named-jpg": (HTML_PAGE, "photo.jpg", "image/jpeg"),
}


@pytest.mark.parametrize("content, name, content_type", NOT_PICTURES.values(), ids=NOT_PICTURES.keys())
def test_non_picture_is_refused_by_the_model(content, name, content_type):
    messages = model_refusal(upload(content, name, content_type))

    assert any(expected in message for message in messages for expected in NOT_A_PICTURE), messages


@pytest.mark.parametrize("content, name, content_type", NOT_PICTURES.values(), ids=NOT_PICTURES.keys())
def test_non_picture_is_refused_by_the_upload_form(editor, content, name, content_type):
    response = post_upload(editor, upload(content, name, content_type))

    assert response.status_code == 200
    assert not Image.objects.exists()
    assert any(expected in message for message in file_errors(response) for expected in NOT_A_PICTURE)


# -- the byte cap ------------------------------------------------------------------------------------------------


def test_picture_over_the_byte_cap_is_refused_by_the_model(settings):
    settings.IMAGE_MAX_BYTES = 50_000
    content = noise_png()
    assert len(content) > settings.IMAGE_MAX_BYTES

    messages = model_refusal(upload(content, "noise.png", "image/png"))

    assert any("at most" in message for message in messages), messages


def test_picture_over_the_byte_cap_is_refused_by_the_upload_form(settings, editor):
    settings.IMAGE_MAX_BYTES = 50_000
    content = noise_png()
    assert len(content) > settings.IMAGE_MAX_BYTES

    response = post_upload(editor, upload(content, "noise.png", "image/png"))

    assert response.status_code == 200
    assert not Image.objects.exists()
    assert any("at most" in message for message in file_errors(response)), file_errors(response)


def test_upload_form_requires_alt_text(editor):
    response = post_upload(editor, png_file(40, 30), alt_text="")

    assert response.status_code == 200
    assert not Image.objects.exists()
    assert response.context["adminform"].form.errors["alt_text"] == ["This field is required."]


# -- animations and polyglots are re-encoded -------------------------------------------------------------------


def test_thousand_frame_gif_is_stored_by_the_model_as_a_single_frame_png():
    content = animated_gif()
    assert PILImage.open(BytesIO(content)).n_frames == 1000

    image = save_through_model(upload(content, "spinner.gif", "image/gif"))

    picture = stored_picture(image)
    assert image.file.name.endswith(".png")
    assert (picture.format, getattr(picture, "n_frames", 1)) == ("PNG", 1)


def test_thousand_frame_gif_is_stored_by_the_upload_form_as_a_single_frame_png(editor):
    response = post_upload(editor, upload(animated_gif(), "spinner.gif", "image/gif"))

    assert response.status_code == 302
    image = Image.objects.get()
    picture = stored_picture(image)
    assert image.file.name.endswith(".png")
    assert (picture.format, getattr(picture, "n_frames", 1)) == ("PNG", 1)


def gif_script_polyglot() -> bytes:
    buffer = BytesIO()
    PILImage.new("P", (24, 24), 3).save(buffer, "GIF")
    return buffer.getvalue() + b"<script>alert(1)</script>"


def jpeg_html_polyglot() -> bytes:
    return jpeg_bytes() + b"<html><body><script>alert(1)</script></body></html>"


POLYGLOTS = {
    "gif+script": (gif_script_polyglot, "cat.gif", "image/gif", b"<script"),
    "jpeg+html": (jpeg_html_polyglot, "cat.jpg", "image/jpeg", b"<html"),
}


@pytest.mark.parametrize("build, name, content_type, marker", POLYGLOTS.values(), ids=POLYGLOTS.keys())
def test_polyglot_is_stored_by_the_model_without_its_markup(build, name, content_type, marker):
    content = build()
    assert marker in content

    image = save_through_model(upload(content, name, content_type))

    assert marker not in stored_bytes(image).lower()


@pytest.mark.parametrize("build, name, content_type, marker", POLYGLOTS.values(), ids=POLYGLOTS.keys())
def test_polyglot_is_stored_by_the_upload_form_without_its_markup(editor, build, name, content_type, marker):
    response = post_upload(editor, upload(build(), name, content_type))

    assert response.status_code == 302
    assert marker not in stored_bytes(Image.objects.get()).lower()


# -- names -----------------------------------------------------------------------------------------------------


def assert_generated_name(image: Image) -> None:
    match = STORED_NAME.match(image.file.name)
    assert match, image.file.name
    assert (match["prefix"], match["extension"]) == (match["stem"][:2], "png")
    assert default_storage.exists(image.file.name)


def test_traversal_filename_is_stored_by_the_model_under_a_generated_name(tmp_path):
    image = save_through_model(ContentFile(png_file(40, 30).read(), name="../../etc/passwd.png"))

    assert_generated_name(image)
    assert not (tmp_path / "etc").exists()


def test_traversal_filename_is_stored_by_the_upload_form_under_a_generated_name(editor, tmp_path):
    # The test client sends only a file's base name, so the hostile name goes into the multipart body by hand.
    body = encode_multipart(
        BOUNDARY,
        {"file": png_file(40, 30, name="passwd.png"), "alt_text": "A picture", "caption": "", "credit": ""},
    ).replace(b'filename="passwd.png"', b'filename="../../etc/passwd.png"')
    assert b'filename="../../etc/passwd.png"' in body

    response = editor.post(ADD_URL, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 302
    assert_generated_name(Image.objects.get())
    assert not (tmp_path / "etc").exists()


# -- EXIF ------------------------------------------------------------------------------------------------------


def test_exif_fixture_carries_orientation_artist_and_gps():
    exif = PILImage.open(BytesIO(exif_jpeg())).getexif()

    assert exif[ExifTags.Base.Orientation] == 6
    assert exif[ExifTags.Base.Artist]
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)


def test_exif_orientation_is_applied_by_the_model():
    image = save_through_model(upload(exif_jpeg(), "portrait.jpg", "image/jpeg"))

    assert (image.width, image.height, stored_picture(image).size) == (20, 60, (20, 60))


def test_exif_is_dropped_by_the_model():
    image = save_through_model(upload(exif_jpeg(), "portrait.jpg", "image/jpeg"))

    picture = stored_picture(image)
    assert dict(picture.getexif()) == {}
    assert "exif" not in picture.info


def test_exif_orientation_is_applied_and_exif_dropped_by_the_upload_form(editor):
    response = post_upload(editor, upload(exif_jpeg(), "portrait.jpg", "image/jpeg"))

    assert response.status_code == 302
    image = Image.objects.get()
    picture = stored_picture(image)
    assert (image.width, image.height, picture.size) == (20, 60, (20, 60))
    assert dict(picture.getexif()) == {}


def test_exif_without_orientation_is_dropped_by_the_model():
    exif = PILImage.Exif()
    exif[ExifTags.Base.Artist] = "Photographer Who Wants No Credit"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"

    image = save_through_model(upload(jpeg_bytes(exif=exif), "plain.jpg", "image/jpeg"))

    assert dict(stored_picture(image).getexif()) == {}


# -- renditions --------------------------------------------------------------------------------------------------


def rendition_files() -> list[str]:
    root = django_settings.MEDIA_ROOT
    folder = root / "renditions"
    return sorted(str(path.relative_to(root)) for path in folder.rglob("*")) if folder.exists() else []


def test_renditions_are_not_built_before_the_commit():
    image = ImageFactory()

    assert (rendition_files(), Image.objects.get(pk=image.pk).renditions_ready) == ([], False)


def test_renditions_are_built_by_the_task_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=png_file(1600, 900))

    image.refresh_from_db()
    stem = STORED_NAME.match(image.file.name)["stem"]
    expected = sorted(
        f"renditions/{stem}-{width}.{ext}" for width in RENDITION_WIDTHS for ext in ("png", "webp")
    )
    assert (image.renditions_ready, rendition_files()) == (True, expected)


def test_renditions_of_a_jpeg_are_webp_and_jpeg(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=upload(jpeg_bytes(900, 300), "wide.jpg", "image/jpeg"))

    stem = STORED_NAME.match(image.file.name)["stem"]
    assert rendition_files() == sorted(
        f"renditions/{stem}-{width}.{ext}" for width in (400, 800) for ext in ("jpg", "webp")
    )


def test_srcset_is_empty_before_renditions_exist():
    image = ImageFactory()

    assert (image.srcset, image.webp_srcset) == ("", "")


def test_srcset_lists_existing_renditions_after_the_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=png_file(1000, 500))
    image.refresh_from_db()

    candidates = [candidate.rsplit(" ", 1) for candidate in image.srcset.split(", ")]
    widths = [width for _, width in candidates]
    missing = [
        url
        for url, _ in candidates
        if not default_storage.exists(url.removeprefix(django_settings.MEDIA_URL))
    ]
    assert (widths, missing) == (["400w", "800w", "1000w"], [])


def test_remembered_srcsets_follow_a_change_of_media_url(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=png_file(1000, 500))
    image.refresh_from_db()
    assert image.srcset.startswith(f"{settings.MEDIA_URL}renditions/")  # remembered under the first MEDIA_URL

    settings.MEDIA_URL = "https://media.example.org/"

    assert image.srcset.startswith("https://media.example.org/renditions/")
    assert image.rendition_url(400).startswith("https://media.example.org/renditions/")


def test_pages_do_not_build_renditions_of_an_image_that_is_not_ready(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(lead_image=ImageFactory(), priority=1)
    assert rendition_files() == []

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.get(url).status_code for url in ("/", article.get_absolute_url())]

    assert (statuses, rendition_files(), Image.objects.get().renditions_ready) == ([200, 200], [], False)


@pytest.mark.parametrize("name", ["photo.txt", "photo", "photo.PNG.exe"])
def test_a_picture_under_any_file_name_is_stored_by_the_upload_form_as_what_it_is(editor, name):
    """The name says nothing (docs/newsroom.md: the extension is ignored); Pillow reads the content."""
    response = post_upload(editor, upload(png_file(40, 30).read(), name, "application/octet-stream"))

    assert response.status_code == 302, file_errors(response)
    assert_generated_name(Image.objects.get())


def test_an_uploaded_picture_shows_the_address_its_article_bodies_may_use(editor):
    post_upload(editor, png_file(1600, 900), alt_text="The quay at dawn")
    image = Image.objects.get()
    page = editor.get(f"/newsroom/news/image/{image.pk}/change/").content.decode()
    address = re.search(r"<code>(/media/[^<]+)</code>", page).group(1)
    assert address == image.rendition_url(1200)
    from newsdesk.news.text import body_picture_problems

    assert body_picture_problems(f'<p>Text.</p><img src="{address}" alt="The quay at dawn">') == []


def test_the_add_form_shows_no_size_until_there_is_a_picture(editor):
    page = editor.get(ADD_URL).content.decode()
    assert "field-width" not in page and "field-height" not in page
    image = ImageFactory()
    page = editor.get(f"/newsroom/news/image/{image.pk}/change/").content.decode()
    assert "field-width" in page and "field-height" in page
