from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from recruiting.notifications.models import Notification
from recruiting.offers import answers, services
from recruiting.offers.models import ApprovalState, ApprovalStep, Offer, OfferApproval, OfferRevision, OfferState
from recruiting.offers.signals import offer_accepted, offer_declined
from recruiting.pipelines.models import Application, RejectionReason, StageKind
from recruiting.pipelines.moves import application_reject
from recruiting.postings.models import Posting
from tests.factories import ApplicationFactory
from tests.offers.factories import ABOVE_BAND, WITHIN_BAND

pytestmark = pytest.mark.django_db


def _send(offer, actor):
    return services.offer_send(offer=offer, actor=actor, expected_version=Offer.objects.get(pk=offer.pk).version)


def _token(offer):
    offer = Offer.objects.select_related("current").get(pk=offer.pk)
    return answers.offer_link_token(offer, offer.current)


def _approved_above_band(application, recruiter, hiring_manager, approver, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    return services.approval_decide(offer=offer, actor=approver, revision_number=1, approve=True, comment="ok")


def test_an_offer_within_the_band_is_ready_without_approvals(application, recruiter, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    assert offer.state == OfferState.READY
    assert offer.current.number == 1
    assert offer.current.approval_reasons == []
    assert not OfferApproval.objects.filter(offer=offer).exists()


def test_sending_mails_the_letter_and_moves_the_application_to_the_offer_stage(
    application, recruiter, hiring_manager, terms
):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    sent = _send(offer, hiring_manager)
    assert sent.state == OfferState.SENT
    assert sent.sent_revision == 1
    mail = Notification.objects.get(kind="offer_letter")
    assert mail.to == [application.contact_email]
    assert mail.attachments[0]["mimetype"] == "application/pdf"
    assert "/offers/letter/" in mail.body_text
    assert Application.objects.get(pk=application.pk).stage.kind == StageKind.OFFER


def test_above_the_band_the_chain_must_approve_before_sending(application, recruiter, hiring_manager, approver, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    assert offer.state == OfferState.PENDING_APPROVAL
    assert "above the band" in offer.current.approval_reasons[0]
    steps = list(OfferApproval.objects.filter(offer=offer).order_by("order"))
    assert [(s.kind, s.approver_id) for s in steps] == [("hiring_manager", hiring_manager.pk), ("any_approver", None)]
    assert Notification.objects.filter(kind="offer_approval_request", to=[hiring_manager.email]).exists()
    with pytest.raises(services.OfferRefused, match="waiting for approval"):
        _send(offer, hiring_manager)
    with pytest.raises(services.OfferRefused, match="not your turn"):
        services.approval_decide(offer=offer, actor=approver, revision_number=1, approve=True)
    offer = services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    assert offer.state == OfferState.PENDING_APPROVAL
    assert Notification.objects.filter(kind="offer_approval_request", to=[approver.email]).exists()
    assert Notification.objects.filter(kind="offer_approval_result", to=[recruiter.email]).exists()
    offer = services.approval_decide(offer=offer, actor=approver, revision_number=1, approve=True)
    assert offer.state == OfferState.READY
    assert _send(offer, hiring_manager).state == OfferState.SENT


def test_a_total_ctc_above_the_threshold_needs_approval_within_the_band(application, recruiter, terms, settings):
    settings.OFFER_CTC_APPROVAL_THRESHOLD = Decimal("2600000")
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=WITHIN_BAND))
    assert offer.state == OfferState.PENDING_APPROVAL
    assert "threshold" in offer.current.approval_reasons[0]


def test_a_postings_own_chain_is_used(application, posting, recruiter, approver, terms):
    ApprovalStep.objects.create(posting=posting, order=1, kind="user", user=approver)
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    assert list(offer.approvals.values_list("kind", "approver_id")) == [("user", approver.pk)]
    assert services.approval_decide(offer=offer, actor=approver, revision_number=1, approve=True).state == "ready"


def test_refusing_needs_a_comment_and_stops_the_offer(application, recruiter, hiring_manager, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    with pytest.raises(services.OfferRefused) as refused:
        services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=False)
    assert "comment" in refused.value.fields
    offer = services.approval_decide(
        offer=offer, actor=hiring_manager, revision_number=1, approve=False, comment="Too high"
    )
    assert offer.state == OfferState.APPROVAL_REFUSED


def test_changing_the_figures_after_an_approval_starts_the_approvals_again(
    application, recruiter, hiring_manager, terms
):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    offer = services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    offer = services.offer_save(
        application=application,
        actor=recruiter,
        terms=terms(fixed_pay=ABOVE_BAND + 100000),
        expected_version=offer.version,
    )
    assert offer.current.number == 2
    assert offer.state == OfferState.PENDING_APPROVAL
    assert offer.current.changes == {"fixed_pay": ["₹40,00,000", "₹41,00,000"]}
    assert list(offer.approvals.filter(revision__number=2).values_list("state", flat=True)) == ["waiting", "waiting"]
    assert offer.approvals.filter(revision__number=1, state=ApprovalState.APPROVED).count() == 1


def test_words_only_changes_keep_the_approvals(application, recruiter, hiring_manager, approver, terms):
    offer = _approved_above_band(application, recruiter, hiring_manager, approver, terms)
    offer = services.offer_save(
        application=application,
        actor=recruiter,
        terms=terms(fixed_pay=ABOVE_BAND, note_to_candidate="Welcome!"),
        expected_version=offer.version,
    )
    assert offer.state == OfferState.READY
    assert offer.approvals.filter(revision=offer.current, state=ApprovalState.APPROVED).count() == 2


def test_approving_a_revision_changed_meanwhile_is_refused(application, recruiter, hiring_manager, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    services.offer_save(
        application=application,
        actor=recruiter,
        terms=terms(fixed_pay=ABOVE_BAND + 1),
        expected_version=Offer.objects.get(pk=offer.pk).version,
    )
    with pytest.raises(services.RevisionChanged, match="revision 2"):
        services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    assert not OfferApproval.objects.filter(state=ApprovalState.APPROVED).exists()


def test_two_people_editing_the_same_offer_the_second_is_told(application, recruiter, admin_user, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    seen = offer.version
    services.offer_save(application=application, actor=admin_user, terms=terms(level="L6"), expected_version=seen)
    with pytest.raises(services.StaleOffer, match="Ada Admin changed this offer"):
        services.offer_save(application=application, actor=recruiter, terms=terms(level="L7"), expected_version=seen)
    assert OfferRevision.objects.filter(offer=offer).count() == 2


def test_no_offer_on_a_rejected_application(application, recruiter, terms):
    application_reject(application=application, reason=RejectionReason.objects.create(name="No"), actor=recruiter)
    with pytest.raises(services.OfferRefused, match="rejected"):
        services.offer_save(application=application, actor=recruiter, terms=terms())
    assert not Offer.objects.exists()


def test_the_joining_date_must_be_a_working_day_after_the_notice_period(application, recruiter, terms):
    saturday = timezone.localdate() + timedelta(days=30)
    while saturday.weekday() != 5:
        saturday += timedelta(days=1)
    with pytest.raises(services.OfferRefused) as refused:
        services.offer_save(application=application, actor=recruiter, terms=terms(joining_date=saturday))
    assert "not a working day" in refused.value.fields["joining_date"]
    from tests.offers.factories import working_day_after

    early = working_day_after(3)
    with pytest.raises(services.OfferRefused) as refused:
        services.offer_save(application=application, actor=recruiter, terms=terms(joining_date=early,
                                                                                  expires_on=early))  # fmt: skip
    assert "notice period is 15 days" in refused.value.fields["early_joining_reason"]
    offer = services.offer_save(
        application=application,
        actor=recruiter,
        terms=terms(joining_date=early, expires_on=early, early_joining_reason="Bought out by us"),
    )
    assert offer.current.early_joining_reason == "Bought out by us"


def test_the_database_refuses_negative_or_absurd_amounts(application, recruiter, terms):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms())
    for amount in (Decimal("-1"), Decimal("1000000001")):
        with pytest.raises(IntegrityError), transaction.atomic():
            OfferRevision.objects.filter(pk=offer.current_id).update(variable_pay=amount)


def test_accepting_hires_closes_the_filled_posting_and_asks_the_manager(
    application, posting, recruiter, hiring_manager, terms
):
    other = ApplicationFactory(posting=posting)
    received = []
    offer_accepted.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-accept")
    try:
        offer = _send(services.offer_save(application=application, actor=recruiter, terms=terms()), hiring_manager)
        accepted = answers.offer_accept(token=_token(offer), typed_name="  meera   krishnan ", ip="203.0.113.9")
    finally:
        offer_accepted.disconnect(dispatch_uid="test-accept")
    assert accepted.state == OfferState.ACCEPTED
    assert accepted.signature_name == "meera krishnan"
    assert accepted.signature_ip == "203.0.113.9"
    assert received and received[0]["application"].state == Application.State.HIRED
    assert Application.objects.get(pk=application.pk).state == Application.State.HIRED
    assert Posting.objects.get(pk=posting.pk).status == Posting.Status.CLOSED
    assert Notification.objects.filter(kind="offer_posting_filled", to=[hiring_manager.email]).exists()
    # The others are not rejected until the manager says so.
    assert Application.objects.get(pk=other.pk).state == Application.State.ACTIVE
    assert answers.posting_reject_remaining(posting=posting, actor=hiring_manager) == 1
    other.refresh_from_db()
    assert other.state == Application.State.REJECTED
    assert other.rejection_reason.name == "Position filled"
    rejection = Notification.objects.get(kind="rejection", to=[other.contact_email])
    assert rejection.send_after > timezone.now() + timedelta(hours=posting.rejection_delay_hours - 1)
    with pytest.raises(answers.FillRefused):
        answers.posting_reject_remaining(posting=posting, actor=hiring_manager)


def test_accepting_twice_or_declining_after_accepting_gives_one_outcome(application, recruiter, hiring_manager, terms):
    offer = _send(services.offer_save(application=application, actor=recruiter, terms=terms()), hiring_manager)
    token = _token(offer)
    answers.offer_accept(token=token, typed_name="Meera Krishnan", ip="203.0.113.9")
    with pytest.raises(answers.LinkProblem) as problem:
        answers.offer_accept(token=token, typed_name="Meera Krishnan", ip="203.0.113.9")
    assert problem.value.kind == "answered"
    with pytest.raises(answers.LinkProblem, match="accepted"):
        answers.offer_decline(token=token, reason="other_offer")
    assert Offer.objects.get(pk=offer.pk).state == OfferState.ACCEPTED


def test_a_wrong_typed_name_is_refused(application, recruiter, hiring_manager, terms):
    offer = _send(services.offer_save(application=application, actor=recruiter, terms=terms()), hiring_manager)
    with pytest.raises(answers.AnswerRefused, match="Meera Krishnan"):
        answers.offer_accept(token=_token(offer), typed_name="Someone Else", ip="203.0.113.9")
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SENT


def test_declining_keeps_the_application_at_the_offer_stage(application, recruiter, hiring_manager, terms):
    received = []
    offer_declined.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-decline")
    try:
        offer = _send(services.offer_save(application=application, actor=recruiter, terms=terms()), hiring_manager)
        declined = answers.offer_decline(token=_token(offer), reason="counter_offer", text="They matched it")
    finally:
        offer_declined.disconnect(dispatch_uid="test-decline")
    assert declined.state == OfferState.DECLINED
    assert declined.decline_text == "They matched it"
    assert received[0]["offer"].pk == offer.pk
    application.refresh_from_db()
    assert application.state == Application.State.ACTIVE
    assert application.stage.kind == StageKind.OFFER
    assert Notification.objects.filter(kind="offer_declined", to=[recruiter.email]).exists()


def test_a_link_to_an_old_revision_never_accepts_the_new_one(application, recruiter, hiring_manager, terms):
    offer = _send(services.offer_save(application=application, actor=recruiter, terms=terms()), hiring_manager)
    old = _token(offer)
    offer = services.offer_save(
        application=application, actor=recruiter, terms=terms(level="L6"), expected_version=offer.version
    )
    for check in (
        lambda: answers.link_resolve(old),
        lambda: answers.offer_accept(token=old, typed_name="Meera Krishnan", ip=""),
    ):
        with pytest.raises(answers.LinkProblem) as problem:
            check()
        assert problem.value.kind == "revised"
    offer = _send(offer, hiring_manager)
    with pytest.raises(answers.LinkProblem):
        answers.offer_accept(token=old, typed_name="Meera Krishnan", ip="")
    assert answers.offer_accept(token=_token(offer), typed_name="Meera Krishnan", ip="").state == "accepted"


def test_a_tampered_or_withdrawn_link_says_so(application, recruiter, hiring_manager, terms):
    offer = _send(services.offer_save(application=application, actor=recruiter, terms=terms()), hiring_manager)
    token = _token(offer)
    with pytest.raises(answers.LinkProblem) as problem:
        answers.link_resolve(token[:-3] + "abc")
    assert problem.value.kind == "tampered"
    services.offer_withdraw(offer=offer, actor=hiring_manager)
    with pytest.raises(answers.LinkProblem) as problem:
        answers.link_resolve(token)
    assert problem.value.kind == "withdrawn"


def test_a_question_goes_to_the_recruiters(application, recruiter, hiring_manager, terms):
    offer = _send(services.offer_save(application=application, actor=recruiter, terms=terms()), hiring_manager)
    question = answers.offer_ask(token=_token(offer), text="Is the bonus taxable?", ip="198.51.100.7")
    assert question.revision_number == 1
    mail = Notification.objects.get(kind="offer_question", to=[recruiter.email])
    assert "Is the bonus taxable?" in mail.body_text


def test_pending_approvals_are_listed_for_the_approver_whose_turn_it_is(
    application, recruiter, hiring_manager, approver, terms
):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(fixed_pay=ABOVE_BAND))
    assert [s.offer_id for s in services.pending_approvals_for(hiring_manager)] == [offer.pk]
    assert services.pending_approvals_for(approver) == []
    services.approval_decide(offer=offer, actor=hiring_manager, revision_number=1, approve=True)
    assert services.pending_approvals_for(hiring_manager) == []
    assert [s.offer_id for s in services.pending_approvals_for(approver)] == [offer.pk]
