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

    def get_urls(self):
        from django.urls import path

        from .twofactor import setup

        return [path("two-factor/", self.admin_view(setup), name="two-factor"), *super().get_urls()]

    def index(self, request, extra_context=None):
        from .dashboard import dashboard_context

        return super().index(request, {**dashboard_context(request.user), **(extra_context or {})})


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, mounted at /newsroom/, with the editors' dashboard as its front page."""

    default_site = "newsdesk.newsroom.sites.NewsroomSite"
