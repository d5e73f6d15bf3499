import functools
import html
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from newsdesk.demo import content, illustrations, reference
from newsdesk.news.models import Article, Section, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch, settings, tmp_path):
    """Demo pictures at thumbnail size: the loader's logic is under test here, not Pillow's speed."""
    settings.DATA_DIR = tmp_path
    small = functools.partial(illustrations.landscape, width=480, height=270)
    monkeypatch.setattr(illustrations, "landscape", lambda seed: small(seed))


@pytest.fixture
def demo():
    call_command("demo", stdout=StringIO())


def test_demo_loads_the_reference_article_verbatim_with_its_sources_in_order(demo, client):
    article = Article.objects.for_detail().get(headline=reference.HEADLINE)
    assert article.published_at.date().isoformat() == "2022-12-05"
    assert article.published_at.strftime("%A") == "Monday"
    assert article.dateline == "BAKU"
    assert [c.source.name for c in article.cited_sources.all()] == ["Daily Sabah", "Azernews", "Trend"]
    assert sorted(t.name for t in article.topics.all()) == ["Azerbaijan", "Iran", "Karabakh", "Türkiye"]
    page_text = html.unescape(client.get(article.get_absolute_url()).text)
    assert reference.HEADLINE in page_text
    for paragraph in reference.PARAGRAPHS:
        assert paragraph in page_text


def test_demo_is_idempotent(demo):
    counts = (Article.objects.count(), Section.objects.count(), Source.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Article.objects.count(), Section.objects.count(), Source.objects.count()) == counts


def test_demo_fills_every_section_and_marks_its_articles_as_demo(demo):
    assert Article.objects.count() >= 31
    assert not Article.objects.filter(is_demo=False).exists()
    for spec in content.SECTIONS:
        assert Article.objects.public().filter(section__slug=spec["slug"]).count() >= 3, spec["slug"]
    assert Article.objects.exclude(lead_image=None).count() >= 10


def test_demo_prints_staff_logins_that_work(client):
    out = StringIO()
    call_command("demo", stdout=out)
    lines = [
        line.split() for line in out.getvalue().splitlines() if "username" in line and "password" in line
    ]
    roles = {parts[0]: (parts[2], parts[4]) for parts in lines}
    assert set(roles) == {"admin", "editor", "reporter", "contributor"}
    for role, (username, password) in roles.items():
        response = client.post(
            "/newsroom/login/", {"username": username, "password": password, "next": "/newsroom/"}
        )
        assert response.status_code == 302, role
        assert client.get("/newsroom/").status_code == 200, role
        client.logout()


def test_demo_prints_a_reader_login_with_follows_and_a_saved_story(client):
    out = StringIO()
    call_command("demo", stdout=out)
    _, email, _, password = next(
        line.split() for line in out.getvalue().splitlines() if line.split()[:1] == ["email"]
    )
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    me = client.get("/api/me").json()
    assert me["authenticated"] and not me["staff"]
    assert len(me["follows"]["section"]) == 2 and len(me["follows"]["source"]) == 1
    my_news = client.get("/my/")
    assert my_news.context["page"].items
    assert len(my_news.context["followed_stories"]) == 1
    assert "Corrected since you followed it" in my_news.content.decode()
    assert client.get("/my/saved/").context["page"].items


def test_the_demo_editor_and_writers_have_author_profiles_so_their_new_stories_get_bylines(demo):
    from django.contrib.auth import get_user_model

    writers = get_user_model().objects.filter(username__in=["editor", "reporter", "contributor"])
    assert {user.username: hasattr(user, "author_profile") for user in writers} == dict.fromkeys(
        ["editor", "reporter", "contributor"], True
    )


def test_generate_makes_public_articles_with_bylines(demo):
    before = Article.objects.public().count()
    call_command("generate", articles=250, verbosity=0, stdout=StringIO())
    assert Article.objects.public().count() == before + 250
    assert not Article.objects.filter(bylines=None).exists()


def test_generate_runs_add_up_with_new_slugs_and_index_only_the_new_articles(demo):
    from newsdesk.search.models import SearchDocument

    call_command("generate", articles=30, verbosity=0, stdout=StringIO())
    oldest = Article.objects.filter(slug__startswith="generated-story-").earliest("published_at")
    call_command("generate", articles=20, verbosity=0, stdout=StringIO())
    generated = Article.objects.filter(slug__startswith="generated-story-")
    assert generated.values("slug").distinct().count() == 50
    assert generated.filter(published_at__lt=oldest.published_at).count() == 20
    assert SearchDocument.objects.filter(article__in=generated).count() == 50


def test_generate_refuses_a_bad_count(demo):
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("generate", articles=0)


def test_the_reference_article_is_found_by_turkey_turkiye_and_their_folded_spellings(demo):
    from newsdesk.search.query import search

    for text in ["Turkey drills", "Türkiye drills", "TURKIYE drills", "Turkiye Azərbaycan drills"]:
        assert reference.HEADLINE in [hit.article.headline for hit in search(text).hits], text


@pytest.mark.parametrize(
    ("environment", "site"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"NEWSDESK_PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"NEWSDESK_HOST": "0.0.0.0", "NEWSDESK_PORT": "9000"}, "http://127.0.0.1:9000"),
    ],
)
def test_demo_prints_the_address_newsdesk_serve_will_answer_on(monkeypatch, environment, site):
    monkeypatch.delenv("NEWSDESK_HOST", raising=False)
    monkeypatch.delenv("NEWSDESK_PORT", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    out = StringIO()
    call_command("demo", stdout=out)
    links = [word for word in out.getvalue().split() if word.startswith("http")]
    assert {link.removesuffix("/") for link in links} >= {f"{site}/newsroom", f"{site}/accounts/login"}
    assert all(link.startswith(f"{site}/") for link in links), links


def test_demo_with_a_bad_port_in_the_environment_stops_in_one_line_before_loading(monkeypatch):
    monkeypatch.setenv("NEWSDESK_PORT", "80000")
    with pytest.raises(CommandError, match=r"^NEWSDESK_PORT must be between 1 and 65535, not 80000\.$"):
        call_command("demo", stdout=StringIO())
    assert not Article.objects.exists()
