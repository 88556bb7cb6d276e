"""Contract tests: Schemathesis generates requests from the live OpenAPI schema (served by
the app at /api/v1/schema/) for every operation, sends them with a token for each
role-like set of scopes, and checks every answer: never a 500, a documented status code
and content type, and a body that matches the schema (Schemathesis' default checks)."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from recruiting.api.api import api
from recruiting.api.tokens import token_create
from recruiting.offers import services
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory
from tests.interviews.factories import book, make_interviewer, make_round
from tests.offers.factories import ABOVE_BAND, WITHIN_BAND, make_terms

pytestmark = pytest.mark.django_db

# Role-like scope sets: what the HR system, an agency, a job board, a panel tool and payroll hold.
TOKEN_KINDS = {
    "hr system (recruiter, every scope)": ("recruiter", None),
    "agency (hiring manager)": ("hiring_manager", ["postings:read", "applications:read", "applications:write"]),
    "job board (reads postings only)": ("recruiter", ["postings:read"]),
    "panel tool (interviewer)": ("interviewer", ["applications:read", "interviews:read", "candidates:read"]),
    "payroll (hiring manager, offers)": ("hiring_manager", ["postings:read", "applications:read", "offers:read"]),
}


@pytest.fixture
def in_process_requests():
    """Requests go to the WSGI app in this process, inside the test's transaction: keep
    Django from closing that connection at the end of each request (as its test client does)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _live_schema() -> dict:
    """The document /api/v1/schema/ serves (test_the_served_schema_is_the_one_tested
    checks that it is the same)."""
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


schema = schemathesis.openapi.from_dict(_live_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def tokens(db):
    from recruiting.api.scopes import ALL_SCOPES

    recruiter = UserFactory(email="contract.recruiter@example.com", role="recruiter")
    manager = UserFactory(email="contract.manager@example.com", role="hiring_manager")
    panelist = make_interviewer(email="contract.panelist@example.com", full_name="Contract Panelist")
    posting = PostingFactory(hiring_manager=manager)
    application = ApplicationFactory(posting=posting)
    ApplicationFactory(posting=posting)
    book(application, make_round(posting, pool=[panelist], actor=recruiter), [panelist], actor=recruiter)
    # An offer above the band (waiting for approvals) and one ready to send.
    for fixed_pay in (ABOVE_BAND, WITHIN_BAND):
        offered = ApplicationFactory(posting=posting, candidate=CandidateFactory(notice_period_days=15))
        services.offer_save(application=offered, actor=recruiter, terms=make_terms(fixed_pay=fixed_pay))
    users = {"recruiter": recruiter, "hiring_manager": manager, "interviewer": panelist}
    made = {}
    for kind, (role, scopes) in TOKEN_KINDS.items():
        _token, text = token_create(name=kind, user=users[role], scopes=scopes or ALL_SCOPES)
        made[kind] = text
    return made


def test_the_served_schema_is_the_one_tested(client):
    assert client.get(reverse("api:schema")).json() == _live_schema()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_keeps_its_contract(case, tokens, in_process_requests, settings):
    settings.API_RATE_LIMIT = 1_000_000
    for token in tokens.values():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            # Schema-valid is not always acceptable: a cursor we never gave out, a note
            # of spaces, an unknown rejection reason are refused with a 4xx problem.
            excluded_checks=[positive_data_acceptance],
        )
