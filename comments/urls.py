from __future__ import annotations

from django.urls import path

from comments import feeds, views
from kith.page_cache import reader_page

app_name = "comments"

urlpatterns = [
    path("posted/", views.posted, name="posted"),
    path("deleted/", views.deleted, name="deleted"),
    path("articles/<slug:slug>/post/", views.post_comment, name="post"),
    path(
        "articles/<slug:slug>/feed/rss/",
        reader_page(feeds.ArticleCommentsRssFeed(), scope=("comments", "slug")),
        name="feed-rss",
    ),
    path(
        "articles/<slug:slug>/feed/atom/",
        reader_page(feeds.ArticleCommentsAtomFeed(), scope=("comments", "slug")),
        name="feed-atom",
    ),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/delete/<str:token>/", views.delete, name="delete"),
    # Signed tokens in the path: kith/log_redaction.py keeps them out of the logs.
    path(
        "notifications/confirm/<str:token>/",
        views.confirm_notifications,
        name="notify-confirm",
    ),
    path("notifications/stop/<str:token>/", views.stop_notifications, name="notify-stop"),
    path(
        "notifications/one-click/<str:token>/",
        views.one_click_unsubscribe,
        name="notify-one-click",
    ),
]
