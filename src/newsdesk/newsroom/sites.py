from django.contrib import admin
from django.contrib.admin import apps as admin_apps


class NewsroomSite(admin.AdminSite):
    site_header = "Newsdesk newsroom"
    site_title = "Newsroom"
    index_title = "Write, edit and publish"
    site_url = "/"
    index_template = "newsroom/dashboard.html"
    login_template = "newsroom/login.html"

    @property
    def login_form(self):
        from .twofactor import NewsroomLoginForm

        return NewsroomLoginForm

    def register(self, model_or_iterable, admin_class=None, **options):
        from .guards import guarded

        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

    def get_urls(self):
        from django.urls import path

        from newsdesk.wire import views as wire

        from .twofactor import setup

        own = [
            path("wire/", self.admin_view(wire.desk), name="wire-desk"),
            path("wire/write/", self.admin_view(wire.write_from_wire), name="wire-write"),
            path("two-factor/", self.admin_view(setup), name="two-factor"),
            # Django's "view on site" redirect, limited to articles this person may see in the newsroom:
            # otherwise any staff member could read unpublished headlines by walking ids.
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(view_on_site),
                name="view_on_site",
            ),
        ]
        return [*own, *super().get_urls()]

    def index(self, request, extra_context=None):
        from .dashboard import dashboard_context

        return super().index(request, {**dashboard_context(request.user), **(extra_context or {})})


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, mounted at /newsroom/, with the editors' dashboard as its front page."""

    default_site = "newsdesk.newsroom.sites.NewsroomSite"


def view_on_site(request, content_type_id, object_id):
    # Imported here: this module is loaded with the admin app, before models are ready.
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from newsdesk.news.models import Article

    from .roles import articles_visible_to

    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        if model is Article and not articles_visible_to(request.user).filter(pk=int(object_id)).exists():
            raise Http404("No such article")
    except (ValueError, ValidationError, ContentType.DoesNotExist, OverflowError) as error:
        raise Http404("No such object") from error
    return shortcut(request, content_type_id, object_id)
