from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from articles.sitemaps import robots_txt, sitemap_xml

admin.site.site_header = "Kith administration"
admin.site.site_title = "Kith admin"
admin.site.index_title = "Content and moderation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("topics/", include("topics.urls")),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]
