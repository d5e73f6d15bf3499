"""The two tiers as two workers of one machine see them: each with its own in-process copies, one shared tier."""

import os
import threading
import time
import uuid

import pytest

from newsdesk.pagecache.cache import PageCache
from newsdesk.pagecache.store import Entry, SqliteStore
from newsdesk.pagecache.wsgi import representation


def entry(url: str, *, body: bytes = b"page", keys=("home",)) -> Entry:
    return Entry(
        url, f'"{hash(body)}"', 0, time.time() + 60, [("Content-Type", "text/html")], body, list(keys)
    )


@pytest.fixture
def workers(tmp_path):
    return PageCache(directory=tmp_path), PageCache(directory=tmp_path)


def test_a_page_one_worker_stored_is_served_by_the_other(workers):
    one, two = workers
    one.store(entry("http://x/a"), generation_at_start=one.generation())
    assert two.lookup("http://x/a").body == b"page"


def test_a_purge_by_one_worker_reaches_the_other_workers_copy(workers):
    one, two = workers
    one.store(entry("http://x/a", keys=["article-1"]), generation_at_start=one.generation())
    assert two.lookup("http://x/a") is not None  # now in two's memory
    one.purge(["article-1"])
    assert two.lookup("http://x/a") is None


def test_a_purge_of_other_keys_keeps_copies_after_one_check(workers):
    one, two = workers
    one.store(entry("http://x/a", keys=["article-1"]), generation_at_start=one.generation())
    two.lookup("http://x/a")
    one.purge(["article-2"])
    assert two.lookup("http://x/a") is not None
    assert two.local["http://x/a"][1] == two.generation()


def test_a_page_rendered_across_a_purge_is_not_stored(workers):
    one, two = workers
    started = one.generation()
    two.purge(["home"])
    assert not one.store(entry("http://x/a"), generation_at_start=started)
    assert one.shared.urls() == []


def test_two_purges_in_one_clock_tick_both_move_the_signal(workers):
    one, _ = workers
    seen = {one.generation()}
    for _ in range(50):
        one.purge(["home"])
        seen.add(one.generation())
    assert len(seen) == 51


def test_expired_pages_are_not_served(workers):
    one, two = workers
    stale = entry("http://x/a")
    stale.expires = time.time() - 1
    one.store(stale, generation_at_start=one.generation())
    assert one.lookup("http://x/a") is None and two.lookup("http://x/a") is None


def test_the_shared_file_forgets_expired_pages_and_their_keys(tmp_path):
    shared = SqliteStore(tmp_path / "pages.sqlite3")
    gone = entry("http://x/old", keys=("home", "article-1"))
    gone.expires = time.time() - 1
    shared.put(gone)
    shared.put(entry("http://x/new"))
    assert shared.tidy() == 1
    assert shared.urls() == ["http://x/new"]
    assert shared.purge(["article-1"]) == []  # no key is left naming the forgotten page


def test_the_shared_file_keeps_within_its_size_evicting_what_expires_soonest(tmp_path):
    shared = SqliteStore(tmp_path / "pages.sqlite3", max_bytes=25)
    for n in range(5):
        page = entry(f"http://x/{n}", body=b"0123456789", keys=(f"page-{n}",))
        page.expires = time.time() + 60 + n
        shared.put(page)
    assert shared.tidy() == 3
    assert shared.urls() == ["http://x/3", "http://x/4"]
    assert shared.purge(["page-0", "page-3"]) == ["http://x/3"]


def test_storing_tidies_the_shared_file_now_and_then(tmp_path, monkeypatch):
    shared = SqliteStore(tmp_path / "pages.sqlite3", max_bytes=15)
    monkeypatch.setattr(SqliteStore, "TIDY_SECONDS", -1)
    for n in range(3):
        shared.put(entry(f"http://x/{n}", body=b"0123456789"))
    assert len(shared.urls()) == 1


def test_in_process_copies_stay_within_their_budget(tmp_path):
    worker = PageCache(directory=tmp_path, local_max_bytes=25)
    for n in range(5):
        worker.store(entry(f"http://x/{n}", body=b"0123456789"), generation_at_start=worker.generation())
    assert list(worker.local) == ["http://x/3", "http://x/4"] and worker.local_bytes == 20
    assert worker.lookup("http://x/0") is not None  # still in the shared tier


def test_compressed_copies_count_against_the_in_process_budget(tmp_path):
    page = b"<p>" + b"word " * 2000 + b"</p>"  # 10 KB that gzip and brotli shrink to a few dozen bytes
    worker = PageCache(directory=tmp_path, local_max_bytes=len(page) + 100)
    first = entry("http://x/1", body=page)
    worker.store(first, generation_at_start=worker.generation())

    for chosen in ("gzip", "br", "gzip"):  # the second gzip answer reuses the copy: counted once
        representation(first, chosen, worker)
    compressed = sum(len(held[0]) for held in first.encoded.values())
    assert worker.local_bytes == len(page) + compressed

    worker.store(entry("http://x/2", body=b"x" * 90), generation_at_start=worker.generation())
    assert (
        list(worker.local) == ["http://x/2"] and worker.local_bytes == 90
    )  # the first page, copies and all, left


