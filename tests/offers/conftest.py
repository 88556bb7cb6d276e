"""Offers: a posting with the PostingFactory band (₹18,51,368.30 – ₹35,50,754.94), an
application at its first stage, an offer approver, and terms the rules accept."""

from __future__ import annotations

import pytest

from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory
from tests.offers.factories import make_terms


@pytest.fixture
def terms():
    return make_terms


@pytest.fixture
def posting(hiring_manager, recruiter):
    posting = PostingFactory(hiring_manager=hiring_manager, title="Sentinel Platform Lead", openings=1)
    posting.recruiters.add(recruiter)
    return posting


@pytest.fixture
def application(posting):
    candidate = CandidateFactory(full_name="Meera Krishnan", notice_period_days=15)
    return ApplicationFactory(posting=posting, candidate=candidate)


@pytest.fixture
def approver(db):
    return UserFactory(email="appu.approver@example.com", full_name="Appu Approver", role="hiring_manager",
                       is_offer_approver=True)  # fmt: skip
