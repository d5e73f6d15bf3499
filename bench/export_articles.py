"""Writes N public Newsdesk articles as JSON for the Wagtail peer: the reference article first (the peer serves the
first one it loads, so both sides are measured on the same story), then the newest. From whichever database
NEWSDESK_DATA_DIR / DATABASE_URL name:

    NEWSDESK_DATA_DIR=/tmp/bench-sqlite-10k .venv/bin/python bench/export_articles.py --count 300 --out a.json
"""

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    reference_article = Article.objects.public().for_listing().get(headline=reference.HEADLINE)
    # Without this, a story bench/publish.py added last would be the peer's page (1 KB against the reference's 3 KB).
    newest = Article.objects.public().exclude(pk=reference_article.pk).newest_first().for_listing()
    articles = [reference_article, *newest[: options.count - 1]]
    rows = [
        {
            "headline": article.headline,
            "slug": f"{article.slug[:40]}-{article.pk}",
            "standfirst": article.standfirst,
            "body": article.body,
            "dateline": article.dateline,
            "byline": ", ".join(byline.author.name for byline in article.bylines.all()),
            "section": article.section.name,
            "published_at": article.published_at.isoformat(),
        }
        for article in articles
    ]
    options.out.write_text(json.dumps(rows))


if __name__ == "__main__":
    main()