def test_a_hit_may_rely_on_the_purge_signal_read_within_signal_check(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("newsdesk.pagecache.cache.time.monotonic", lambda: clock[0])
    one = PageCache(directory=tmp_path)
    two = PageCache(directory=tmp_path, signal_check_ms=100)
    one.store(entry("http://x/a", keys=["article-1"]), generation_at_start=one.generation())
    assert two.lookup("http://x/a") is not None
    one.purge(["article-1"])
    clock[0] += 0.05
    assert two.lookup("http://x/a") is not None  # within the window the in-process copy still answers
    clock[0] += 0.06
    assert two.lookup("http://x/a") is None  # past it, the signal is read again and the copy dropped


def test_a_workers_own_purge_is_seen_by_its_next_hit_whatever_signal_check_says(tmp_path, monkeypatch):
    monkeypatch.setattr("newsdesk.pagecache.cache.time.monotonic", lambda: 1000.0)
    worker = PageCache(directory=tmp_path, signal_check_ms=60_000)
    worker.store(entry("http://x/a", keys=["home"]), generation_at_start=worker.generation())
    other = PageCache(directory=tmp_path)
    other.store(entry("http://x/b", keys=["home"]), generation_at_start=other.generation())
    assert worker.lookup("http://x/b") is not None
    worker.purge(["home"])
    assert worker.lookup("http://x/a") is None and worker.lookup("http://x/b") is None


def test_storing_reads_the_signal_afresh_so_a_render_across_a_purge_is_dropped(tmp_path, monkeypatch):
    monkeypatch.setattr("newsdesk.pagecache.cache.time.monotonic", lambda: 1000.0)
    worker = PageCache(directory=tmp_path, signal_check_ms=60_000)
    started = worker.generation(recent=True)
    PageCache(directory=tmp_path).purge(["home"])
    assert not worker.store(entry("http://x/a"), generation_at_start=started)


def test_a_render_that_began_before_a_purge_cannot_store_between_its_delete_and_its_end(workers, monkeypatch):
    """The purge moves the signal before deleting: an old render storing right after the delete is refused."""
    one, two = workers
    two.store(entry("http://x/a", keys=["home"]), generation_at_start=two.generation())
    started = two.generation()  # a render of /a begins, reading the data the purge is about
    attempts = []
    delete = one.shared.purge

    def delete_then_old_render_stores(keys, *, first):
        purged = delete(keys, first=first)
        attempts.append(two.store(entry("http://x/a", body=b"old"), generation_at_start=started))
        return purged

    monkeypatch.setattr(one.shared, "purge", delete_then_old_render_stores)
    assert one.purge(["home"]) == ["http://x/a"]
    assert attempts == [False] and one.shared.urls() == []


@pytest.fixture
def machines(tmp_path):
    """Two machines sharing one Redis tier: separate directories, so only Redis carries purges between them."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: the Redis tier is tested on the PostgreSQL+Redis run")
    prefix = f"tiers-{uuid.uuid4().hex[:12]}"
    caches = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        caches.append(PageCache(directory=tmp_path / name, redis_url=redis_url, prefix=prefix))
    yield caches
    caches[0].shared.clear()


def test_on_redis_a_purge_between_a_stores_check_and_its_write_refuses_the_store(machines):
    one, two = machines
    started = two.generation()

    def checked_then_purged_elsewhere():
        current = two.generation() == started
        one.purge(["home"])  # another machine's purge lands after the check, before the write
        return current

    assert not two.shared.put(entry("http://x/a"), still_current=checked_then_purged_elsewhere)
    assert two.shared.urls() == []


def test_on_redis_a_store_with_no_purge_meanwhile_is_kept_and_seen_by_the_other_machine(machines):
    one, two = machines
    assert two.store(entry("http://x/a"), generation_at_start=two.generation())
    assert one.lookup("http://x/a").body == b"page"


def test_threads_asking_for_the_page_cache_together_share_one(settings, tmp_path, monkeypatch):
    from newsdesk.pagecache import cache as module

    settings.PAGECACHE_DIR = tmp_path  # a configuration no earlier test built, so the first call builds it
    built = []
    real_init = PageCache.__init__

    def slow_init(self, **options):
        built.append(self)
        time.sleep(0.05)  # long enough for every other thread to arrive while this one builds
        real_init(self, **options)

    monkeypatch.setattr(PageCache, "__init__", slow_init)
    start = threading.Barrier(6)
    seen = []

    def worker_thread():
        start.wait()
        seen.append(module.page_cache())

    threads = [threading.Thread(target=worker_thread) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and len({id(cache) for cache in seen}) == 1
