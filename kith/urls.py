from __future__ import annotations

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from kith.language import choose_language


class FaviconView(RedirectView):
    """The icon's address in static files, looked up per request: at import time the
    collectstatic manifest may not exist yet."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("kith/favicon.ico")


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
