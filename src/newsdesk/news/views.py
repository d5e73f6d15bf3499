"""The public site: every view reads through ArticleQuerySet.public(), so nothing unpublished is ever listed."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from newsdesk.errors import story_gone
from newsdesk.pagecache.keys import depends_on, list_key

from . import archive, sitemaps
from .models import Article, Author, Section, Source, Topic
from .pagination import paginate


def _listing(request, template: str, articles, *, missing_when_empty: bool = False, **context):
    depends_on(reads_query=True)  # the pager's cursors
    page = paginate(articles.for_listing(), request.GET, per_page=settings.NEWSDESK_PAGE_SIZE)
    # An archive period with nothing in it is not a page search engines should index (a "soft 404"): readers
    # still get the period's page and its way back to the archive, with the status that says so.
    empty = missing_when_empty and not page.items and not page.has_other_pages
    return render(request, template, {"page": page, **context}, status=404 if empty else 200)


@require_safe
def home(request):
    """The front page: lead, top stories, the latest river and a block per navigation section."""
    depends_on("home")
    public = Article.objects.public()
    front = list(public.front_page().for_listing()[:5])
    latest = list(public.newest_first().for_listing()[:12])
    if len(front) < 5:
        chosen = {article.pk for article in front}
        front += [article for article in latest if article.pk not in chosen][: 5 - len(front)]
    sections = list(Section.objects.in_navigation())
    blocks: dict[int, list[Article]] = {}
    for article in public.newest_per_section(sections, per_section=4).for_listing():
        blocks.setdefault(article.section_id, []).append(article)
    return render(
        request,
        "news/home.html",
        {
            "lead": front[0] if front else None,
            "top_stories": front[1:],
            "latest": latest,
            "section_blocks": [(section, blocks[section.pk]) for section in sections if section.pk in blocks],
        },
    )


@require_safe
def article_by_id(request, pk: int):
    article = Article.objects.public().only("pk", "slug").filter(pk=pk).first()
    if article is None:
        return _missing_article(request, pk)
    return redirect(article, permanent=True)


def _missing_article(request, pk: int):
    if Article.objects.taken_down().filter(pk=pk).exists():
        return story_gone(request)
    raise Http404("No such public article.")


@require_safe
def article_detail(request, pk: int, slug: str):
    """One article. The id finds it; any other slug (an old headline) answers 301 to the current URL."""
    article = Article.objects.public().for_detail().filter(pk=pk).first()
    if article is None:
        return _missing_article(request, pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    # "Related" lists the newest of its section and topics, so a story published there changes this page.
    depends_on(list_key(article.section), *(list_key(topic) for topic in article.topics.all()))
    # Related cards show no bylines, so they need no byline query.
    related = Article.objects.public().related_to(article).select_related("section", "lead_image")
    return render(
        request,
        "news/article.html",
        {
            "article": article,
            "related": related,
            "current_section_id": article.section_id,
            "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
        },
    )


@require_safe
def section_detail(request, slug: str):
    section = get_object_or_404(Section, slug=slug)
    depends_on(list_key(section))
    articles = Article.objects.public().in_section(section)
    return _listing(request, "news/section.html", articles, section=section, current_section_id=section.pk)


@require_safe
def topic_detail(request, slug: str):
    topic = get_object_or_404(Topic, slug=slug)
    depends_on(list_key(topic))
    return _listing(request, "news/topic.html", Article.objects.public().tagged(topic), topic=topic)


@require_safe
def author_detail(request, slug: str):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    depends_on(list_key(author))
    return _listing(request, "news/author.html", Article.objects.public().by_author(author), author=author)


@require_safe
def source_detail(request, slug: str):
    source = get_object_or_404(Source, slug=slug)
    depends_on(list_key(source))
    return _listing(request, "news/source.html", Article.objects.public().citing(source), source=source)


@require_safe
def archive_index(request):
    """Every month that has stories, with how many, newest first (earlier months counted once: news/archive.py)."""
    depends_on("archive")
    return render(request, "news/archive_index.html", {"months": archive.month_counts()})


@require_safe
def archive_month(request, year: int, month: int):
    if not archive.is_archive_month(year, month):
        raise Http404("No such month")
    depends_on("archive")
    start, end = archive.month_bounds(year, month)
    articles = Article.objects.public().published_between(start, end)
    return _listing(
        request,
        "news/archive_period.html",
        articles,
        # Only a period that is over: today's or this month's page may be empty an hour before its first story,
        # and a 404 kept by a CDN (no surrogate keys, nothing purges it) would outlive that story going out.
        missing_when_empty=end <= timezone.now(),
        period=date(year, month, 1),
        period_kind="month",
    )


@require_safe
def archive_day(request, year: int, month: int, day: int):
    # The archive's years (is_archive_month): 0001-01-01 in a zone east of UTC would be a moment in year 0.
    if not archive.is_archive_month(year, month):
        raise Http404("No such day")
    try:
        chosen = date(year, month, day)
        following = chosen + timedelta(days=1)
    except (ValueError, OverflowError) as error:
        raise Http404("No such day") from error
    depends_on("archive")
    end = archive.local_day_start(following)
    articles = Article.objects.public().published_between(archive.local_day_start(chosen), end)
    return _listing(
        request,
        "news/archive_period.html",
        articles,
        missing_when_empty=end <= timezone.now(),
        period=chosen,
        period_kind="day",
    )


@require_safe
def sitemap_index(request):
    depends_on("sitemaps")
    return sitemap_views.index(request, sitemaps.index_sitemaps(), sitemap_url_name="news:sitemap")


@require_safe
def sitemap_section(request, section: str):
    depends_on("sitemaps")
    return sitemap_views.sitemap(
        request, sitemaps.sitemap_named(section), section=section, template_name="news/sitemap.xml"
    )


@require_safe
def logo_svg(request):
    """The default logo: a wordmark drawn from the site name, for feeds, structured data and social cards."""
    depends_on("site")
    return render(request, "news/logo.svg", content_type="image/svg+xml")
