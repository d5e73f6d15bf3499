"""The image library's picker: the body editor's "Browse..." window, which hands a picture's address, description
and caption to the Insert Figure box (the browser half is in tests/browser/test_newsroom.py)."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.news.admin import PICKER_PAGE_SIZE
from newsdesk.news.models import Image
from newsdesk.news.text import body_picture_problems
from tests.factories import ImageFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

PICKER = "/newsroom/news/image/picker/"


@pytest.fixture
def reporter(client):
    client.force_login(staff("Reporter"))
    return client


def picture(alt_text: str, *, caption: str = "", credit: str = "", days_old: int = 0) -> Image:
    image = ImageFactory(alt_text=alt_text, caption=caption, credit=credit)
    Image.objects.filter(pk=image.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return image


def offered(response) -> list[dict]:
    """The pictures a picker page offers, as the page's buttons hand them to the editor."""
    page = response.content.decode()
    buttons = re.findall(r"<button [^>]*data-address=[^>]*>", page)
    return [dict(re.findall(r'data-(address|alt|caption|id)="([^"]*)"', button)) for button in buttons]


def test_the_picker_offers_the_newest_pictures_with_what_the_figure_needs(reporter):
    older = picture(
        "Tanks on a pontoon bridge", caption="The Araz at dawn", credit="Photo: Trend", days_old=2
    )
    newer = picture("A minister at a lectern", days_old=1)

    response = reporter.get(PICKER, {"CKEditorFuncNum": "-1"})

    assert response.status_code == 200
    assert offered(response) == [
        {"address": newer.body_address, "alt": "A minister at a lectern", "caption": "", "id": str(newer.pk)},
        {
            "address": older.body_address,
            "alt": "Tanks on a pontoon bridge",
            "caption": "The Araz at dawn. Photo: Trend",
            "id": str(older.pk),
        },
    ]
    assert 'data-editor-call="-1"' in response.content.decode()


def test_each_use_this_picture_button_says_which_picture_it_takes(reporter):
    # 24 buttons a page, all named "Use this picture": a screen reader listing or tabbing through them heard
    # the same words 24 times, with nothing to tell them apart.
    bridge = picture("Tanks on a pontoon bridge")
    lectern = picture("A minister at a lectern")
    page = reporter.get(PICKER, {"CKEditorFuncNum": "-1"}).content.decode()

    for chosen in (bridge, lectern):
        button = re.search(rf'<button [^>]*data-id="{chosen.pk}"[^>]*>', page).group(0)
        described_by = re.search(r'aria-describedby="([^"]+)"', button).group(1)
        assert re.search(rf'<p [^>]*id="{described_by}"[^>]*>{chosen.alt_text}</p>', page)
    assert len(set(re.findall(r'id="(picture-\d+-alt)"', page))) == 2  # one description each, ids unique


def test_every_address_the_picker_offers_is_one_an_article_body_may_show(reporter):
    chosen = picture("Tanks on a pontoon bridge")
    [choice] = offered(reporter.get(PICKER, {"CKEditorFuncNum": "-3"}))
    assert (
        body_picture_problems(f'<figure><img src="{choice["address"]}" alt="{choice["alt"]}"></figure>') == []
    )
    assert choice["address"] == chosen.rendition_url(1200)


def test_the_picker_finds_pictures_by_every_word_of_their_description_caption_or_credit(reporter):
    bridge = picture("Tanks on a pontoon bridge", caption="The Araz at dawn", credit="Trend")
    picture("Tanks in a parade", caption="Baku, Victory Day", credit="Azertac")
    picture("A minister at a lectern", credit="Trend")

    def found(words: str) -> list[str]:
        return [
            choice["alt"] for choice in offered(reporter.get(PICKER, {"q": words, "CKEditorFuncNum": "-1"}))
        ]

    assert found("tanks araz") == [bridge.alt_text]
    assert found("TREND") == ["A minister at a lectern", "Tanks on a pontoon bridge"]
    assert found("tanks") == ["Tanks in a parade", "Tanks on a pontoon bridge"]
    page = reporter.get(PICKER, {"q": "submarine"}).content.decode()
    assert "No picture in the library matches “submarine”." in page


def test_the_picker_pages_through_a_large_library_and_keeps_the_search_and_the_editor_call(reporter):
    for number in range(PICKER_PAGE_SIZE + 2):
        picture(f"Harbour view {number}", days_old=number)

    first = reporter.get(PICKER, {"q": "harbour", "CKEditorFuncNum": "-7"})
    second = reporter.get(PICKER, {"q": "harbour", "CKEditorFuncNum": "-7", "page": "2"})

    assert len(offered(first)) == PICKER_PAGE_SIZE
    assert [choice["alt"] for choice in offered(second)] == ["Harbour view 24", "Harbour view 25"]
    assert 'href="?CKEditorFuncNum=-7&amp;q=harbour&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("words", ["Şuşa", "şuşa", "ŞUŞA", "Shusha", "susa", "şəbnəm rüstəmli", "Rustamli"])
