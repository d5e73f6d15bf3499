"""The small tags every list and article page repeats: the story time and the follow/save buttons."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_time_element_shows_the_local_time_in_machine_and_human_form():
    moment = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)
    with timezone.override("Asia/Baku"):
        html = render("{% load news %}{{ moment|time_element }}", moment=moment)
    assert (
        html
        == '<time datetime="2026-03-05T13:30:00+04:00" title="5 March 2026, 13:30 +04" data-ago>5 Mar 2026</time>'
    )


def test_time_element_of_no_moment_is_empty():
    assert render("{% load news %}{{ moment|time_element }}", moment=None) == (
        '<time datetime="" title=""></time>'
    )


def test_follow_button_escapes_the_name_and_returns_the_reader_to_this_page():
    topic = TopicFactory(name='<b>"Karabakh"</b>')
    request = RequestFactory().get("/topic/qarabağ/")

    html = render('{% load readers %}{% follow_button "topic" topic %}', topic=topic, request=request)

    assert f'data-follow="topic:{topic.pk}"' in html
    assert "?next=/topic/qaraba%C4%9F/" in html
    assert "&lt;b&gt;&quot;Karabakh&quot;&lt;/b&gt;" in html and "<b>" not in html


def test_save_button_links_to_the_bookmark_of_the_article():
    article = ArticleFactory()
    request = RequestFactory().get(article.get_absolute_url())

    html = render("{% load readers %}{% save_button article %}", article=article, request=request)

    assert f'href="/my/save/{article.pk}/?next={article.get_absolute_url()}"' in html
    assert f'data-save="{article.pk}"' in html
