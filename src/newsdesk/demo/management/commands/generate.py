import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from newsdesk.news import archive
from newsdesk.news.models import (
    Article,
    ArticleSource,
    Author,
    Byline,
    Section,
    Source,
    Topic,
    folded_for_search,
)
from newsdesk.news.text import paragraphs_to_html
from newsdesk.search import index as search_index
from newsdesk.search.models import SearchDocument

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
    # choices(k=...) draws all the words in one call: a 1M-article run spends most of its time here.
    return " ".join(rng.choices(WORDS, k=length)).capitalize() + "."


class Command(BaseCommand):
    help = (
        "Make N synthetic published articles (marked as demo content) for benchmarks and query-budget checks,"
        " in the sections and by the authors of the demo newsroom: run `newsdesk demo` first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-index", action="store_true", help="Skip indexing the new articles for search."
        )
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
        # Runs add up (10k, then 90k more for 100k...): new articles get new slugs and go further back in time, as
        # an archive grows, and only they are indexed, so growing to 1M never re-indexes what is already there.
        generated = Article.objects.filter(is_demo=True, slug__startswith="generated-story-")
        first = generated.count()
        oldest = generated.order_by("published_at").values_list("published_at", flat=True).first()
        start = (oldest or timezone.now()) - timedelta(minutes=articles)
        index = not options["no_index"]
        with tqdm(total=articles, unit="article", disable=options["verbosity"] == 0) as progress:
            for offset in range(0, articles, BATCH):
                count = min(BATCH, articles - offset)
                self._create_batch(
                    rng, first, offset, count, start, sections, authors, topics, sources, index
                )
                progress.update(count)
        self.stdout.write(self.style.SUCCESS(f"Created {articles} articles."))
        archive.forget_earlier_months()  # bulk_create sends no signals; the stories are dated in earlier months
        # Fresh statistics after a bulk load, for every table it wrote. Without them PostgreSQL ignores the search
        # GIN index (see search.index), SQLite walks the status-led index and sorts every live story instead of
        # reading the "live, newest first" indexes in order, and PostgreSQL, with no statistics on the bylines,
        # took a dozen articles' bylines for 66,000 rows and planned a parallel scan (5 ms instead of 0.1 ms,
        # three times per home page).
        search_index.after_bulk_write()

    @transaction.atomic
    def _create_batch(self, rng, first, offset, count, start, sections, authors, topics, sources, with_index):
        batch = [
            Article(
                headline=_sentence(rng, rng.randint(6, 11))[:-1],
                slug=f"generated-story-{first + offset + index}",
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
        for story in batch:  # bulk_create skips Article.save(), which keeps the newsroom's search text
            story.search_text = folded_for_search(story.headline, story.standfirst)
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
        if with_index:
            new = search_index.for_index(Article.objects.filter(pk__in=[a.pk for a in created]))
            SearchDocument.objects.bulk_create(search_index.document_for(article) for article in new)
            if connection.vendor == "postgresql":
                SearchDocument.objects.filter(pk__in=[a.pk for a in created]).update(
                    vector=search_index._weighted_vector()
                )
