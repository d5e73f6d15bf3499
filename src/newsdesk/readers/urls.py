from django.urls import path

from . import views

app_name = "readers"
urlpatterns = [
    path("my/", views.my_news, name="my-news"),
    path("my/stories/", views.stories_followed, name="followed-stories"),
    path("my/saved/", views.saved, name="saved"),
    path("my/saved/<int:pk>/remove/", views.remove_bookmark, name="remove-bookmark"),
    path("my/save/<int:article_id>/", views.bookmark, name="bookmark"),
    path("my/follow/<str:kind>/<int:pk>/", views.follow, name="follow"),
    path("my/follows/<int:pk>/remove/", views.unfollow, name="unfollow"),
    path("my/account/", views.account, name="account"),
    path("my/account/export/", views.export, name="export"),
    path("my/account/delete/", views.delete_account, name="delete-account"),
    path("api/me", views.me, name="me"),
]
