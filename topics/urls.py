from __future__ import annotations

from django.urls import path

from kith.page_cache import reader_page
from topics import views

app_name = "topics"

urlpatterns = [
    path("", reader_page(views.TopicListView.as_view()), name="list"),
    path("<slug:slug>/", reader_page(views.TopicDetailView.as_view()), name="detail"),
    path(
        "<slug:slug>/<slug:section>/",
        reader_page(views.TopicSectionView.as_view()),
        name="section",
    ),
]
