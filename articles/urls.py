from __future__ import annotations

from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("tags/<slug:slug>/", views.TagDetailView.as_view(), name="tag"),
    path("search/", views.SearchView.as_view(), name="search"),
]
