"""The API's rate limit, counted before the page cache answers (first in ``MIDDLEWARE``).

API answers are shared through the page cache like the reader pages (``api/urls.py``), and a
page-cache hit runs no view — so the per-client limit cannot live in the view (where ninja
puts throttles) or a cached answer would be free of it. This middleware counts every GET and
HEAD under ``/api/`` (hit or miss) with ``ClientRateThrottle`` and answers 429 itself; pages
pay one ``startswith``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from api.http import NO_STORE, SAFE_METHODS, add_cors
from api.throttling import ClientRateThrottle

PREFIX = "/api/"
TOO_MANY = "Too many requests from your address; wait and try again."


class ApiRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.throttle = ClientRateThrottle()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path_info.startswith(PREFIX)
            and request.method in SAFE_METHODS
            and not self.throttle.allow_request(request)
        ):
            return self.too_many(request)
        return self.get_response(request)

    def too_many(self, request: HttpRequest) -> HttpResponse:
        response = JsonResponse({"error": TOO_MANY, "details": []}, status=429)
        response["Retry-After"] = str(math.ceil(self.throttle.wait()))
        response["Cache-Control"] = NO_STORE
        add_cors(request, response)
        return response
