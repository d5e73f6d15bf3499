import pytest
from django.urls import reverse, set_script_prefix

from newsdesk.news.links import link
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_remembered_links_are_the_links_reverse_makes():
    article = ArticleFactory(headline="Azərbaycan və Türkiyə təlimlər")
    section = SectionFactory()
    assert article.get_absolute_url() == reverse("news:article", args=[article.pk, article.slug])
    assert section.get_absolute_url() == reverse("news:section", args=[section.slug])
    assert link("readers:follow", "topic", 7) == reverse("readers:follow", args=["topic", 7])


def test_a_renamed_story_gets_its_new_link():
    article = ArticleFactory(headline="First headline")
    before = article.get_absolute_url()
    article.slug = "second-headline"
    assert article.get_absolute_url() != before and article.get_absolute_url().endswith("/second-headline/")


def test_links_follow_the_script_prefix_of_a_site_mounted_under_a_path():
    section = SectionFactory()
    plain = section.get_absolute_url()
    set_script_prefix("/news-site/")
    try:
        assert section.get_absolute_url() == "/news-site" + plain
    finally:
        set_script_prefix("/")
    assert section.get_absolute_url() == plain
