"""Uploads that used to pass validation and fail later: files cut short (a 500 on save) and pictures so long and
thin that a rendition came out 0 pixels high (a rendition task that failed on every retry).

Every file is built here with Pillow or byte by byte; none is committed.
"""

import os
import struct
import zlib
from io import BytesIO

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageFile

from newsdesk.news.images import MAX_ASPECT_RATIO, rendition_height, validate_image_upload
from newsdesk.news.models import Image
from tests.factories import ImageFactory, png_file, staff

pytestmark = pytest.mark.django_db

ADD_URL = "/newsroom/news/image/add/"
DAMAGED = "damaged or incomplete"
TOO_LONG_AND_THIN = "too long and thin"
TOO_MANY_PIXELS = "too many pixels"


# -- files, built here -------------------------------------------------------------------------------------------


def noise_jpeg(width: int, height: int, **options) -> bytes:
    """Random pixels, so that half the file is half the picture's data rather than a few bytes of flat colour."""
    buffer = BytesIO()
    PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_ten_bytes_of_pixels(width: int, height: int) -> bytes:
    """A well-formed PNG (valid IHDR, CRCs, IEND) whose IDAT holds the first ten bytes of a zlib stream."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes(width * 3 + 1))[:10]
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def first_half_of_a_jpeg() -> bytes:
    content = noise_jpeg(1000, 1000)
    return content[: len(content) // 2]


def first_third_of_a_progressive_jpeg() -> bytes:
    content = noise_jpeg(1000, 1000, progressive=True)
    return content[: len(content) // 3]


def png_6000_square_with_ten_bytes_of_pixels() -> bytes:
    return png_with_ten_bytes_of_pixels(6000, 6000)


# The three files the fuzz pass sent, each of which gave a 500 from Image.save().
DAMAGED_FILES = {
    "half-a-jpeg": (first_half_of_a_jpeg, "photo.jpg", "image/jpeg"),
    "third-of-a-progressive-jpeg": (first_third_of_a_progressive_jpeg, "photo.jpg", "image/jpeg"),
    "png-with-ten-bytes-of-pixels": (png_6000_square_with_ten_bytes_of_pixels, "chart.png", "image/png"),
}


def upload(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(file) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        validate_image_upload(file)
    return refused.value.messages


def stored_files() -> list[str]:
    root = django_settings.MEDIA_ROOT
    return (
        sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
        if root.exists()
        else []
    )


@pytest.fixture
def editor(client):
    client.force_login(staff("Editor"))
    return client


def post_upload(client, file):
    return client.post(ADD_URL, {"file": file, "alt_text": "A picture", "caption": "", "credit": ""})


def file_errors(response) -> list[str]:
    return response.context["adminform"].form.errors.get("file", [])


# -- files cut short ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build, name, content_type", DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_damaged_file_opens_and_passes_pillows_verify(build, name, content_type):
    """The hard case: nothing short of decoding the pixels finds the damage."""
    with PILImage.open(BytesIO(build())) as picture:
        picture.verify()


@pytest.mark.parametrize("build, name, content_type", DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_damaged_file_is_refused_by_the_validator_as_damaged(build, name, content_type):
    messages = refusal(upload(build(), name, content_type))

    assert any(DAMAGED in message for message in messages), messages


@pytest.mark.parametrize("build, name, content_type", DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_damaged_file_is_refused_by_the_upload_form_and_nothing_is_stored(editor, build, name, content_type):
    response = post_upload(editor, upload(build(), name, content_type))

    assert response.status_code == 200
    assert any(DAMAGED in message for message in file_errors(response)), file_errors(response)
    assert (Image.objects.exists(), stored_files()) == (False, [])


def test_damaged_file_over_the_pixel_cap_is_refused_for_its_pixels_before_any_decoding(monkeypatch):
    """The pixel cap is what bounds the cost of decoding to look for damage, so it must come first."""
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda picture: decoded.append(picture.size))
    width, height = 8000, django_settings.IMAGE_MAX_PIXELS // 8000 + 1

    messages = refusal(upload(png_with_ten_bytes_of_pixels(width, height), "big.png", "image/png"))

    assert (decoded, any(TOO_MANY_PIXELS in message for message in messages)) == ([], True), messages


def test_validator_leaves_an_accepted_file_at_its_start():
    """Django stores the file after validation by reading it from where it is."""
    file = png_file(40, 30)
    file.read(10)

    validate_image_upload(file)

    assert file.tell() == 0


# -- long, thin pictures -----------------------------------------------------------------------------------------

LONG_AND_THIN = {"wide": (40000, 1), "tall": (1, 40000)}
# Size, and how many renditions (WebP and PNG at each rendition width narrower than the picture) it should get.
AT_THE_LIMIT = {
    "wide": ((2000, 2000 // MAX_ASPECT_RATIO), 6),
    "tall": ((420, 420 * MAX_ASPECT_RATIO), 2),
}


@pytest.mark.parametrize("size", LONG_AND_THIN.values(), ids=LONG_AND_THIN.keys())
def test_picture_past_the_aspect_limit_is_refused_by_the_validator(size):
    messages = refusal(png_file(*size))

    assert any(TOO_LONG_AND_THIN in message for message in messages), messages


@pytest.mark.parametrize("size", LONG_AND_THIN.values(), ids=LONG_AND_THIN.keys())
def test_picture_past_the_aspect_limit_is_refused_by_the_upload_form(editor, size):
    response = post_upload(editor, png_file(*size))

    assert response.status_code == 200
    assert any(TOO_LONG_AND_THIN in message for message in file_errors(response)), file_errors(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize("size, rendition_count", AT_THE_LIMIT.values(), ids=AT_THE_LIMIT.keys())
def test_picture_at_the_aspect_limit_is_uploaded_and_gets_its_renditions(
    editor, django_capture_on_commit_callbacks, size, rendition_count
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(editor, png_file(*size))

    assert response.status_code == 302
    image = Image.objects.get()
    renditions = sorted(name for name in stored_files() if name.startswith("renditions/"))
    assert (image.renditions_ready, len(renditions)) == (True, rendition_count)


def test_renditions_are_built_for_a_40000_by_1_picture_stored_before_the_aspect_limit(
    django_capture_on_commit_callbacks,
):
    """Rows saved without validation (older uploads, the demo loader) can still be this thin."""
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=png_file(40000, 1))

    image.refresh_from_db()
    sizes = sorted(
        PILImage.open(django_settings.MEDIA_ROOT / name).size
        for name in stored_files()
        if name.startswith("renditions/")
    )
    assert (image.renditions_ready, sizes) == (True, sorted([(400, 1), (800, 1), (1200, 1)] * 2))


def test_rendition_height_keeps_the_proportions():
    assert rendition_height((1600, 900), 400) == 225


def test_rendition_height_is_never_zero():
    assert rendition_height((40000, 1), 400) == 1
