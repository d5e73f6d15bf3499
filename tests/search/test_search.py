"""Search on whichever backend this run uses (SQLite FTS5 or PostgreSQL): folding, synonyms, ranking, filters,
visibility and hostile queries."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.newsroom import editing, workflow
from newsdesk.newsroom.roles import Action
from newsdesk.search import index
from newsdesk.search.filters import SearchFilters
from newsdesk.search.folding import fold, query_groups
from newsdesk.search.models import Synonym
from newsdesk.search.query import search
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    draft,
    staff,
)
from tests.reliability.hostile import HOSTILE_STRINGS

pytestmark = pytest.mark.django_db


def query_words(text: str) -> list[str]:
    """Every word a query searches for, once each, whichever group it is in."""
    return list(dict.fromkeys(word for group in query_groups(text) for word in group))


def indexed(**fields) -> Article:
    article = ArticleFactory(**fields)
    index.update_article(article)
    return article


def headlines(text: str, **options) -> list[str]:
    return [hit.article.headline for hit in search(text, **options).hits]


@pytest.fixture
def drills():
    return indexed(
        headline="Azərbaycan and Türkiye begin joint drills",
        body="<p>Troops exercised near Cəbrayıl and İmişli on Tuesday.</p>",
    )


@pytest.mark.parametrize(
    ("text", "folded"),
    [("TÜRKİYE", "turkiye"), ("Türkiye", "turkiye"), ("Azərbaycan", "azerbaycan"), ("CƏBRAYIL", "cebrayil")],
)
def test_folding_fits_azerbaijani_and_turkish(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text", ["Turkiye", "TÜRKİYE", "türkiye", "Azerbaycan", "AZƏRBAYCAN", "Cebrayil", "imisli"]
)
def test_spellings_with_and_without_diacritics_find_the_article(drills, text):
    assert headlines(text) == [drills.headline]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Şuşa", "Shusha"),
        ("Məmmədova", "Mammadova"),
        ("Qasımov", "Gasimov"),
        ("Ağdam", "Aghdam"),
        ("Gəncə", "Ganja"),
        ("Xankəndi", "Khankendi"),
        ("Cəbrayıl", "Jabrayil"),
    ],
)
def test_english_spellings_of_azerbaijani_names_find_the_story_and_are_highlighted(written, typed):
    story = indexed(
        headline=f"Talks in {written} resume", body=f"<p>Officials met in {written} on Monday.</p>"
    )
    indexed(headline="Texas and Cairo talks", body="<p>Nothing here.</p>")
    [hit] = search(typed).hits
    assert hit.article == story
    assert f"<mark>{written}</mark>" in hit.snippet
    # The way it is written still finds it, with or without its letters.
    assert headlines(written) == headlines(fold(written)) == [story.headline]


def test_a_name_typed_the_azerbaijani_way_finds_a_story_that_spells_it_the_english_way():
    story = indexed(headline="Shusha hosts a music festival", body="<p>Crowds came to Shusha.</p>")
    assert query_groups("Şuşa festival") == [["susa", "shusha"], ["festival"]]
    [hit] = search("Şuşa").hits
    assert hit.article == story and "<mark>Shusha</mark>" in hit.snippet
    assert headlines("Şuşa OR Ganja") == [story.headline]


def test_a_phrase_synonym_still_finds_its_words_side_by_side_in_a_story_with_english_spellings():
    story = indexed(headline="Talks on Dağlıq Qarabağ resume")
    Synonym.objects.create(words="Dağlıq Qarabağ, Karabakh")
    assert headlines("Karabakh") == [story.headline]


def test_text_written_with_combining_marks_is_found_both_ways():
    import unicodedata

    story = indexed(headline=unicodedata.normalize("NFD", "Festival in Şuşa"))
    assert headlines("Şuşa") == headlines("Shusha") == [story.headline]


def test_english_words_keep_their_letters_so_x_q_and_c_do_not_match_across_languages():
    texas = indexed(headline="Texas and Cairo talks")
    assert headlines("Tekhas") == [] and headlines("Jairo") == []
    assert headlines("Texas") == [texas.headline]


def test_a_synonym_edited_in_the_newsroom_finds_the_other_word(drills):
    assert headlines("Turkey") == []
    Synonym.objects.create(words="Türkiye, Turkey")
    assert headlines("Turkey") == [drills.headline]
    assert headlines("turkey drills") == [drills.headline]


def test_every_word_must_match(drills):
    assert headlines("Türkiye drills") == [drills.headline]
    assert headlines("Türkiye football") == []


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Ganja OR Shusha", [["ganja", "shusha"]]),
        ("drills Ganja OR Shusha OR Baku", [["drills"], ["ganja", "shusha", "baku"]]),
        ("Ganja or Shusha", [["ganja"], ["or"], ["shusha"]]),  # only the capitals are the operator
        ("OR Ganja OR", [["ganja"]]),  # nothing on one side: ignored
        ("OR", []),
        ("Ganja OR !!! Shusha", [["ganja", "shusha"]]),
        ("Ganja OR Ganja", [["ganja"]]),
        (" OR ".join(f"w{number}" for number in range(20)), [[f"w{number}" for number in range(8)]]),
    ],
)
def test_or_in_capitals_between_two_words_makes_them_alternatives(text, groups):
    assert query_groups(text) == groups


def test_a_search_with_or_finds_stories_with_either_word():
    ganja = indexed(headline="Ganja opens its new library")
    shusha = indexed(headline="Shusha hosts a music festival")
    assert set(headlines("Ganja OR Shusha")) == {ganja.headline, shusha.headline}
    assert headlines("Ganja Shusha") == []
    assert headlines("library Ganja OR Shusha") == [ganja.headline]


def test_filters_without_words_list_their_stories_newest_first():
    defence = SectionFactory(name="Defence")
    older = indexed(section=defence, published_at=timezone.now() - timedelta(days=2))
    newer = indexed(section=defence, published_at=timezone.now() - timedelta(days=1))
    indexed(headline="Elsewhere")
    page = Client().get("/search/", {"section": defence.slug}).content.decode()
    assert page.index(newer.headline) < page.index(older.headline)
    assert "Elsewhere" not in page
    assert "Stories 1–2, newest first" in page


def test_the_search_page_says_which_results_it_shows(settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for number in range(3):
        indexed(headline=f"Energy story {number}")
    first = Client().get("/search/", {"q": "energy"}).content.decode()
    second = Client().get("/search/", {"q": "energy", "page": "2"}).content.decode()
    assert "Results 1–2 for “energy”; more on the next page" in first
    assert "Result 3 for “energy”" in second and "more on the next page" not in second


def test_a_page_past_the_last_result_says_so_and_links_back_to_the_first(settings):
    settings.NEWSDESK_PAGE_SIZE = 2
    for number in range(3):
        indexed(headline=f"Energy story {number}")
    page = Client().get("/search/", {"q": "energy", "page": "3"}).content.decode()
    assert "No more results on this page." in page and 'href="?q=energy">Back to the first page' in page
    assert "Nothing found" not in page


def test_punctuation_with_a_filter_says_the_filters_matched_nothing():
    section = SectionFactory(name="Sport")
    page = Client().get("/search/", {"q": "!!!", "section": section.slug}).content.decode()
    assert "No stories match these filters (“!!!” has no words to search for)." in page


def test_a_date_range_ending_before_it_begins_is_a_form_error(drills):
    page = Client().get("/search/", {"q": "drills", "date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "To: This date is before the “From” date" in page.content.decode()
    assert drills.headline not in page.content.decode()


def test_an_impossible_page_number_says_where_pages_start(drills):
    page = Client().get("/search/", {"q": "drills", "page": "0"}).content.decode()
    assert "Page: Result pages are numbered from 1." in page


def test_headline_matches_rank_above_body_matches():
    same_time = timezone.now() - timedelta(hours=2)
    in_body = indexed(
        headline="Ministers meet", body="<p>The pipeline was discussed at length.</p>", published_at=same_time
    )
    in_headline = indexed(
        headline="Pipeline talks resume", body="<p>Ministers met.</p>", published_at=same_time
    )
    assert headlines("pipeline") == [in_headline.headline, in_body.headline]


def test_newest_order_puts_recent_articles_first():
    old = indexed(headline="Harvest report", published_at=timezone.now() - timedelta(days=30))
    new = indexed(headline="Harvest forecast", published_at=timezone.now() - timedelta(hours=1))
    assert headlines("harvest", order="newest") == [new.headline, old.headline]


def test_filters_narrow_by_section_author_topic_source_type_and_dates():
    section, topic, author, source = SectionFactory(), TopicFactory(), AuthorFactory(), SourceFactory()
    target = indexed(
        headline="Gas exports rise",
        section=section,
        topics=[topic],
        authors=[author],
        sources=[source],
        article_type="analysis",
        published_at=timezone.now() - timedelta(days=3),
    )
    indexed(headline="Gas prices fall")
    day = timezone.localdate(target.published_at)
    for filters in [
        SearchFilters(section=section.slug),
        SearchFilters(topic=topic.slug),
        SearchFilters(author=author.slug),
        SearchFilters(source=source.slug),
        SearchFilters(article_type="analysis"),
        SearchFilters(date_from=day, date_to=day),
    ]:
        assert headlines("gas", filters=filters) == [target.headline], filters


def test_topics_bylines_and_sources_are_searchable(drills):
    article = indexed(headline="Quiet night", authors=[AuthorFactory(name="Leyla Məmmədova")])
    assert headlines("Memmedova") == [article.headline]


def test_unpublished_articles_are_never_found():
    editor = staff("Editor")
    for status in ["draft", "in_review"]:
        draft(headline=f"Secret canary {status}", status=status)
    scheduled = draft(headline="Secret canary scheduled")
    workflow.move(scheduled, Action.SCHEDULE, by=editor, publish_at=timezone.now() + timedelta(hours=1))
    taken_down = indexed(headline="Secret canary taken down")
    workflow.move(taken_down, Action.TAKE_DOWN, by=editor, note="Legal")
    assert headlines("secret canary") == []


def test_the_index_follows_publish_update_and_take_down():
    editor = staff("Editor")
    article = draft(headline="Bridge opens over the Araz")
    assert headlines("bridge") == []
    workflow.move(article, Action.PUBLISH, by=editor)
    assert headlines("bridge") == [article.headline]
    article.refresh_from_db()
    before = editing.texts_of(article)
    article.headline = "Viaduct opens over the Araz"
    article.save()
    editing.record_save(article, by=editor, before=before, kind="update")
    assert headlines("viaduct") == [article.headline]
    assert headlines("bridge") == []
    workflow.move(article, Action.TAKE_DOWN, by=editor, note="Wrong river")
    assert headlines("viaduct") == []


def test_a_scheduled_article_is_found_from_its_second_and_not_before():
    at = timezone.now() + timedelta(hours=3)
    article = draft(headline="Budget unveiled")
    workflow.move(article, Action.SCHEDULE, by=staff("Editor"), publish_at=at)
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        assert headlines("budget") == []
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert headlines("budget") == [article.headline]


def test_snippets_mark_matches_in_the_original_spelling_and_escape_the_text(drills):
    article = indexed(headline="Notes", body="<p>Talks with Türkiye &lt;b&gt;continue&lt;/b&gt; today.</p>")
    hit = next(hit for hit in search("turkiye").hits if hit.article.pk == article.pk)
    assert "<mark>Türkiye</mark>" in hit.snippet
    assert "&lt;b&gt;continue&lt;/b&gt;" in hit.snippet


def test_queries_are_bounded_words_whatever_is_pasted():
    assert query_words('"unbalanced AND (NEAR or title:* ^x') == [
        "unbalanced",
        "and",
        "near",
        "or",
        "title",
        "x",
    ]
    assert len(query_words("word " * 5000)) == 1
    assert len(query_words(" ".join(f"w{number}" for number in range(500)))) == 8


def test_one_word_longer_than_any_query_is_still_searched_for(drills):
    # A pasted token (a hash, a URL without spaces) longer than the query limit was cut away whole, and the page
    # said it "has no words to search for".
    assert query_words("x" * 10_000) == ["x" * 64]
    page = Client().get("/search/", {"q": "x" * 10_000}).content.decode()
    assert "has no words to search for" not in page
    assert "Nothing found for" in page


@pytest.mark.parametrize(
    "text", [*HOSTILE_STRINGS, "x" * 10_000, '"', "___", "NEAR(a b)", "a* OR b^", "\x00\x01"]
)
def test_hostile_queries_answer_a_page_never_an_error(drills, text):
    response = Client().get("/search/", {"q": text})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "page": "0"},
        {"q": "x", "page": "999"},
        {"q": "x", "section": "nope"},
        {"q": "x", "date_from": "2026-13-40"},
    ],
)
def test_bad_filters_are_form_errors(params):
    response = Client().get("/search/", params)
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()


def test_the_search_page_shows_results_with_highlights(drills):
    page = Client().get("/search/", {"q": "Turkiye"}).content.decode()
    assert "Azərbaycan and Türkiye begin joint drills" in page
    assert "<mark>" in page


@pytest.mark.parametrize("count", [3, 40])
def test_the_search_page_stays_within_its_query_budget(django_assert_max_num_queries, count):
    for number in range(count):
        indexed(headline=f"Energy story {number}")
    # Site settings, navigation, breaking news, the section filter's options, synonyms, the candidate floor (SQLite
    # only), the ranked ids, the page's stories with their sections (the list shows no bylines); on PostgreSQL three
    # more set the search's time limit (savepoint, SET LOCAL, release).
    with django_assert_max_num_queries(10):
        assert Client().get("/search/", {"q": "energy"}).status_code == 200
    # Filters alone: the section's lookup instead of synonyms and ranking, then the newest ids and their stories.
    section = Article.objects.first().section.slug
    with django_assert_max_num_queries(10):
        assert Client().get("/search/", {"section": section}).status_code == 200


def test_rebuild_indexes_exactly_the_live_articles(drills):
    draft(headline="Not live")
    ArticleFactory(headline="Live but never indexed")
    assert index.rebuild() == 2
    assert headlines("live") == ["Live but never indexed"]


def test_a_search_that_runs_too_long_is_answered_with_advice(drills, monkeypatch):
    from django.db import OperationalError

    from newsdesk.search import query

    @contextmanager
    def exceeded(seconds):
        yield
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(query, "time_limit", exceeded)
    results = search("Türkiye")
    assert results.too_broad and results.hits == []
    page = Client().get("/search/", {"q": "Türkiye"}).content.decode()
    assert "matches too much of the archive" in page


def test_the_time_limit_stops_a_long_query_on_this_database():
    from django.db import OperationalError, connection

    from newsdesk.search.query import time_limit

    slow = (
        "SELECT pg_sleep(2)"
        if connection.vendor == "postgresql"
        else "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 50000000) SELECT count(*) FROM c"
    )
    with pytest.raises(OperationalError), time_limit(0.05), connection.cursor() as cursor:
        cursor.execute(slow)


def test_only_the_newest_candidates_are_ranked_for_a_very_common_word(monkeypatch):
    from newsdesk.search import query

    old = indexed(headline="Gas gas gas", published_at=timezone.now() - timedelta(days=400))
    newer = [indexed(headline=f"Gas report {number}") for number in range(3)]
    monkeypatch.setattr(query, "CANDIDATES", 3)
    assert old.headline not in headlines("gas")
    assert sorted(headlines("gas")) == sorted(article.headline for article in newer)
    assert headlines("gas", filters=SearchFilters(date_to=timezone.localdate(old.published_at))) == [
        old.headline
    ]


def test_section_topic_author_and_source_pages_offer_a_search_scoped_to_them():
    article = indexed(
        headline="Scoped story", topics=[TopicFactory()], authors=[AuthorFactory()], sources=[SourceFactory()]
    )
    pages = {
        "section": article.section,
        "topic": article.topics.get(),
        "author": article.bylines.get().author,
        "source": article.cited_sources.get().source,
    }
    for field, subject in pages.items():
        page = Client().get(subject.get_absolute_url()).content.decode()
        assert f'<input type="hidden" name="{field}" value="{subject.slug}">' in page, field
        assert headlines("scoped", filters=SearchFilters(**{field: subject.slug})) == ["Scoped story"]


def test_a_search_from_a_topic_page_shows_its_scope_as_a_choice_the_reader_can_drop():
    topic = TopicFactory(name="Iran")
    indexed(headline="Gas deal in the region", topics=[topic])
    indexed(headline="Gas prices at home")
    page = Client().get(f"/search/?q=gas&topic={topic.slug}").content.decode()
    assert (
        f'<input type="checkbox" name="topic" id="id_topic" value="{topic.slug}" checked> Only in topic “Iran”'
        in page
    )
    assert "Gas prices at home" not in page
    # Unticked, the box sends nothing: the next search covers the whole site.
    assert "Gas prices at home" in Client().get("/search/?q=gas").content.decode()


@pytest.mark.parametrize("value", ["no\x00nul", "x" * 500, "<b>tag</b>"])
def test_a_scope_that_is_no_slug_is_a_form_error_shown_as_sent_never_a_500(value):
    response = Client().get("/search/", {"q": "gas", "topic": value})
    assert response.status_code == 200
    assert 'name="topic"' in response.content.decode()


def test_a_query_cut_at_its_length_limit_drops_the_word_the_cut_went_through():
    assert query_words("turkey " * 285 + "turkey") == ["turkey"]  # 2,001 characters
    assert query_words("a" * 1995 + " drills") == ["a" * 64]
    assert query_words("drills " + "x" * 1992 + " jets") == ["drills", "x" * 64]


def test_words_inside_web_addresses_and_file_names_are_found_on_both_backends():
    article = indexed(
        headline="Links", body="<p>Read it on bbc.com or apa.az/en, version 2.5 in report.pdf.</p>"
    )
    for text in ["bbc", "bbc.com", "apa", "report", "pdf", "2.5"]:
        assert headlines(text) == [article.headline], text


def test_renaming_a_section_or_topic_reaches_the_index(django_capture_on_commit_callbacks):
    topic = TopicFactory(name="Old topic name")
    article = indexed(headline="Tagged story", topics=[topic])
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = "Zqxrenamed"
        topic.save()
        article.section.name = "Sectionrenamed"
        article.section.save()
    assert headlines("zqxrenamed") == [article.headline]
    assert headlines("sectionrenamed") == [article.headline]


def test_pages_of_results_follow_on_without_gaps_or_repeats_in_both_orders():
    for number in range(7):
        indexed(headline=f"Railway story {number}", published_at=timezone.now() - timedelta(hours=number))
    for order in ("relevance", "newest"):
        pages = [search("railway", order=order, page=page, per_page=3) for page in (1, 2, 3)]
        shown = [hit.article.headline for results in pages for hit in results.hits]
        assert sorted(shown) == sorted(f"Railway story {number}" for number in range(7)), order
        assert [results.has_next for results in pages] == [True, True, False], order
    newest = [hit.article.headline for hit in search("railway", order="newest", per_page=7).hits]
    assert newest == [f"Railway story {number}" for number in range(7)]


def test_a_story_taken_down_between_ranking_and_fetching_is_left_out(monkeypatch):
    from newsdesk.search import query

    kept = indexed(headline="Harbour story kept")
    withdrawn = indexed(headline="Harbour story withdrawn")
    deleted = indexed(headline="Harbour story deleted")
    ranked = query.ranked

    def ranked_then_taken_down(*args, **kwargs):
        rows = ranked(*args, **kwargs)
        Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.UNPUBLISHED)
        Article.objects.filter(pk=deleted.pk).delete()
        return rows

    monkeypatch.setattr(query, "ranked", ranked_then_taken_down)
    assert headlines("harbour") == [kept.headline]


def test_the_search_form_keeps_the_readers_choices_and_marks_bad_ones():
    section = SectionFactory(slug="defence", name="Defence")
    page = (
        Client()
        .get(
            "/search/",
            {
                "q": "drills",
                "section": section.slug,
                "type": "analysis",
                "date_from": "2026-01-02",
                "date_to": "not a date",
                "order": "newest",
                "topic": "karabakh",
                "author": '"><script>',
            },
        )
        .content.decode()
    )
    assert '<option value="defence" selected>Defence</option>' in page
    assert '<option value="analysis" selected>Analysis</option>' in page
    assert '<option value="newest" selected>Newest</option>' in page
    assert 'id="id_date_from" value="2026-01-02"' in page
    assert (
        'id="id_date_to" aria-invalid="true" aria-describedby="id_date_to_error" value="not a date"' in page
    )
    assert '<p id="id_date_to_error">To: Enter a valid date.</p>' in page
    assert '<input type="checkbox" name="topic" id="id_topic" value="karabakh" checked>' in page
    assert 'value="&quot;&gt;&lt;script&gt;"' in page and '"><script>' not in page
    fresh = Client().get("/search/").content.decode()
    assert '<option value="" selected>All sections</option>' in fresh
    assert 'name="topic"' not in fresh


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_refreshes_statistics_and_on_postgresql_vacuums_outside_a_transaction():
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    tables = ["news_article", "search_searchdocument"]
    with CaptureQueriesContext(connection) as outside:
        index.after_bulk_write(tables)
    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        index.after_bulk_write(tables)
    outside_sql = [query["sql"] for query in outside.captured_queries]
    inside_sql = [query["sql"] for query in inside.captured_queries if "ANALYZE" in query["sql"]]
    if connection.vendor == "postgresql":
        # VACUUM cannot run in a transaction block; there the vector UPDATE's dead rows wait for autovacuum.
        assert outside_sql == ["VACUUM (ANALYZE) news_article, search_searchdocument"]
        assert inside_sql == ["ANALYZE news_article, search_searchdocument"]
    else:  # SQLite's ANALYZE names one table at a time
        assert outside_sql == inside_sql == ["ANALYZE news_article", "ANALYZE search_searchdocument"]
