from .models import Article, Section


def navigation(request):
    """Section bar and breaking banner for every public page, as lazy querysets: unused, they cost nothing."""
    return {
        "nav_sections": Section.objects.in_navigation(),
        "breaking_news": Article.objects.public().filter(is_breaking=True).newest_first()[:1],
    }
