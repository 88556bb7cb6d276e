"""`offers_visible_to` (the API's list) is `can_see_offer` (the offer page) for many offers
at once: the same people see the same offers, in one query."""

from __future__ import annotations

import pytest

from recruiting.offers import services
from recruiting.offers.access import can_see_offer, offers_visible_to
from recruiting.offers.models import StepKind
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, UserFactory
from tests.interviews.factories import make_interviewer
from tests.offers.factories import ABOVE_BAND

pytestmark = pytest.mark.django_db


def _offer(posting, recruiter, terms, **overrides):
    application = ApplicationFactory(posting=posting, candidate=CandidateFactory(notice_period_days=15))
    return services.offer_save(application=application, actor=recruiter, terms=terms(**overrides))


def test_the_list_rule_and_the_page_rule_agree_for_everybody(
    recruiter, hiring_manager, outsider_manager, approver, admin_user, no_role_user, posting, terms
):
    shared_with = UserFactory(email="sam.shared@example.com", full_name="Sam Shared", role="hiring_manager")
    named = UserFactory(email="nia.named@example.com", full_name="Nia Named", role="hiring_manager")
    named_posting = PostingFactory(hiring_manager=outsider_manager)
    named_posting.approval_steps.create(order=1, kind=StepKind.USER, user=named)
    posting.shared_with.add(shared_with)
    panelist = make_interviewer(email="pia.panelist@example.com", full_name="Pia Panelist")
    panelist.is_offer_approver = True
    panelist.save()
    offers = [
        _offer(posting, recruiter, terms, fixed_pay=ABOVE_BAND),  # hiring manager, then any approver
        _offer(posting, recruiter, terms),  # no approvals
        _offer(named_posting, recruiter, terms, fixed_pay=ABOVE_BAND),  # a named person only
        _offer(PostingFactory(hiring_manager=outsider_manager), recruiter, terms),
    ]
    people = [recruiter, hiring_manager, outsider_manager, approver, admin_user, no_role_user, shared_with, named,
              panelist]  # fmt: skip
    for person in people:
        expected = {offer.pk for offer in offers if can_see_offer(person, offer)}
        assert set(offers_visible_to(person).values_list("pk", flat=True)) == expected, person
    # The cast covers every branch: all, some, and none.
    assert set(offers_visible_to(recruiter).values_list("pk", flat=True)) == {offer.pk for offer in offers}
    assert set(offers_visible_to(named).values_list("pk", flat=True)) == {offers[2].pk}
    assert set(offers_visible_to(approver).values_list("pk", flat=True)) == {offers[0].pk}
    assert set(offers_visible_to(shared_with).values_list("pk", flat=True)) == {offers[0].pk, offers[1].pk}
    assert not offers_visible_to(panelist).exists() and not offers_visible_to(no_role_user).exists()


def test_the_list_rule_is_one_query(hiring_manager, approver, posting, recruiter, terms, django_assert_num_queries):
    _offer(posting, recruiter, terms, fixed_pay=ABOVE_BAND)
    with django_assert_num_queries(1):
        assert len(list(offers_visible_to(hiring_manager))) == 1
    with django_assert_num_queries(1):
        assert len(list(offers_visible_to(approver))) == 1
