from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.news.models import Article, ArticleSource
from newsdesk.news.text import row_id, sanitize_html, slugify
from tests.factories import ArticleFactory, SectionFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Cəbrayıl", "cebrayil"),
        ("TÜRKİYE", "turkiye"),
        ("Əli İmişli şəhərində çıxış etdi: Göyçay, Ağdaş", "eli-imisli-seherinde-cixis-etdi-goycay-agdas"),
        ("Şuşa və Ağdam", "susa-ve-agdam"),
        ("Ölkənin güneyi", "olkenin-guneyi"),
        ("!!!", "untitled"),
    ],
)
def test_slugs_transliterate_azerbaijani_and_turkish_letters(text, slug):
    assert slugify(text) == slug


def test_public_excludes_drafts_review_takedowns_and_future_times():
    visible = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.IN_REVIEW)
    ArticleFactory(status=Article.Status.UNPUBLISHED)
    ArticleFactory(published_at=timezone.now() + timedelta(minutes=5))
    ArticleFactory(published_at=None)

    assert list(Article.objects.public()) == [visible]


def test_scheduled_article_becomes_public_when_its_time_comes(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = ArticleFactory(published_at=timezone.now() + timedelta(minutes=10))
    assert not article.is_public
    time_machine.shift(timedelta(minutes=11))
    assert article.is_public
    assert list(Article.objects.public()) == [article]


def test_article_slug_comes_from_headline_and_survives_headline_edits():
    article = ArticleFactory(headline="Türkiye və Azərbaycan birgə təlimlərə başlayıb")
    assert article.slug == "turkiye-ve-azerbaycan-birge-telimlere-baslayib"
    article.headline = "A different headline"
    article.save()
    assert article.slug == "turkiye-ve-azerbaycan-birge-telimlere-baslayib"


def test_saving_an_article_strips_script_handlers_and_javascript_links():
    article = ArticleFactory(
        body='<p onclick="steal()">Text<script>alert(1)</script> <a href="javascript:alert(1)">x</a>'
        '<a href="https://example.com/">ok</a></p><iframe src="https://evil.example"></iframe>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "iframe" not in article.body
    assert 'href="https://example.com/"' in article.body


@pytest.mark.parametrize("scheme", ["mailto:desk@example.com", "tel:+994120000000", "/section/world/"])
def test_sanitizer_keeps_mailto_tel_and_relative_links(scheme):
    assert f'href="{scheme}"' in sanitize_html(f'<a href="{scheme}">link</a>')


def test_sources_keep_the_order_the_article_cites_them_in():
    sabah, azernews, trend = (
        SourceFactory(name="Daily Sabah"),
        SourceFactory(name="Azernews"),
        SourceFactory(name="Trend"),
    )
    article = ArticleFactory(sources=[sabah, azernews, trend])
    ArticleSource.objects.filter(article=article, source=trend).update(usage=ArticleSource.Usage.VIA)

    citations = list(Article.objects.for_detail().get(pk=article.pk).cited_sources.all())

    assert [citation.source.name for citation in citations] == ["Daily Sabah", "Azernews", "Trend"]
    assert str(citations[2]) == "via Trend"


def test_section_slugs_are_unique_even_for_same_transliteration():
    first = SectionFactory(name="Şəki")
    second = SectionFactory(name="Şeki")
    assert (first.slug, second.slug) == ("seki", "seki-2")


def test_related_articles_prefer_shared_topics_and_only_public_ones():
    karabakh, energy = TopicFactory(name="Karabakh"), TopicFactory(name="Energy")
    article = ArticleFactory(topics=[karabakh, energy])
    both = ArticleFactory(topics=[karabakh, energy], published_at=timezone.now() - timedelta(days=3))
    one = ArticleFactory(topics=[karabakh])
    ArticleFactory(topics=[karabakh, energy], status=Article.Status.DRAFT)

    related = list(Article.objects.public().related_to(article))

    assert related[:2] == [both, one]


def test_related_articles_from_the_stories_own_section_come_before_others_sharing_as_many_topics():
    defence, sport = SectionFactory(name="Defence"), SectionFactory(name="Sport")
    karabakh = TopicFactory(name="Karabakh")
    article = ArticleFactory(section=defence, topics=[karabakh])
    same_section = ArticleFactory(
        section=defence, topics=[karabakh], published_at=timezone.now() - timedelta(days=5)
    )
    newer_elsewhere = ArticleFactory(section=sport, topics=[karabakh])

    assert list(Article.objects.public().related_to(article)) == [same_section, newer_elsewhere]


def test_related_articles_of_an_untagged_story_are_its_sections_newest_public_ones():
    world, sport = SectionFactory(), SectionFactory()
    article = ArticleFactory(section=world)
    older = ArticleFactory(section=world, published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory(section=world, published_at=timezone.now() - timedelta(hours=1))
    ArticleFactory(section=world, status=Article.Status.DRAFT)
    ArticleFactory(
        section=world, status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=1)
    )
    ArticleFactory(section=sport)

    related = list(Article.objects.public().related_to(article))

    assert related == [newer, older]


def test_newest_per_section_returns_at_most_n_per_section_newest_first():
    world, sport = SectionFactory(), SectionFactory()
    world_articles = [ArticleFactory(section=world) for _ in range(6)]
    ArticleFactory(section=sport)

    rows = list(Article.objects.public().newest_per_section([world, sport], per_section=4))

    assert [a for a in rows if a.section_id == world.pk] == world_articles[:4]
    assert len([a for a in rows if a.section_id == sport.pk]) == 1


def test_reading_time_counts_words_of_the_body():
    article = ArticleFactory(body="<p>" + "word " * 460 + "</p>")
    assert article.word_count == 460
    assert article.reading_minutes == 2


def test_apostrophes_do_not_split_words_in_slugs():
    assert slugify("Amid Iran’s growing threats") == "amid-irans-growing-threats"


def test_last_change_is_the_update_time_else_the_publication_time_for_one_story_and_many():
    now = timezone.now()
    never_updated = ArticleFactory(published_at=now - timedelta(days=2))
    updated = ArticleFactory(published_at=now - timedelta(days=3), updated_at=now - timedelta(hours=1))

    assert never_updated.last_changed_at == now - timedelta(days=2)
    assert updated.last_changed_at == now - timedelta(hours=1)
    assert Article.objects.public().last_changed_at() == now - timedelta(hours=1)
    assert Article.objects.filter(pk=never_updated.pk).last_changed_at() == now - timedelta(days=2)
    assert Article.objects.none().last_changed_at() is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("0", 0),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("", None),
        ("-1", None),
        ("²", None),
    ],
)
def test_row_ids_are_short_ascii_digit_strings_only(text, expected):
    assert row_id(text) == expected
