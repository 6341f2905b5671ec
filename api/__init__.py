"""Kith's read-only JSON API under /api/v1/ (issue 17).

Built on django-ninja rather than Django REST framework + drf-spectacular: the API is a handful
of read-only GET endpoints, and ninja gives the response types (pydantic models), validation of
query parameters and the OpenAPI 3 schema from one set of type hints, with no serializer or
viewset layer to keep beside them; it ships Swagger UI as static files with no inline script,
so the docs page works under Kith's strict CSP without a second package.
Nothing imports ``api``; it reads through the public querysets of articles, topics, comments.
"""
