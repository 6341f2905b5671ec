"""/api/v1/: the endpoints, with the headers every API answer carries (``http.py``)."""

from __future__ import annotations

from csp.decorators import csp_update
from django.urls import re_path

from api.http import api_headers, not_found, shared_when_public
from api.views import api

patterns, _app_name, app_name = api.urls  # ("ninja", "api"): reversed as api:<name>
# The schema and its docs page depend on no content: their headers need no query.
DOCUMENTS = {"openapi-json", "openapi-view"}
# An article's comments also change when a comment is approved, removed or edited: the same
# page-cache scope as the article page (comments/invalidation.py bumps it with the slug).
COMMENT_SCOPED = {"article-comments": ("comments", "slug")}
for pattern in patterns:
    content = pattern.name not in DOCUMENTS
    callback = pattern.callback
    if content:  # every content answer is shared like a reader page (kith/page_cache)
        callback = shared_when_public(callback, scope=COMMENT_SCOPED.get(pattern.name))
    pattern.callback = api_headers(callback, content=content)
    if pattern.name == "openapi-view":
        # Swagger UI's stylesheet draws its icons (select arrows, the copy button, model
        # toggles) as data: images; the site's policy allows only Kith's own images.
        pattern.callback = csp_update({"img-src": ["data:"]})(pattern.callback)

urlpatterns = [*patterns, re_path(r"^.*$", api_headers(not_found), name="not-found")]
