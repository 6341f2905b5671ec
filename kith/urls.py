from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.static import serve

from kith.language import choose_language


class FaviconView(RedirectView):
    """The icon's address in static files, looked up per request: at import time the
    collectstatic manifest may not exist yet."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("kith/favicon.ico")


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    # MEDIA_ROOT is read per request, not when this module is imported.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


admin.site.site_header = _("Kith administration")
# At 1280 px the sidebar took a quarter of the width from every table (the moderation queue's Age
# and Status columns were cut off); the index and the breadcrumbs lead everywhere it did.
admin.site.enable_nav_sidebar = False
admin.site.site_title = _("Kith admin")
admin.site.index_title = _("Content and moderation")

# Error pages that never ask the request for its host (see kith/error_pages.py).
handler400 = "kith.error_pages.bad_request"
handler403 = "kith.error_pages.permission_denied"
handler404 = "kith.error_pages.page_not_found"
handler500 = "kith.error_pages.server_error"

# Apps are included by name: the project package imports no app (see .importlinter).
urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says: send them to the static file.
    path(
        "favicon.ico",
        FaviconView.as_view(),
        name="favicon",
    ),
    # The language switcher on every page (a link: no form, no JavaScript).
    path("language/", choose_language, name="language"),
    path("", include("articles.site_urls")),
    path("topics/", include("topics.urls")),
    path("comments/", include("comments.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("articles.urls")),
]

if settings.KITH_SERVE_MEDIA:
    # Uploaded images, for `make run` and tests; in production nginx serves MEDIA_ROOT itself
    # (deploy/nginx/kith-proxy.conf) and DJANGO_HTTPS=1 turns this off.
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.insert(
        0,
        re_path(rf"^{media_prefix}/(?P<path>images/[^/]+)$", serve_media, name="media"),
    )
