"""Battery row 4: every cell of the role × action table in docs/newsroom.md, tried through the newsroom's routes.

Each cell performs the action over HTTP as that person and checks its effect in the database (or the page), so a
refused action must leave nothing behind and an allowed one must really happen.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.news.models import Article, Image, Section
from newsdesk.newsroom.models import Transition
from tests.factories import ArticleFactory, SectionFactory, UserFactory, draft, png_file, staff
from tests.newsroom.helpers import article_form_data, change_url, move_url

pytestmark = pytest.mark.django_db

MATRIX_FILE = Path(__file__).resolve().parents[2] / "docs" / "newsroom.md"
ROLES = ["anonymous", "reader", "contributor", "reporter", "editor", "section editor", "admin"]


def read_matrix() -> dict[tuple[str, str], bool]:
    cells = {}
    for line in MATRIX_FILE.read_text().splitlines():
        match = re.match(r"\| `(\w+)` \|(.*)\|\s*$", line)
        if match:
            answers = [answer.strip() for answer in match.group(2).split("|")]
            assert len(answers) == len(ROLES), line
            for role, answer in zip(ROLES, answers, strict=True):
                assert answer in ("yes", "no"), line
                cells[(match.group(1), role)] = answer == "yes"
    return cells


MATRIX = read_matrix()


class Desk:
    """The people and sections one cell needs: `home` is the person's section, `elsewhere` nobody's."""

    def __init__(self, role: str):
        self.home, self.editor_home, self.elsewhere = SectionFactory(), SectionFactory(), SectionFactory()
        self.colleague = staff("Reporter", sections=[self.home])
        self.user = self._person(role)
        self.client = Client()
        if self.user is not None:
            self.client.force_login(self.user)

    def _person(self, role: str):
        return {
            "anonymous": lambda: None,
            "reader": lambda: UserFactory(),
            "contributor": lambda: staff("Contributor"),
            "reporter": lambda: staff("Reporter", sections=[self.home]),
            "editor": lambda: staff("Editor"),
            "section editor": lambda: staff("Editor", sections=[self.editor_home]),
            "admin": lambda: staff("Admin"),
        }[role]()

    def own_draft(self, **fields) -> Article:
        return draft(by=self.user, section=self.home, **fields)

    def colleagues_draft(self, section: Section | None = None, **fields) -> Article:
        return draft(by=self.colleague, section=section or self.home, **fields)

    def edit(self, article: Article, **overrides) -> bool:
        self.client.post(
            change_url(article), article_form_data(article, headline="Edited headline", **overrides)
        )
        article.refresh_from_db()
        return article.headline == "Edited headline"

    def move(self, article: Article, action: str, **data) -> bool:
        before = article.status
        self.client.post(move_url(article, action), data)
        article.refresh_from_db()
        return article.status != before and Transition.objects.filter(article=article, action=action).exists()

    def page_ok(self, url: str, text: str = "") -> bool:
        response = self.client.get(url)
        return response.status_code == 200 and text in response.content.decode()


def in_review(desk: Desk) -> Article:
    return desk.colleagues_draft(status=Article.Status.IN_REVIEW)


def public(desk: Desk) -> Article:
    return ArticleFactory(section=desk.home, standfirst="Summary.")


def reschedule(desk: Desk) -> bool:
    tomorrow = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    article = ArticleFactory(
        section=desk.home, standfirst="Summary.", status=Article.Status.SCHEDULED, published_at=tomorrow
    )
    later = timezone.localtime(tomorrow + timedelta(hours=2))
    desk.client.post(move_url(article, "reschedule"), {"publish_at": later.strftime("%Y-%m-%d %H:%M")})
    article.refresh_from_db()
    return article.published_at == later and Transition.objects.filter(article=article).exists()


ACTIONS = {
    "open_newsroom": lambda desk: desk.page_ok("/newsroom/", "Waiting for review"),
    "create_draft": lambda desk: (
        desk.client.post(
            "/newsroom/news/article/add/",
            {
                **article_form_data(desk.colleagues_draft(), headline="Brand new draft", base_version=None),
                "_save": "Save",
            },
        )
        and Article.objects.filter(headline="Brand new draft").exists()
    ),
    "edit_own_draft": lambda desk: desk.edit(desk.own_draft()),
    "edit_draft_in_section": lambda desk: desk.edit(desk.colleagues_draft()),
    "edit_others_draft": lambda desk: desk.edit(desk.colleagues_draft(section=desk.elsewhere)),
    "edit_own_in_review": lambda desk: desk.edit(desk.own_draft(status=Article.Status.IN_REVIEW)),
    "submit_own_draft": lambda desk: desk.move(desk.own_draft(), "submit"),
    "return_to_draft": lambda desk: desk.move(in_review(desk), "return"),
    "publish": lambda desk: desk.move(in_review(desk), "publish"),
    "schedule": lambda desk: desk.move(
        in_review(desk),
        "schedule",
        publish_at=(timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
    ),
    "reschedule": reschedule,
    "update_published": lambda desk: desk.edit(public(desk), change_kind="update"),
    "correct_published": lambda desk: desk.edit(
        public(desk), change_kind="correction", change_note="We erred."
    ),
    "take_down": lambda desk: desk.move(public(desk), "take_down", note="Legal request"),
    "delete_article": lambda desk: (
        (article := desk.colleagues_draft())
        and desk.client.post(f"/newsroom/news/article/{article.pk}/delete/", {"post": "yes"})
        and not Article.objects.filter(pk=article.pk).exists()
    ),
    "upload_image": lambda desk: (
        desk.client.post("/newsroom/news/image/add/", {"file": png_file(), "alt_text": "A red square"})
        and Image.objects.filter(alt_text="A red square").exists()
    ),
    "see_others_draft": lambda desk: desk.page_ok(
        change_url(desk.colleagues_draft(headline="Colleague's scoop")), "Colleague&#x27;s scoop"
    ),
    "manage_sections": lambda desk: (
        desk.client.post("/newsroom/news/section/add/", {"name": "Brand new section", "slug": "", "order": 1})
        and Section.objects.filter(name="Brand new section").exists()
    ),
    "manage_users": lambda desk: desk.page_ok("/newsroom/accounts/user/", "Select user to change"),
    "change_site_settings": lambda desk: desk.page_ok(
        "/newsroom/sitesettings/sitesettings/1/change/", "Site name"
    ),
}


def test_the_matrix_names_every_action_we_test_and_nothing_else():
    assert {action for action, _ in MATRIX} == set(ACTIONS)


@pytest.mark.parametrize(("action", "role"), sorted(MATRIX))
def test_role_matrix_cell(action, role):
    desk = Desk(role)
    assert bool(ACTIONS[action](desk)) is MATRIX[(action, role)]
