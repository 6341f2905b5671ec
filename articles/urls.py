from __future__ import annotations

from django.urls import path

from articles import feeds, helpline_views, views
from kith.page_cache import reader_page

app_name = "articles"

# Every page here is the same for every anonymous reader (kith/page_cache); an article's page
# also shows its comments, a scope of their own that the comments app bumps.
urlpatterns = [
    path("", reader_page(views.HomeView.as_view()), name="home"),
    path("articles/", reader_page(views.ArchiveView.as_view()), name="archive"),
    path(
        "articles/<slug:slug>/",
        reader_page(views.ArticleDetailView.as_view(), scope=("comments", "slug")),
        name="detail",
    ),
    path("authors/<slug:slug>/", reader_page(views.AuthorDetailView.as_view()), name="author"),
    path("tags/<slug:slug>/", reader_page(views.TagDetailView.as_view()), name="tag"),
    path("search/", reader_page(views.SearchView.as_view()), name="search"),
    # Not a reader page: it answers each reader with their own choice (and a CSRF token).
    path("helplines/country/", helpline_views.choose_country, name="helpline-country"),
    path("feeds/rss/", reader_page(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feeds/atom/", reader_page(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    # One feed per language of Kith's articles; an unknown language answers 404.
    path(
        "feeds/<str:language>/rss/",
        reader_page(feeds.LanguageArticlesFeed()),
        name="language-feed-rss",
    ),
    path(
        "feeds/<str:language>/atom/",
        reader_page(feeds.LanguageArticlesAtomFeed()),
        name="language-feed-atom",
    ),
    path(
        "feeds/topics/<slug:slug>/rss/",
        reader_page(feeds.TopicArticlesFeed()),
        name="topic-feed-rss",
    ),
    path(
        "feeds/topics/<slug:slug>/atom/",
        reader_page(feeds.TopicArticlesAtomFeed()),
        name="topic-feed-atom",
    ),
]
