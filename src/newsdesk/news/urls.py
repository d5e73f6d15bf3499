from django.urls import path, register_converter

from . import views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:04d}"


class TwoDigits(FourDigitYear):
    regex = "[0-9]{2}"

    def to_url(self, value):
        return f"{value:02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/<int:pk>/", views.article_by_id, name="article-by-id"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="article"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("topic/<slug:slug>/", views.topic_detail, name="topic"),
    path("author/<slug:slug>/", views.author_detail, name="author"),
    path("source/<slug:slug>/", views.source_detail, name="source"),
    path("archive/", views.archive_index, name="archive"),
    path("archive/<yyyy:year>/<dd:month>/", views.archive_month, name="archive-month"),
    path("archive/<yyyy:year>/<dd:month>/<dd:day>/", views.archive_day, name="archive-day"),
    path("logo.svg", views.logo_svg, name="logo"),
]
