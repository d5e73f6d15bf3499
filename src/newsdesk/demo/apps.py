from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "newsdesk.demo"
    verbose_name = "Demo newsroom"
