from __future__ import annotations

from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.urls import include, path

from articles.sitemaps import robots_txt, sitemap_xml
from articles.transparency import TRANSPARENCY_PAGES

admin.site.site_header = "Kith administration"
admin.site.site_title = "Kith admin"
admin.site.index_title = "Content and moderation"

# Transparency pages are flatpages edited in the admin, served at fixed, named addresses so that
# the footer links them with {% url %} and no query.
transparency_patterns = (
    [
        path(address.lstrip("/"), flatpage_views.flatpage, {"url": address}, name=name)
        for name, address, _title in TRANSPARENCY_PAGES
    ],
    "pages",
)

# Error pages that never ask the request for its host (see kith/error_pages.py).
handler400 = "kith.error_pages.bad_request"
handler403 = "kith.error_pages.permission_denied"
handler404 = "kith.error_pages.page_not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("topics/", include("topics.urls")),
    path("comments/", include("comments.urls")),
    path("api/v1/", include("api.urls")),
    path("", include(transparency_patterns)),
    path("", include("articles.urls")),
]
