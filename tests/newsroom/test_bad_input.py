"""Input no browser sends to the newsroom (tampered versions, ids no row can have, dates at the calendar's edges, an
empty autosave): a form error or a 4xx, never a 500 and never lost text. Found by the second fuzz pass."""

import pytest
from django.test import Client

from newsdesk.news.models import Article
from newsdesk.newsroom.models import Revision
from newsdesk.sitesettings.models import SiteSettings
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory, draft, staff
from tests.newsroom.helpers import article_form_data, change_url

pytestmark = pytest.mark.django_db
# Django warns, as it should, when a date from the query string has no time zone; these tests send such dates.
naive_dates = pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")

# Past every integer column (2**63 and more), and not a number at all.
BAD_IDS = ["99999999999999999999", str(2**63), "x"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


# -- the version a save started from ----------------------------------------------------------------------------


@pytest.mark.parametrize("base_version", ["-1", str(2**63), "99999999999999999999", str(2**32)])
def test_a_tampered_base_version_is_a_form_error_that_keeps_the_editors_text(base_version):
    article = draft(headline="Original headline")
    response = signed_in(staff("Editor")).post(
        change_url(article),
        article_form_data(article, headline="My new headline", base_version=base_version),
    )
    assert response.status_code == 200
    assert set(form_errors(response)) == {"base_version"}
    assert 'value="My new headline"' in response.content.decode()
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Original headline", 1)
    assert not Revision.objects.exists()


def test_a_refused_save_keeps_its_text_at_the_version_it_started_from():
    article = draft(headline="Original headline")
    opened = article_form_data(article)
    signed_in(staff("Editor")).post(change_url(article), {**opened, "headline": "First save"})
    response = signed_in(staff("Editor")).post(change_url(article), {**opened, "headline": "Second save"})
    assert response.status_code == 409
    kept = Revision.objects.get(kind=Revision.Kind.CONFLICT)
    assert (kept.headline, kept.version) == ("Second save", 1)


# -- the live article's link while its form has errors ----------------------------------------------------------


def test_a_live_article_with_its_slug_cleared_and_another_error_shows_the_form_errors():
    article = ArticleFactory(headline="Live story", slug="live-story")
    response = signed_in(staff("Editor")).post(
        change_url(article), article_form_data(article, slug="", headline="", body="<p>My new text.</p>")
    )
    assert response.status_code == 200
    assert "headline" in form_errors(response)
    page = response.content.decode()
    assert "My new text." in page
    assert f'href="/news/{article.pk}/">View on site' in page
    article.refresh_from_db()
    assert (article.headline, article.slug) == ("Live story", "live-story")


# -- ids no row can have ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("field", ["section", "lead_image", "topics"])
def test_an_impossible_id_in_an_article_choice_is_a_form_error(field, bad_id):
    article = draft(headline="Original headline")
    response = signed_in(staff("Editor")).post(
        change_url(article), article_form_data(article, headline="Mine", **{field: bad_id})
    )
    assert response.status_code == 200
    assert set(form_errors(response)) == {field}
    assert "Select a valid choice" in str(form_errors(response)[field])
    article.refresh_from_db()
    assert article.headline == "Original headline"


def test_an_impossible_id_among_good_topics_is_a_form_error():
    article = draft()
    topics = [str(TopicFactory().pk), str(TopicFactory().pk), "x"]
    response = signed_in(staff("Editor")).post(
        change_url(article), {**article_form_data(article), "topics": topics}
    )
    assert response.status_code == 200
    assert set(form_errors(response)) == {"topics"}


def test_a_form_with_errors_still_shows_the_section_and_topics_chosen():
    """The guard hides only impossible ids from the widgets, not the editor's real choices."""
    article, section, topic = draft(), SectionFactory(), TopicFactory()
    response = signed_in(staff("Editor")).post(
        change_url(article),
        {**article_form_data(article, headline="", section=section.pk), "topics": [topic.pk]},
    )
    assert set(form_errors(response)) == {"headline"}
    page = response.content.decode()
    assert f'<option value="{section.pk}" selected>' in page
    assert f'<option value="{topic.pk}" selected>' in page


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_impossible_section_on_a_new_article_is_a_form_error(bad_id):
    response = signed_in(staff("Reporter")).post(
        "/newsroom/news/article/add/",
        {**article_form_data(draft(), headline="New story", base_version=None), "section": bad_id},
    )
    assert response.status_code == 200
    assert "section" in form_errors(response)
    assert not Article.objects.filter(headline="New story").exists()


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_impossible_author_in_a_byline_is_a_form_error(bad_id):
    article = draft(headline="Original headline")
    response = signed_in(staff("Editor")).post(
        change_url(article),
        article_form_data(
            article,
            headline="Mine",
            **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": bad_id, "bylines-0-order": "0"},
        ),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Original headline"


def user_form_data(user, **overrides) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2024-05-01",
        "date_joined_1": "10:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(overrides)
    return data


def test_the_user_form_data_saves_as_it_is():
    """The control for the tests below: without the tampered value, the same post saves."""
    user = staff("Reporter")
    response = signed_in(staff("Admin")).post(
        f"/newsroom/accounts/user/{user.pk}/change/", user_form_data(user, first_name="Aynur")
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Aynur"


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("field", ["desk_sections", "groups", "user_permissions"])
def test_an_impossible_id_in_a_users_choices_is_a_form_error(field, bad_id):
    user = staff("Reporter", sections=[SectionFactory()])
    response = signed_in(staff("Admin")).post(
        f"/newsroom/accounts/user/{user.pk}/change/", user_form_data(user, **{field: bad_id})
    )
    assert response.status_code == 200
    assert set(form_errors(response)) == {field}
    assert user.desk_sections.count() == 1 and user.groups.count() == 1


# -- dates at the calendar's edges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=9999",
        "published_at__year=9999&published_at__month=12",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
        "published_at__year=99999999999999999999",
        # Midnight on 1 January of year 1 in Baku is before the first moment UTC can hold.
        "published_at__year=1&published_at__month=1&published_at__day=1",
        "published_at__gte=0001-01-01",
    ],
)
@naive_dates
def test_a_date_lookup_past_the_calendar_is_a_bad_lookup_not_an_error(query):
    ArticleFactory()
    response = signed_in(staff("Editor")).get(f"/newsroom/news/article/?{query}")
    assert response.status_code == 302
    assert response["Location"] == "/newsroom/news/article/?e=1"


@naive_dates
def test_a_date_lookup_past_the_calendar_in_the_user_list_is_a_bad_lookup_not_an_error():
    response = signed_in(staff("Admin")).get("/newsroom/accounts/user/?date_joined__gte=0001-01-01")
    assert response.status_code == 302
    assert response["Location"] == "/newsroom/accounts/user/?e=1"


def test_a_date_drill_down_inside_the_calendar_still_lists_its_articles():
    ArticleFactory(headline="Filed this year")
    year = Article.objects.get().published_at.year
    response = signed_in(staff("Editor")).get(f"/newsroom/news/article/?published_at__year={year}")
    assert response.status_code == 200
    assert "Filed this year" in response.content.decode()


@pytest.mark.parametrize(
    ("zone", "day", "time"),
    [
        ("Asia/Baku", "0001-01-01", "00:00"),  # before the first moment UTC can hold
        ("America/New_York", "9999-12-31", "23:59"),  # after the last
    ],
)
def test_a_date_joined_off_the_calendar_in_utc_is_a_form_error(zone, day, time):
    SiteSettings.objects.update_or_create(pk=1, defaults={"time_zone": zone})
    user = staff("Reporter")
    joined = user.date_joined
    response = signed_in(staff("Admin")).post(
        f"/newsroom/accounts/user/{user.pk}/change/",
        user_form_data(user, date_joined_0=day, date_joined_1=time),
    )
    assert response.status_code == 200
    assert set(form_errors(response)) == {"date_joined"}
    user.refresh_from_db()
    assert user.date_joined == joined


# -- autosave ---------------------------------------------------------------------------------------------------


def test_an_autosave_without_any_text_field_is_refused_and_keeps_the_previous_copy():
    article = draft()
    client = signed_in(staff("Editor"))
    url = f"/newsroom/news/article/{article.pk}/autosave/"
    client.post(url, {"headline": "Half-written", "standfirst": "", "body": "<p>Half</p>"})
    response = client.post(url, {})
    assert response.status_code == 400
    assert "error" in response.json()
    kept = Revision.objects.get(kind=Revision.Kind.AUTOSAVE)
    assert (kept.headline, kept.body) == ("Half-written", "<p>Half</p>")


@pytest.mark.parametrize(
    "changelist, query",
    [
        ("/newsroom/pagecache/purgelog/", "created_at__year=9999"),
        ("/newsroom/api/apitoken/", "created_at__gte=0001-01-01"),
        ("/newsroom/axes/accessattempt/", "attempt_time__year=9999&attempt_time__month=12"),
        ("/newsroom/django_tasks_database/dbtaskresult/", "enqueued_at__gte=0001-01-01"),
    ],
)
@naive_dates
def test_every_admin_page_answers_a_date_past_the_calendar_as_a_bad_lookup(changelist, query):
    """The site guards every ModelAdmin registered with it, the libraries' included (NewsroomSite.register)."""
    response = signed_in(staff("Admin")).get(f"{changelist}?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"{changelist}?e=1"


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_impossible_photo_or_account_for_an_author_is_a_form_error(bad_id):
    author = AuthorFactory()
    response = signed_in(staff("Admin")).post(
        f"/newsroom/news/author/{author.pk}/change/", {"name": author.name, "photo": bad_id, "user": bad_id}
    )
    assert response.status_code == 200
    assert {"photo", "user"} <= set(form_errors(response))


@pytest.mark.parametrize(
    ("picture", "problem"),
    [
        ('<img src="/media/images/quay.jpg">', "has no description"),
        ('<img src="/media/images/quay.jpg" alt="  ">', "has no description"),
        ('<img src="https://elsewhere.example/quay.jpg" alt="The quay">', "is not from the image library"),
        ('<img src="//elsewhere.example/media/quay.jpg" alt="The quay">', "is not from the image library"),
    ],
)
def test_a_body_picture_without_a_description_or_from_another_site_is_a_form_error_and_nothing_is_saved(
    picture, problem
):
    article = draft(body="<p>Before.</p>")
    response = signed_in(staff("Editor")).post(
        change_url(article), article_form_data(article, body=f"<p>Text.</p>{picture}")
    )
    assert response.status_code == 200
    assert problem in " ".join(form_errors(response)["body"])
    assert picture.split('"')[1] in response.text  # the writer's text is still in the form
    article.refresh_from_db()
    assert (article.body, article.version) == ("<p>Before.</p>", 1)


def test_a_picture_the_body_editor_emptied_is_named_as_such_not_as_one_from_another_site():
    # The body editor keeps a picture inserted without a caption selected; typing then replaces it, and what
    # reaches the server is an <img> with nothing in it. "Not from the image library: upload it under Images"
    # sent the writer after a picture they had just taken from the library.
    article = draft(body="<p>Before.</p>")
    body = '<p>First.</p><figure class="figure"><img></figure><p>Police said the road was clear.</p>'
    response = signed_in(staff("Editor")).post(change_url(article), article_form_data(article, body=body))
    assert response.status_code == 200
    [problem] = form_errors(response)["body"]
    assert "Picture number 1 in the text is empty" in problem
    assert "insert the picture again" in problem
    assert "not from the image library" not in problem and "no description" not in problem
    assert "Police said the road was clear." in response.text  # the text is still in the form
    article.refresh_from_db()
    assert article.version == 1


@pytest.mark.parametrize(
    "address",
    [
        "/media/images/quay.jpg",
        "https://news.example.az/media/images/quay.jpg",
    ],  # as "Copy image address" gives
)
def test_a_body_picture_from_the_library_with_a_description_is_saved(settings, address):
    from newsdesk.news.models import Image

    settings.ALLOWED_HOSTS = ["news.example.az", "testserver"]
    Image.objects.create(file="images/quay.jpg", width=800, height=600, alt_text="The quay")
    article = draft(body="<p>Before.</p>")
    body = f'<p>Text.</p><figure><img src="{address}" alt="The quay at dawn"></figure>'
    response = signed_in(staff("Editor")).post(change_url(article), article_form_data(article, body=body))
    assert response.status_code == 302
    article.refresh_from_db()
    assert 'alt="The quay at dawn"' in article.body


def test_a_picture_on_a_host_the_site_does_not_serve_is_not_the_library_even_with_a_media_path(settings):
    settings.ALLOWED_HOSTS = ["*"]
    from newsdesk.news.text import is_library_address

    assert not is_library_address("https://elsewhere.example/media/quay.jpg")
    assert not is_library_address("//elsewhere.example/media/quay.jpg")


def test_a_draft_with_a_picture_from_another_site_cannot_be_published_however_it_was_written():
    from newsdesk.newsroom import workflow
    from newsdesk.newsroom.roles import Action

    article = draft(
        body='<p>Wire copy.</p><img src="https://tracker.example/pixel.gif">'
    )  # the API, the wire
    with pytest.raises(workflow.WorkflowError, match="body pictures from the image library"):
        workflow.move(article, Action.PUBLISH, by=staff("Editor"))
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
