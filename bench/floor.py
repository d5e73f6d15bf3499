"""The framework floor: a plain Django view returning the same bytes as the article page (read once at start from
BENCH_FLOOR_FILE), with Django's default middleware, under the same server as Newsdesk. Served by bench/run.py:

    BENCH_FLOOR_FILE=/tmp/article.html .venv/bin/granian --interface wsgi --workers 2 --port 18211 floor:application
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


def article(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", article)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
)
application = get_wsgi_application()
