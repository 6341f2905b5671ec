from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Kith administration"
admin.site.site_title = "Kith admin"
admin.site.index_title = "Content and moderation"

# Apps are included by name: the project package imports no app (see .importlinter).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.site_urls")),
    path("topics/", include("topics.urls")),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]
