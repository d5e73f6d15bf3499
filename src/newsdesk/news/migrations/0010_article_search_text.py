from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_image_search_text"),
    ]

    # The column only; its backfill is 0011, outside this migration's transaction: on PostgreSQL the ALTER TABLE's
    # lock is held until commit, and every page reading news_article waited for the whole backfill behind it
    # (13 s at 100,000 stories).
    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", db_default="", editable=False),
        ),
    ]
