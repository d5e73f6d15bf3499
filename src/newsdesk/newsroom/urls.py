"""The newsroom's public routes: preview links and the corrections page."""

from django.urls import path

from . import preview, views

urlpatterns = [
    path("preview/<str:token>/", preview.preview, name="newsroom-preview"),
    path("corrections/", views.corrections, name="corrections"),
]