def test_the_picker_finds_azerbaijani_and_turkish_words_in_any_case_or_spelling(reporter, words):
    # SQLite's LIKE (icontains) folds ASCII letters only: "şuşa" did not find "Şuşa", nor "Shusha" (which the
    # site's own search finds).
    picture("The walls of Şuşa under snow", caption="Şəbnəm Rüstəmli at the gate", credit="Photo: Trend")
    picture("A minister at a lectern")

    found = [choice["alt"] for choice in offered(reporter.get(PICKER, {"q": words, "CKEditorFuncNum": "-1"}))]

    assert found == ["The walls of Şuşa under snow"]


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 101},
        {"CKEditorFuncNum": "not-a-number"},
        {"CKEditorFuncNum": str(2**40)},
        {"page": "999999999999999999999"},
        {"page": "²"},
        {"q": "\x00"},
    ],
)
def test_bad_picker_input_is_a_page_not_a_server_error(reporter, query):
    picture("Tanks on a pontoon bridge")
    response = reporter.get(PICKER, query)
    assert response.status_code == 200


def test_a_search_too_long_is_named_on_the_page_and_the_editor_can_still_be_answered(reporter):
    picture("Tanks on a pontoon bridge")
    response = reporter.get(PICKER, {"q": "x" * 101, "CKEditorFuncNum": "-2"})
    page = response.content.decode()
    assert "Ensure this value has at most 100 characters" in page
    assert 'data-editor-call="-2"' in page and len(offered(response)) == 1


def test_opened_outside_the_editor_the_picker_lists_addresses_to_copy(reporter):
    chosen = picture("Tanks on a pontoon bridge")
    page = reporter.get(PICKER).content.decode()
    assert f"<code>{chosen.body_address}</code>" in page
    assert "data-editor-call" not in page
    assert "Copy a picture’s address" in page or "Copy a picture's address" in page


def test_the_picker_is_for_the_newsroom_only(client):
    picture("Tanks on a pontoon bridge")
    assert client.get(PICKER).status_code == 302  # to the newsroom's sign-in

    client.force_login(UserFactory(is_staff=True))  # staff, but in no role: may not see the library
    assert client.get(PICKER).status_code == 403

    client.force_login(UserFactory())  # a reader
    assert client.get(PICKER).status_code == 302


def test_the_picker_costs_the_same_queries_for_a_small_or_a_large_library(
    reporter, django_assert_max_num_queries
):
    picture("Harbour view")
    # Session, user, site settings, two for permissions, then the count and the page of pictures.
    with django_assert_max_num_queries(7):
        reporter.get(PICKER, {"q": "harbour"})
    for number in range(40):
        picture(f"Harbour view {number}")
    with django_assert_max_num_queries(7):
        assert (
            len(offered(reporter.get(PICKER, {"q": "harbour", "CKEditorFuncNum": "-1"}))) == PICKER_PAGE_SIZE
        )


def test_the_body_editor_opens_the_picker_from_its_insert_figure_box(reporter):
    page = reporter.get("/newsroom/news/article/add/").content.decode()
    config = json.loads(
        re.search(r'data-django-prose-editor-configurable="([^"]+)"', page).group(1).replace("&quot;", '"')
    )
    assert config["extensions"]["Figure"] == {"pickerUrl": PICKER}


@pytest.mark.parametrize(
    ("caption", "credit", "together"),
    [
        ("The Araz at dawn", "Photo: Trend", "The Araz at dawn. Photo: Trend"),
        ("Who built it?", "Trend", "Who built it? Trend"),
        ("The Araz at dawn.", "", "The Araz at dawn."),
        ("", "Photo: Trend", "Photo: Trend"),
        ("  ", "", ""),
    ],
)
def test_a_picture_takes_its_credit_into_an_article_text_after_its_caption(caption, credit, together):
    assert Image(caption=caption, credit=credit).caption_with_credit == together


def test_the_image_list_searches_the_way_the_picker_does(reporter):
    picture("The walls of Şuşa under snow")
    picture("A minister at a lectern")
    page = reporter.get("/newsroom/news/image/", {"q": "shusha"}).content.decode()
    assert "The walls of Şuşa under snow" in page and "A minister at a lectern" not in page


def test_the_migration_folds_the_texts_of_pictures_stored_before_the_column(reporter):
    import importlib

    from django.apps import apps

    stored = picture("The walls of Şuşa under snow", caption="Rüstəmli")
    Image.objects.update(search_text="")
    importlib.import_module("newsdesk.news.migrations.0009_image_search_text").fold_picture_texts(apps, None)

    stored.refresh_from_db()
    assert stored.search_text == "the walls of susa under snow rustemli shusha rustamli"


def test_a_pasted_page_in_the_image_list_search_is_a_page_not_a_server_error(reporter):
    """The list's search box has no length limit (the picker's has): a thousand words were a thousand-way AND,
    which SQLite refuses ("Expression tree is too large"). The first words count, as in the site search."""
    picture("The walls of Şuşa under snow")
    pasted = "walls " + " ".join(f"word{n}" for n in range(1500))
    response = reporter.get("/newsroom/news/image/", {"q": pasted})
    assert response.status_code == 200
    assert "The walls of Şuşa under snow" not in response.content.decode()  # its first words all count
