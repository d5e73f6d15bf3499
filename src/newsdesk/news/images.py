"""Image files: safe uploads (decoded and size-capped, stored under a generated name) and fixed-width renditions."""

import uuid
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

RENDITION_WIDTHS = (400, 800, 1200)
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def upload_path(instance, filename: str) -> str:
    """A generated name whose extension is the decoded format: the uploader's filename never reaches the disk."""
    extension = "jpg"
    try:
        instance.file.seek(0)
        with PILImage.open(instance.file) as picture:
            extension = EXTENSIONS.get(picture.format, extension)
        instance.file.seek(0)
    except (OSError, ValueError):
        pass
    name = uuid.uuid4().hex
    return f"images/{name[:2]}/{name}.{extension}"


def validate_image_upload(file) -> None:
    if file.size and file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(f"Images may be at most {settings.IMAGE_MAX_BYTES // (1024 * 1024)} MB.")
    try:
        file.seek(0)
        with PILImage.open(file) as picture:
            if picture.format not in ALLOWED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG, WebP or GIF picture.")
            if picture.width * picture.height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError("This picture has too many pixels; resize it below 40 megapixels.")
            picture.verify()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        PILImage.DecompressionBombError,
    ) as error:
        raise ValidationError("This file is not a picture we can read.") from error
    finally:
        file.seek(0)


def _rendition_name(image, width: int) -> str:
    stem = PurePosixPath(image.file.name).stem
    return f"renditions/{stem}-{width}.webp"


def build_renditions(image) -> None:
    """Writes a WebP copy at each rendition width narrower than the original (re-encoding strips anything hidden)."""
    if not image.file or not image.width:
        return
    missing = [
        width
        for width in RENDITION_WIDTHS
        if width < image.width and not default_storage.exists(_rendition_name(image, width))
    ]
    if not missing:
        return
    image.file.open("rb")
    try:
        with PILImage.open(image.file) as original:
            original = original.convert("RGB")
            for width in missing:
                height = round(original.height * width / original.width)
                buffer = BytesIO()
                original.resize((width, height), PILImage.Resampling.LANCZOS).save(buffer, "WEBP", quality=80)
                default_storage.save(_rendition_name(image, width), ContentFile(buffer.getvalue()))
    finally:
        image.file.close()


def rendition_widths(image) -> list[int]:
    return [width for width in RENDITION_WIDTHS if width < image.width]


def rendition_url(image, width: int) -> str:
    if width in rendition_widths(image):
        return default_storage.url(_rendition_name(image, width))
    return image.file.url


def srcset(image) -> str:
    candidates = [f"{rendition_url(image, width)} {width}w" for width in rendition_widths(image)]
    candidates.append(f"{image.file.url} {image.width}w")
    return ", ".join(candidates)
