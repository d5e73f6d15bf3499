import shutil

import pytest

from tests.services import RedisServer, free_port


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


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def private_redis(tmp_path, port):
    """A redis-server of the test's own, to kill and start again; never the shared one."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed: this test kills a Redis of its own, never the shared one")
    server = RedisServer(binary, port, tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()
