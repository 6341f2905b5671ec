from __future__ import annotations

from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("feeds/topics/<slug:slug>/rss/", feeds.TopicArticlesFeed(), name="topic-feed-rss"),
    path("feeds/topics/<slug:slug>/atom/", feeds.TopicArticlesAtomFeed(), name="topic-feed-atom"),
]
