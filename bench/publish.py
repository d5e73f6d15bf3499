"""Publishes one new article through the newsroom workflow (as an editor's click does) and prints its headline, URL
and the wall-clock time the publish committed, as JSON. bench/run.py then polls the pages until they show it.

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
    move(article, Action.PUBLISH, by=editor)
    committed = time.time()
    print(json.dumps({"headline": headline, "url": article.get_absolute_url(), "committed": committed}))


if __name__ == "__main__":
    main()
