"""The status workflow draft → open → paused → closed (and reopen), its service, the
inline buttons and the auto-close job."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting.audit.models import AuditEvent
from recruiting.postings.services import PostingError, posting_change_status, postings_close_expired
from recruiting.postings.tasks import close_expired_postings
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("draft", "open"),
        ("open", "paused"),
        ("paused", "open"),
        ("open", "closed"),
        ("paused", "closed"),
        ("closed", "open"),
        ("draft", "closed"),
    ],
)
def test_allowed_moves_change_the_status_and_are_audited(hiring_manager, start, to):
    posting = PostingFactory(status=start, opened_at=None)
    posting_change_status(posting=posting, status=to, actor=hiring_manager)
    posting.refresh_from_db()
    assert posting.status == to
    event = AuditEvent.objects.get(action="posting.status")
    assert (event.before, event.after, event.actor) == ({"status": start}, {"status": to}, hiring_manager)


@pytest.mark.parametrize(
    ("start", "to"), [("draft", "paused"), ("closed", "paused"), ("open", "open"), ("open", "draft")]
)
def test_moves_the_workflow_does_not_allow_are_refused(hiring_manager, start, to):
    posting = PostingFactory(status=start)
    with pytest.raises(PostingError):
        posting_change_status(posting=posting, status=to, actor=hiring_manager)
    posting.refresh_from_db()
    assert posting.status == start
    assert not AuditEvent.objects.exists()


def test_publishing_stamps_opened_at_and_reopening_clears_closed_at(hiring_manager):
    posting = PostingFactory(status="draft", opened_at=None)
    posting_change_status(posting=posting, status="open", actor=hiring_manager)
    assert posting.opened_at is not None
    posting_change_status(posting=posting, status="closed", actor=hiring_manager)
    assert posting.closed_at is not None
    posting_change_status(posting=posting, status="open", actor=hiring_manager)
    posting.refresh_from_db()
    assert posting.closed_at is None


def test_the_status_button_answers_htmx_with_the_status_fragment(client_for, hiring_manager, posting):
    url = reverse("postings:status", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, {"status": "paused"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="status-badge">Paused<' in response.text
    assert "<html" not in response.text
    posting.refresh_from_db()
    assert posting.status == "paused"


def test_a_refused_move_over_htmx_says_why(client_for, hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager, status="draft")
    url = reverse("postings:status", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, {"status": "paused"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "cannot be paused" in response.text


def test_a_plain_status_post_redirects_with_a_message(client_for, hiring_manager, posting):
    url = reverse("postings:status", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, {"status": "closed"}, follow=True)
    assert response.redirect_chain[-1][0] == posting.get_absolute_url()
    assert "is now closed" in response.text


def test_a_status_post_from_the_list_returns_to_the_list(client_for, recruiter, posting):
    url = reverse("postings:status", args=[posting.public_id])
    response = client_for(recruiter).post(url, {"status": "paused", "next": reverse("postings:list")})
    assert response["Location"] == reverse("postings:list")


def test_an_unknown_status_is_a_message_not_an_error(client_for, hiring_manager, posting):
    url = reverse("postings:status", args=[posting.public_id])
    response = client_for(hiring_manager).post(url, {"status": "archived"}, follow=True)
    assert response.status_code == 200
    assert "Choose a status" in response.text


def test_expired_postings_are_closed_by_the_beat_job(db):
    today = timezone.localdate()
    expired = PostingFactory(status="open", closes_on=today - dt.timedelta(days=1))
    paused = PostingFactory(status="paused", closes_on=today - dt.timedelta(days=3))
    closing_today = PostingFactory(status="open", closes_on=today)
    no_date = PostingFactory(status="open", closes_on=None)
    draft = PostingFactory(status="draft", closes_on=today - dt.timedelta(days=1))
    assert close_expired_postings.apply().get() == 2
    statuses = {p.pk: p.status for p in type(expired).objects.all()}
    assert statuses[expired.pk] == statuses[paused.pk] == "closed"
    assert statuses[closing_today.pk] == statuses[no_date.pk] == "open"
    assert statuses[draft.pk] == "draft"
    assert AuditEvent.objects.filter(action="posting.status", actor=None).count() == 2


def test_the_closing_day_is_taken_in_the_portal_time_zone(settings, db):
    settings.TIME_ZONE = "Asia/Kolkata"
    # 20:00 UTC on 1 March is already 2 March in Chennai.
    now = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
    posting = PostingFactory(status="open", closes_on=dt.date(2026, 3, 1))
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert [p.pk for p in postings_close_expired()] == [posting.pk]
    settings.TIME_ZONE = "UTC"  # still 1 March there: nothing to close
    posting.status = "open"
    posting.save(update_fields=["status"])
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert postings_close_expired() == []
