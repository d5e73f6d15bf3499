from django.contrib import admin
from django.contrib.admin import apps as admin_apps


class NewsroomSite(admin.AdminSite):
    site_header = "Newsdesk newsroom"
    site_title = "Newsroom"
    index_title = "Write, edit and publish"
    site_url = "/"


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, mounted at /newsroom/ as the interim newsroom until the editorial workflow replaces it."""

    default_site = "newsdesk.newsroom.sites.NewsroomSite"
