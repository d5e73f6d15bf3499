"""Image files: safe uploads (decoded and size-capped, stored under a generated name) and fixed-width renditions."""

import logging
import re
import uuid
from functools import lru_cache
from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.db import models, transaction
from django.dispatch import Signal, receiver
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (400, 800, 1200)
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
TOO_MANY_PIXELS = "This picture has too many pixels; resize it below 40 megapixels."
NOT_READABLE = "This file is not a picture we can read."
DAMAGED = "This picture is damaged or incomplete; export it again and upload the new file."
# A news picture is a photograph, chart or map. Past 20:1 either way it is a strip or a spacer, not something a
# reader can see at a rendition's width: a 40000×1 picture is 400×0 at 400 pixels wide.
MAX_ASPECT_RATIO = 20
TOO_LONG_AND_THIN = f"This picture is too long and thin; crop it to at most {MAX_ASPECT_RATIO}:1 either way."


EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def upload_path(instance, filename: str) -> str:
    """A generated name: the uploader's filename never reaches the disk. The extension comes from normalise(),
    which names the file after the format it actually wrote."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS.values():
        extension = "jpg"
    name = uuid.uuid4().hex
    return f"images/{name[:2]}/{name}.{extension}"


def validate_image_upload(file) -> None:
    if file.size and file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(f"Images may be at most {settings.IMAGE_MAX_BYTES // (1024 * 1024)} MB.")
    try:
        _check_header(file)
        _check_pixels(file)
    finally:
        file.seek(0)


def _check_header(file) -> None:
    """Format, size and shape, from the header alone: nothing is decoded yet, so a pixel bomb costs nothing."""
    file.seek(0)
    try:
        with PILImage.open(file) as picture:
            if picture.format not in ALLOWED_FORMATS:
                raise ValidationError("Upload a JPEG, PNG, WebP or GIF picture.")
            if picture.width * picture.height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(TOO_MANY_PIXELS)
            if max(picture.size) > MAX_ASPECT_RATIO * min(picture.size):
                raise ValidationError(TOO_LONG_AND_THIN)
            picture.verify()
    except ValidationError:
        raise
    except PILImage.DecompressionBombError as error:
        # Pillow refuses absurd sizes at open, before allocating anything: the same answer as our own cap.
        raise ValidationError(TOO_MANY_PIXELS) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(NOT_READABLE) from error


def _check_pixels(file) -> None:
    """verify() reads the header and chunk structure but decodes no pixels, so a file cut short passed it and
    failed in normalise(), a 500 on save. This decodes (and turns upright) as normalise() will, once the pixel cap
    has bounded what that can allocate."""
    file.seek(0)
    try:
        with PILImage.open(file) as picture:
            picture.seek(0)
            ImageOps.exif_transpose(picture, in_place=True)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(DAMAGED) from error


def normalise(file) -> ContentFile:
    """The upload decoded and written again: orientation applied, EXIF and anything else hidden in the file dropped.

    GIFs (often animated, sometimes polyglots) keep only their first frame, as a PNG.
    """
    file.seek(0)
    with PILImage.open(file) as picture:
        source_format = picture.format
        picture.seek(0)
        upright = ImageOps.exif_transpose(picture)
        target_format = "PNG" if source_format == "GIF" else source_format
        if target_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        buffer = BytesIO()
        options = {"quality": 88} if target_format in ("JPEG", "WEBP") else {"optimize": True}
        upright.save(buffer, target_format, **options)
    file.seek(0)
    return ContentFile(buffer.getvalue(), name=f"upload.{EXTENSIONS[target_format]}")


def fallback_format(image) -> str:
    """Renditions for browsers without WebP: PNG where the picture is a PNG (transparency), else JPEG."""
    return _fallback_extension(image.file.name)


def _fallback_extension(name: str) -> str:
    return "png" if name.lower().endswith(".png") else "jpg"


class PictureFormField(forms.ImageField):
    """Django's image form field, which reports every unreadable file as "not a valid image": when it refuses a
    file, our checks name the reason (a pixel bomb, a format we do not take). Accepted files are checked by the
    model field's validator, which decodes them once more to catch a file cut short (the price of never failing
    on save)."""

    # The file's name says nothing: Pillow reads what it is, and the stored name comes from the format found.
    # Django's extension check refused a picture named .txt with a list of some eighty extensions.
    default_validators = []

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            if data not in self.empty_values:
                validate_image_upload(data)
            raise


class PictureField(models.ImageField):
    """An ImageField without width/height fields: Django would read the dimensions on assignment, before any
    validation, and Pillow raises on a decompression bomb there. Image.save() records them after normalising."""

    default_validators = []  # as PictureFormField: the content decides, never the name

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})


def _rendition_name(image, width: int, extension: str) -> str:
    return _rendition_file(image.file.name, width, extension)


def _rendition_file(name: str, width: int, extension: str) -> str:
    return f"renditions/{PurePosixPath(name).stem}-{width}.{extension}"


def build_renditions(image) -> None:
    """Writes WebP and JPEG/PNG copies at each rendition width narrower than the original. Run off the request
    path (a task, or the demo loader); pages only ever link to renditions that exist."""
    if not image.file or not image.width:
        return
    formats = {"webp": ("WEBP", {"quality": 80}), "jpg": ("JPEG", {"quality": 82}), "png": ("PNG", {})}
    wanted = [
        (width, extension)
        for width in rendition_widths(image)
        for extension in ("webp", fallback_format(image))
        if not default_storage.exists(_rendition_name(image, width, extension))
    ]
    if wanted:
        image.file.open("rb")
        try:
            with PILImage.open(image.file) as original:
                original.load()
                for width, extension in wanted:
                    pil_format, options = formats[extension]
                    copy = original.convert("RGBA" if extension == "png" else "RGB")
                    height = rendition_height(original.size, width)
                    buffer = BytesIO()
                    copy.resize((width, height), PILImage.Resampling.LANCZOS).save(
                        buffer, pil_format, **options
                    )
                    default_storage.save(
                        _rendition_name(image, width, extension), ContentFile(buffer.getvalue())
                    )
        finally:
            image.file.close()


def stored_names(name: str) -> list[str]:
    """The original's name and the name of every rendition it may have (of any width, in both formats)."""
    return [
        name,
        *(
            _rendition_file(name, width, extension)
            for width in RENDITION_WIDTHS
            for extension in ("webp", _fallback_extension(name))
        ),
    ]


