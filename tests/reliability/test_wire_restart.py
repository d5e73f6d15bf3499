"""Battery row 16: ingest killed at random points and run again, then two runs at once: exactly the unique items.

Real processes against a real database file: `newsdesk ingest --file` is SIGKILLed once it has committed a chosen
number of items (three times, at increasing points), then two runs finish the feed side by side.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

UNIQUE = 500


def big_feed(path: Path) -> None:
    items = []
    for n in range(UNIQUE):
        items.append(
            f"<item><title>Wire report {n}: district {n * 37 % 91} council meets on budget line {n}</title>"
            f"<guid>big-{n}</guid><link>https://wire.example/{n}</link>"
            f"<pubDate>{time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime(1_700_000_000 - n * 3600))}</pubDate>"
            f"<description>Report {n} on item {n * 7919 % 10007} of the agenda in district {n * 37 % 91}.</description>"
            "</item>"
        )
        if n % 25 == 0:  # the same item twice in one feed, as real feeds do
            items.append(items[-1])
    path.write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bulk</title>{''.join(items)}</channel></rss>"
    )


def stored(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM wire_wireitem").fetchone()[0]
    except sqlite3.OperationalError:
        return -1  # the writer holds the lock this instant


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_ingest_killed_at_random_points_then_run_twice_at_once_stores_each_item_exactly_once(tmp_path):
    database = tmp_path / "wire.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "NEWSDESK_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x",
        "NEWSDESK_HTTPS": "0",
    }
    newsdesk = [sys.executable, "-m", "newsdesk"]
    subprocess.run([*newsdesk, "migrate", "-v", "0"], env=env, check=True)
    feed = tmp_path / "bulk.rss"
    big_feed(feed)
    ingest = [*newsdesk, "ingest", "--file", str(feed)]

    for kill_at in sorted(random.Random(16).sample(range(20, UNIQUE - 20), 3)):
        process = subprocess.Popen(ingest, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        guard = time.monotonic() + 120  # only against a hang; nothing here measures speed
        while stored(database) < kill_at and process.poll() is None and time.monotonic() < guard:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert stored(database) < UNIQUE

    runs = [
        subprocess.Popen(ingest, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT guid FROM wire_wireitem").fetchall()
        orphans = connection.execute("SELECT COUNT(*) FROM wire_wireitem WHERE story_id IS NULL").fetchone()[
            0
        ]
    guids = [guid for (guid,) in rows]
    assert len(guids) == UNIQUE
    assert set(guids) == {f"big-{n}" for n in range(UNIQUE)}
    assert orphans == 0  # an item and its story are committed together
