"""Text helpers for news copy: slugs that read right in Azerbaijani and Turkish, and the HTML allow-list."""

import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import escape
from slugify import slugify as _slugify

# Django's slugify drops ə and ı, and unidecode turns ə into "@"; anyascii transliterates both as a reader expects.
# Apostrophes vanish rather than split a word: "Iran's" -> "irans", not "iran-s".
_AZ_TR_LETTERS = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "İ": "i", "'": None, "’": None, "ʼ": None})


def row_id(text: str) -> int | None:
    """A database row id sent as text (a form field, a query parameter), or None: ASCII digits only (str.isdigit()
    also passes "²", which int() refuses) and at most 18 of them, so it fits a 64-bit column and int() stays cheap."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def slugify(text: str, *, max_length: int = 200) -> str:
    """'Cəbrayıl' -> 'cebrayil'; 'TÜRKİYE' -> 'turkiye'. Never empty, so a URL can always be built."""
    slug = _slugify(
        text.translate(_AZ_TR_LETTERS), backend="anyascii", max_length=max_length, word_boundary=True
    )
    return slug or "untitled"


ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "strong", "em", "b", "i", "u", "s",
    "sub", "sup", "code", "pre", "hr", "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """The one allow-list for stored article HTML: no script, no event handlers, only safe link schemes."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


class _Pictures(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append({name: value or "" for name, value in attrs})
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")


def is_library_address(src: str) -> bool:
    """A picture address on this site's media: /media/..., or the same on one of the site's own hosts (what a
    browser's "Copy image address" gives); never a wildcard host, which would admit any site."""
    if src.startswith(settings.MEDIA_URL) and not src.startswith("//"):
        return True
    parts = urlsplit(src)
    own_hosts = {host.lower() for host in settings.ALLOWED_HOSTS if host and "*" not in host and host != "."}
    return (
        parts.scheme in ("http", "https")
        and (parts.hostname or "") in own_hosts
        and parts.path.startswith(settings.MEDIA_URL)
    )


def picture_sources(html: str) -> list[str]:
    parser = _Pictures()
    parser.feed(html)
    return [picture.get("src", "") for picture in parser.found]


def picture_attributes(tag: str) -> dict[str, str]:
    """The attributes of one <img> tag, entities decoded."""
    parser = _Pictures()
    parser.feed(tag)
    return parser.found[0] if parser.found else {}


def addresses_shown(html: str) -> list[str]:
    """Every picture's address in a text, then every link's: what a picture leaving the library changes
    (without_picture takes out a link to its file too)."""
    parser = _Pictures()
    parser.feed(html)
    return [picture.get("src", "") for picture in parser.found] + parser.links


def body_picture_problems(html: str) -> list[str]:
    """What is wrong with the pictures in an article body, as sentences for the writer: each needs a description
    (alt text, read out to readers who cannot see it) and must come from the site's own image library. A picture
    from another site would have every reader's browser ask that site for it (and it may not be ours to use)."""
    parser = _Pictures()
    parser.feed(sanitize_html(html))
    problems = []
    for number, picture in enumerate(parser.found, start=1):
        if not picture.get("src", "").strip():
            # What the body editor left when a selected picture was typed over (newsroom/editor.js now stops
            # that; older drafts and API copy may still hold one): not a picture from elsewhere, and alt text is
            # not what it lacks. It shows nothing, so the message says how to reach it.
            problems.append(
                f"Picture number {number} in the text is empty (its picture was typed over): take it out "
                "(Backspace at the start of the paragraph after it selects it, a second Backspace removes it) "
                "and insert the picture again with the picture button."
            )
            continue
        name = picture.get("src", "").rsplit("/", 1)[-1][:60] or f"number {number}"
        if not is_library_address(picture.get("src", "")):
            problems.append(
                f"The picture “{name}” is not from the image library: upload it under Images and use its "
                f"address there (it starts with {settings.MEDIA_URL})."
            )
        if not picture.get("alt", "").strip():
            problems.append(
                f"The picture “{name}” has no description: add alt text saying what it shows, for readers "
                "who cannot see it."
            )
    return problems


# Characters XML 1.0 forbids (C0 controls but tab, newline and return; U+FFFE, U+FFFF): one in a headline would
# make every feed and sitemap carrying it invalid.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text or "")


def xml_safe_fields(instance) -> None:
    """Strips what XML 1.0 cannot carry from every text field of a model instance before it is saved: names,
    descriptions and the site's own name reach feeds and sitemaps, where one such character breaks the whole
    document for every reader."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, xml_safe(value))


_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+", re.UNICODE)


def plain_text(html: str) -> str:
    return " ".join(html_unescape(_TAG.sub(" ", html or "")).split())


def word_count(html: str) -> int:
    return len(_WORD.findall(plain_text(html)))


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Plain-text paragraphs (demo data, wire copy) as escaped HTML paragraphs."""
    return "".join(f"<p>{escape(paragraph.strip())}</p>" for paragraph in paragraphs if paragraph.strip())


def without_picture(html: str, stem: str, *, moved_to: str = "") -> str:
    """The body with every picture whose address holds `stem` (a library file's generated name) pointed at
    `moved_to`, or, without one, taken out: the picture (with the link around it), its figure and caption when no
    other picture is left in it, and the paragraph it leaves empty; a link to the file keeps its words. Bodies are
    sanitised HTML (nh3 quotes every attribute with "), which is what the patterns rely on."""
    name = re.escape(stem)
    if moved_to:
        html = re.sub(rf'(<img [^>]*src=")[^"]*{name}[^"]*(")', rf"\g<1>{escape(moved_to)}\g<2>", html)
        # A link to the old file ("full size") would answer 404 once it is removed.
        return re.sub(rf'(<a [^>]*href=")[^"]*{name}[^"]*(")', rf"\g<1>{escape(moved_to)}\g<2>", html)
    gone = "\x00"  # where a picture was, so only what it leaves empty is removed
    picture = rf'<img [^>]*src="[^"]*{name}[^"]*"[^>]*>'
    html = re.sub(rf"<a [^>]*>\s*{picture}\s*</a>", gone, html)
    html = re.sub(picture, gone, html)
    html = re.sub(rf'<a [^>]*href="[^"]*{name}[^"]*"[^>]*>(.*?)</a>', r"\g<1>", html, flags=re.S)
    html = re.sub(
        rf"<figure>(?:(?!<img|</figure>).)*{gone}(?:(?!<img|</figure>).)*</figure>", "", html, flags=re.S
    )
    html = re.sub(rf"<p>\s*{gone}\s*</p>", "", html)
    return html.replace(gone, "").strip()


_SITE_RELATIVE = re.compile(r'(<(?:a|img) [^>]*?(?:href|src)=")(/(?!/)[^"]*)(")')


def with_absolute_addresses(html: str, absolute) -> str:
    """A sanitised body with its site-relative links and pictures made absolute by `absolute` (a request's
    build_absolute_uri): feed readers show an item's content away from the site, where "/media/..." leads
    nowhere."""
    return _SITE_RELATIVE.sub(
        lambda match: f"{match[1]}{escape(absolute(html_unescape(match[2])))}{match[3]}", html
    )