def delete_files(name: str) -> int:
    """Removes a picture's original and renditions from storage, so a picture deleted from the library (for a
    legal reason, say) no longer answers at its address. Returns how many files there were."""
    removed = 0
    for stored in stored_names(name):
        if default_storage.exists(stored):
            default_storage.delete(stored)
            removed += 1
    return removed


# Sent with key=<media_key>, paths=<storage names> and replaced_by=<the new file's name, or ""> once a picture's
# files have left storage: the page cache's CDN adapters connect here, since a CDN would otherwise keep answering
# with the picture, and the newsroom, since article bodies may show it by address.
picture_files_removed = Signal()

# Sent with image=<the library entry> once its renditions are made: pages showing it (they carry its key) were
# rendered with the file as uploaded, without srcset, and the page cache connects here to drop them.
renditions_made = Signal()


def remove_files_after_commit(model, name: str, *, replaced_by: str = "") -> None:
    """After the commit (a rolled-back delete keeps its picture), unless another library entry holds the file.
    `replaced_by`: the name of the file that took its place in the same library entry."""

    def remove():
        if model.objects.filter(file=name).exists():
            return
        delete_files(name)
        # Robust: a receiver that fails (editing a story's text) must not keep the next (the CDN purge) from running.
        answers = picture_files_removed.send_robust(
            sender=model, key=media_key(name), paths=stored_names(name), replaced_by=replaced_by
        )
        for failed, answer in answers:
            if isinstance(answer, Exception):
                logger.error("picture %s removed, but %s failed: %r", name, failed.__qualname__, answer)

    # robust: the delete has committed; a storage error is logged (prune_media finds the file later), not a 500.
    transaction.on_commit(remove, robust=True)


def picture_deleted(sender, instance, **kwargs) -> None:
    if instance.file:
        remove_files_after_commit(sender, instance.file.name)


def media_stem(path: str) -> str:
    """The generated name a picture's original and its renditions share: "renditions/<stem>-800.webp" and
    "images/ab/<stem>.jpg" both give <stem>."""
    stem = PurePosixPath(path).stem
    if path.startswith("renditions/"):
        stem = re.sub(r"-\d+$", "", stem)
    return stem


def media_key(path: str) -> str:
    """The surrogate key shared by a picture's original and its renditions, so a CDN can drop all of them with
    one key."""
    return f"media-{media_stem(path)}"


def rendition_height(size: tuple[int, int], width: int) -> int:
    """In proportion, but never 0: Pillow cannot make a picture 0 pixels high (pictures stored before uploads
    were held to MAX_ASPECT_RATIO can be 40000×1)."""
    original_width, original_height = size
    return max(1, round(original_height * width / original_width))


def rendition_widths(image) -> list[int]:
    return [width for width in RENDITION_WIDTHS if width < image.width]


# A card prints its picture's srcset twice (WebP and JPEG/PNG), thirteen storage URLs in all (~70 us); a front page
# of thirty cards spent 2 ms on them. They depend only on the file name, its width and the storage's settings, so
# they are kept, bounded like news/links.py, and forgotten when the storage settings change.
MAX_REMEMBERED = 20_000


@lru_cache(maxsize=MAX_REMEMBERED)
def _media_url(name: str) -> str:
    return default_storage.url(name)


@lru_cache(maxsize=MAX_REMEMBERED)
def _srcset(name: str, original_width: int, extension: str | None) -> str:
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    fallback = _fallback_extension(name)
    candidates = [
        f"{_media_url(_rendition_file(name, width, extension or fallback))} {width}w" for width in widths
    ]
    if extension != "webp":
        candidates.append(f"{_media_url(name)} {original_width}w")
    return ", ".join(candidates)


@receiver(setting_changed)
def _storage_changed(*, setting, **kwargs) -> None:
    if setting in ("STORAGES", "MEDIA_URL"):
        _media_url.cache_clear()
        _srcset.cache_clear()


def has_rendition(image, width: int) -> bool:
    """Whether the picture is served at `width` from a rendition (else from the file as uploaded)."""
    return image.renditions_ready and width in rendition_widths(image)


def rendition_url(image, width: int, extension: str | None = None) -> str:
    if has_rendition(image, width):
        return _media_url(_rendition_name(image, width, extension or fallback_format(image)))
    return _media_url(image.file.name) if image.file else image.file.url  # no file: FieldFile's own error


def srcset(image, extension: str | None = None) -> str:
    if not image.renditions_ready:
        return ""
    return _srcset(image.file.name, image.width, extension)
