from django.db import migrations, models


def fold_story_texts(apps, schema_editor):
    from newsdesk.news.models import folded_for_search

    Article = apps.get_model("news", "Article")
    batch = []
    for story in Article.objects.only("headline", "standfirst").iterator(chunk_size=1000):
        story.search_text = folded_for_search(story.headline, story.standfirst)
        batch.append(story)
        if len(batch) == 1000:
            Article.objects.bulk_update(batch, ["search_text"])
            batch = []
    Article.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_image_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fold_story_texts, migrations.RunPython.noop, elidable=True),
    ]
