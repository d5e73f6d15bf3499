"""The newsroom's story list search: folded words (as the site search reads them), a story's number or address."""

import pytest

from newsdesk.news.models import Article
from tests.factories import ArticleFactory, draft, staff

pytestmark = pytest.mark.django_db

STORIES = "/newsroom/news/article/"


@pytest.fixture
def editor(client):
    client.force_login(staff("Editor"))
    return client


def found(client, words: str) -> list[str]:
    response = client.get(STORIES, {"q": words})
    assert response.status_code == 200
    return sorted(story.headline for story in response.context["cl"].result_list)


@pytest.mark.parametrize("words", ["Şuşa", "şuşa", "ŞUŞA", "Shusha", "susa", "ŞƏBNƏM", "Rustamli"])
def test_the_story_list_finds_azerbaijani_and_turkish_words_in_any_case_or_spelling(editor, words):
    # SQLite's LIKE (the admin's icontains) folds ASCII letters only: "ŞUŞA" did not find "Şuşa", nor "Shusha".
    draft(headline="Snow closes the road to Şuşa", standfirst="Şəbnəm Rüstəmli reports from the pass.")
    ArticleFactory(headline="Minister opens a school in Ganja")

    assert found(editor, words) == ["Snow closes the road to Şuşa"]


def test_the_story_list_wants_every_word_from_the_headline_or_the_standfirst(editor):
    ArticleFactory(headline="Drills on the Araz", standfirst="Tanks crossed a pontoon bridge at dawn.")
    ArticleFactory(headline="Tanks in the Victory Day parade", standfirst="Baku celebrates.")

    assert found(editor, "tanks araz") == ["Drills on the Araz"]
    assert found(editor, "TANKS") == ["Drills on the Araz", "Tanks in the Victory Day parade"]
    assert found(editor, "pont") == ["Drills on the Araz"]
    assert found(editor, "submarine") == []


@pytest.mark.parametrize(
    "how", ["{pk}", " {pk} ", "/news/{pk}/", "https://news.example/news/{pk}/drills-on-the-araz/"]
)
def test_a_story_number_or_pasted_address_finds_that_story(editor, how):
    wanted = ArticleFactory(headline="Drills on the Araz")
    ArticleFactory(headline="Minister opens a school in Ganja")

    assert found(editor, how.format(pk=wanted.pk)) == ["Drills on the Araz"]


def test_an_edited_headline_is_searchable_at_once_even_when_only_the_headline_is_saved(editor):
    story = ArticleFactory(headline="Drills on the Araz")
    story.headline = "Exercises end at Şuşa"
    story.save(update_fields=["headline"])

    assert found(editor, "ŞUŞA") == ["Exercises end at Şuşa"]
    assert found(editor, "araz") == []


def test_a_contributor_searching_finds_only_their_own_stories(client):
    contributor = staff("Contributor")
    draft(headline="Drills on the Araz, my draft", by=contributor)
    draft(headline="Drills on the Araz, a colleague's draft", by=staff("Contributor"))
    client.force_login(contributor)

    assert found(client, "araz") == ["Drills on the Araz, my draft"]


@pytest.mark.parametrize("words", ["word " * 3000, "9" * 40, "/news/99999999999999999999/"])
def test_a_pasted_page_or_a_huge_number_is_an_empty_list_not_a_server_error(editor, words):
    ArticleFactory(headline="Drills on the Araz")
    assert found(editor, words) == []


@pytest.mark.parametrize("words", ["\x00", "?!", "«»"])
def test_a_search_without_words_leaves_the_list_whole(editor, words):
    ArticleFactory(headline="Drills on the Araz")
    assert found(editor, words) == ["Drills on the Araz"]


def test_searching_the_story_list_costs_the_same_queries_for_one_story_or_many(
    editor, django_assert_max_num_queries
):
    for number in range(30):
        ArticleFactory(headline=f"Drills on the Araz, day {number}")
    with django_assert_max_num_queries(16):
        assert len(found(editor, "araz")) == 30


def test_stories_written_before_the_search_text_existed_are_found_once_the_migration_ran():
    from importlib import import_module

    from django.apps import apps

    story = ArticleFactory(headline="Snow closes the road to Şuşa")
    Article.objects.filter(pk=story.pk).update(search_text="")
    import_module("newsdesk.news.migrations.0011_fold_article_search_text").fold_story_texts(apps, None)

    assert list(Article.objects.matching("Shusha")) == [story]


@pytest.mark.django_db(transaction=True)
def test_the_search_text_backfill_commits_each_batch_and_a_second_run_resumes(monkeypatch):
    """The backfill runs outside the migration's transaction (readers of news_article never wait for it on
    PostgreSQL), so a run stopped part-way must keep what it did and a second run must finish the rest."""
    from importlib import import_module

    from django.apps import apps

    from newsdesk.news import models

    backfill = import_module("newsdesk.news.migrations.0011_fold_article_search_text")
    stories = [ArticleFactory(headline=f"Snow closes the road to Şuşa, day {day}") for day in range(5)]
    Article.objects.update(search_text="")
    fold = models.folded_for_search
    last = stories[-1].headline

    def fails_on_the_last(*texts):
        if texts[0] == last:
            raise RuntimeError("stopped")
        return fold(*texts)

    monkeypatch.setattr(models, "folded_for_search", fails_on_the_last)
    with pytest.raises(RuntimeError):
        backfill.fold_story_texts(apps, None, batch=2)
    assert Article.objects.filter(search_text="").count() == 1
    assert backfill.Migration.atomic is False

    monkeypatch.setattr(models, "folded_for_search", fold)
    backfill.fold_story_texts(apps, None, batch=2)
    assert Article.objects.filter(search_text="").count() == 0
    assert Article.objects.matching("Shusha").count() == 5
