"""The API against its own OpenAPI schema, property-based (schemathesis + hypothesis).

Schemathesis reads /api/v1/openapi.json from the application in-process (WSGI), generates
requests for every operation — valid ones, and invalid ones (wrong types, out-of-range page
sizes, unicode junk) — and checks each answer: never a 5xx; status code, content type, headers
and body as the schema declares. The number of examples is bounded (and derandomised, so a
failure repeats) to keep the run well under a minute.
"""

from __future__ import annotations

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase, override_settings
from hypothesis import HealthCheck, given, settings

from api.languages import UnknownLanguage, normalise
from articles.helplines import is_country
from kith.wsgi import application
from tests.comments_factories import make_comment
from tests.factories import make_article, make_author, make_helpline, make_topic

POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
EXAMPLES = {POSITIVE: 30, NEGATIVE: 15}


def without_made_up_cursor(case):
    """A cursor is a signed token only this API makes: any other string, however well-formed,
    is rightly refused (400, checked by the negative examples and tests/test_api.py), so the
    positive examples page from the start instead."""
    if case.query:
        case.query.pop("cursor", None)
        # Likewise a country must be one ISO 3166-1 assigned (any other two letters: 400).
        if "country" in case.query and not is_country(str(case.query["country"]).upper()):
            case.query["country"] = "GB"
        # And a language must be one ISO 639 names (any other well-formed code: 400).
        if "language" in case.query:
            try:
                normalise(str(case.query["language"]))
            except UnknownLanguage:
                case.query["language"] = "es"
    return case


# Thousands of generated requests from one client: the rate limit is tested in test_api.py.
@override_settings(KITH_API_RATE_LIMIT=10**9)
class ApiSchemaTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        topic = make_topic(slug="anxiety")
        article = make_article(slug="panic", primary_topic=topic, authors=[make_author(slug="b")])
        make_comment(article=article, title="Thank you")
        make_helpline(countries=["GB"])

    def setUp(self) -> None:
        # Django's own test client keeps the test's database connection open across requests;
        # schemathesis calls the WSGI application, whose request signals would close it (and
        # with it the test's transaction on PostgreSQL).
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    def test_every_operation_matches_the_schema(self) -> None:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 8
        for operation in operations:
            for mode, examples in EXAMPLES.items():
                if mode is NEGATIVE and not operation.query:
                    continue  # a path's slug is any string: nothing to make invalid
                strategy = operation.as_strategy(generation_mode=mode)
                if mode is POSITIVE:
                    strategy = strategy.map(without_made_up_cursor)
                with self.subTest(operation=operation.label, mode=mode.value):
                    self.check(strategy, examples)

    @staticmethod
    def check(strategy, examples: int) -> None:
        @given(case=strategy)
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:
            case.call_and_validate()

        call()
