from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from newsdesk.readers.views import ReaderLoginView
from newsdesk.serving.health import healthz
from newsdesk.serving.media import serve_media

handler400 = "newsdesk.errors.bad_request"
handler403 = "newsdesk.errors.permission_denied"
handler404 = "newsdesk.errors.page_not_found"
handler500 = "newsdesk.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("newsroom/", admin.site.urls),
    path("", include("newsdesk.newsroom.urls")),
    path("api/v1/", include("newsdesk.api.urls")),
    path("accounts/login/", ReaderLoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("", include("newsdesk.readers.urls")),
    path("", include("newsdesk.search.urls")),
    path("", include("newsdesk.news.urls")),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media))
