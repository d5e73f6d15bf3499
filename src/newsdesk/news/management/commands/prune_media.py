import re
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from newsdesk.news.images import media_key, picture_files_removed
from newsdesk.news.models import Article, Image

# An upload's file is written before its row commits: a file this young may be one being saved right now.
GRACE = timedelta(hours=1)
BODY_PICTURE = re.compile(r"(?:images/[0-9a-z]{2}|renditions)/[^\s\"'<>?#/]+")


def _walk(folder: str):
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        if not name.startswith("."):
            yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(f"{folder}/{sub}")


def _young(path: str, now) -> bool:
    try:
        return now - default_storage.get_modified_time(path) < GRACE
    except NotImplementedError:
        return False


def in_bodies() -> set[str]:
    """The pictures article bodies still show by address, whether or not the library still has them."""
    return {
        media_key(found)
        for body in Article.objects.filter(body__contains="/media/").values_list("body", flat=True).iterator()
        for found in BODY_PICTURE.findall(body)
    }


def orphaned_files() -> tuple[list[str], list[str]]:
    """Pictures and renditions in storage that no library entry holds, left by deletes before files were removed
    with their entry (or by an upload whose save failed): those no article body shows, and those one still does."""
    held = {media_key(name) for name in Image.objects.values_list("file", flat=True)}
    shown = in_bodies()
    now = timezone.now()
    candidates = [
        path
        for folder in ("images", "renditions")
        for path in _walk(folder)
        if media_key(path) not in held and not _young(path, now)
    ]
    return (
        sorted(path for path in candidates if media_key(path) not in shown),
        sorted(path for path in candidates if media_key(path) in shown),
    )


class Command(BaseCommand):
    help = (
        "List picture files in MEDIA_ROOT that no image in the library holds (they still answer at /media/); "
        "--delete removes them, except those an article body still shows, and purges them from the CDNs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the files listed.")

    def handle(self, *args, delete, **options):
        orphans, shown = orphaned_files()
        for path in orphans:
            self.stdout.write(path)
        if shown:
            self.stdout.write(
                f"Kept {len(shown)} files no image holds that article bodies still show (remove the picture from "
                "those texts, then run this again):"
            )
            for path in shown:
                self.stdout.write(f"  {path}")
        if not delete:
            self.stdout.write(f"{len(orphans)} files no image holds. Run with --delete to remove them.")
            return
        by_key: dict[str, list[str]] = {}
        for path in orphans:
            default_storage.delete(path)
            by_key.setdefault(media_key(path), []).append(path)
        for key, paths in by_key.items():
            picture_files_removed.send(sender=Image, key=key, paths=paths)
        self.stdout.write(f"Removed {len(orphans)} files.")
