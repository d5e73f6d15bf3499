"""Prints, as JSON, the URLs bench/run.py measures on one database: the reference article and its section, topic,
author and source pages (they exist at every archive size), plus the data set's size."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django

django.setup()

from newsdesk.demo import reference  # noqa: E402
from newsdesk.news.models import Article  # noqa: E402

article = Article.objects.public().for_detail().get(headline=reference.HEADLINE)
print(
    json.dumps(
        {
            "home": "/",
            "section": article.section.get_absolute_url(),
            "article": article.get_absolute_url(),
            "topic": article.topics.all()[0].get_absolute_url(),
            "author": article.bylines.all()[0].author.get_absolute_url(),
            "source": article.cited_sources.all()[0].source.get_absolute_url(),
            "search": "/search/?q=pipeline+border",
            "feed": "/feeds/rss/",
            "articles": Article.objects.public().count(),
        }
    )
)
