from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from newsdesk.news.images import media_key, picture_files_removed
from newsdesk.news.models import Image


def _walk(folder: str):
    if not default_storage.exists(folder):
        return
    folders, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(f"{folder}/{sub}")


def orphaned_files() -> list[str]:
    """Pictures and renditions in storage that no library entry holds: left by deletes before files were removed
    with their entry, or by an upload whose save failed."""
    held = {media_key(name) for name in Image.objects.values_list("file", flat=True)}
    return sorted(
        path for folder in ("images", "renditions") for path in _walk(folder) if media_key(path) not in held
    )


class Command(BaseCommand):
    help = (
        "List picture files in MEDIA_ROOT that no image in the library holds (they still answer at /media/); "
        "--delete removes them and purges them from the configured CDNs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the files listed.")

    def handle(self, *args, delete, **options):
        orphans = orphaned_files()
        for path in orphans:
            self.stdout.write(path)
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
