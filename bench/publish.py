"""Publishes one new article through the newsroom workflow (as an editor's click does) and prints its headline, URL
and the wall-clock time the publish committed, as JSON; bench/run.py polls the pages until they show it. Then
prints a second line: when the task worker's page-cache purge for it was logged (null if none within 10 s).

    NEWSDESK_DATA_DIR=/tmp/bench-sqlite-10k .venv/bin/python bench/publish.py
"""

import json
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from newsdesk.news.models import Article, Author, Byline, Section  # noqa: E402
from newsdesk.newsroom.workflow import Action, move  # noqa: E402
from newsdesk.pagecache.models import PurgeLog  # noqa: E402


def main() -> None:
    editor = get_user_model().objects.filter(is_superuser=True).first()
    headline = f"Bench publish check {uuid.uuid4().hex[:12]}"
    article = Article.objects.create(
        headline=headline,
        standfirst="A story published by bench/publish.py to time how soon readers see it.",
        body="<p>Published by the benchmark.</p>",
        dateline="BAKU",
        section=Section.objects.order_by("order").first(),
        created_by=editor,
    )
    Byline.objects.create(article=article, author=Author.objects.order_by("pk").first(), order=0)
    url = article.get_absolute_url()  # first reverse() loads the URLconf (~90 ms): not after the commit
    move(article, Action.PUBLISH, by=editor)
    committed = time.time()
    # Flushed at once: the harness starts polling on this line, not when this process has finished exiting (which
    # took 0.3 s on a quiet machine and up to 2.8 s under the spike's load, and was being counted as latency).
    print(
        json.dumps({"headline": headline, "url": url, "committed": committed}),
        flush=True,
    )
    purges = PurgeLog.objects.filter(reason__startswith=f"article {article.pk} publish", adapter="local")
    deadline = time.time() + 10
    purge = None
    while purge is None and time.time() < deadline:
        purge = purges.order_by("created_at").first()
        time.sleep(0.01)
    print(json.dumps({"purged": purge.created_at.timestamp() if purge else None}), flush=True)


if __name__ == "__main__":
    main()
