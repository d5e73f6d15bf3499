"""Search latency on N articles: the median and 95th percentile of 200 queries, on whichever database
DATABASE_URL names (SQLite by default). Anyone can rerun it:

    NEWSDESK_DEMO=1 NEWSDESK_DATA_DIR=/tmp/bench-sqlite .venv/bin/python bench/search_latency.py --articles 100000
    NEWSDESK_DEMO=1 NEWSDESK_DATA_DIR=/tmp/bench-pg DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/search_latency.py --articles 100000

It loads the demo and generates articles up to N first (once; later runs reuse them), then times search() as the
/search/ page calls it (first page, 20 results, relevance order), in this process, against a warm database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from newsdesk.demo.management.commands.generate import WORDS  # noqa: E402
from newsdesk.news.models import Article  # noqa: E402
from newsdesk.search.query import TIME_LIMIT_SECONDS, search  # noqa: E402

NAMED = [
    "Türkiye",
    "TURKIYE",
    "Azərbaycan",
    "Azerbaycan",
    "Cəbrayıl",
    "Daily Sabah",
    "Trend",
    "Leyla Məmmədova",
]


def queries(rng: random.Random, count: int) -> list[tuple[str, str]]:
    kinds = [
        ("one common word", lambda: rng.choice(WORDS)),
        ("two words", lambda: " ".join(rng.sample(WORDS, 2))),
        ("three words", lambda: " ".join(rng.sample(WORDS, 3))),
        ("names with diacritics", lambda: rng.choice(NAMED)),
        ("no match", lambda: f"zebra{rng.randrange(10_000)}"),
        ("10 kB pasted", lambda: " ".join(rng.choice(WORDS) for _ in range(1500))[:10_000]),
    ]
    return [(name, make()) for name, make in (rng.choice(kinds) for _ in range(count))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Article.objects.filter(is_demo=True).exists():
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    missing = options.articles - Article.objects.public().count()
    if missing > 0:
        call_command("generate", articles=missing)
    rng = random.Random(5)
    plan = queries(rng, options.queries)
    for _, text in plan[:10]:
        search(text)  # warm caches and connections
    timings: dict[str, list[float]] = {}
    cut: dict[str, int] = {}
    for kind, text in plan:
        start = time.perf_counter()
        results = search(text)
        _ = [hit.snippet for hit in results.hits]
        timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        cut[kind] = cut.get(kind, 0) + results.too_broad
    every = [ms for values in timings.values() for ms in values]

    def line(name: str, values: list[float]) -> str:
        p95 = statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]
        stopped = cut.get(name, sum(cut.values()) if name == "all" else 0)
        return (
            f"{name:<24} n={len(values):<4} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms"
            f"   stopped at the {TIME_LIMIT_SECONDS:g} s limit: {stopped}"
        )

    print(f"{connection.vendor}, {Article.objects.public().count():,} public articles, {len(every)} queries")
    for kind, values in sorted(timings.items()):
        print(line(kind, values))
    print(line("all", every))


if __name__ == "__main__":
    main()
