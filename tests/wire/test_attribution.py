"""Source detection in article text: the reference article's phrases and the other usual forms."""

import pytest

from newsdesk.news.models import ArticleSource, Source
from newsdesk.wire.attribution import detect_credits, link_credits, unlinked_credits
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    return {
        name: SourceFactory(name=name)
        for name in ("Daily Sabah", "Azernews", "Trend", "Anadolu Agency", "Reuters")
    }


def found(text):
    return [(credit.name, credit.usage, credit.is_known) for credit in detect_credits(text)]


def test_the_reference_articles_two_phrases_are_found(known):
    text = (
        "<p>The drills began on Monday, reports Turkish Daily Sabah.</p>"
        "<p>About 3,000 troops take part, reports Azernews per Trend.</p>"
    )
    assert found(text) == [
        ("Daily Sabah", "reported_by", True),
        ("Azernews", "reported_by", True),
        ("Trend", "via", True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose, according to Reuters.", ("Reuters", "according_to", True)),
        ("The ministry said so, citing Anadolu.", ("Anadolu Agency", "citing", True)),
        ("Fighting resumed, per Trend.", ("Trend", "via", True)),
        ("The deal was signed, reports the Caspian Times.", ("Caspian Times", "reported_by", False)),
        ("Talks stalled, according to Iranian state news agency IRNA.", ("IRNA", "according_to", False)),
        (
            "Exports grew, Reuters' figures show, according to Reuters's analysts.",
            ("Reuters", "according_to", True),
        ),
    ],
)
def test_usual_phrases_are_found(known, text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Growth was 4 per cent, according to the ministry.",
        "The talks resume on Monday, per Monday's schedule reports.",
        "He told reporters nothing.",
        "",
    ],
)
def test_ordinary_prose_credits_no_one(known, text):
    assert found(text) == []


def test_an_outlet_credited_twice_is_offered_once(known):
    assert len(detect_credits("reports Trend. Later, per Trend, and citing Trend again.")) == 1


def test_linking_adds_the_chosen_credits_in_order_after_existing_sources(known):
    article = ArticleFactory(
        body="<p>It began, reports Turkish Daily Sabah, per Trend. According to the Caspian Times, it ended.</p>",
        sources=[known["Reuters"]],
    )
    assert [credit.name for credit in unlinked_credits(article)] == ["Daily Sabah", "Trend", "Caspian Times"]
    linked = link_credits(article, ["daily sabah", "Caspian Times", "Not in the text"], may_create=True)
    assert [source.name for source in linked] == ["Daily Sabah", "Caspian Times"]
    rows = list(article.cited_sources.values_list("source__name", "order", "usage"))
    assert rows == [
        ("Reuters", 0, "reported_by"),
        ("Daily Sabah", 1, "reported_by"),
        ("Caspian Times", 2, "according_to"),
    ]
    assert [credit.name for credit in unlinked_credits(article)] == ["Trend"]


def test_unknown_outlets_are_not_created_without_permission(known):
    article = ArticleFactory(body="<p>According to the Caspian Times, it ended.</p>")
    assert link_credits(article, ["Caspian Times"], may_create=False) == []
    assert not Source.objects.filter(name="Caspian Times").exists()
    assert not ArticleSource.objects.filter(article=article).exists()
