"""schemathesis against the served OpenAPI document, in-process: a bounded number of generated
requests per operation, anonymous and with a secretariat's token. No answer may be a server
error, and each must have a status, content type and body that the document declares."""

from datetime import date, time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from tests.api.test_openapi import COMMITTED
from tests.factories import ForumFactory, RegionFactory, UserFactory, agreement_between
from tests.forums.factories import ParticipantFactory, meeting, programme

# The committed document, which test_openapi keeps equal to the served one.
schema = schemathesis.openapi.from_path(COMMITTED)
schema.app = get_wsgi_application()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def token(db, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    # The WSGI handler would close the test's connection around each request, inside the
    # test's transaction; Django's test client avoids this the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    forum = ForumFactory(number=8, starts_on=date(2021, 6, 29), ends_on=date(2021, 6, 30))
    programme(forum, slots=2, tables=1, start=time(10, 0))
    gomel = RegionFactory(code="BY-HO", name_be="Гомельская вобласць")
    smolensk = RegionFactory(code="RU-SMO")
    agreement_between(gomel, smolensk, forum=forum)
    anna = ParticipantFactory(forum=forum, ref="A")
    meeting(anna, ParticipantFactory(forum=forum, ref="B"))
    yield token_create(user=UserFactory(role=Role.SECRETARIAT))
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_api_conforms_to_its_schema(case, token, signed_in):
    headers = {"Authorization": f"Bearer {token}"} if signed_in else {}

    case.call_and_validate(headers=headers, checks=CHECKS)
