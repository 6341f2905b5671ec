"""The site's own addresses that articles serve: the sitemap, robots.txt and the transparency
pages — flatpages edited in the admin, served at fixed, named addresses so that the footer
links them with {% url %} and no query. Included by kith/urls.py without a namespace."""

from __future__ import annotations

from django.contrib.flatpages import views as flatpage_views
from django.urls import include, path

from articles.sitemaps import robots_txt, sitemap_xml
from articles.transparency import TRANSPARENCY_PAGES
from kith.page_cache import reader_page

transparency_patterns = (
    [
        path(address.lstrip("/"), reader_page(flatpage_views.flatpage), {"url": address}, name=name)
        for name, address, _title in TRANSPARENCY_PAGES
    ],
    "pages",
)

urlpatterns = [
    path("sitemap.xml", reader_page(sitemap_xml), name="sitemap"),
    path("robots.txt", reader_page(robots_txt), name="robots"),
    path("", include(transparency_patterns)),
]
