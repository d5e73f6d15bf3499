from django.db import migrations, transaction

BATCH = 1000


def fold_story_texts(apps, schema_editor, *, batch: int = BATCH):
    """Fills search_text for stories saved before it existed, a batch per transaction: readers never wait (only
    the batch's rows are locked, against writers), and a run stopped part-way keeps its batches and resumes with
    the stories still empty. Stories saved meanwhile fold their own text (Article.save)."""
    from newsdesk.news.models import folded_for_search

    Article = apps.get_model("news", "Article")
    last = 0
    while True:
        with transaction.atomic():
            stories = list(
                Article.objects.select_for_update()
                .filter(pk__gt=last, search_text="")
                .order_by("pk")
                .only("headline", "standfirst")[:batch]
            )
            if not stories:
                return
            for story in stories:
                story.search_text = folded_for_search(story.headline, story.standfirst)
            Article.objects.bulk_update(stories, ["search_text"])
        last = stories[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("news", "0010_article_search_text"),
    ]

    operations = [
        migrations.RunPython(fold_story_texts, migrations.RunPython.noop, elidable=True),
    ]
