"""Purge correctness: each change purges exactly the pages it changes, and those pages are then fresh."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import Client

from newsdesk.news.models import Article
from newsdesk.newsroom import editing, workflow
from newsdesk.newsroom.roles import Action
from newsdesk.newsroom.tasks import after_public_edit
from newsdesk.pagecache.keys import article_keys
from newsdesk.pagecache.models import PurgeLog
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory, draft, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """Two sections, two topics, two reporters; Y and Z are live, X is a draft in section S by A about T."""
    s = SectionFactory(name="Kestrel desk")
    s2 = SectionFactory(name="Osprey desk", in_navigation=False)
    t, t2 = TopicFactory(name="Harbour works"), TopicFactory(name="Grain prices")
    a, b = AuthorFactory(name="Ayla Quartermain"), AuthorFactory(name="Bahram Zeller")
    y = ArticleFactory(headline="Ferry timetable changes", section=s2, authors=[b], topics=[t2])
    z = ArticleFactory(headline="Quay repairs begin", section=s, authors=[b], topics=[t2])
    x = draft(headline="Harbour crane collapses", section=s, topics=[t], authors=[a])
    x.bylines.exclude(author=a).delete()
    return {"S": s, "S2": s2, "T": t, "T2": t2, "A": a, "B": b, "X": x, "Y": y, "Z": z}


def paths(site) -> dict[str, str]:
    return {
        "home": "/",
        "S": site["S"].get_absolute_url(),
        "S2": site["S2"].get_absolute_url(),
        "T": site["T"].get_absolute_url(),
        "T2": site["T2"].get_absolute_url(),
        "A": site["A"].get_absolute_url(),
        "B": site["B"].get_absolute_url(),
        "Y": site["Y"].get_absolute_url(),
        "Z": site["Z"].get_absolute_url(),
        "archive": "/archive/",
        "feed": "/feeds/rss/",
        "S feed": site["S"].get_absolute_url() + "rss/",
        "S2 feed": site["S2"].get_absolute_url() + "rss/",
        "sitemap": "/sitemap.xml",
        "corrections": "/corrections/",
    }


@pytest.fixture
def warm(layer, site):
    """Loads every page through the layer; returns {name: body} as cached."""

    def load() -> dict[str, bytes]:
        bodies = {}
        for name, path in paths(site).items():
            answer = layer.get(path)
            assert answer.status == 200, path
            bodies[name] = answer.body
        return bodies

    return load


def purged_names(site, stored) -> set[str]:
    left = stored()
    return {name for name, path in paths(site).items() if path not in left}


def showing(bodies: dict[str, bytes], text: str) -> set[str]:
    return {name for name, body in bodies.items() if text.encode() in body}


def test_publishing_purges_the_lists_it_joins_and_nothing_else(
    site, warm, stored, layer, django_capture_on_commit_callbacks
):
    warm()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(site["X"], Action.PUBLISH, by=staff("Editor"))
    # Z shares X's section, so its "related" list may now hold X.
    assert purged_names(site, stored) == {"home", "S", "T", "A", "Z", "archive", "feed", "S feed", "sitemap"}
    assert b"Harbour crane collapses" in layer.get("/").body


def test_an_update_purges_exactly_the_pages_that_show_the_article(
    site, warm, stored, layer, django_capture_on_commit_callbacks
):
    bodies = warm()
    z = site["Z"]
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=z.pk).update(headline="Quay repairs halted")
        after_public_edit(z, "update")
    expected = showing(bodies, "Quay repairs begin")
    assert {"Z", "home", "S", "B", "T2", "feed"} <= expected
    assert purged_names(site, stored) == expected
    assert b"Quay repairs halted" in layer.get(paths(site)["S"]).body


def test_a_take_down_purges_the_pages_showing_it_and_the_lists_it_leaves(
    site, warm, stored, layer, django_capture_on_commit_callbacks
):
    bodies = warm()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(site["Z"], Action.TAKE_DOWN, by=staff("Editor"), note="Legal")
    lists = {"home", "S", "B", "T2", "archive", "feed", "S feed", "sitemap", "corrections"}
    assert purged_names(site, stored) == showing(bodies, "Quay repairs begin") | lists
    assert b"Quay repairs begin" not in layer.get("/").body
    assert layer.get(paths(site)["Z"]).status == 404


def test_renaming_a_section_purges_exactly_the_pages_that_show_its_name(
    site, warm, stored, layer, django_capture_on_commit_callbacks
):
    bodies = warm()
    section = site["S2"]  # not in the navigation, so not on every page
    with django_capture_on_commit_callbacks(execute=True):
        section.name = "Heron desk"
        section.save()
    expected = showing(bodies, "Osprey desk")
    assert {"S2", "Y", "S2 feed"} <= expected and "S" not in expected
    assert purged_names(site, stored) == expected
    assert b"Heron desk" in layer.get(paths(site)["Y"]).body


def test_renaming_a_section_in_the_navigation_purges_every_html_page(
    site, warm, stored, django_capture_on_commit_callbacks
):
    bodies = warm()
    with django_capture_on_commit_callbacks(execute=True):
        site["S"].name = "Falcon desk"
        site["S"].save()
    assert purged_names(site, stored) == showing(bodies, "Kestrel desk")
    assert {"home", "Y", "S2", "T", "corrections"} <= purged_names(site, stored)


def test_renaming_an_author_purges_exactly_the_pages_that_show_their_name(
    site, warm, stored, layer, django_capture_on_commit_callbacks
):
    bodies = warm()
    with django_capture_on_commit_callbacks(execute=True):
        site["B"].name = "Bahram Zeller-Aliyev"
        site["B"].save()
    expected = showing(bodies, "Bahram Zeller")
    assert {"B", "Y", "Z"} <= expected and "A" not in expected
    assert purged_names(site, stored) == expected
    assert b"Bahram Zeller-Aliyev" in layer.get(paths(site)["Z"]).body


def test_site_settings_purge_every_page(site, warm, stored, django_capture_on_commit_callbacks):
    from newsdesk.sitesettings.models import SiteSettings

    warm()
    with django_capture_on_commit_callbacks(execute=True):
        settings = SiteSettings.load()
        settings.tagline = "A new tagline"
        settings.save()
    assert purged_names(site, stored) == set(paths(site)) - {"sitemap"}


def test_each_purge_is_logged_with_its_keys_and_pages(site, warm, django_capture_on_commit_callbacks):
    warm()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(site["X"], Action.PUBLISH, by=staff("Editor"))
    log = PurgeLog.objects.get(reason=f"article {site['X'].pk} publish")
    assert (log.adapter, log.outcome, log.pages) == ("local", "ok", 9)
    assert f"article-{site['X'].pk}" in log.keys.split() and "home" in log.keys.split()


def test_admins_see_the_purge_log_read_only(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(site["X"], Action.PUBLISH, by=staff("Editor"))
    client = Client()
    client.force_login(staff("Admin"))
    page = client.get("/newsroom/pagecache/purgelog/")
    assert page.status_code == 200 and f"article {site['X'].pk} publish".encode() in page.content
    model_admin = admin_site._registry[PurgeLog]
    assert not model_admin.has_add_permission(None) and not model_admin.has_delete_permission(None)
    log = PurgeLog.objects.first()
    assert client.post(f"/newsroom/pagecache/purgelog/{log.pk}/delete/").status_code == 403


def test_scheduling_purges_the_lists_it_will_join_and_caps_their_new_lifetime(
    site, warm, stored, layer, django_capture_on_commit_callbacks, time_machine
):
    from datetime import timedelta

    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    warm()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(
            site["X"], Action.SCHEDULE, by=staff("Editor"), publish_at=timezone.now() + timedelta(seconds=90)
        )
    assert {"home", "S", "T", "A"} <= purged_names(site, stored)
    assert "s-maxage=90," in layer.get(paths(site)["S"]).headers["Cache-Control"]


def test_a_page_showing_the_breaking_banner_is_kept_only_until_the_story_leaves_it(layer, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    ArticleFactory(is_breaking=True, published_at=timezone.now() - timedelta(hours=6, seconds=-45))
    assert "s-maxage=45," in layer.get("/").headers["Cache-Control"]


def test_a_render_racing_a_purge_is_answered_but_not_stored(layer, site, stored, monkeypatch):
    from newsdesk.news import views
    from newsdesk.pagecache.cache import page_cache

    original = views.render

    def render_during_a_purge(*args, **kwargs):
        page_cache().purge(["article-999"])
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "render", render_during_a_purge)
    assert layer.get("/").status == 200
    assert stored() == set()


def saved_in_newsroom(article, *, kind=editing.ChangeKind.MINOR):
    editing.record_save(article, by=staff("Editor"), before=editing.texts_of(article), kind=kind)


def test_a_minor_fix_purges_the_pages_that_show_the_story(
    site, warm, stored, layer, django_capture_on_commit_callbacks
):
    z = site["Z"]
    with django_capture_on_commit_callbacks(execute=True):
        saved_in_newsroom(z)  # its first revision, so the next save can tell whether it moved
    bodies = warm()
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=z.pk).update(headline="Quay repairs begun")
        z.refresh_from_db()
        saved_in_newsroom(z)
    assert purged_names(site, stored) == showing(bodies, "Quay repairs begin")
    assert b"Quay repairs begun" in layer.get(paths(site)["Z"]).body


def test_an_edit_that_moves_a_story_purges_the_lists_it_joins(
    site, warm, stored, layer, django_capture_on_commit_callbacks
):
    z = site["Z"]
    with django_capture_on_commit_callbacks(execute=True):
        saved_in_newsroom(z)
    warm()
    assert b"Quay repairs begin" not in layer.get(paths(site)["S2"]).body
    with django_capture_on_commit_callbacks(execute=True):
        z.section = site["S2"]
        z.save()
        saved_in_newsroom(z, kind=editing.ChangeKind.UPDATE)
    assert {"S2", "S2 feed", "home", "archive", "feed", "sitemap"} <= purged_names(site, stored)
    assert b"Quay repairs begin" in layer.get(paths(site)["S2"]).body


def test_an_edit_of_a_front_page_story_also_purges_the_home_page():

    lifted, plain = ArticleFactory(priority=2), ArticleFactory(priority=0)
    assert "home" in article_keys(lifted, reason="update")
    assert "home" not in article_keys(plain, reason="update")
    assert "home" in article_keys(lifted, reason="minor")


def test_rescheduling_earlier_purges_the_lists_and_caps_their_lifetime_at_the_new_time(
    site, warm, stored, layer, django_capture_on_commit_callbacks, time_machine
):
    """Pages kept while the story was due later would otherwise live past its new, earlier time."""
    from datetime import timedelta

    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    editor = staff("Editor")
    workflow.move(site["X"], Action.SCHEDULE, by=editor, publish_at=timezone.now() + timedelta(seconds=240))
    warm()
    assert "s-maxage=240," in layer.get(paths(site)["S"]).headers["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(
            site["X"], Action.RESCHEDULE, by=editor, publish_at=timezone.now() + timedelta(seconds=90)
        )
    assert {"home", "S", "T", "A"} <= purged_names(site, stored)
    assert "corrections" not in purged_names(site, stored)
    assert "s-maxage=90," in layer.get(paths(site)["S"]).headers["Cache-Control"]


def test_pages_showing_a_picture_are_purged_once_its_renditions_are_made(
    layer, stored, django_capture_on_commit_callbacks
):
    """Published before the worker made them, a story's pages showed the file as uploaded, without srcset."""
    from tests.factories import ImageFactory

    lead, inside = ImageFactory(), ImageFactory()
    with_pictures = ArticleFactory(
        lead_image=lead, body=f'<p>Text.</p><figure><img src="{inside.body_address}" alt="The quay"></figure>'
    )
    other = ArticleFactory(body="<p>No pictures.</p>")
    pages = [with_pictures.get_absolute_url(), other.get_absolute_url()]
    assert [layer.get(path).status for path in pages] == [200, 200]
    assert "srcset" not in layer.get(pages[0]).text.split("article__body")[1]

    with django_capture_on_commit_callbacks(execute=True):
        inside.build_renditions()

    assert pages[0] not in stored() and pages[1] in stored()
    assert f'srcset="{inside.webp_srcset}"' in layer.get(pages[0]).text
    with django_capture_on_commit_callbacks(execute=True):
        lead.build_renditions()
    assert pages[0] not in stored() and pages[1] in stored()
    assert PurgeLog.objects.filter(reason=f"image-{lead.pk} renditions made").exists()
