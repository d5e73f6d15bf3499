import pytest


@pytest.fixture(autouse=True)
def isolated_storage_and_cache(settings, tmp_path):
    """Each test writes media to its own folder and starts with an empty in-memory cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Password hashing is made slow on purpose; tests create many users and do not test its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tasks run where they are enqueued (after the commit), so tests see their effects without a worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # The page cache keeps its files per test too (its purges run whenever a test commits a change); its Redis
    # tier is tested in tests/pagecache only.
    settings.PAGECACHE_DIR = tmp_path / "pagecache"
    settings.PAGECACHE_REDIS_URL = ""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
