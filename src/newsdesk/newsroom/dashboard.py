"""What an editor needs at a glance on a breaking story: the newsroom's front page at /newsroom/."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from newsdesk.news.models import Article

from .models import PublicChange
from .roles import articles_visible_to, visible_scope

Status = Article.Status


def dashboard_context(user) -> dict:
    visible = articles_visible_to(user).select_related("section")
    now = timezone.now()
    start_of_day = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    mine = Q(created_by=user) | Q(bylines__author__user=user)
    return {
        "scope": visible_scope(user),
        "my_drafts": visible.filter(mine, status=Status.DRAFT).distinct().order_by("-modified_at")[:10],
        "waiting_for_review": visible.filter(status=Status.IN_REVIEW).order_by("modified_at")[:20],
        "scheduled": visible.filter(status=Status.SCHEDULED, published_at__gt=now).order_by("published_at")[
            :20
        ],
        "published_today": visible.filter(
            status__in=Article.LIVE_STATUSES, published_at__gte=start_of_day, published_at__lte=now
        ).order_by("-published_at")[:20],
        "recently_corrected": PublicChange.objects.corrections()
        .filter(made_at__gte=now - timedelta(days=7), article__in=visible)
        .select_related("article", "made_by")
        .newest_first()[:10],
    }
