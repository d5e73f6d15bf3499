"""The query plans of every public list page on one database: each page is requested through Django's test client,
its queries are captured, and each query that reads news_article is explained (EXPLAIN ANALYZE on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite). Writes JSON for bench/report.py:

    NEWSDESK_DATA_DIR=/tmp/bench-pg-1m DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1m \\
        .venv/bin/python bench/explain.py --label after --out bench/results/explain-pg-1m-after.json

To explain an older checkout against the same database, put its src first: PYTHONPATH=/tmp/old/src.
On SQLite the plans are for the SQL with its parameters written in as literals: a partial index can look usable
here and still be ignored when Django runs the query with parameters.
"""

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from newsdesk.demo import reference  # noqa: E402
from newsdesk.news.models import Article  # noqa: E402
from newsdesk.news.pagination import Cursor  # noqa: E402


def pages() -> dict[str, str]:
    article = Article.objects.public().for_detail().get(headline=reference.HEADLINE)
    month = Article.objects.public().newest_first().values_list("published_at", flat=True)[100]
    # The month of the 20,000th newest story: an earlier month at 1M (this month in a small archive).
    earlier = (
        Article.objects.public()
        .newest_first()
        .values_list("published_at", flat=True)[min(20_000, Article.objects.count() - 1)]
    )
    # A keyset cursor 400 pages into the section (pages use ?before=<time>.<id>, never OFFSET).
    in_section = Article.objects.public().in_section(article.section).newest_first()
    deep = Cursor.of(in_section[min(8000, in_section.count() - 1)])
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "section, 400 pages deep": article.section.get_absolute_url() + f"?before={deep}",
        "topic": article.topics.all()[0].get_absolute_url(),
        "author": article.bylines.all()[0].author.get_absolute_url(),
        "source": article.cited_sources.all()[0].source.get_absolute_url(),
        "archive": "/archive/",
        "archive month": month.strftime("/archive/%Y/%m/"),
        "feed (site)": "/feeds/rss/",
        "feed (section)": article.section.get_absolute_url() + "rss/",
        "feed (topic)": article.topics.all()[0].get_absolute_url() + "rss/",
        "sitemap index": "/sitemap.xml",
        "sitemap, this month's stories": f"/sitemap-articles-{timezone.localtime():%Y-%m}.xml",
        "sitemap, an earlier month's stories": f"/sitemap-articles-{timezone.localtime(earlier):%Y-%m}.xml",
        "news sitemap": "/news-sitemap.xml",
    }


def explain(sql: str) -> tuple[list[str], float | None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            match = re.search(r"Execution Time: ([\d.]+) ms", lines[-1])
            return lines, float(match.group(1)) if match else None
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [" ".join(str(part) for part in row[1:]) for row in cursor.fetchall()], None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--only", help="comma-separated page names")
    options = parser.parse_args()
    client = Client()
    out = {
        "label": options.label,
        "vendor": connection.vendor,
        "articles": Article.objects.public().count(),
        "pages": {},
    }
    wanted = options.only.split(",") if options.only else None
    for name, url in pages().items():
        if wanted and name not in wanted:
            continue
        cache.clear() if connection.vendor == "sqlite" else None
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = round((time.perf_counter() - started) * 1000, 1)
        rows = []
        for query in queries.captured_queries:
            if "news_article" not in query["sql"] or not query["sql"].startswith("SELECT"):
                continue
            plan, execution = explain(query["sql"])
            rows.append(
                {
                    "ms": float(query["time"]) * 1000,
                    "sql": query["sql"][:300],
                    "plan": plan,
                    "execution_ms": execution,
                }
            )
        rows.sort(key=lambda row: -row["ms"])
        out["pages"][name] = {
            "url": url,
            "status": response.status_code,
            "page_ms": elapsed,
            "queries": len(queries.captured_queries),
            "article_queries": rows[:3],
        }
        slowest = rows[0]["ms"] if rows else 0
        print(
            f"{name:26} {response.status_code} {elapsed:8.1f} ms {len(queries)} queries; slowest {slowest:.1f} ms"
        )
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
