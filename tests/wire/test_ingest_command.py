"""`newsdesk ingest`: files, URLs and due feeds; a refused or failed fetch is one line and a non-zero exit."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from newsdesk.news.models import Source
from newsdesk.wire.models import Feed, WireItem
from tests.factories import SourceFactory

from .conftest import PUBLIC, http_response

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("ingest", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_a_file_is_ingested_under_the_feeds_own_title():
    output = run("--file", str(DATA / "rss1.rdf"))
    assert output == "Daily Sabah: 1 new of 1 items (0 already stored).\n"
    assert WireItem.objects.get().source.name == "Daily Sabah"


def test_a_file_is_ingested_under_a_named_existing_source():
    source = SourceFactory(name="Trend")
    run("--file", str(DATA / "atom.xml"), "--source", "trend")
    assert WireItem.objects.get().source == source


def test_a_missing_file_is_a_one_line_error():
    with pytest.raises(CommandError, match=r"^Cannot read /nonexistent\.xml: No such file or directory\.$"):
        run("--file", "/nonexistent.xml")


def test_a_hostile_file_is_refused():
    with pytest.raises(CommandError, match="entities"):
        run("--file", str(DATA / "billion_laughs.xml"))
    assert not Source.objects.exists()


def test_a_url_goes_through_the_safe_fetcher(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response((DATA / "atom.xml").read_bytes())]
    assert run("--url", "http://feeds.example/atom") == "Azernews: 1 new of 1 items (0 already stored).\n"


def test_a_refused_url_is_a_one_line_error_and_nothing_is_fetched(net):
    with pytest.raises(CommandError, match="not a public address") as refused:
        run("--url", "http://169.254.169.254/latest/meta-data/")
    assert "\n" not in str(refused.value)
    assert net.connections == []


def test_due_feeds_are_polled_with_progress_and_a_failure_fails_the_run(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response((DATA / "rss2_namespaces.xml").read_bytes())]
    Feed.objects.create(source=SourceFactory(name="Trend"), url="http://feeds.example/rss")
    Feed.objects.create(source=SourceFactory(name="Inside"), url="http://192.168.0.1/rss")
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 2 feeds failed"):
        call_command("ingest", stdout=out, stderr=out)
    lines = out.getvalue().splitlines()
    assert "Trend (http://feeds.example/rss): 2 new of 2 items." in lines
    assert any(
        line.startswith("Inside (http://192.168.0.1/rss): failed: Refused 192.168.0.1") for line in lines
    )
    assert WireItem.objects.count() == 2


def test_nothing_due_says_so():
    assert run() == "No feed is due.\n"


def test_the_command_line_exit_code_is_non_zero_on_refusal(tmp_path):
    """The real command, as an operator runs it: one line on stderr, exit status 1, no traceback."""
    database = tmp_path / "db.sqlite3"
    env = {
        "SECRET_KEY": "x",
        "NEWSDESK_HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{database}",
        "PATH": "/usr/bin",
    }
    newsdesk = [sys.executable, "-m", "newsdesk"]
    completed = subprocess.run(
        [*newsdesk, "ingest", "--url", "http://127.0.0.1/feed"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.strip().count("\n") == 0
    assert "Refused 127.0.0.1" in completed.stderr


RSS_WITHOUT_TITLES = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Trend</title>
<item><description>No headline here.</description></item><item><description>Nor here.</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "it is empty"),
        (b"  \n", "it is empty"),
        (
            b"<!DOCTYPE html><html><body><p>Page not found</p></body></html>",
            "it holds <html>, not RSS, RSS 1.0 or Atom",
        ),
        (b'<?xml version="1.0"?><note><to>desk</to></note>', "it holds <note>, not RSS, RSS 1.0 or Atom"),
        (b"<rss><channel><title>Cut</title><item><title>Half", "it is not well-formed XML ("),
        (RSS_WITHOUT_TITLES, "none of its 2 items has a title"),
        (b'{"status": "ok"}', 'it is JSON, but neither a ninjs item (no "headline") nor a list of them'),
        (b'{"items": "none"}', 'its "items" is not a list'),
        (b"[1, 2, 3]", "none of its 3 items has a headline"),
        (b'{"headline": "  "}', "its one item has no headline"),
    ],
)
def test_a_file_that_is_not_a_feed_is_one_line_saying_why_and_nothing_is_stored(tmp_path, content, reason):
    path = tmp_path / "download.xml"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        run("--file", str(path))
    assert str(refused.value).startswith(f"{path} could not be read as a feed: {reason}")
    assert "\n" not in str(refused.value)
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Trend</title></channel></rss>',
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Trend</title></feed>',
        b'{"items": []}',
    ],
)
def test_a_feed_with_no_items_says_so_and_succeeds(tmp_path, content):
    path = tmp_path / "trend.feed"
    path.write_bytes(content)
    assert (
        run("--file", str(path), "--source", "Trend") == "Trend: the feed has no items; nothing was stored.\n"
    )
    assert not WireItem.objects.exists()


def test_a_url_that_answers_with_a_web_page_is_not_a_feed(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(b"<html><body>Moved to our new site</body></html>")]
    with pytest.raises(
        CommandError, match=r"^http://feeds\.example/rss could not be read as a feed: it holds <html>"
    ):
        run("--url", "http://feeds.example/rss")


def test_the_command_line_exit_code_is_non_zero_for_a_file_that_is_not_a_feed(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body>Not a feed</body></html>")
    env = {
        "SECRET_KEY": "x",
        "NEWSDESK_HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}",
        "PATH": "/usr/bin",
    }
    completed = subprocess.run(
        [sys.executable, "-m", "newsdesk", "ingest", "--file", str(page)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.strip().splitlines() == [
        f"CommandError: {page} could not be read as a feed: it holds <html>, not RSS, RSS 1.0 or Atom."
    ]
