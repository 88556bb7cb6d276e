from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from recruiting.core.workdays import add_working_days
from recruiting.interviews.scheduling import holidays_for
from recruiting.notifications.models import Notification
from recruiting.offers import answers, services
from recruiting.offers.models import Offer, OfferState
from recruiting.offers.tasks import daily_offers, offers_expire, offers_remind
from recruiting.pipelines.models import Application


def _sent(application, recruiter, hiring_manager, terms, **overrides):
    offer = services.offer_save(application=application, actor=recruiter, terms=terms(**overrides))
    return services.offer_send(offer=offer, actor=hiring_manager)


@pytest.mark.django_db
def test_the_reminder_goes_two_working_days_before_expiry_once(application, recruiter, hiring_manager, terms):
    today = timezone.localdate()
    holidays = holidays_for({today.year, today.year + 1})
    expires = add_working_days(today, 2, holidays)
    offer = _sent(application, recruiter, hiring_manager, terms, expires_on=expires)
    assert offers_remind(today=today - timedelta(days=7)) == 0  # too early
    assert offers_remind(today=today) == 1
    assert offers_remind(today=today) == 0
    assert Notification.objects.filter(kind="offer_reminder").count() == 1
    assert Offer.objects.get(pk=offer.pk).reminded_revision == 1


@pytest.mark.django_db
def test_offers_past_their_date_expire_and_their_link_says_so(application, recruiter, hiring_manager, terms):
    offer = _sent(application, recruiter, hiring_manager, terms)
    token = answers.offer_link_token(offer, offer.current)
    later = offer.current.expires_on + timedelta(days=1)
    assert offers_expire(today=offer.current.expires_on) == 0  # valid through its last day
    assert offers_expire(today=later) == 1
    assert offers_expire(today=later) == 0
    assert Offer.objects.get(pk=offer.pk).state == OfferState.EXPIRED
    with pytest.raises(answers.LinkProblem) as problem:
        answers.link_resolve(token)
    assert problem.value.kind == "expired"


@pytest.mark.django_db
def test_the_daily_task_runs_both(application, recruiter, hiring_manager, terms):
    _sent(application, recruiter, hiring_manager, terms)
    assert daily_offers.apply().get() == {"expired": 0, "reminded": 0}


def test_the_beat_runs_the_daily_job():
    from recruiting.celery import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["offers-daily"]["task"] == "recruiting.offers.tasks.daily_offers"


@pytest.mark.django_db(transaction=True)
def test_accept_and_decline_at_once_give_one_outcome(application, recruiter, hiring_manager, terms):
    offer = _sent(application, recruiter, hiring_manager, terms)
    token = answers.offer_link_token(offer, offer.current)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(name, call):
        try:
            barrier.wait()
            call()
            outcomes[name] = "done"
        except answers.LinkProblem as problem:
            outcomes[name] = problem.kind
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("accept", lambda: answers.offer_accept(token=token, typed_name="Meera Krishnan", ip=""))),
        threading.Thread(target=run, args=("decline", lambda: answers.offer_decline(token=token, reason="other_offer"))),
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["answered", "done"]
    offer.refresh_from_db()
    application.refresh_from_db()
    if outcomes["accept"] == "done":
        assert (offer.state, application.state) == (OfferState.ACCEPTED, Application.State.HIRED)
    else:
        assert (offer.state, application.state) == (OfferState.DECLINED, Application.State.ACTIVE)
