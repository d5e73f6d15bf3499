"""Battery row 6 in a real browser: the contributor XSS corpus, pasted everywhere a writer types, never runs."""

import pytest

from newsdesk.news.models import Article
from newsdesk.newsroom import editing
from tests.factories import ArticleFactory, ImageFactory, staff
from tests.newsroom.test_xss import PACKED, PAYLOADS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_the_xss_corpus_never_runs_on_the_article_page_changelog_or_revision_diff(
    live_server, new_context, csp
):
    """With the site's CSP, and without it (bypass_csp), so the markup itself is proven inert, not just blocked.
    A CSP violation in the console counts as a failure too: it means executable markup reached the page."""
    page = new_context(bypass_csp=csp == "bypassed").new_page()
    body = "".join(f"<p>{payload}</p>" for payload in PAYLOADS)
    editor = staff("Editor", username=f"xss-editor-{csp}")
    articles = []
    for index, text in enumerate(PACKED):
        image = ImageFactory(alt_text=text[:250], caption=text)
        article = ArticleFactory(headline=text, standfirst=text, body=body, lead_image=image)
        before = editing.texts_of(article)
        # In front: a payload with an unclosed attribute swallows whatever follows it, as it would in a browser.
        article.body = f"<p>{PAYLOADS[index % len(PAYLOADS)]} corrected</p>" + body
        article.save()
        editing.record_save(article, by=editor, before=before, kind="correction", note=text)
        articles.append(article)

    executed = []
    page.on("dialog", lambda dialog: (executed.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: executed.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            # Payload pictures pointing nowhere, or at another site (img-src 'self' keeps them out): not script.
            and not message.text.startswith(("Failed to load resource", "Loading the image"))
            and executed.append(message.text)
        ),
    )
    page.add_init_script(
        "window.alert = window.confirm = window.prompt = (m) => { throw new Error('ran: ' + m); };"
    )
    # Without CSP every article is visited; with it, a few suffice to show nothing executable is even tried.
    for article in articles if csp == "bypassed" else articles[:5]:
        page.goto(live_server.url + Article.objects.get(pk=article.pk).get_absolute_url())
        # Open every diff, so anything hidden in one would render.
        page.evaluate(
            "() => document.querySelectorAll('details').forEach((details) => { details.open = true; })"
        )
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/corrections/")

    page.goto(live_server.url + "/newsroom/login/")
    page.fill("#id_username", f"xss-editor-{csp}")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    first = articles[0]
    older, newer = first.revisions.order_by("pk")[:2] if first.revisions.count() >= 2 else (None, None)
    page.goto(live_server.url + f"/newsroom/news/article/{first.pk}/change/")
    page.goto(live_server.url + f"/newsroom/news/article/{first.pk}/revisions/")
    if older:
        page.goto(live_server.url + f"/newsroom/news/article/{first.pk}/revisions/?a={older.pk}&b={newer.pk}")
    assert executed == []
    assert page.evaluate("() => typeof window.__xss") == "undefined"
