import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from newsdesk.news.models import Article, ArticleSource, Author, Byline, Section, Source, Topic
from newsdesk.news.text import paragraphs_to_html
from newsdesk.search import index as search_index

WORDS = [
    "ministry",
    "government",
    "region",
    "energy",
    "pipeline",
    "talks",
    "border",
    "agreement",
    "market",
    "growth",
    "drills",
    "parliament",
    "river",
    "port",
    "railway",
    "harvest",
    "festival",
    "league",
    "summit",
    "delegation",
    "exports",
    "gas",
    "oil",
    "reform",
    "budget",
    "election",
    "court",
    "city",
]
BATCH = 2000


def _sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


class Command(BaseCommand):
    help = (
        "Make N synthetic published articles (marked as demo content) for benchmarks and query-budget checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-index", action="store_true", help="Skip rebuilding the search index.")
        parser.add_argument("--articles", type=int, required=True, help="how many articles to create")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, articles: int, seed: int, **options):
        if articles < 1 or articles > 5_000_000:
            raise CommandError("--articles must be between 1 and 5,000,000.")
        rng = random.Random(seed)
        sections, authors = list(Section.objects.all()), list(Author.objects.all())
        topics, sources = list(Topic.objects.all()), list(Source.objects.all())
        if not (sections and authors):
            raise CommandError(
                "Load the demo first (newsdesk demo): generated articles need sections and authors."
            )
        start = timezone.now() - timedelta(minutes=articles)
        with tqdm(total=articles, unit="article", disable=options["verbosity"] == 0) as progress:
            for offset in range(0, articles, BATCH):
                count = min(BATCH, articles - offset)
                self._create_batch(rng, offset, count, start, sections, authors, topics, sources)
                progress.update(count)
        self.stdout.write(self.style.SUCCESS(f"Created {articles} articles."))
        if not options["no_index"]:
            self.stdout.write(f"Search index rebuilt: {search_index.rebuild()} articles.")

    @transaction.atomic
    def _create_batch(self, rng, offset, count, start, sections, authors, topics, sources):
        batch = [
            Article(
                headline=_sentence(rng, rng.randint(6, 11))[:-1],
                slug=f"generated-story-{offset + index}",
                standfirst=_sentence(rng, 20),
                body=paragraphs_to_html([_sentence(rng, 60) for _ in range(4)]),
                dateline="BAKU",
                section=rng.choice(sections),
                status=Article.Status.PUBLISHED,
                published_at=start + timedelta(minutes=offset + index),
                is_demo=True,
            )
            for index in range(count)
        ]
        created = Article.objects.bulk_create(batch)
        if not created or created[0].pk is None:
            created = list(Article.objects.filter(slug__in=[a.slug for a in batch]).only("pk"))
        Byline.objects.bulk_create(Byline(article=a, author=rng.choice(authors), order=0) for a in created)
        if sources:
            ArticleSource.objects.bulk_create(
                ArticleSource(article=a, source=rng.choice(sources), order=0)
                for a in created
                if rng.random() < 0.4
            )
        if topics:
            through = Article.topics.through
            rows = set()
            for article in created:
                for topic in rng.sample(topics, k=min(2, len(topics))):
                    rows.add((article.pk, topic.pk))
            through.objects.bulk_create(through(article_id=a, topic_id=t) for a, t in rows)
