from django.apps import AppConfig


class SiteSettingsConfig(AppConfig):
    name = "newsdesk.sitesettings"
    verbose_name = "Site settings"
