"""Battery row 1: schemathesis against /api/v1/openapi.json, in process through the Django WSGI application.

The schema is built at import from the API object (the same document /api/v1/openapi.json serves, which a test
below holds it to) rather than fetched with `from_wsgi`: a request at collection time would run the site's
middleware against the real database, outside any test. `schemathesis.pytest.from_fixture`, which would defer
the fetch into a db test, fails under pytest 9.2 (it writes `request.node._nodeid`, which pytest 9 removed).

Every operation is fuzzed from its schema (positive and negative data, schemathesis' coverage cases, undeclared
methods) with a token holding every scope, and every default check runs: no 5xx, every status and body as the
schema documents, negative data refused, auth enforced (`ignored_auth`: each token operation is re-sent without
the key and must answer 401), 405 with Allow for undeclared methods.

Examples per operation: 50 here (the whole file runs in about 20 s, so it can run on every push), on top of the
deterministic coverage-phase cases schemathesis adds. NEWSDESK_FUZZ_EXAMPLES raises it: 100 is the battery's CI
figure (about 35 s), 1000 its nightly one. Rate limits are raised for the run: 429 is documented and allowed by
the checks, but a fuzzer that mostly hears 429 tests nothing.

One check is narrowed, for the write operations only: `positive_data_acceptance` expects every schema-valid
request to succeed, but a well-formed body may name a section that does not exist or carry bytes that are not a
picture, and those are rightly refused with a documented 400 (or 422 for a move the article's state does not
allow). And for the multipart image upload `negative_data_rejection` is off: every multipart field is text, so a
"{}" credit that schemathesis counts as an object is a string the server rightly accepts. And for any request
sending both `before` and `after`, which OpenAPI has no way to say exclude each other (their descriptions say it):
`positive_data_acceptance` is off there and the request must be refused instead.
"""

import hashlib
import json
import os
from contextlib import contextmanager

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from ninja.responses import NinjaJSONEncoder
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from newsdesk.api.api import api
from newsdesk.api.models import ApiToken, Scope
from newsdesk.news.models import Article
from newsdesk.wsgi import application
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    draft,
    png_file,
    staff,
)

EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "50"))
WRITES = {"POST", "PATCH"}
# Known before the test database exists, so schemathesis can be told at import which key the bearer scheme uses
# (and so leave it out, and expect 401, when it tests that auth is enforced).
FUZZ_KEY = "ndk_f022f022_" + "k" * 43


@contextmanager
def connections_kept_open():
    """Django's WSGI handler closes the database connection after each request; inside a test's transaction that
    would end the test. Django's own test client disconnects the same handler for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.NEWSDESK_API_RATES = {"anonymous": (10**6, 60), "token": (10**6, 60), "bad_key": (10**6, 60)}
    editor = staff("Admin")
    section = SectionFactory(name="World", slug="world")
    picture = ImageFactory(file=png_file(64, 36))
    for _ in range(3):
        ArticleFactory(
            section=section, topics=[TopicFactory()], authors=[AuthorFactory()], sources=[SourceFactory()]
        )
    draft(by=editor, section=section, lead_image=picture)
    draft(by=editor, status=Article.Status.IN_REVIEW)
    ApiToken.objects.create(
        name="Fuzzer",
        owner=editor,
        scopes=[scope.value for scope in Scope],
        prefix="f022f022",
        key_hash=hashlib.sha256(FUZZ_KEY.encode()).hexdigest(),
    )
    with connections_kept_open():
        yield


def served_schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


schema = schemathesis.openapi.from_dict(
    served_schema(),
    config=SchemathesisConfig.from_dict({"auth": {"openapi": {"TokenAuth": {"bearer": FUZZ_KEY}}}}),
)
schema.app = application  # what from_wsgi() sets: calls go in process through Django's WSGI handler


def test_the_fuzzed_schema_is_the_one_served(client, db):
    assert client.get("/api/v1/openapi.json").json() == served_schema()


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
        hypothesis.HealthCheck.function_scoped_fixture,
    ],
)
def test_api_matches_its_schema(case, world):
    excluded = [positive_data_acceptance] if case.method.upper() in WRITES else []
    if case.path.endswith("/images"):
        # Multipart fields are text whatever the schema says: schemathesis sends {} for a string field and
        # expects a refusal, but "{}" is a fine (if odd) photo credit.
        excluded.append(negative_data_rejection)
    both_cursors = {"before", "after"} <= set(case.query or {})
    if both_cursors:
        excluded.append(positive_data_acceptance)
    response = case.call_and_validate(excluded_checks=excluded)
    if both_cursors:  # refused: 400, or 401/405 where the coverage phase drops the key or changes the method
        assert response.status_code >= 400
